"""Security plumbing: response headers (CSP), a request body size and time limit, and the ingest token check.

Article text is hostile input. Templates autoescape everything; the CSP below is the second wall: no
script runs, no inline style applies, nothing loads from elsewhere, even if some escaping were missed.
"""

from __future__ import annotations

import asyncio
import hmac
import json

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
DEFAULT_MAX_BODY = 16 * 1024 * 1024
# A body must arrive within this time: a client trickling bytes (slowloris) cannot hold a worker forever.
DEFAULT_BODY_SECONDS = 60.0


class SecurityHeaders:
    """Adds the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over `max_bytes` with 413, before any of it is parsed.

    The declared Content-Length is checked first; a chunked body is counted as it arrives and buffered
    (only the ingest endpoint takes a body, and the limit bounds the buffer)."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY,
                 max_seconds: float = DEFAULT_BODY_SECONDS) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_bytes
            except ValueError:
                too_big = False  # the server rejects a malformed Content-Length itself
            if too_big:
                await self._refuse(send)
                return
        chunks: list[bytes] = []
        size = 0
        deadline = asyncio.get_running_loop().time() + self.max_seconds
        while True:
            try:
                message = await asyncio.wait_for(receive(), deadline - asyncio.get_running_loop().time())
            except TimeoutError:
                await self._refuse(send, 408, f"request body not received within {self.max_seconds:g} s")
                return
            if message["type"] != "http.request":  # client went away
                await self.app(scope, _replay([message]), send)
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay([{"type": "http.request", "body": b"".join(chunks), "more_body": False}],
                                      receive), send)

    async def _refuse(self, send: Send, status: int = 413, detail: str | None = None) -> None:
        body = json.dumps({"detail": detail or f"request body over {self.max_bytes} bytes"}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    """A receive() that hands out `messages`, then defers to `then` (e.g. to notice a disconnect)."""
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


def require_token(request: Request) -> None:
    """Writes need `Authorization: Bearer TOKEN`. A header browsers never add by themselves, so a page on
    another site cannot make a visitor's browser write (no CSRF); without a configured token, writes are
    refused outright."""
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(403, "ingest is disabled: start `kabar serve` with --token or KABAR_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})

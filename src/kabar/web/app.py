"""The FastAPI app: JSON API (/api, described by /openapi.json) and server-rendered pages."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from kabar import __version__
from kabar.store import is_postgres_url, redact_db
from kabar.web import api, pages, sources
from kabar.web.db import Database
from kabar.web.security import DEFAULT_MAX_BODY, BodyLimit, SecurityHeaders

STATIC = Path(__file__).parent / "static"
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]


def create_app(db_path: str, token: str | None, *, max_body: int = DEFAULT_MAX_BODY,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The web app over the store at `db_path`: a SQLite file or a `postgresql://` URL (anything
    `kabar.store.open_store` opens). `token` enables POST /api/ingest (Bearer auth);
    None refuses all writes. `allowed_hosts` (Host header) guards a loopback server against DNS rebinding."""
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.db.close()  # the PostgreSQL connection pool

    app = FastAPI(
        lifespan=lifespan,
        title="Kabar",
        version=__version__,
        description="Indonesian news stories: articles, copy links, events, facts, outlets and search. "
        "Shapes follow the export contract (DESIGN §4).",
        # The stock docs pages load scripts from a CDN, which the CSP (and no network) forbids; /api is
        # a server-rendered list of the endpoints instead, and /openapi.json the machine-readable spec.
        docs_url=None,
        redoc_url=None,
    )
    app.state.db = Database(db_path)
    app.state.token = token or None
    app.include_router(api.router)
    app.include_router(sources.api_router)  # kabar watch's sources
    app.include_router(pages.router)
    app.include_router(sources.page_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    pages.install_error_pages(app)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # outermost: every response gets the headers, errors included
    return app


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the app with uvicorn until interrupted; print its URL first. `token` falls back to KABAR_TOKEN."""
    import uvicorn

    token = token or os.environ.get("KABAR_TOKEN") or None
    loopback = _is_loopback(host)
    if not is_postgres_url(db) and db != ":memory:" and not Path(db).exists():
        print(f"note: {db} does not exist yet; starting with an empty store", flush=True)
    app = create_app(db, token, allowed_hosts=LOOPBACK_HOSTS if loopback else None)
    shown = f"[{host}]" if ":" in host else host
    print(f"Kabar: serving {redact_db(db)} at http://{shown}:{port}/  (JSON API: /api, OpenAPI: /openapi.json)", flush=True)
    print("ingest: POST /api/ingest with 'Authorization: Bearer …'" if token
          else "ingest: disabled (start with --token or KABAR_TOKEN to allow POST /api/ingest)", flush=True)
    if not loopback:
        print(f"warning: listening on {host}, reachable from other machines", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

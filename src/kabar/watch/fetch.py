"""HTTP(S) fetching for `kabar watch` (httpx): a clear User-Agent, timeouts, a streaming size cap,
limited redirects, conditional requests, and errors sorted into retryable and permanent."""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from kabar.watch.config import WatchSettings

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class FetchError(Exception):
    """A request that gave no usable response. `retryable`: worth trying again later (timeouts, 5xx, 429)."""

    def __init__(self, message: str, *, retryable: bool, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after


@dataclass(slots=True)
class Fetched:
    url: str  # the final URL, after redirects
    status: int  # 200, or 304 (not modified: body empty)
    body: bytes
    etag: str | None
    last_modified: str | None
    content_type: str
    charset: str | None


class Fetcher:
    """One httpx client (connection reuse) shared by the watcher's threads; httpx.Client is thread-safe."""

    def __init__(self, settings: WatchSettings) -> None:
        self.settings = settings
        self.client = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            trust_env=False,  # no proxies or .netrc picked up from the environment behind the user's back
        )

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*", max_bytes: int | None = None) -> Fetched:
        cap = max_bytes or self.settings.max_page_bytes
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        # httpx's timeout bounds each connect/read; a server dripping one byte at a time would never
        # trip it, so the whole request also has a deadline.
        deadline = time.monotonic() + 3 * self.settings.timeout
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code == 304:
                    return Fetched(str(r.url), 304, b"", etag, last_modified, "", None)
                if r.status_code >= 400:
                    raise _status_error(r)
                declared = r.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise FetchError(f"{declared} bytes is larger than the {cap:,}-byte limit; not read",
                                     retryable=False, status=r.status_code)
                chunks, size = [], 0
                for chunk in r.iter_bytes():  # decompressed: a gzip bomb hits the cap too
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(f"larger than the {cap:,}-byte limit; stopped reading",
                                         retryable=False, status=r.status_code)
                    if time.monotonic() > deadline:
                        raise FetchError(f"took longer than {3 * self.settings.timeout:g}s; stopped reading",
                                         retryable=True, status=r.status_code)
                    chunks.append(chunk)
                return Fetched(str(r.url), r.status_code, b"".join(chunks), r.headers.get("ETag"),
                               r.headers.get("Last-Modified"), r.headers.get("Content-Type", ""), r.charset_encoding)
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {self.settings.max_redirects} redirects (a redirect loop?)",
                             retryable=False) from None
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.settings.timeout:g}s ({type(exc).__name__})",
                             retryable=True) from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(f"unsupported URL: {exc}", retryable=False) from None
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}", retryable=True) from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL: {exc}", retryable=False) from None

    def close(self) -> None:
        self.client.close()


def _status_error(r: httpx.Response) -> FetchError:
    retry_after = parse_retry_after(r.headers.get("Retry-After"))
    reason = f"HTTP {r.status_code} {r.reason_phrase}".strip()
    return FetchError(reason, retryable=r.status_code in RETRY_STATUSES, status=r.status_code,
                      retry_after=retry_after)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))

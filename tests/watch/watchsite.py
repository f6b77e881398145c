"""A real HTTP server on 127.0.0.1 (a free port) for the watch tests: routes that tests change between
polls, conditional responses (ETag / Last-Modified → 304), slow, huge, failing and redirecting routes,
and a log of every request with the number in flight at once. Also the page/feed builders, quick
politeness settings (FAST) and `bounded`, which fails a test that does not finish in time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kabar.watch import WatchSettings


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before the response starts (a slow server)
    redirect: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    stream_bytes: int = 0  # stream this many bytes with no Content-Length (a huge page)
    drip: float = 0.0  # send a few bytes every `drip` seconds for a long time (a server that never finishes)


@dataclass
class Hit:
    path: str
    at: float
    headers: dict[str, str]
    status: int = 0


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site._serve(self)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> Site:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def set(self, path: str, body: bytes | str = b"", **kw) -> Route:
        route = Route(body.encode() if isinstance(body, str) else body, **kw)
        self.routes[path] = route
        return route

    def requests(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        hit = Hit(h.path, time.monotonic(), {k.lower(): v for k, v in h.headers.items()})
        with self.lock:
            self.hits.append(hit)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._respond(h, hit)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or the size cap): that is the point of some routes
        finally:
            with self.lock:
                self.in_flight -= 1

    def _respond(self, h: BaseHTTPRequestHandler, hit: Hit) -> None:
        route = self.routes.get(h.path)
        if route is None:
            hit.status = 404
            h.send_error(404)
            return
        if route.delay:
            time.sleep(route.delay)
        if route.redirect:
            hit.status = 302
            h.send_response(302)
            h.send_header("Location", route.redirect)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        fresh = (route.etag and hit.headers.get("if-none-match") == route.etag) or (
            route.last_modified and hit.headers.get("if-modified-since") == route.last_modified)
        if route.status == 200 and fresh:
            hit.status = 304
            h.send_response(304)
            h.end_headers()
            return
        hit.status = route.status
        h.send_response(route.status)
        h.send_header("Content-Type", route.content_type)
        for k, v in ((("ETag", route.etag), ("Last-Modified", route.last_modified)) + tuple(route.headers.items())):
            if v:
                h.send_header(k, v)
        if route.drip:
            h.end_headers()
            for _ in range(100):
                h.wfile.write(b"<p>x</p>")
                h.wfile.flush()
                time.sleep(route.drip)
            return
        if route.stream_bytes:
            h.end_headers()  # HTTP/1.0, no Content-Length: the body ends when the connection closes
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            for _ in range(route.stream_bytes // len(chunk) + 1):
                h.wfile.write(chunk)
            return
        h.send_header("Content-Length", str(len(route.body)))
        h.end_headers()
        h.wfile.write(route.body)


def http_date(offset: float = 0.0) -> str:
    return formatdate(time.time() + offset, usegmt=True)


def article_page(text: str, title: str, published: str) -> str:
    """An article page in the shape of an Indonesian news site: navigation, the article, a footer."""
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f"<meta property=\"article:published_time\" content=\"{published}\"></head><body>"
            "<nav><a href=\"/\">Beranda</a> <a href=\"/news\">Berita</a></nav>"
            f"<article><h1>{escape(title)}</h1>{paras}</article>"
            "<footer>Hak cipta dilindungi undang-undang.</footer></body></html>")


def rss(items: list[tuple[str, str, str]], title: str = "Berita terkini") -> str:
    """RSS 2.0 with (link, title, RFC 822 date) items."""
    body = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><pubDate>{d}</pubDate>"
                   f"<description>{escape(t)}</description></item>" for link, t, d in items)
    return (f"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>{title}</title>"
            f"<link>http://example.invalid/</link><description>x</description>{body}</channel></rss>")


def news_sitemap(items: list[tuple[str, str, str]]) -> str:
    """A Google News sitemap with (loc, title, ISO date) entries."""
    body = "".join(
        f"<url><loc>{escape(loc)}</loc><news:news><news:publication><news:name>Contoh</news:name>"
        f"<news:language>id</news:language></news:publication><news:publication_date>{d}</news:publication_date>"
        f"<news:title>{escape(t)}</news:title></news:news></url>" for loc, t, d in items)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
            f"xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">{body}</urlset>")


ENTITY_BOMB = ("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
               "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
               "<rss version=\"2.0\"><channel><title>&d;</title><item><title>&d;</title>"
               "<link>http://127.0.0.1:9/bomb</link></item></channel></rss>")


def sample_pages(samples_dir: Path) -> dict[str, tuple[str, str, str]]:
    """The five samples as (title, text, ISO date) by their three-digit key; titles are their first sentence."""
    dates = {"000": "2025-07-13T09:00:00+07:00", "001": "2025-07-12T08:00:00+07:00",
             "002": "2025-07-12T10:30:00+07:00", "003": "2025-07-12T12:00:00+07:00",
             "004": "2025-07-13T07:15:00+07:00"}
    pages = {}
    for path in sorted(samples_dir.glob("*.txt")):
        key = path.name[:3]
        text = path.read_text(encoding="utf-8")
        first = text.strip().split("\n", 1)[0]
        title = first.split(". ", 1)[0][:120]
        pages[key] = (title, text, dates[key])
    return pages


# Real politeness, shrunk so a test takes seconds: the delay is small but not zero, timeouts are short.
FAST = WatchSettings(interval=0.0, delay=0.01, per_host=2, concurrency=4, timeout=0.5, max_page_bytes=256 * 1024,
                     backoff=60.0, max_backoff=600.0)


def bounded(fn: Callable[[], Any], seconds: float = 60.0) -> Any:
    """Run fn in a thread and fail the test if it has not returned within `seconds`: nothing may hang."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread
            result["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"did not finish within {seconds}s"
    if "error" in result:
        raise result["error"]
    return result["value"]

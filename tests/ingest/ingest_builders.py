"""Builders of test inputs in the formats Kabar reads (kept small; real text comes from the samples)."""

from __future__ import annotations

import html
import io
from pathlib import Path


def news_page(title: str, paragraphs: list[str], *, site: str = "Kabar Uji", date: str = "2025-07-12") -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    nav = "".join(f'<li><a href="/{c}">{c}</a></li>' for c in ("Nasional", "Politik", "Ekonomi", "Olahraga"))
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<meta property='og:site_name' content='{site}'>"
            f"<meta property='article:published_time' content='{date}T09:00:00+07:00'></head>"
            f"<body><nav><ul>{nav}</ul></nav><article><h1>{html.escape(title)}</h1>{body}</article>"
            f"<footer>Copyright 2025 {site}</footer></body></html>")


def write_warc(path: Path, pages: list[tuple[str, str]], *, gz: bool = True) -> None:
    """A CC-NEWS-like WARC: a warcinfo record, then one request + response pair per (url, html)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "kabar-tests"}))
        for url, page in pages:
            payload = page.encode("utf-8")
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))

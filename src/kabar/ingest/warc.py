"""WARC / WARC.gz (as in CC-NEWS) with warcio: each HTTP response record holding an HTML page is an article."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from kabar.ingest.base import IngestLog, InputRejected
from kabar.ingest.html import MAX_HTML_BYTES, decode_html, extract_html
from kabar.model import Article


def looks_like_warc(name: str, head: bytes) -> bool:
    return head.startswith(b"WARC/") or (name.endswith((".warc", ".arc")) and b"WARC" in head[:64])


def read_warc(origin: str, stream: IO[bytes], log: IngestLog) -> Iterator[Article]:
    records = 0
    for record in _records(stream):
        records += 1
        if record.rec_type != "response":
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        where = f"{origin}#{records}" + (f" <{url}>" if url else "")
        ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
        if "html" not in ctype.lower():
            continue  # images, PDFs, robots.txt: not articles, not errors
        status = record.http_headers.get_statuscode() if record.http_headers else "200"
        if status and not status.startswith("2"):
            continue
        try:
            data = record.content_stream().read(MAX_HTML_BYTES + 1)
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            raise InputRejected(f"WARC truncated or corrupt in record {records} ({exc}); the rest is lost") from None
        if len(data) > MAX_HTML_BYTES:
            log.error(where, "HTML page over the size limit; skipped")
            continue
        crawled = record.rec_headers.get_header("WARC-Date")
        try:
            article = extract_html(decode_html(data, _charset(ctype)), where, url=url)
        except InputRejected as exc:
            log.error(where, f"{exc}; skipped")
            continue
        if crawled:
            article.meta["crawled"] = crawled
        yield article
    if records == 0:
        raise InputRejected("empty WARC file: no records")


def _records(stream: IO[bytes]):
    """warcio's records; whatever breaks inside warcio on a cut or corrupt file (it raises several
    kinds, AttributeError included, on a record cut mid-header) ends the file with a clear message."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    it = iter(ArchiveIterator(stream, arc2warc=True))
    while True:
        try:
            record = next(it)
        except StopIteration:
            return
        except InputRejected:
            raise
        except Exception as exc:  # noqa: BLE001 - see the docstring
            where = "not a readable WARC file" if count == 0 else f"WARC truncated or corrupt after {count} records"
            raise InputRejected(f"{where} ({type(exc).__name__}: {exc}); the rest is lost") from None
        count += 1
        yield record


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value:
            return value.strip().strip("\"'")
    return None

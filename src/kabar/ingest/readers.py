"""Readers: one function per format, each yielding Articles and logging bad items with file and line."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from kabar.ingest.base import IngestLog, InputRejected, decode_bytes, make_article
from kabar.model import Article

MAX_FILE_BYTES = 512 * 1024 * 1024  # whole-file readers refuse more than this
MAX_LINE_CHARS = 20_000_000

Reader = Callable[[str, IO[bytes], IngestLog], Iterator[Article]]

_KNOWN_FIELDS = ("id", "source", "url", "title", "published", "text")


def read_text(origin: str, stream: IO[bytes], log: IngestLog) -> Iterator[Article]:
    """One article per file; the title is derived from the first sentence."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputRejected(f"file larger than {MAX_FILE_BYTES // 2**20} MiB; not read")
    text = decode_bytes(data, origin, log)
    yield make_article(text=text, origin=origin)


def read_jsonl(origin: str, stream: IO[bytes], log: IngestLog) -> Iterator[Article]:
    """One JSON object per line with `id, source, url, title, published, text`; other fields are kept
    as metadata. A bad line is logged with its number and skipped; the rest is read."""
    seen_any = False
    for lineno, raw in enumerate(stream, 1):
        where = f"{origin}:{lineno}"
        if not raw.strip():
            continue
        seen_any = True
        if len(raw) > MAX_LINE_CHARS:
            log.error(where, f"line of {len(raw):,} bytes is over the limit; skipped")
            continue
        try:
            line = decode_bytes(raw, where, log)
            obj = json.loads(line)
        except InputRejected as exc:
            log.error(where, str(exc))
            continue
        except json.JSONDecodeError as exc:
            log.error(where, f"malformed JSON ({exc.msg} at column {exc.colno}); line skipped")
            continue
        if not isinstance(obj, dict):
            log.error(where, f"expected a JSON object, found {type(obj).__name__}; line skipped")
            continue
        text = obj.get("text") or obj.get("content") or obj.get("body")
        if text is None:
            log.error(where, "no 'text' field; line skipped")
            continue
        meta = {k: v for k, v in obj.items() if k not in _KNOWN_FIELDS}
        try:
            yield make_article(
                text=text,
                origin=where,
                title=obj.get("title"),
                url=obj.get("url"),
                source=obj.get("source"),
                published=obj.get("published") or obj.get("date"),
                time=obj.get("time") if isinstance(obj.get("time"), str) else None,
                id=obj.get("id"),
                meta=meta,
            )
        except InputRejected as exc:
            log.error(where, f"{exc}; line skipped")
    if not seen_any:
        raise InputRejected("empty input: no JSON lines")


def _looks_jsonl(name: str, head: bytes) -> bool:
    return name.endswith((".jsonl", ".ndjson")) or (head.startswith(b"{") and not name.endswith((".txt", ".html")))


READERS: dict[str, Reader] = {"text": read_text, "jsonl": read_jsonl}
# Ordered: the first sniffer that says yes picks the reader; "text" is the fallback.
SNIFFERS: list[tuple[str, Callable[[str, bytes], bool]]] = [("jsonl", _looks_jsonl)]


def open_maybe_gzip(stream: IO[bytes]) -> IO[bytes]:
    """Transparently gunzip; a truncated or corrupt gzip surfaces as InputRejected from the reader."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return _SafeGzip(gzip.GzipFile(fileobj=buffered))  # type: ignore[return-value]
    return buffered


class _SafeGzip(io.RawIOBase):
    """A gzip stream whose corruption errors become InputRejected (the reader keeps what it read)."""

    def __init__(self, inner: gzip.GzipFile) -> None:
        self.inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        try:
            data = self.inner.read(len(b))
        except (EOFError, OSError, zlib.error) as exc:
            raise InputRejected(f"compressed data is truncated or corrupt ({exc})") from None
        b[: len(data)] = data
        return len(data)

    def __iter__(self):
        return iter(io.BufferedReader(self))

"""Readers: one function per format, each yielding Articles and logging bad items with file and line.

Registry: READERS maps a format name to its reader; SNIFFERS, in order, pick a format from the
content's first bytes (the file name breaks ties). Readers named in FIELD_MAPPING_FORMATS accept a
`fields` keyword ({kabar field: input column})."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import IO

from kabar.ingest.base import IngestLog, InputRejected, decode_bytes, make_article
from kabar.ingest.csvfile import looks_like_csv, read_csv
from kabar.ingest.feed import looks_like_feed, read_feed
from kabar.ingest.fields import map_record
from kabar.ingest.html import looks_like_html, read_html
from kabar.ingest.warc import looks_like_warc, read_warc
from kabar.model import Article

MAX_FILE_BYTES = 512 * 1024 * 1024  # whole-file readers refuse more than this
MAX_TEXT_BYTES = 8 * 1024 * 1024  # one plain-text file is one article; past this it is not an article
MAX_LINE_CHARS = 20_000_000

Reader = Callable[..., Iterator[Article]]


def read_text(origin: str, stream: IO[bytes], log: IngestLog) -> Iterator[Article]:
    """One article per file; the title is derived from the first sentence."""
    data = stream.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise InputRejected(
            f"text file larger than {MAX_TEXT_BYTES // 2**20} MiB: one file is one article, and this is "
            "not one; split it or use JSONL"
        )
    text = decode_bytes(data, origin, log)
    yield make_article(text=text, origin=origin)


def read_jsonl(
    origin: str, stream: IO[bytes], log: IngestLog, *, fields: Mapping[str, str] | None = None
) -> Iterator[Article]:
    """One JSON object per line; `fields` maps Kabar fields to keys (defaults: text/content/body, title,
    url, published/date, source, id); other keys are kept as metadata. A bad line is logged with its
    number and skipped; the rest is read."""
    seen_any = False
    for lineno, (raw, size) in enumerate(_bounded_lines(stream, MAX_LINE_CHARS), 1):
        where = f"{origin}:{lineno}"
        if raw is None:
            seen_any = True
            log.error(where, f"line of {size:,} bytes is over the limit of {MAX_LINE_CHARS:,}; skipped")
            continue
        if not raw.strip():
            continue
        seen_any = True
        try:
            obj = json.loads(decode_bytes(raw, where, log))
        except InputRejected as exc:
            log.error(where, str(exc))
            continue
        except json.JSONDecodeError as exc:
            log.error(where, f"malformed JSON ({exc.msg} at column {exc.colno}); line skipped")
            continue
        except (RecursionError, ValueError) as exc:
            log.error(where, f"{_unreadable_json(exc)}; line skipped")
            continue
        if not isinstance(obj, dict):
            log.error(where, f"expected a JSON object, found {type(obj).__name__}; line skipped")
            continue
        try:
            yield map_record(obj, where, fields)
        except InputRejected as exc:
            log.error(where, f"{exc}; line skipped")
    if not seen_any:
        raise InputRejected("empty input: no JSON lines")


def _bounded_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[bytes | None, int]]:
    """(line, size) for each line; a line over `limit` bytes comes as (None, size), read and dropped in
    1 MiB pieces: iterating the stream would hold the whole line, and a small gzip file can hold a
    line of gigabytes (found reviewing the limits)."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit:
            yield line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := stream.readline(1 << 20)):
            size += len(line)
        yield None, size


def read_json(
    origin: str, stream: IO[bytes], log: IngestLog, *, fields: Mapping[str, str] | None = None
) -> Iterator[Article]:
    """A JSON array of article objects (or an object holding one under "articles"/"data"/"items")."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputRejected(f"JSON file larger than {MAX_FILE_BYTES // 2**20} MiB; use JSONL")
    try:
        doc = json.loads(decode_bytes(data, origin, log))
    except json.JSONDecodeError as exc:
        raise InputRejected(f"malformed JSON ({exc.msg} at line {exc.lineno})") from None
    except (RecursionError, ValueError) as exc:
        raise InputRejected(_unreadable_json(exc)) from None
    if isinstance(doc, dict):
        doc = next((doc[k] for k in ("articles", "data", "items") if isinstance(doc.get(k), list)), [doc])
    if not isinstance(doc, list):
        raise InputRejected("JSON is neither an array of articles nor an object")
    for i, obj in enumerate(doc):
        where = f"{origin}[{i}]"
        if not isinstance(obj, dict):
            log.error(where, f"expected a JSON object, found {type(obj).__name__}; skipped")
            continue
        try:
            yield map_record(obj, where, fields)
        except InputRejected as exc:
            log.error(where, f"{exc}; skipped")


def _unreadable_json(exc: Exception) -> str:
    """Valid JSON that json.loads still refuses (found by fuzzing): nesting deeper than the recursion
    limit, an integer of more than 4,300 digits (CPython's int/str conversion limit)."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to read"
    return f"unreadable JSON value ({str(exc).split(';')[0]})"


def _looks_jsonl(name: str, head: bytes) -> bool:
    return name.endswith((".jsonl", ".ndjson")) or (head.startswith(b"{") and not name.endswith((".txt", ".html")))


def _looks_json(name: str, head: bytes) -> bool:
    # A .jsonl name says "one record per line" even when the first line is a bad one starting with "["
    # (found by fuzzing): read as one JSON document, the whole file, valid lines included, was refused.
    if name.endswith((".jsonl", ".ndjson")):
        return False
    return head.startswith(b"[") or (name.endswith(".json") and head.startswith(b"{"))


READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "html": read_html,
    "feed": read_feed,
    "warc": read_warc,
}
FIELD_MAPPING_FORMATS = frozenset({"jsonl", "json", "csv"})
# Ordered: the first sniffer that says yes picks the reader; "text" is the fallback.
SNIFFERS: list[tuple[str, Callable[[str, bytes], bool]]] = [
    ("warc", looks_like_warc),
    ("feed", looks_like_feed),
    ("html", looks_like_html),
    ("json", _looks_json),
    ("jsonl", _looks_jsonl),
    ("csv", looks_like_csv),
]


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
            data = self.inner.read1(len(b))  # a short read keeps what precedes a truncation
        except (EOFError, OSError, zlib.error) as exc:
            raise InputRejected(f"compressed data is truncated or corrupt ({exc})") from None
        b[: len(data)] = data
        return len(data)

    def __iter__(self):
        return iter(io.BufferedReader(self))

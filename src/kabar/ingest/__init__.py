"""Read inputs (files, folders, globs, stdin) into Articles; the format is sniffed from the content."""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from kabar.ingest.base import IngestLog, InputProblem, InputRejected, make_article
from kabar.ingest.fields import parse_field_mapping
from kabar.ingest.readers import FIELD_MAPPING_FORMATS, READERS, SNIFFERS, open_maybe_gzip
from kabar.model import Article

__all__ = [
    "IngestLog", "InputProblem", "InputRejected", "iter_articles", "make_article", "parse_field_mapping", "sniff_format",
]

_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def sniff_format(name: str, head: bytes) -> str:
    """Pick a reader from the first bytes of the (decompressed) content; the extension breaks ties."""
    lower = name.lower().removesuffix(".gz")
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    for fmt, looks_like in SNIFFERS:
        if looks_like(lower, stripped):
            return fmt
    return "text"


def expand_inputs(inputs: Sequence[str], log: IngestLog) -> Iterator[str]:
    """Files as given, folders recursively (sorted, hidden files skipped), globs expanded; '-' is stdin."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            if not files:
                log.warn(item, "folder has no files")
            yield from (str(p) for p in files)
        elif path.exists():
            yield item
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                log.error(item, "pattern matches no file")
            yield from (m for m in matches if os.path.isfile(m))
        else:
            log.error(item, "no such file or folder")


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts) or rel.name in _SKIP_NAMES


def iter_articles(
    inputs: Sequence[str],
    log: IngestLog,
    *,
    fmt: str | None = None,
    stdin: IO[bytes] | None = None,
    fields: Mapping[str, str] | str | None = None,
) -> Iterator[Article]:
    """Every article of every input, in input order. Bad items are logged and skipped.

    `fmt` forces a reader (else it is sniffed per input); `fields` maps Kabar fields to the columns of
    JSONL/JSON/CSV records, as a dict or as "text=isi,published=tanggal"."""
    mapping = parse_field_mapping(fields)
    for name in expand_inputs(inputs, log):
        origin = "<stdin>" if name == "-" else name
        try:
            raw: IO[bytes] = (stdin or sys.stdin.buffer) if name == "-" else open(name, "rb")  # noqa: SIM115
        except OSError as exc:
            log.error(origin, f"cannot open: {exc.strerror}")
            continue
        try:
            yield from _read_one(origin, raw, log, fmt, mapping)
        finally:
            if name != "-":
                raw.close()


def _read_one(
    origin: str, raw: IO[bytes], log: IngestLog, fmt: str | None, fields: Mapping[str, str]
) -> Iterator[Article]:
    try:
        stream = open_maybe_gzip(raw)
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
        if not isinstance(stream, io.BufferedReader):
            stream = io.BufferedReader(stream)  # type: ignore[arg-type]
            head = stream.peek(4096)[:4096]
        chosen = fmt or sniff_format(origin, head)
        if chosen == "warc" and stream is not raw and raw.seekable():
            # warcio reads gzip member by member, so a truncated WARC.gz keeps every record before the
            # cut; a single gunzip stream in front of it would fail at its first read-ahead.
            raw.seek(0)
            stream = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
        reader = READERS.get(chosen)
        if reader is None:
            raise InputRejected(f"unknown format {chosen!r}; known: {', '.join(sorted(READERS))}")
        options = {"fields": fields} if fields and chosen in FIELD_MAPPING_FORMATS else {}
        for article in reader(origin, stream, log, **options):
            log.read += 1
            yield article
    except InputRejected as exc:
        log.error(origin, str(exc))
    except (OSError, EOFError) as exc:
        log.error(origin, f"read failed: {exc}")

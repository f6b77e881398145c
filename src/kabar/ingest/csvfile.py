"""CSV/TSV dumps: one article per row; columns named by a header, mapped to Kabar's fields."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import IO

from kabar.ingest.base import IngestLog, InputRejected, decode_bytes
from kabar.ingest.fields import map_record
from kabar.model import Article

MAX_CSV_BYTES = 512 * 1024 * 1024
_TEXT_COLUMNS = (b"text", b"content", b"body", b"isi", b"konten", b"article")


def looks_like_csv(name: str, head: bytes) -> bool:
    if name.endswith((".csv", ".tsv")):
        return True
    first = head.split(b"\n", 1)[0].lower()
    for sep in (b",", b"\t", b";"):
        # A header row: short cells, one of them exactly a text column name (not a substring of prose).
        cells = [c.strip(b' "\'\r') for c in first.split(sep)]
        if len(cells) >= 3 and all(len(c) <= 40 for c in cells) and any(c in _TEXT_COLUMNS for c in cells):
            return True
    return False


def read_csv(
    origin: str, stream: IO[bytes], log: IngestLog, *, fields: Mapping[str, str] | None = None
) -> Iterator[Article]:
    data = stream.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise InputRejected(f"CSV larger than {MAX_CSV_BYTES // 2**20} MiB; not read")
    text = decode_bytes(data, origin, log)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if origin.lower().endswith((".tsv", ".tsv.gz")) else csv.excel
    csv.field_size_limit(20_000_000)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames:
        raise InputRejected("CSV has no header row")
    rows = 0
    try:
        for row in reader:
            rows += 1
            where = f"{origin}:{reader.line_num}"
            try:
                yield map_record({k: v for k, v in row.items() if k is not None}, where, fields)
            except InputRejected as exc:
                log.error(where, f"{exc}; row skipped")
    except csv.Error as exc:
        raise InputRejected(f"malformed CSV at line {reader.line_num}: {exc}") from None
    if rows == 0:
        raise InputRejected("CSV has a header but no rows")

"""Field mapping for record dumps (JSONL, JSON, CSV): which input column feeds which Article field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kabar.ingest.base import InputRejected, make_article
from kabar.model import Article

# Kabar field -> column names tried in order when no mapping names one.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "isi", "konten", "article", "maintext"),
    "title": ("title", "judul", "headline"),
    "url": ("url", "link", "uri"),
    "published": ("published", "date", "tanggal", "date_publish", "pubdate", "datetime"),
    "time": ("time", "jam"),
    "source": ("source", "sumber", "site", "outlet"),
    "id": ("id", "_id", "guid"),
}
FIELDS = tuple(DEFAULT_COLUMNS)


def parse_field_mapping(spec: str | Mapping[str, str] | None) -> dict[str, str]:
    """`"text=isi,published=tgl"` or a dict to {kabar field: column}; unknown Kabar fields are an error."""
    if not spec:
        return {}
    pairs = spec.items() if isinstance(spec, Mapping) else (p.split("=", 1) for p in spec.split(",") if p.strip())
    mapping = {}
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"bad field mapping {pair!r}: write field=column")
        key, column = (s.strip() for s in pair)
        if key not in DEFAULT_COLUMNS:
            raise ValueError(f"unknown field {key!r} in mapping; known: {', '.join(FIELDS)}")
        mapping[key] = column
    return mapping


def map_record(record: Mapping[str, Any], origin: str, fields: Mapping[str, str] | None = None) -> Article:
    """Build an Article from one record; columns not used for a field are kept as metadata."""
    fields = fields or {}
    used: set[str] = set()
    values: dict[str, Any] = {}
    for key, names in DEFAULT_COLUMNS.items():
        candidates = (fields[key],) if key in fields else names
        for name in candidates:
            if name in record and record[name] not in (None, ""):
                values[key] = record[name]
                used.add(name)
                break
    if "text" not in values:
        wanted = fields.get("text") or "/".join(DEFAULT_COLUMNS["text"][:3])
        raise InputRejected(f"no text: column {wanted!r} missing or empty")
    meta = {k: v for k, v in record.items() if k not in used}
    time = values.get("time")
    return make_article(
        text=values["text"],
        origin=origin,
        title=values.get("title"),
        url=values.get("url"),
        source=values.get("source"),
        published=values.get("published"),
        time=time if isinstance(time, str) else None,
        id=values.get("id"),
        meta=meta,
    )

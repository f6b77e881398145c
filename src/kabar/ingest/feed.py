"""RSS and Atom feeds with feedparser: one Article per item, from its content (else summary). Never fetches."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import IO

from kabar.ingest.base import IngestLog, InputRejected, make_article
from kabar.ingest.html import fragment_text
from kabar.model import Article

MAX_FEED_BYTES = 64 * 1024 * 1024
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|channel)\b", re.I)


def looks_like_feed(name: str, head: bytes) -> bool:
    low = head[:4096].lower()
    if name.endswith((".rss", ".atom")) and b"<" in low:
        return True
    return head.lstrip().startswith(b"<") and bool(_FEED_ROOT.search(head[:4096])) and b"<html" not in low


def read_feed(origin: str, stream: IO[bytes], log: IngestLog) -> Iterator[Article]:
    import feedparser

    data = stream.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise InputRejected(f"feed larger than {MAX_FEED_BYTES // 2**20} MiB; not read")
    # Internal entity declarations are how "billion laughs" bombs work, and real feeds never need
    # them; expat has amplification limits, but refusing is cheaper than finding out.
    if _ENTITY_DECL.search(data):
        raise InputRejected("feed declares XML entities (<!ENTITY>): refused as a possible entity bomb")
    # Bytes, never a string: feedparser treats a string that looks like a URL or a path as something
    # to open, and Kabar does not fetch.
    try:
        parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001
        # feedparser's lenient parser has bugs of its own on broken markup (a KeyError from a stray
        # </link>, found by fuzzing): the feed is reported and skipped, the run goes on.
        raise InputRejected(f"feed could not be parsed ({type(exc).__name__}: {exc})") from None
    entries = parsed.get("entries") or []
    if not entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        raise InputRejected(f"no feed items found{why}")
    if parsed.get("bozo"):
        log.warn(origin, f"feed is not well-formed XML, read leniently: {parsed.get('bozo_exception')}")
    site = (parsed.get("feed") or {}).get("title")
    for i, entry in enumerate(entries, 1):
        where = f"{origin}#item{i}"
        body = _entry_body(entry)
        if not body.strip():
            log.error(where, "feed item has neither content nor summary; skipped")
            continue
        try:
            yield make_article(
                text=fragment_text(body),
                origin=where,
                title=fragment_text(entry.get("title") or "") or None,
                url=entry.get("link"),
                published=_entry_date(entry),
                id=entry.get("id"),
                meta={k: v for k, v in (("format", "feed"), ("feed_title", site), ("author", entry.get("author")))
                      if v},
            )
        except InputRejected as exc:
            log.error(where, f"{exc}; skipped")


def _entry_body(entry) -> str:
    contents = [c.get("value", "") for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        st = entry.get(key)
        if st:
            return time.strftime("%Y-%m-%dT%H:%M:%S", st)
    return entry.get("published") or entry.get("updated")

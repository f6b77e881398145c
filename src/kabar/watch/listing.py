"""What a polled source lists: article links from an RSS/Atom feed (feedparser) or a (news) sitemap
(lxml, parsed safely), and child sitemaps of a sitemap index."""

from __future__ import annotations

import re
import time
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from kabar.ingest.feed import looks_like_feed

# The same refusal as kabar.ingest.feed.read_feed: internal entity declarations are how "billion laughs"
# bombs work, and neither feeds nor sitemaps need them.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(?:urlset|sitemapindex)\b")
MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's own limit per file
MAX_CHILD_SITEMAPS = 50


class ListingError(ValueError):
    """The feed or sitemap cannot be read; the message says why."""


@dataclass(slots=True)
class Item:
    url: str
    title: str | None = None
    published: str | None = None


@dataclass(slots=True)
class Listing:
    kind: str  # feed | sitemap
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index


def sniff_kind(body: bytes) -> str:
    head = body[:4096]
    if _SITEMAP_ROOT.search(head):
        return "sitemap"
    if looks_like_feed("", head):
        return "feed"
    raise ListingError("neither an RSS/Atom feed nor a sitemap (no <rss>, <feed>, <urlset> or <sitemapindex>)")


def read_listing(body: bytes, base_url: str, kind: str, max_bytes: int) -> Listing:
    """Links of a feed or sitemap body; `kind` "auto" sniffs it. Relative links resolve against base_url."""
    body = _gunzip(body, max_bytes) if body[:2] == b"\x1f\x8b" else body  # sitemap.xml.gz served as is
    if _ENTITY_DECL.search(body):
        raise ListingError("declares XML entities (<!ENTITY>): refused as a possible entity bomb")
    if kind == "auto":
        kind = sniff_kind(body)
    return _read_sitemap(body, base_url) if kind == "sitemap" else _read_feed(body, base_url)


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise ListingError(f"bad gzip data: {exc}") from None
    if len(out) > max_bytes:
        raise ListingError(f"decompresses to more than {max_bytes:,} bytes; refused")
    return out


def _read_feed(body: bytes, base_url: str) -> Listing:
    import feedparser

    # Bytes, never a string: feedparser opens a string that looks like a URL or a path.
    try:
        parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except Exception as exc:  # noqa: BLE001
        # feedparser's lenient parser has bugs of its own on broken markup (a KeyError from a stray
        # </link>, found by fuzzing): this listing is reported, the poll goes on.
        raise ListingError(f"feed could not be parsed ({type(exc).__name__}: {exc})") from None
    entries = parsed.get("entries") or []
    if not entries and parsed.get("bozo"):
        raise ListingError(f"not a readable feed: {parsed.get('bozo_exception')}")
    items = []
    for entry in entries:
        link = entry.get("link") or ""
        if not link.strip():
            continue
        url = _join(base_url, link.strip())
        if url:
            items.append(Item(url, (entry.get("title") or None), _entry_date(entry)))
    return Listing("feed", items)


def _join(base_url: str, link: str) -> str | None:
    """The absolute URL of a listed link; None for one no URL parser accepts ("http://[::1/x"): that item
    is skipped, the rest of the listing is read."""
    try:
        return urljoin(base_url, link)
    except ValueError:
        return None


def _entry_date(entry) -> str | None:
    """The item's date as the publisher wrote it (its own UTC offset kept), in ISO 8601."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return parsedate_to_datetime(raw).isoformat(timespec="seconds")  # RSS: RFC 822 dates
        except (TypeError, ValueError):
            pass
        try:
            return datetime.fromisoformat(raw.replace("Z", "+00:00")).isoformat(timespec="seconds")  # Atom
        except ValueError:
            pass
        st = entry.get(f"{key}_parsed")  # feedparser's reading of odder shapes, in UTC
        if st:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", st)
    return None


def _read_sitemap(body: bytes, base_url: str) -> Listing:
    from lxml import etree

    # No DTD loading, no entity expansion, no network, no huge-tree mode: a sitemap is plain data.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             dtd_validation=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ListingError(f"sitemap is not well-formed XML: {exc}") from None
    root_name = etree.QName(root).localname
    listing = Listing("sitemap")
    if root_name == "sitemapindex":
        for loc in _children_text(root, "sitemap", "loc")[:MAX_CHILD_SITEMAPS]:
            if url := _join(base_url, loc):
                listing.sitemaps.append(url)
        return listing
    if root_name != "urlset":
        raise ListingError(f"sitemap root is <{root_name}>, expected <urlset> or <sitemapindex>")
    for el in root:
        if not isinstance(el.tag, str) or etree.QName(el).localname != "url":
            continue
        fields = _leaf_texts(el)
        loc = fields.get("loc")
        if loc and (url := _join(base_url, loc)):
            # news:publication_date and news:title (Google News sitemaps), else the plain lastmod
            listing.items.append(Item(url, fields.get("title"),
                                      fields.get("publication_date") or fields.get("lastmod")))
        if len(listing.items) >= MAX_SITEMAP_URLS:
            break
    return listing


def _leaf_texts(el) -> dict[str, str]:
    from lxml import etree

    out: dict[str, str] = {}
    for child in el.iter():
        if isinstance(child.tag, str) and len(child) == 0 and child.text and child.text.strip():
            out.setdefault(etree.QName(child).localname, child.text.strip())
    return out


def _children_text(root, tag: str, leaf: str) -> list[str]:
    from lxml import etree

    found = []
    for el in root:
        if isinstance(el.tag, str) and etree.QName(el).localname == tag:
            text = _leaf_texts(el).get(leaf)
            if text:
                found.append(text)
    return found

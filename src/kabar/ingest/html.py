"""HTML pages: main text and metadata by trafilatura; decoding of the page bytes by declared or detected charset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from kabar.ingest.base import IngestLog, InputRejected, looks_binary, make_article
from kabar.model import Article

MAX_HTML_BYTES = 20 * 1024 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_TAG = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I)


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Page bytes to text: BOM, then the HTTP or <meta> charset, then UTF-8, then charset-normalizer.

    Real pages lie about their charset now and then; a declared charset that fails is not fatal."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    data = data.replace(b"\x00", b"")  # NULs make lxml stop reading; they carry nothing in HTML
    candidates = []
    if declared:
        candidates.append(declared)
    m = _META_CHARSET.search(data[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(_alias(enc))
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    return data.decode(best.encoding if best and best.encoding else "cp1252", errors="replace")


def _alias(enc: str) -> str:
    # Browsers read "iso-8859-1" and "ascii" as windows-1252 (WHATWG encoding spec); so do we.
    low = enc.strip().lower()
    return "cp1252" if low in {"iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii"} else low


def looks_like_html(name: str, head: bytes) -> bool:
    if name.endswith((".html", ".htm", ".xhtml")):
        return True
    head = head.lstrip()
    # "<?xml" or a comment may come first; the page must start with markup either way.
    return head.startswith(b"<") and (bool(_TAG.match(head[:200])) or b"<html" in head[:2048].lower())


def extract_html(
    html: str, origin: str, *, url: str | None = None, published: object = None, source: str | None = None
) -> Article:
    """One page to one Article: trafilatura finds the main text, title, date, author and site name."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, favor_precision=True,
        )
    except Exception as exc:  # noqa: BLE001
        # trafilatura, htmldate and lxml raise many kinds on badly broken markup (ValueError, TypeError,
        # AttributeError, even an AssertionError from lxml's drop_tree on "<?xml ...?><html><iframe>",
        # found by fuzzing): one bad page is reported and skipped, it never aborts the run.
        raise InputRejected(f"HTML could not be parsed ({type(exc).__name__}: {exc})") from None
    if doc is None or not (doc.text or "").strip():
        raise InputRejected("no article text found in the HTML page (only scripts, navigation or empty)")
    text = _drop_title_line(doc.text, doc.title)
    meta = {k: v for k, v in (("author", doc.author), ("sitename", doc.sitename), ("description", doc.description))
            if v}
    return make_article(
        text=text,
        origin=origin,
        title=doc.title,
        url=url or doc.url,
        source=source or _site(doc.sitename, url or doc.url),
        published=published or doc.date,
        meta=meta | {"format": "html"},
    )


def _drop_title_line(text: str, title: str | None) -> str:
    # trafilatura keeps the page's <h1> as the first line; the title lives in its own field.
    first, _, rest = text.partition("\n")
    if title and rest and first.strip().casefold() == title.strip().casefold():
        return rest
    return text


def _site(sitename: str | None, url: str | None) -> str | None:
    if url:
        return None  # make_article derives the host, stabler than a display name
    return sitename


def read_html(origin: str, stream: IO[bytes], log: IngestLog) -> Iterator[Article]:
    data = stream.read(MAX_HTML_BYTES + 1)
    if len(data) > MAX_HTML_BYTES:
        raise InputRejected(f"HTML page larger than {MAX_HTML_BYTES // 2**20} MiB; not read")
    if not data.strip():
        raise InputRejected("empty input: nothing to ingest")
    if looks_binary(data.replace(b"\x00", b"")):
        raise InputRejected("binary data, not HTML (skipped)")
    yield extract_html(decode_html(data), origin)


_BLOCKS = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article figure figcaption pre".split())
_DROP = ("script", "style", "noscript", "iframe", "svg", "form", "button")


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed item's content) with paragraph breaks kept.

    Written here because trafilatura's extractors want a whole page and drop short fragments, and its
    html2txt joins paragraphs; a feed item is already the main text, so only tags need to go."""
    import lxml.html
    from lxml.etree import ParserError

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment)
    for bad in list(root.iter(*_DROP)):
        if bad.getparent() is not None:
            bad.drop_tree()
    parts: list[str] = []
    for el in root.iter():
        if el.tag in _BLOCKS:
            parts.append("\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        if el.tag in _BLOCKS:
            parts.append("\n")
        if el.tail and el is not root:
            parts.append(el.tail)
    return _BREAKS.sub("\n", "".join(parts)).strip()


_BREAKS = re.compile(r"[ \t]*\n\s*")

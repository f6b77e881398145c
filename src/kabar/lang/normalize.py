"""Unicode and whitespace normalization, and canonical URLs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Characters that are invisible or spacing-only; mapped so offsets stay meaningful for the reader.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\f\v"}
_QUOTES = {
    ord("\u201c"): '"', ord("\u201d"): '"', ord("\u201e"): '"', ord("\u00ab"): '"', ord("\u00bb"): '"',
    ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201a"): "'", ord("\u2032"): "'",
}
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2212"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MULTI_SPACE = re.compile(r"[ ]{2,}")
_MANY_NEWLINES = re.compile(r"\n\s*\n\s*(\n\s*)+")

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|ref$|source$|page$)")


def normalize_text(text: str, *, fold_quotes: bool = False) -> str:
    """NFC, invisible characters dropped, odd spaces and dashes unified, runs of blank lines collapsed.

    Typographic quotes are kept unless `fold_quotes`: the quote extractor uses them, and they are part
    of what the reader sees. En and em dashes are kept too: they separate clauses in Indonesian copy.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.translate(_ZERO_WIDTH).translate(_SPACES).translate(_DASHES))
    if fold_quotes:
        text = text.translate(_QUOTES)
    lines = [_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines).strip()
    return _MANY_NEWLINES.sub("\n\n", text)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash, no `www.`."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https" if parts.scheme in ("http", "https", "") else parts.scheme, host, path, query, ""))


def source_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    return host or None

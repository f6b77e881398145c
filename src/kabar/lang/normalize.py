"""Unicode and whitespace normalization, mojibake repair, and canonical URLs."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Characters that are invisible or spacing-only; mapped so offsets stay meaningful for the reader.
_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e"),
    None,
)
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t\f\v"}
# Rare quote glyphs become the common typographic ones; `fold_quotes` goes further, to ASCII.
_ODD_QUOTES = {ord("\u201e"): "\u201c", ord("\u201f"): "\u201c", ord("\u201b"): "\u2018", ord("\u201a"): "\u2018",
               ord("\u2033"): '"', ord("\uff02"): '"', ord("\u301d"): "\u201c", ord("\u301e"): "\u201d",
               ord("\u2039"): "\u2018", ord("\u203a"): "\u2019", ord("\u0060"): "'", ord("\u00b4"): "'"}
_QUOTES = {
    ord("\u201c"): '"', ord("\u201d"): '"', ord("\u201e"): '"', ord("\u00ab"): '"', ord("\u00bb"): '"',
    ord("\u2018"): "'", ord("\u2019"): "'", ord("\u201a"): "'", ord("\u2032"): "'",
}
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2212\ufe63\uff0d"} | {ord("\u2015"): "\u2014", ord("\u2e3a"): "\u2014"}
_CHAR_MAP: dict[str, str] = {
    chr(k): (v or "") for table in (_ZERO_WIDTH, _SPACES, _DASHES, _ODD_QUOTES) for k, v in table.items()
} | {chr(c): "" for c in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)]}
_CHAR_RE = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")


def _map_char(m: re.Match[str]) -> str:
    return _CHAR_MAP[m.group()]


_MULTI_SPACE = re.compile(r"[ ]{2,}")
_MANY_NEWLINES = re.compile(r"\n\s*\n\s*(\n\s*)+")
# Spreadsheet exports write a carriage return as the literal text "_x000D_" (seen in the corpus).
_EXCEL_CR = re.compile(r"_x000[DdAa]_")

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|ref$|source$|page$)")

# Mojibake: UTF-8 bytes decoded as Mac Roman ("‚Äú" for “, "¬†" for a no-break space) or as cp1252
# ("â€œ"). ftfy repairs this in general; it is not a dependency, so the two codecs met in Indonesian
# dumps are repaired here by hand: a run of the codec's high characters is re-encoded and, where it
# forms valid UTF-8, decoded. The signatures below decide which codec a text suffers from.
_MOJIBAKE_CODECS = {
    "mac_roman": re.compile("‚Ä|¬†|√©|√°|‚Ä¢|Ÿé|ÿß"),
    "cp1252": re.compile("â€|Ã[\u00a0-\u00bf]|Â\u00a0"),
}


def _high_chars(codec: str) -> str:
    chars = []
    for b in range(0x80, 0x100):
        try:
            chars.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            continue
    return "".join(sorted(set(chars)))


_MOJIBAKE_RUNS = {codec: re.compile(f"[{re.escape(_high_chars(codec))}]{{2,}}") for codec in _MOJIBAKE_CODECS}


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-Mac-Roman/cp1252 damage; text without the telltale pairs is returned as is."""
    for codec, signature in _MOJIBAKE_CODECS.items():
        if signature.search(text):
            text = _MOJIBAKE_RUNS[codec].sub(lambda m, c=codec: _redecode(m.group(0), c), text)
    return text


def _redecode(run: str, codec: str) -> str:
    try:
        data = run.encode(codec)
    except UnicodeEncodeError:
        return run
    decoded = data.decode("utf-8", errors="surrogateescape")
    out = []
    for ch in decoded:
        if "\udc80" <= ch <= "\udcff":  # a byte that was not part of valid UTF-8: keep its original char
            out.append(bytes([ord(ch) - 0xDC00]).decode(codec))
        elif unicodedata.combining(ch) and not out:
            return run  # a lone combining mark is a sign the run was real text, not mojibake
        else:
            out.append(ch)
    return "".join(out)


def normalize_text(text: str, *, fold_quotes: bool = False) -> str:
    """Mojibake repaired, NFC, invisible characters dropped, odd spaces, dashes and quote glyphs unified,
    runs of blank lines collapsed.

    Typographic quotes are kept unless `fold_quotes`: the quote extractor uses them, and they are part
    of what the reader sees. En and em dashes are kept too: they separate clauses in Indonesian copy.
    """
    text = repair_mojibake(text)
    text = unicodedata.normalize("NFC", text)
    text = _EXCEL_CR.sub("\n", text).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    # One regex pass over the rare characters: str.translate with a dict walks every character in
    # Python and was most of the ingest time on the corpus.
    text = _CHAR_RE.sub(_map_char, text)
    if fold_quotes:
        text = text.translate(_QUOTES)
    lines = [_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines).strip()
    return _MANY_NEWLINES.sub("\n\n", text)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash, no `www.`."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises on "https://host:abc/" (found by fuzzing: it aborted the whole run)
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
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

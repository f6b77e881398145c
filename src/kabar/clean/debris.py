"""Link-removal debris and paragraph structure of scraped dumps.

The corpus was scraped by joining the page's text nodes with commas and dropping link texts, so a
paragraph break reads ".,", a dropped name leaves "membuat,khawatir" or "Donald , memberikan", and
runs of commas mark dropped boxes. No library knows this format; the rules below are written from
the corpus (see tests/clean/test_debris.py for the cases)."""

from __future__ import annotations

import re

from kabar.clean.spans import Cut

# A comma run right after sentence-final punctuation (and a closing quote) is a paragraph break.
_PARA_COMMA = re.compile(r"""(?<=[.!?:;…])(["”’']?)([ \t]*,[ ,\t]*)""")
# A run of two or more commas anywhere.
_COMMA_RUN = re.compile(r"[ \t]*,(?:[ \t]*,)+[ \t]*")
# Indonesian typography never puts a space before a comma: a spaced comma is where a link was.
_SPACED_COMMA = re.compile(r"(?<=[ \t(]),(?=[ \t]|[\w\"“'‘(]|$)", re.M)
# "membuat,khawatir": a comma glued between two lower-case words stood for a dropped link.
_GLUED_COMMA = re.compile(r"(?<=[a-z]),(?=[a-z])")
# "Tarantino,Skenario": a glued comma before a capitalized word separates two text nodes.
_NODE_COMMA = re.compile(r"(?<=[A-Za-z\)]),(?=[A-Z][a-z])")
_EMPTY_PARENS = re.compile(r"\([\s,.]*\)")
_LEADING = re.compile(r"\A[\s,\-–—:;|.]+")
_TRAILING = re.compile(r"(?<!\d)[\s,\-–—|*]*[,\-–—|*][\s,\-–—|*]*\Z")
_LOADING = re.compile(r"[\s,]*\bloading\s*(?:\.{2,3}|…)?[\s,]*\Z", re.I)
_ATTRIB = (r"(?:tulis|komentar|sahut|balas|tambah|imbuh|seru|kata|timpal|sambung|ucap|ujar|tutur|jawab|tanya|"
           r"cuit|katanya|ujarnya|ungkap|celetuk|pinta|terang|jelas)")
# An emptied quote followed by who said it: '",," tulis akun,.' -- the quote and its tag both go.
_EMPTY_QUOTE_TAG = re.compile(
    r"""["“][ ,]*,[ ,]*["”][ \t]*""" + _ATTRIB + r"""\b[^."“”\n]{0,60}?(?:[.!?]|(?=\n)|\Z)""", re.I
)
# An emptied title: 'drama ",".' / 'berjudul "".'
_EMPTY_TITLE = re.compile(r"""(?<=\s)["“][ ,]*["”](?=[\s.,;:!?)]|\Z)""")
_STRAY_DOTS = re.compile(r"(?<=,)\.(?=\s|\Z)|(?<=\s),\.(?=\s|\Z)")
_MARKUP = re.compile(r"\[bacajuga:[^\]]*\]\([^)]*\)|\[\w+:[^\]]{0,80}\]\([\d\s]*\)", re.I)


def find_debris(raw: str) -> list[Cut]:
    cuts: list[Cut] = []
    add = cuts.append
    for m in _PARA_COMMA.finditer(raw):
        add(Cut(m.start(2), m.end(2), "debris", "\n"))
    for m in _COMMA_RUN.finditer(raw):
        before = raw[m.start() - 1] if m.start() else ""
        add(Cut(m.start(), m.end(), "debris", "\n" if before in '.!?:"”' or not before else " "))
    for m in _SPACED_COMMA.finditer(raw):
        add(Cut(m.start(), m.end(), "debris", " "))
    for m in _GLUED_COMMA.finditer(raw):
        add(Cut(m.start(), m.end(), "debris", " "))
    for m in _NODE_COMMA.finditer(raw):
        add(Cut(m.start(), m.end(), "debris", "\n"))
    for rx, joiner in ((_EMPTY_PARENS, " "), (_EMPTY_QUOTE_TAG, " "), (_EMPTY_TITLE, " "), (_STRAY_DOTS, ""),
                       (_MARKUP, "\n")):
        for m in rx.finditer(raw):
            add(Cut(m.start(), m.end(), "debris", joiner))
    for rx in (_LEADING, _LOADING, _TRAILING):
        m = rx.search(raw)
        if m:
            add(Cut(m.start(), m.end(), "debris", "\n"))
    return cuts


_LINE_BREAK = re.compile(r"\n+")


def blocks(raw: str, debris: list[Cut]) -> list[tuple[int, int]]:
    """Paragraph-like blocks (start, end): lines, further split where debris stands for a break."""
    breaks = [(m.start(), m.end()) for m in _LINE_BREAK.finditer(raw)]
    breaks += [(c.start, c.end) for c in debris if c.joiner == "\n"]
    breaks.sort()
    out = []
    pos = 0
    for start, end in breaks:
        if start > pos:
            _add(out, raw, pos, start)
        pos = max(pos, end)
    _add(out, raw, pos, len(raw))
    return out


def _add(out: list[tuple[int, int]], raw: str, start: int, end: int) -> None:
    while start < end and raw[start] in " \t":
        start += 1
    while end > start and raw[end - 1] in " \t":
        end -= 1
    if end > start:
        out.append((start, end))

"""Link-removal debris and paragraph structure of scraped dumps.

The corpus was scraped by joining the page's text nodes with commas and dropping link texts, so a
paragraph break reads ".,", a dropped name leaves "membuat,khawatir" or "Donald , memberikan", and
runs of commas mark dropped boxes. No library knows this format; the rules below are written from
the corpus (tests/clean/test_clean_rules.py holds the cases)."""

from __future__ import annotations

import re

from kabar.clean.spans import Cut

# Every comma run is classified by its neighbours in one pass (a regex per case was the slowest part
# of cleaning): see _comma_cut.
_COMMAS = re.compile(r",(?:[ \t]*,)*")
_EMPTY_PARENS = re.compile(r"\([\s,.]*\)")
_LEADING = re.compile(r"\A[\s,\-–—:;|.]+")
_TRAILING = re.compile(r"(?<![\d\s])[\s,\-–—|*]*[,\-–—|*][\s,\-–—|*]*\Z")
_LOADING = re.compile(r"[\s,]*\bloading\s*(?:\.{2,3}|…)?[\s,]*\Z", re.I)
_TAIL = 300  # the end-of-text patterns only look this far back
_ATTRIB = (r"(?:tulis|komentar|sahut|balas|tambah|imbuh|seru|kata|timpal|sambung|ucap|ujar|tutur|jawab|tanya|"
           r"cuit|katanya|ujarnya|ungkap|celetuk|pinta|terang|jelas)")
# An emptied quote followed by who said it: '",," tulis akun,.' -- the quote and its tag both go.
_EMPTY_QUOTE_TAG = re.compile(
    r"""["“][ ,.'‘’]*[,'][ ,.'‘’]*["”][ \t]*""" + _ATTRIB + r"""\b[^."“”\n]{0,60}?(?:[.!?]|(?=\n)|\Z)""", re.I
)
# An emptied title: 'drama ",".' / 'berjudul "".'
_EMPTY_TITLE = re.compile(r"""\s["“][ ,.'‘’]*["”](?=[\s.,;:!?)]|\Z)""")
_ANY_EMPTY_QUOTE = re.compile(r"""["“][ ,.'‘’]*["”]""")
# CMS embed codes left in the text: "[bacajuga:Baca Juga](3809787 3617927)", "[Gambas:Video CNN]".
_MARKUP = re.compile(r"\[bacajuga:[^\]]*\]\([^)]*\)|\[\w+:[^\]]{0,80}\]\([\d\s]*\)|\[Gambas:[^\]]{0,60}\]", re.I)


def find_debris(raw: str) -> list[Cut]:
    cuts: list[Cut] = []
    add = cuts.append
    for m in _COMMAS.finditer(raw):
        cut = _comma_cut(raw, m.start(), m.end())
        if cut:
            add(cut)
    for m in _EMPTY_PARENS.finditer(raw):
        add(Cut(m.start(), m.end(), "debris", " "))
    if ('"' in raw or "“" in raw) and _ANY_EMPTY_QUOTE.search(raw):
        for m in _EMPTY_QUOTE_TAG.finditer(raw):
            add(Cut(m.start(), m.end(), "debris", " "))
        for m in _EMPTY_TITLE.finditer(raw):
            add(Cut(m.start() + 1, m.end(), "debris", " "))
    if "](" in raw or "[Gambas" in raw:
        for m in _MARKUP.finditer(raw):
            add(Cut(m.start(), m.end(), "debris", "\n"))
    m = _LEADING.search(raw)
    if m:
        add(Cut(m.start(), m.end(), "debris", "\n"))
    offset = max(0, len(raw) - _TAIL)
    for rx in (_LOADING, _TRAILING):
        m = rx.search(raw, offset)
        if m:
            add(Cut(m.start(), m.end(), "debris", "\n"))
    return cuts


def _comma_cut(raw: str, start: int, end: int) -> Cut | None:
    """Is this comma run scraping debris, and what did it stand for: a paragraph break ("\n") or a
    dropped link (" ")? A single comma in ordinary typography ("kata dia, lalu") is left alone."""
    prev = raw[start - 1] if start else ""
    nxt = raw[end] if end < len(raw) else ""
    prev2 = raw[start - 2] if start > 1 else ""
    before = raw[max(0, start - 3):start].rstrip()[-1:]  # "Baca Juga: ,Selain": the space hides the colon
    sentence_end = prev in ".!?:;…" or before in (":", ";") or (prev in "\"”’'" and prev2 in ".!?")
    if sentence_end:
        # the quote closing the previous paragraph stays with it; the commas are the break
        return Cut(start, end, "debris", "\n")
    if end - start > 1:
        # A run of commas is a dropped box or link; it breaks the paragraph unless it sits inside a
        # sentence ("tanpa,, meski"): "Baca juga,,Ter Stegen mengaku" must not glue the prompt to the story.
        after = raw[end:end + 3].lstrip()[:1]
        inside = prev.islower() and after.islower()
        return Cut(start, end, "debris", " " if inside else "\n")
    if not prev or prev in " \t(\n":
        # Indonesian never spaces before a comma: a link was here. " ,Pemerintah Provinsi" starts a node.
        node = nxt.isupper() and raw[end + 1 : end + 2].islower()
        return Cut(start, end, "debris", "\n" if node else " ")
    if nxt == ".":
        return Cut(start, end, "debris", "")
    if prev.islower() and nxt.islower():
        return Cut(start, end, "debris", " ")  # "membuat,khawatir": the name between them was a link
    opening_quote = nxt == "“" or (nxt == '"' and raw[end + 1 : end + 2].isupper())
    if (prev.isalpha() or prev == ")") and (nxt.isupper() and raw[end + 1 : end + 2].islower() or opening_quote):
        return Cut(start, end, "debris", "\n")  # "Tarantino,Skenario", "Madrid,\"Semua": two text nodes
    return None


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

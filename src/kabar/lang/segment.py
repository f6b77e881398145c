"""Sentence and word segmentation for Indonesian news.

Hand-written: no maintained library segments Indonesian with its abbreviations (Menlu, dr., No., Rp,
Jl., Kab.), dates such as 12/7/2025 and thousands separators such as 6.000. A sentence ends at . ! ? or
… (after any closing quote or bracket) followed by space and a plausible sentence start, or at a line
break; an abbreviation or an initial before the period does not end a sentence.
"""

from __future__ import annotations

import re

from kabar.lang.wordlists import ABBREVIATIONS

_END = re.compile(r"""([.!?…]+)(["'”’)\]]*)(\s+)(?=["'“‘(\[]?[A-Z0-9À-Ý])""")
_WORD_BEFORE = re.compile(r"(\S+)$")
TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*%?|\w+(?:[-'’]\w+)*", re.UNICODE)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences in `text`, whitespace trimmed; lines are always split."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        cursor = line_start
        for m in _END.finditer(text, line_start, line_end):
            if not _is_boundary(text, cursor, m.start(), m.group(1)):
                continue
            end = m.end(2)
            _add(spans, text, cursor, end)
            cursor = m.end()
        _add(spans, text, cursor, line_end)
    return spans


def _is_boundary(text: str, sent_start: int, dot: int, punct: str) -> bool:
    if punct != ".":
        return True
    m = _WORD_BEFORE.search(text, sent_start, dot)
    if not m:
        return True
    word = m.group(1).lstrip("\"'“‘([").rstrip(".")
    low = word.lower()
    if low in ABBREVIATIONS:
        return False
    # An initial ("Sergei V. Lavrov", "A. Yani") or a dotted abbreviation ("a.n.", "S.H.").
    if len(word) == 1 and word.isalpha():
        return False
    return not (re.fullmatch(r"(?:\w\.)+\w", word) and len(word) <= 6)


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)

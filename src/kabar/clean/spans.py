"""Removal candidates, their merging, and the clean text they leave."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kabar.model import Span

# When two detectors claim overlapping text, the merged span keeps the reason of the more specific one.
_PRIORITY = {"spam-sentence": 9, "spam-token": 8, "caption": 7, "byline": 6, "trailer": 5, "dateline": 4,
             "teaser-heading": 3, "debris": 1}


_JOINER_RANK = {"": 0, " ": 1, "\n": 2}


@dataclass(slots=True)
class Cut:
    start: int
    end: int
    reason: str
    joiner: str = " "  # what stands in its place in the clean text: "", " " or "\n"


def merge(cuts: list[Cut]) -> list[Cut]:
    """Overlapping or touching cuts become one; the widest joiner and the highest-priority reason win."""
    out: list[Cut] = []
    for cut in sorted((c for c in cuts if c.end > c.start), key=lambda c: (c.start, -c.end)):
        if out and cut.start <= out[-1].end:
            last = out[-1]
            if _PRIORITY.get(cut.reason, 0) > _PRIORITY.get(last.reason, 0) and (cut.end - cut.start) * 2 >= (
                last.end - last.start
            ):
                last.reason = cut.reason
            last.end = max(last.end, cut.end)
            last.joiner = max(last.joiner, cut.joiner, key=_JOINER_RANK.__getitem__)
        else:
            out.append(Cut(cut.start, cut.end, cut.reason, cut.joiner))
    return out


_OPEN = "([“\"'‘"
_CLOSE_PUNCT = ".,;:!?)]…"


def compose(raw: str, cuts: list[Cut]) -> str:
    """The text left when the cuts are taken out, each replaced by its joiner.

    The raw text is already normalized, so whitespace is only tidied where a cut joins two pieces
    (a pass of regexes over the whole text was slower than all the detectors together)."""
    parts: list[str] = []
    pos = 0
    pending = -1  # rank of the strongest joiner since the last kept piece; -1: none
    for start, end, joiner in [(c.start, c.end, c.joiner) for c in cuts] + [(len(raw), len(raw), "")]:
        piece = raw[pos:start]
        pos = end
        if piece.strip():
            if parts and pending >= 0:
                piece = _join(parts, piece, pending)
            parts.append(piece)
            pending = -1
        elif piece:
            pending = max(pending, 2 if "\n" in piece else 1)
        pending = max(pending, _JOINER_RANK[joiner]) if start < len(raw) else pending
    text = "".join(parts).strip()
    return _EMPTY_LINES.sub("\n\n", text) if "\n\n\n" in text else text


def _join(parts: list[str], piece: str, rank: int) -> str:
    left = parts[-1]
    if rank == 2:
        parts[-1] = left.rstrip()
        parts.append("\n")
        return piece.lstrip()
    if piece[0] in _CLOSE_PUNCT or (piece[0] == " " and piece[1:2] in tuple(_CLOSE_PUNCT)):
        parts[-1] = left.rstrip(" \t")
        return piece.lstrip(" \t")
    if left[-1] in " \t\n":
        return piece.lstrip(" \t")
    if piece[0] in " \t\n" or rank == 0 or left[-1] in "([":
        return piece
    parts.append(" ")
    return piece


_EMPTY_LINES = re.compile(r"\n{3,}")


def to_spans(raw: str, cuts: list[Cut]) -> list[Span]:
    """Public spans: trimmed of surrounding whitespace, offsets into the raw text."""
    spans = []
    for cut in cuts:
        start, end = cut.start, cut.end
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end, raw[start:end], cut.reason))
    return spans

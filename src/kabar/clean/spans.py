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


_SPACES = re.compile(r"[ \t]{2,}|\t")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[.,;:!?)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")
_EMPTY_LINES = re.compile(r"\n{3,}")


def compose(raw: str, cuts: list[Cut]) -> str:
    """The text left when the cuts are taken out, each replaced by its joiner, whitespace tidied."""
    parts: list[str] = []
    pos = 0
    for cut in cuts:
        parts.append(raw[pos : cut.start])
        parts.append(cut.joiner)
        pos = cut.end
    parts.append(raw[pos:])
    text = _SPACES.sub(" ", "".join(parts))
    text = _SPACE_BEFORE_PUNCT.sub("", _SPACE_AFTER_OPEN.sub(r"\1", text))
    lines = [line.strip() for line in text.split("\n")]
    return _EMPTY_LINES.sub("\n\n", "\n".join(line for line in lines if line)).strip()


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

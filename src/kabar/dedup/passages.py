"""Reused passages between two plain-text documents, with character offsets (PAN-style detections).

Used where the texts are documents rather than stored articles (the PAN evaluation, ad-hoc checks):
sentences come from `kabar.lang.segment.split_sentences` with their offsets, so an aligned passage maps
back to characters of the original string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kabar.cluster.vectors import background_idf
from kabar.dedup.align import Features, SentenceIndex, find_passages, make_weight, text_features
from kabar.lang.segment import split_sentences

# A single line break inside a paragraph is a hard wrap (plain-text files wrapped at ~100 columns), not
# a sentence end; replacing it by a space keeps every character offset.
_WRAP = re.compile(r"(?<=\S)\n(?=[ \t]*\S)")


@dataclass(slots=True)
class Document:
    spans: list[tuple[int, int]]  # sentence character offsets
    feats: list[Features]


@dataclass(slots=True)
class ReusedPassage:
    a_offset: int
    a_length: int
    b_offset: int
    b_length: int
    score: float


def document_sentences(text: str) -> Document:
    unwrapped = _WRAP.sub(" ", text)
    spans = split_sentences(unwrapped)
    return Document(spans, [text_features(unwrapped[s:e]) for s, e in spans])


@dataclass(slots=True)
class IndexedDocument:
    """A document ready to be compared with many others (its sentence index is built once)."""

    doc: Document
    index: SentenceIndex


def reuse_index(doc: Document) -> IndexedDocument:
    return IndexedDocument(doc, SentenceIndex(doc.feats, make_weight(background_idf())))


def find_reuse(doc: Document, other: IndexedDocument, **params: float) -> list[ReusedPassage]:
    """Passages of `doc` (side a) reused from the indexed document (side b), in characters."""
    out = []
    for p in find_passages(doc.feats, other.index, **params):  # type: ignore[arg-type]
        a0, a1 = doc.spans[p.a_start][0], doc.spans[p.a_end - 1][1]
        b0, b1 = other.doc.spans[p.b_start][0], other.doc.spans[p.b_end - 1][1]
        out.append(ReusedPassage(a0, a1 - a0, b0, b1 - b0, p.score))
    return out

"""Features of a sentence that say whether it belongs in a summary: general news signals only.

Position (news puts the gist first: the lead, the first paragraphs, a paragraph's first sentence),
length, centrality (cosine to the centroid of the document or of the event) and likeness to the lead,
and the marks of quoted speech, which summaries paraphrase rather than carry. No dataset-specific rules.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from kabar.cluster.vectors import Vector, cosine, normalize_vector

FEATURES = (
    "lead",  # 1 / (1 + position)
    "log_position",
    "relative_position",  # position / number of sentences
    "paragraph_lead",  # 1 / (1 + paragraph index)
    "paragraph_first",  # opens its paragraph
    "log_words",
    "short",  # fewer than 6 words
    "centrality",  # cosine to the centroid
    "lead_similarity",  # cosine to the article's first sentence
    "speech",  # a verb of saying: "kata", "ujarnya"
    "quoted",  # contains a quotation mark
    "digits",
)
_SPEECH = re.compile(
    r"\b(?:kata|ujar|ucap|tutur|ungkap|jelas|tegas|tambah|imbuh|papar|terang|lanjut|sebut)(?:nya)?\b", re.I
)
_QUOTE = re.compile(r"[\"“”]")
_DIGIT = re.compile(r"\d")
# Openers that point back to an earlier sentence ("Hal itu", "Ia", "Selain itu", "Dalam konferensi pers
# tersebut"): fine inside the article, dangling when the sentence stands among other outlets' sentences.
_BACK_REFERENCE = re.compile(
    r"^\W*(?:(?:\w+\s+){0,3}(?:tersebut|itu)\b|(?:ia|dia|mereka|namun|tetapi|selain|sedangkan|adapun)\b)", re.I
)


def centroid(vectors: Sequence[Vector]) -> Vector:
    """L2-normalized sum of the vectors, so `cosine` to it is a cosine (0..1) whatever the length."""
    out: Vector = {}
    for v in vectors:
        for t, w in v.items():
            out[t] = out.get(t, 0.0) + w
    return normalize_vector(out)


def sentence_features(texts: Sequence[str], paragraph_of: Sequence[int], vectors: Sequence[Vector],
                      center: Vector) -> np.ndarray:
    """One row per sentence of one article (in order), columns as FEATURES."""
    n = len(texts)
    rows = np.zeros((n, len(FEATURES)))
    lead_vec = vectors[0] if vectors else {}
    for i, text in enumerate(texts):
        words = len(text.split())
        para = paragraph_of[i]
        rows[i] = (
            1.0 / (1 + i),
            math.log1p(i),
            i / n,
            1.0 / (1 + para),
            float(i == 0 or paragraph_of[i - 1] != para),
            math.log1p(words),
            float(words < 6),
            cosine(vectors[i], center),
            1.0 if i == 0 else cosine(vectors[i], lead_vec),
            float(bool(_SPEECH.search(text))),
            float(bool(_QUOTE.search(text))),
            float(bool(_DIGIT.search(text))),
        )
    return rows


def opens_with_back_reference(text: str) -> bool:
    return bool(_BACK_REFERENCE.match(text))


def paragraphs_of(text: str, starts: Sequence[int]) -> list[int]:
    """Paragraph index of each sentence (by start offset): a line break between two sentences starts a
    new paragraph."""
    out = []
    para = 0
    last = 0
    for s in starts:
        if out and "\n" in text[last:s]:
            para += 1
        out.append(para)
        last = s
    return out

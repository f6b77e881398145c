"""Which sentences of different articles say the same thing: TF-IDF cosine of stemmed content words.

Shared by drift detection (compare a statement with its rewrites) and the cited summaries (a statement
carried by five outlets is one summary sentence citing all five).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from kabar.cluster.vectors import Vector, tfidf
from kabar.dedup.align import align_sentences
from kabar.lang.stem import sentence_terms
from kabar.model import Sentence

SAME_SENTENCE = 0.6  # cosine at which two sentences count as one statement


def sentence_vector(text: str) -> Vector:
    return tfidf(list(sentence_terms(text)))


def aligned(a: str, b: str) -> bool:
    """The dedup stage's sentence alignment pairs the two sentences: a second opinion on "same
    statement" that weighs every shared word, so two sentences that share only a few heavy names
    ("suku bunga acuan BI") do not pass, as they can under TF-IDF cosine."""
    return bool(align_sentences([Sentence(0, len(a), a)], [Sentence(0, len(b), b)]))


def cosine_matrix(vectors: Sequence[Vector]) -> sparse.csr_matrix:
    """Sparse cosine matrix of L2-normalized vectors (vectors x vectors)."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(w)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(vectors), max(1, len(vocab))))
    return (x @ x.T).tocsr()


def similar_pairs(vectors: Sequence[Vector], groups: Sequence[int], threshold: float = SAME_SENTENCE
                  ) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j, in different groups (articles), at least `threshold` similar."""
    sim = cosine_matrix(vectors).tocoo()
    g = np.asarray(groups)
    keep = (sim.row < sim.col) & (sim.data >= threshold - 1e-9) & (g[sim.row] != g[sim.col])
    return sorted(zip(sim.row[keep].tolist(), sim.col[keep].tolist(), sim.data[keep].tolist(), strict=True))

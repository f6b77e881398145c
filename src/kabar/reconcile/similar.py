"""Which sentences of different articles say the same thing: TF-IDF cosine of stemmed content words.

Shared by drift detection (compare a statement with its rewrites) and the cited summaries (a statement
carried by five outlets is one summary sentence citing all five).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from kabar.cluster.vectors import Vector, dense_matrix, tfidf
from kabar.dedup.align import align_sentences
from kabar.lang.stem import sentence_terms
from kabar.model import Sentence

SAME_SENTENCE = 0.6  # cosine at which two sentences count as one statement


@lru_cache(maxsize=50_000)
def sentence_vector(text: str) -> Vector:
    """TF-IDF vector of a sentence. Cached: an event's analysis asks for each sentence several times
    (summary, drift, fact context), and re-analysis after a new member asks again. Do not mutate it."""
    return tfidf(list(sentence_terms(text)))


def aligned(a: str, b: str) -> bool:
    """The dedup stage's sentence alignment pairs the two sentences: a second opinion on "same
    statement" that weighs every shared word, so two sentences that share only a few heavy names
    ("suku bunga acuan BI") do not pass, as they can under TF-IDF cosine."""
    return bool(align_sentences([Sentence(0, len(a), a)], [Sentence(0, len(b), b)]))


DENSE_CELLS = 2_000_000  # below this many vectors x vocabulary cells, a dense product beats scipy's set-up


def cosine_matrix(vectors: Sequence[Vector]) -> np.ndarray:
    """Dense cosine matrix of L2-normalized vectors (vectors x vectors).

    Most calls are one event's few dozen sentences, where building a scipy matrix costs more than the
    product: those are multiplied densely; large ones go through a sparse product."""
    n_terms = len(set().union(*vectors)) if vectors else 0
    if len(vectors) * max(1, n_terms) <= DENSE_CELLS:
        x = dense_matrix(vectors)
        return x @ x.T
    from sklearn.feature_extraction import DictVectorizer  # rare: spare every run sklearn's import

    xs = DictVectorizer(sort=False).fit_transform(vectors)
    return (xs @ xs.T).toarray()


def similar_pairs(vectors: Sequence[Vector], groups: Sequence[int], threshold: float = SAME_SENTENCE
                  ) -> list[tuple[int, int, float]]:
    """(i, j, cosine) with i < j, in different groups (articles), at least `threshold` similar."""
    if len(set(groups)) < 2:
        return []  # one article: nothing to compare across
    sim = cosine_matrix(vectors)
    g = np.asarray(groups)
    rows, cols = np.nonzero(np.triu(sim >= threshold - 1e-9, k=1) & (g[:, None] != g[None, :]))
    return sorted(zip(rows.tolist(), cols.tolist(), sim[rows, cols].tolist(), strict=True))

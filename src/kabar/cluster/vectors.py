"""Sparse TF-IDF vectors of stemmed terms, weighted by background document frequencies.

Online clustering sees few documents at first, so IDF comes from the unlabeled corpus shipped as
`resources/idf_id.json.gz` (built by tools/build_idf.py); a term never seen there counts as rare.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

import numpy as np

Vector = dict[str, float]


@cache
def _background_df() -> dict:
    with resources.files("kabar.resources").joinpath("idf_id.json.gz").open("rb") as raw:
        return json.load(gzip.open(raw, "rt", encoding="utf-8"))


@cache
def background_idf() -> dict[str, float]:
    data = _background_df()
    n = data["documents"]
    return {t: math.log((n + 1) / (df + 1)) + 1.0 for t, df in data["df"].items()}


@cache
def unseen_idf() -> float:
    idf = background_idf()
    return max(idf.values()) if idf else 10.0


class OnlineIdf:
    """IDF from the background corpus plus the documents seen so far in this stream.

    A term the background never saw (English words, new names) starts rare and becomes common as the
    stream repeats it, so the weights adapt to other languages and to news that breaks after 2019.

    The weights are those of the counts at the last multiple of REFRESH documents (cached in between): a
    function of the stream alone, so placement resumed from saved counts (a `kabar watch` poll, an ingest)
    weighs terms as one pass does, given `pending`, the counts of the documents since that refresh.
    (A weight computed when the term was first asked for after a refresh depended on when the process
    had started: placed in polls of 25, dev story pairwise F1 was 0.809 against 0.812 in one pass even
    with whole stored states. Weights always current, without the lag, raised the shipped model's dev
    story F1 but lowered WikiRef story NMI (0.799 -> 0.778) and the retrained CV (0.873 -> 0.806), so
    the lag stays.)
    """

    REFRESH = 256

    def __init__(self) -> None:
        data = _background_df()
        self.bg_df: dict[str, int] = data["df"]
        self.bg_n: int = data["documents"]
        self.df: Counter[str] = Counter()
        self.n = 0
        self.pending: Counter[str] = Counter()  # df of the documents since the last refresh
        self._cache: dict[str, float] = {}

    def add(self, terms: Iterable[str]) -> None:
        new = set(terms)
        self.df.update(new)
        self.n += 1
        if self.n % self.REFRESH == 0:
            self.pending.clear()
            self._cache.clear()
        else:
            self.pending.update(new)

    def restore(self, n: int, df: dict[str, int], pending: dict[str, int] | None) -> None:
        """The counts an earlier pass saved. Without `pending` (a store from before it was saved) the
        weights are those of all `n` documents until the next refresh."""
        self.n, self.df, self.pending = n, Counter(df), Counter(pending or {})
        self._cache.clear()

    def get(self, term: str, default: float | None = None) -> float:
        w = self._cache.get(term)
        if w is None:
            refreshed = self.n - self.n % self.REFRESH
            w = math.log((self.bg_n + refreshed + 1) / (self.bg_df.get(term, 0) + self.df[term] - self.pending[term] + 1)) + 1.0
            self._cache[term] = w
        return w


def heaviest_terms(vec: Vector, n: int) -> list[str]:
    """The `n` terms of largest weight, heaviest first (ties in the vector's order); all of them, in the
    vector's order, if it has no more than `n`."""
    if len(vec) <= n:
        return list(vec)
    # what heapq.nlargest(n, vec, key=vec.__getitem__) gives (its documented equivalent), ~3x faster here:
    # vectors have a few hundred terms, and sorted() compares in C
    return sorted(vec, key=vec.__getitem__, reverse=True)[:n]


def heaviest(vec: Vector, n: int) -> Vector:
    """The vector cut to its `n` heaviest terms (see `heaviest_terms`)."""
    return {t: vec[t] for t in heaviest_terms(vec, n)}


def tfidf(terms: list[str], max_terms: int = 150, idf: OnlineIdf | None = None) -> Vector:
    """L2-normalized TF-IDF (sublinear tf) of the terms, keeping the `max_terms` heaviest."""
    if not terms:
        return {}
    if idf is None:
        table, rare = background_idf(), unseen_idf()
        weights = {t: (1.0 + math.log(c)) * table.get(t, rare) for t, c in Counter(terms).items()}
    else:
        weights = {t: (1.0 + math.log(c)) * idf.get(t) for t, c in Counter(terms).items()}
    if len(weights) > max_terms:
        weights = heaviest(weights, max_terms)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two L2-normalized vectors (or of any two, if `normalize_vector` was applied)."""
    if len(a) > len(b):
        a, b = b, a
    # The key-set intersection runs in C: four times faster than a generator of b.get over a's terms, and
    # this is the innermost loop of placement. Its order follows the process's hash seed, so the sum is
    # fsum's (exactly rounded, the same in any order): with sum, the last bits, and so ties between
    # candidates, changed from run to run (6 of 7,975 articles were placed differently).
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()])


def normalize_vector(v: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in v.values()))
    return {t: w / norm for t, w in v.items()} if norm else {}


def add_into(acc: Vector, v: Vector, max_terms: int = 300) -> Vector:
    """Sum `v` into the centroid accumulator `acc`, keeping its `max_terms` heaviest terms."""
    for t, w in v.items():
        acc[t] = acc.get(t, 0.0) + w
    if len(acc) > max_terms * 2:
        acc = heaviest(acc, max_terms)
    return acc


def dense_matrix(vectors: Sequence[Vector]) -> np.ndarray:
    """The vectors as rows of a dense array over their joint vocabulary (for few vectors: sentences of an
    event, members of one event)."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(w)
    x = np.zeros((len(vectors), max(1, len(vocab))))
    x[rows, cols] = vals
    return x

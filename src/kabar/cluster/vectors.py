"""Sparse TF-IDF vectors of stemmed terms, weighted by background document frequencies.

Online clustering sees few documents at first, so IDF comes from the unlabeled corpus shipped as
`resources/idf_id.json.gz` (built by tools/build_idf.py); a term never seen there counts as rare.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from functools import cache
from importlib import resources

Vector = dict[str, float]


@cache
def background_idf() -> dict[str, float]:
    with resources.files("kabar.resources").joinpath("idf_id.json.gz").open("rb") as raw:
        data = json.load(gzip.open(raw, "rt", encoding="utf-8"))
    n = data["documents"]
    return {t: math.log((n + 1) / (df + 1)) + 1.0 for t, df in data["df"].items()}


@cache
def unseen_idf() -> float:
    idf = background_idf()
    return max(idf.values()) if idf else 10.0


def tfidf(terms: list[str], max_terms: int = 150) -> Vector:
    """L2-normalized TF-IDF (sublinear tf) of the terms, keeping the `max_terms` heaviest."""
    if not terms:
        return {}
    idf = background_idf()
    rare = unseen_idf()
    weights = {t: (1.0 + math.log(c)) * idf.get(t, rare) for t, c in Counter(terms).items()}
    if len(weights) > max_terms:
        weights = dict(sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:max_terms])
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two L2-normalized vectors (or of any two, if `normalize_vector` was applied)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def normalize_vector(v: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in v.values()))
    return {t: w / norm for t, w in v.items()} if norm else {}


def add_into(acc: Vector, v: Vector, max_terms: int = 300) -> Vector:
    """Sum `v` into the centroid accumulator `acc`, keeping its `max_terms` heaviest terms."""
    for t, w in v.items():
        acc[t] = acc.get(t, 0.0) + w
    if len(acc) > max_terms * 2:
        acc = dict(sorted(acc.items(), key=lambda kv: kv[1], reverse=True)[:max_terms])
    return acc

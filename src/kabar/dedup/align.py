"""Sentence alignment between two articles that tolerates rewording, reordering and dropped sentences.

Each sentence becomes a set of stemmed content words (names included) plus its numbers; pairs are
scored by a weighted overlap (rare words count more) and aligned greedily one-to-one, best first.
Hand-written: the sentence-level monolingual alignment needed here is a few lines over our own
tokenization, and libraries for it target parallel (bilingual) corpora.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kabar.lang.stem import sentence_terms
from kabar.model import Sentence

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MIN_SIM = 0.6
NUMBER_WEIGHT = 4.0
RARE_WEIGHT = 8.0


@dataclass(slots=True)
class AlignedPair:
    a: int
    b: int
    score: float


def sentence_features(s: Sentence) -> frozenset[str]:
    feats = set(sentence_terms(s.text))
    feats.update("#" + n.replace(".", "").replace(",", ".") for n in _NUMBER.findall(s.text))
    return frozenset(feats)


def align_sentences(
    a: list[Sentence], b: list[Sentence], idf: dict[str, float] | None = None, min_sim: float = MIN_SIM
) -> list[AlignedPair]:
    """One-to-one alignment of sentences of `a` to sentences of `b`, pairs sorted by position in `a`."""
    fa = [sentence_features(s) for s in a]
    fb = [sentence_features(s) for s in b]
    def weight(t: str) -> float:
        if t.startswith("#"):
            return NUMBER_WEIGHT  # a figure is as telling as a fairly rare word
        return idf.get(t, RARE_WEIGHT) if idf else 1.0

    wa = [sum(weight(t) for t in f) for f in fa]
    wb = [sum(weight(t) for t in f) for f in fb]
    index: dict[str, list[int]] = {}
    for j, f in enumerate(fb):
        for t in f:
            index.setdefault(t, []).append(j)
    candidates: list[tuple[float, int, int]] = []
    for i, f in enumerate(fa):
        if len(f) < 3:
            continue
        shared: dict[int, float] = {}
        for t in f:
            for j in index.get(t, ()):
                shared[j] = shared.get(j, 0.0) + weight(t)
        for j, w in shared.items():
            if len(fb[j]) < 3:
                continue
            # Dice over weights: symmetric, 1.0 for identical sentences.
            score = 2 * w / (wa[i] + wb[j])
            if score >= min_sim:
                candidates.append((score, i, j))
    candidates.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(AlignedPair(i, j, round(score, 3)))
    return sorted(pairs, key=lambda p: p.a)


def order_agreement(pairs: list[AlignedPair]) -> float:
    """Kendall-style share of aligned pairs in the same order in both texts (1.0 = no reordering)."""
    if len(pairs) < 2:
        return 1.0
    bs = [p.b for p in pairs]
    agree = sum(1 for i in range(len(bs)) for j in range(i + 1, len(bs)) if bs[i] < bs[j])
    return agree / math.comb(len(bs), 2)

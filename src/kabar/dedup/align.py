"""Sentence alignment between two texts that tolerates rewording, reordering and dropped sentences.

Each sentence becomes a set of stemmed content words (names included) plus its numbers; two sentences
are scored by a Dice overlap in which rare words weigh more (background IDF) and a figure weighs as
much as a fairly rare word. Two uses:

- `align_sentences`: a one-to-one alignment (best pairs first), then gap filling: a weaker pair that
  sits in order between two strong ones is accepted, because a rewrite keeps the original's order and
  rewords some sentences more than others.
- `find_passages`: many-to-many seeds grouped into passages (seed and extend, as in the PAN
  text-reuse detectors of Sanchez-Perez et al. 2014): a passage is a run of nearby seeds in both texts
  whose pooled words agree. It finds reuse inside long documents, where a copied passage is a small
  part of either side.

Hand-written: monolingual sentence alignment over our own Indonesian tokenization is a few loops over
an inverted index; the alignment libraries found target bilingual parallel corpora.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kabar.lang.stem import sentence_terms
from kabar.model import Sentence

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
MIN_SIM = 0.6  # a pair this close is a copy of the sentence whatever its neighbours
GAP_SIM = 0.4  # a weaker pair is accepted between two aligned neighbours, in order
NUMBER_WEIGHT = 4.0
RARE_WEIGHT = 8.0
MIN_FEATURES = 3  # shorter sentences (datelines, "(bbn)") say nothing about copying

Features = frozenset[str]
Weight = Callable[[str], float]


@dataclass(slots=True)
class AlignedPair:
    a: int
    b: int
    score: float


@dataclass(slots=True)
class Passage:
    """Sentences [a_start, a_end) of one text reused as sentences [b_start, b_end) of the other."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float  # weighted Dice of the pooled words of both sides
    pairs: list[AlignedPair] = field(default_factory=list)


# Bounded to about the sentences of the articles placement keeps at hand (engine.RecentArticles): at
# 200,000 entries this cache alone held ~150 MB late in a large run, for few hits on old sentences.
@lru_cache(maxsize=50_000)
def text_features(text: str) -> Features:
    feats = set(sentence_terms(text))
    feats.update("#" + n.replace(".", "").replace(",", ".") for n in _NUMBER.findall(text))
    return frozenset(feats)


def sentence_features(s: Sentence) -> Features:
    return text_features(s.text)


def make_weight(idf: dict[str, float] | None) -> Weight:
    def weight(t: str) -> float:
        if t.startswith("#"):
            return NUMBER_WEIGHT  # a figure is as telling as a fairly rare word
        return idf.get(t, RARE_WEIGHT) if idf else 1.0

    return weight


class SentenceIndex:
    """Inverted index of one text's sentence features, queried with the other's sentences. Build it once
    per text when that text is compared with many others."""

    def __init__(self, feats: Sequence[Features], weight: Weight) -> None:
        self.feats = list(feats)
        self.weight = weight
        self.mass = [math.fsum([weight(t) for t in f]) for f in self.feats]
        self.postings: dict[str, list[int]] = {}
        for j, f in enumerate(self.feats):
            if len(f) >= MIN_FEATURES:
                for t in f:
                    self.postings.setdefault(t, []).append(j)

    def scores(self, f: Features, min_sim: float) -> list[tuple[float, int]]:
        """(Dice, j) of the indexed sentences at least `min_sim` close to the feature set `f`."""
        if len(f) < MIN_FEATURES:
            return []
        # Weights are summed with fsum (exact, so in any order): a set's order follows the process's hash
        # seed, and with plain sums two equally close sentences won in turn from run to run (regression
        # test: tests/dedup/test_align_hash_seed.py).
        shared: dict[int, list[float]] = {}
        for t in f:
            post = self.postings.get(t)
            if post:
                w = self.weight(t)
                for j in post:
                    if j in shared:
                        shared[j].append(w)
                    else:
                        shared[j] = [w]
        if not shared:
            return []
        mass = math.fsum([self.weight(t) for t in f])
        out = []
        for j, ws in shared.items():
            score = 2 * math.fsum(ws) / (mass + self.mass[j])  # Dice over weights: 1.0 for identical sentences
            if score >= min_sim:
                out.append((score, j))
        return out


def similar_pairs(fa: Sequence[Features], index: SentenceIndex, min_sim: float) -> list[tuple[float, int, int]]:
    """All (score, i, j) with sentence i of `fa` at least `min_sim` close to indexed sentence j."""
    return [(s, i, j) for i, f in enumerate(fa) for s, j in index.scores(f, min_sim)]


def align_sentences(
    a: list[Sentence], b: list[Sentence], idf: dict[str, float] | None = None, min_sim: float = MIN_SIM,
    gap_sim: float = GAP_SIM,
) -> list[AlignedPair]:
    """One-to-one alignment of sentences of `a` to sentences of `b`, pairs sorted by position in `a`."""
    fa = [sentence_features(s) for s in a]
    fb = [sentence_features(s) for s in b]
    return align_features(fa, SentenceIndex(fb, make_weight(idf)), min_sim, gap_sim)


def align_features(fa: Sequence[Features], index: SentenceIndex, min_sim: float = MIN_SIM,
                   gap_sim: float = GAP_SIM) -> list[AlignedPair]:
    candidates = similar_pairs(fa, index, min(min_sim, gap_sim))
    candidates.sort(reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[AlignedPair] = []
    for score, i, j in candidates:
        if score < min_sim:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(AlignedPair(i, j, round(score, 3)))
    if pairs and gap_sim < min_sim:
        pairs += _fill_gaps(pairs, candidates, used_a, used_b, min_sim)
    return sorted(pairs, key=lambda p: p.a)


def _fill_gaps(strong: list[AlignedPair], candidates: list[tuple[float, int, int]], used_a: set[int],
               used_b: set[int], min_sim: float) -> list[AlignedPair]:
    """Weaker pairs that fall strictly inside the order of two strong neighbours no more than 3
    sentences away on either side (or just after the last / before the first)."""
    anchors = sorted((p.a, p.b) for p in strong)
    added: list[AlignedPair] = []
    for score, i, j in candidates:  # best first
        if score >= min_sim or i in used_a or j in used_b:
            continue
        before = max((x for x in anchors if x[0] < i), default=None)
        after = min((x for x in anchors if x[0] > i), default=None)
        ok_before = before is not None and before[1] < j and i - before[0] <= 3 and j - before[1] <= 3
        ok_after = after is not None and after[1] > j and after[0] - i <= 3 and after[1] - j <= 3
        if before is not None and before[1] > j or after is not None and after[1] < j:
            continue  # out of order with a neighbour: not a rewrite of this sentence
        if ok_before or ok_after:
            used_a.add(i)
            used_b.add(j)
            added.append(AlignedPair(i, j, round(score, 3)))
            anchors.append((i, j))
            anchors.sort()
    return added


def find_passages(
    fa: Sequence[Features], index: SentenceIndex, *, seed_sim: float = 0.33, gap: int = 4,
    passage_sim: float = 0.45, min_mass: float = 40.0, single_sim: float = 0.6,
) -> list[Passage]:
    """Passages of `fa` reused in the indexed text.

    Seeds are sentence pairs at least `seed_sim` close (0.33, as Sanchez-Perez et al.); seeds no more
    than `gap` sentences apart on both sides join one group (single linkage), lone weak seeds are dropped,
    and groups whose sentence ranges come within `gap` of each other on both sides are merged (a shuffled
    passage). A group is kept when its shared words weigh at least `min_mass` (about five rare words)
    and either the weighted Dice of its pooled words is at least `passage_sim` or its best pair is at
    least `single_sim` close. `gap` = 4 was chosen among 3, 4 and 5 on the PAN corpus (granularity).
    """
    seeds = sorted(similar_pairs(fa, index, seed_sim), key=lambda s: (s[1], s[2]))
    groups = _group_seeds(seeds, gap, single_sim)
    out: list[Passage] = []
    for g in groups:
        a0, a1 = min(s[1] for s in g), max(s[1] for s in g) + 1
        b0, b1 = min(s[2] for s in g), max(s[2] for s in g) + 1
        pa = frozenset().union(*fa[a0:a1])
        pb = frozenset().union(*index.feats[b0:b1])
        shared = math.fsum([index.weight(t) for t in pa & pb])  # fsum: the same in any set order
        total = math.fsum([index.weight(t) for t in pa]) + math.fsum([index.weight(t) for t in pb])
        score = 2 * shared / total if total else 0.0
        best = max(s[0] for s in g)
        if shared < min_mass:
            continue
        if (a1 - a0 == 1 or b1 - b0 == 1) and len(g) == 1 and best < single_sim:
            continue
        if score < passage_sim and best < single_sim:
            continue
        pairs = [AlignedPair(i, j, round(s, 3)) for s, i, j in g]
        out.append(Passage(a0, a1, b0, b1, round(score, 3), pairs))
    return out


def _group_seeds(seeds: list[tuple[float, int, int]], gap: int, single_sim: float
                 ) -> list[list[tuple[float, int, int]]]:
    """Single-linkage groups of seeds within `gap` sentences of each other on both sides."""
    parent = list(range(len(seeds)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k, (_, i, j) in enumerate(seeds):  # seeds are sorted by i, so look back only while i is close
        m = k - 1
        while m >= 0 and i - seeds[m][1] <= gap:
            if abs(j - seeds[m][2]) <= gap:
                parent[find(k)] = find(m)
            m -= 1
    groups: dict[int, list[tuple[float, int, int]]] = {}
    for k, s in enumerate(seeds):
        groups.setdefault(find(k), []).append(s)
    # A lone weak seed is noise (two sentences sharing a few words); left in, it would stretch a
    # neighbouring passage over text that was not reused.
    kept = [g for g in groups.values() if len(g) > 1 or g[0][0] >= single_sim]
    return _merge_ranges(kept, gap)


def _merge_ranges(groups: list[list[tuple[float, int, int]]], gap: int) -> list[list[tuple[float, int, int]]]:
    """Join groups whose sentence ranges are within `gap` of each other on both sides: a shuffled or
    reworded passage leaves seeds that are far apart pairwise but whose ranges interleave."""

    def span(g: list[tuple[float, int, int]]) -> tuple[int, int, int, int]:
        return min(s[1] for s in g), max(s[1] for s in g), min(s[2] for s in g), max(s[2] for s in g)

    def near(x: tuple[int, int, int, int], y: tuple[int, int, int, int]) -> bool:
        return max(x[0], y[0]) - min(x[1], y[1]) <= gap and max(x[2], y[2]) - min(x[3], y[3]) <= gap

    merged = True
    while merged and len(groups) > 1:
        merged = False
        out: list[list[tuple[float, int, int]]] = []
        spans: list[tuple[int, int, int, int]] = []
        for g in sorted(groups, key=lambda g: span(g)[0]):
            sg = span(g)
            for k, sh in enumerate(spans):
                if near(sg, sh):
                    out[k].extend(g)
                    spans[k] = span(out[k])
                    merged = True
                    break
            else:
                out.append(g)
                spans.append(sg)
        groups = out
    return groups


def order_agreement(pairs: list[AlignedPair]) -> float:
    """Kendall-style share of aligned pairs in the same order in both texts (1.0 = no reordering)."""
    if len(pairs) < 2:
        return 1.0
    bs = [p.b for p in sorted(pairs, key=lambda p: p.a)]
    agree = sum(1 for i in range(len(bs)) for j in range(i + 1, len(bs)) if bs[i] < bs[j])
    return agree / math.comb(len(bs), 2)

"""Scores behind `kabar eval`: clustering (BCubed, pairwise, NMI), PAN text reuse (document pairs and
character-level precision/recall/granularity/plagdet) and ROUGE.

All functions are pure. Empty-denominator convention, used everywhere so numbers are comparable: a
ratio whose denominator is 0 is 1.0 when its numerator side is empty too (nothing to find, nothing
found) and 0.0 otherwise. This is the convention of the PAN09 reference script.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rouge_score.rouge_scorer import RougeScorer

NONE_LABEL = "NONE"  # gold label for "not a news event": excluded from scoring


class PRF(NamedTuple):
    precision: float
    recall: float
    f1: float


def _ratio(num: float, den: float, other_empty: bool) -> float:
    if den:
        return num / den
    return 1.0 if other_empty else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(tp: int, n_pred: int, n_gold: int) -> PRF:
    """Precision/recall/F1 from counts, with the module's empty-denominator convention."""
    p = _ratio(tp, n_pred, n_gold == 0)
    r = _ratio(tp, n_gold, n_pred == 0)
    return PRF(p, r, _f1(p, r))


# --------------------------------------------------------------------------------------- clustering

Labels = Mapping[str, Hashable]


def _aligned(gold: Labels, pred: Labels, ignore: Iterable[Hashable]) -> list[tuple[Hashable, Hashable]]:
    """(gold, pred) label per scored id. Scored ids are those with a gold label not in `ignore`; ids
    the prediction lacks count as singletons (an unplaced article is a cluster of its own), and
    predicted ids without gold are ignored."""
    skip = set(ignore)
    out = []
    for i, g in gold.items():
        if g is None or g in skip:
            continue
        out.append((g, pred[i] if i in pred else ("__missing__", i)))
    return out


def bcubed(gold: Labels, pred: Labels, ignore: Iterable[Hashable] = (NONE_LABEL,)) -> PRF:
    """BCubed precision/recall (Bagga & Baldwin 1998; Amigó et al. 2009): per item, the share of its
    predicted cluster that shares its gold class (P) and of its gold class that shares its predicted
    cluster (R), averaged over items; F1 is the harmonic mean of the two averages."""
    pairs = _aligned(gold, pred, ignore)
    if not pairs:
        return PRF(1.0, 1.0, 1.0)
    cell = Counter(pairs)
    gsize = Counter(g for g, _ in pairs)
    psize = Counter(p for _, p in pairs)
    # Every item in a (gold, pred) cell has the same per-item scores: sum per cell, weighted by its size.
    p = sum(n * n / psize[pc] for (_, pc), n in cell.items()) / len(pairs)
    r = sum(n * n / gsize[gc] for (gc, _), n in cell.items()) / len(pairs)
    return PRF(p, r, _f1(p, r))


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: Labels, pred: Labels, ignore: Iterable[Hashable] = (NONE_LABEL,)) -> PRF:
    """Pairwise P/R/F1 over unordered item pairs: a pair is positive when both items share a cluster.
    Putting every item alone predicts no pair: P=0, R=0 (unless gold has no pair either)."""
    pairs = _aligned(gold, pred, ignore)
    tp = sum(_pairs(n) for n in Counter(pairs).values())
    n_pred = sum(_pairs(n) for n in Counter(p for _, p in pairs).values())
    n_gold = sum(_pairs(n) for n in Counter(g for g, _ in pairs).values())
    return prf(tp, n_pred, n_gold)


def nmi(gold: Labels, pred: Labels, ignore: Iterable[Hashable] = (NONE_LABEL,)) -> float:
    """Normalized mutual information (scikit-learn, arithmetic normalization) over the scored ids."""
    from sklearn.metrics import normalized_mutual_info_score

    pairs = _aligned(gold, pred, ignore)
    if not pairs:
        return 1.0
    # sklearn wants comparable labels: map each label to an int first (labels may be mixed types).
    gmap: dict[Hashable, int] = {}
    pmap: dict[Hashable, int] = {}
    g = [gmap.setdefault(a, len(gmap)) for a, _ in pairs]
    p = [pmap.setdefault(b, len(pmap)) for _, b in pairs]
    return float(normalized_mutual_info_score(g, p))


def clustering_scores(
    gold: Labels, pred: Labels, ignore: Iterable[Hashable] = (NONE_LABEL,)
) -> dict[str, float]:
    """All clustering numbers for one labeling level, flat, for reports and JSON."""
    ignore = tuple(ignore)
    b = bcubed(gold, pred, ignore)
    pw = pairwise(gold, pred, ignore)
    pairs = _aligned(gold, pred, ignore)
    return {
        "n": len(pairs),
        "gold_clusters": len({g for g, _ in pairs}),
        "pred_clusters": len({p for _, p in pairs}),
        "bcubed_p": b.precision,
        "bcubed_r": b.recall,
        "bcubed_f1": b.f1,
        "pairwise_p": pw.precision,
        "pairwise_r": pw.recall,
        "pairwise_f1": pw.f1,
        "nmi": nmi(gold, pred, ignore),
    }


# ---------------------------------------------------------------------------------------- text reuse

# A plagiarism case or detection: (susp_doc, susp_offset, susp_len, src_doc, src_offset, src_len).
# Longer tuples (e.g. datasets.PlagCase, which adds kind and obfuscation) are accepted: only the first
# six fields are read.
Case = tuple[str, int, int, str, int, int]


class PanScores(NamedTuple):
    precision: float
    recall: float
    granularity: float
    plagdet: float


def _case(c: Sequence) -> Case:
    return (str(c[0]), int(c[1]), int(c[2]), str(c[3]), int(c[4]), int(c[5]))


def document_pair_prf(gold: Iterable[Sequence], detected: Iterable[Sequence]) -> PRF:
    """P/R/F1 over (suspicious doc, source doc) pairs: did we find *which* document reused *which*.
    Items are (susp, src) pairs or cases (whose first and fourth fields are the two documents)."""

    def pairset(items: Iterable[Sequence]) -> set[tuple[str, str]]:
        return {(str(x[0]), str(x[3] if len(x) >= 6 else x[1])) for x in items}

    g, d = pairset(gold), pairset(detected)
    return prf(len(g & d), len(d), len(g))


def _overlap(a0: int, alen: int, b0: int, blen: int) -> tuple[int, int] | None:
    lo, hi = max(a0, b0), min(a0 + alen, b0 + blen)
    return (lo, hi) if lo < hi else None


def _detects(case: Case, det: Case) -> bool:
    """PAN external-detection overlap: same documents and overlapping passages on *both* sides."""
    return (
        case[0] == det[0]
        and case[3] == det[3]
        and _overlap(case[1], case[2], det[1], det[2]) is not None
        and _overlap(case[4], case[5], det[4], det[5]) is not None
    )


def _union_len(spans: Iterable[tuple[int, int]]) -> int:
    total, end = 0, None
    for lo, hi in sorted(spans):
        if end is None or lo >= end:
            total += hi - lo
            end = hi
        elif hi > end:
            total += hi - end
            end = hi
    return total


def _by_pair(items: Iterable[Case]) -> dict[tuple[str, str], list[Case]]:
    index: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for x in items:
        index[(x[0], x[3])].append(x)
    return index


def _macro_recall(cases: list[Case], dets: list[Case]) -> float:
    """Mean over cases of the share of the case's characters (suspicious + source passage) covered by
    detections that detect it; macro precision is the same with the roles swapped."""
    if not cases and not dets:
        return 1.0
    if not cases or not dets:
        return 0.0
    index = _by_pair(dets)
    total = 0.0
    for c in cases:
        hits = [d for d in index.get((c[0], c[3]), ()) if _detects(c, d)]
        this = _union_len(o for d in hits if (o := _overlap(c[1], c[2], d[1], d[2])))
        src = _union_len(o for d in hits if (o := _overlap(c[4], c[5], d[4], d[5])))
        size = c[2] + c[5]
        total += (this + src) / size if size else 0.0
    return total / len(cases)


def _char_count(items: Iterable[Case]) -> int:
    """Characters covered, overlaps counted once, suspicious and source sides added."""
    this: dict[str, list[tuple[int, int]]] = defaultdict(list)
    src: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for x in items:
        this[x[0]].append((x[1], x[1] + x[2]))
        src[x[3]].append((x[4], x[4] + x[5]))
    return sum(_union_len(v) for v in this.values()) + sum(_union_len(v) for v in src.values())


def _micro(cases: list[Case], dets: list[Case]) -> tuple[float, float]:
    if not cases and not dets:
        return 1.0, 1.0
    if not cases or not dets:
        return 0.0, 0.0
    index = _by_pair(dets)
    true_parts: list[Case] = []
    for c in cases:
        for d in index.get((c[0], c[3]), ()):
            if _detects(c, d):
                t = _overlap(c[1], c[2], d[1], d[2])
                s = _overlap(c[4], c[5], d[4], d[5])
                assert t and s
                true_parts.append((c[0], t[0], t[1] - t[0], c[3], s[0], s[1] - s[0]))
    found = _char_count(true_parts)
    return found / _char_count(dets), found / _char_count(cases)


def pan_granularity(cases: Iterable[Sequence], detections: Iterable[Sequence]) -> float:
    """Mean number of detections per detected case (1.0 is ideal; 1.0 when nothing is detected)."""
    cs = [_case(c) for c in cases]
    index = _by_pair(_case(d) for d in detections)
    counts = [sum(_detects(c, d) for d in index.get((c[0], c[3]), ())) for c in cs]
    hit = [n for n in counts if n]
    return sum(hit) / len(hit) if hit else 1.0


def plagdet_score(precision: float, recall: float, granularity: float) -> float:
    """F1 / log2(1 + granularity)."""
    if precision <= 0 and recall <= 0 or granularity < 1:
        return 0.0
    return _f1(precision, recall) / math.log2(1 + granularity)


def pan_scores(
    cases: Iterable[Sequence], detections: Iterable[Sequence], average: str = "macro"
) -> PanScores:
    """PAN character-level measures (Potthast, Stein, Barrón-Cedeño & Rosso, COLING 2010).

    A detection r detects a case s when both concern the same suspicious and source document and their
    passages overlap on both sides; a case's characters are those of its suspicious *and* its source
    passage. `average="macro"` (the PAN competitions' default) averages per case (recall) and per
    detection (precision); `"micro"` pools characters. Same semantics as the PAN09 reference script.
    """
    cs = [_case(c) for c in cases]
    ds = [_case(d) for d in detections]
    if average == "macro":
        rec, prec = _macro_recall(cs, ds), _macro_recall(ds, cs)
    elif average == "micro":
        prec, rec = _micro(cs, ds)
    else:
        raise ValueError(f"average must be 'macro' or 'micro', not {average!r}")
    gran = pan_granularity(cs, ds)
    return PanScores(prec, rec, gran, plagdet_score(prec, rec, gran))


# --------------------------------------------------------------------------------------------- ROUGE

_EDGE_PUNCT = re.compile(r"^\W+|\W+$")


class IndonesianTokenizer:
    """Lowercase, split on whitespace, strip punctuation at both ends of each token, drop what is left
    empty. Unlike rouge-score's default tokenizer it keeps non-ASCII letters and intra-word hyphens and
    dots ("dicari-cari", "10.000" stay one token), and it gives the same tokens for IndoSum's
    pre-tokenized text and for raw text ("Jakarta," -> "jakarta"). No stemming."""

    def tokenize(self, text: str) -> list[str]:
        out = []
        for tok in text.lower().split():
            tok = _EDGE_PUNCT.sub("", tok)
            if tok:
                out.append(tok)
        return out


ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


def make_rouge_scorer(tokenizer: str = "id", rouge_types: Sequence[str] = ROUGE_TYPES) -> RougeScorer:
    """A rouge-score `RougeScorer`. tokenizer="id": `IndonesianTokenizer` (our reference); "default":
    rouge-score's own (lowercase, [a-z0-9] runs only), kept to reproduce numbers measured with it.
    No stemming either way (Porter would mangle Indonesian). rougeL is sentence-level LCS over the
    whole text (not rougeLsum)."""
    from rouge_score import rouge_scorer

    if tokenizer == "id":
        tok = IndonesianTokenizer()
    elif tokenizer == "default":
        tok = None
    else:
        raise ValueError(f"tokenizer must be 'id' or 'default', not {tokenizer!r}")
    return rouge_scorer.RougeScorer(list(rouge_types), use_stemmer=False, tokenizer=tok)


def rouge(
    predictions: Iterable[str],
    references: Iterable[str],
    tokenizer: str = "id",
    rouge_types: Sequence[str] = ROUGE_TYPES,
) -> dict[str, PRF]:
    """Mean ROUGE P/R/F1 (0..1) over aligned (prediction, reference) texts; multi-sentence texts are
    joined with spaces by the caller."""
    scorer = make_rouge_scorer(tokenizer, rouge_types)
    sums = {t: [0.0, 0.0, 0.0] for t in rouge_types}
    n = 0
    for pred, ref in zip(predictions, references, strict=True):
        scores = scorer.score(ref, pred)  # rouge-score's order is (target, prediction)
        for t in rouge_types:
            s = scores[t]
            acc = sums[t]
            acc[0] += s.precision
            acc[1] += s.recall
            acc[2] += s.fmeasure
        n += 1
    if not n:
        raise ValueError("no (prediction, reference) pairs to score")
    return {t: PRF(*(v / n for v in acc)) for t, acc in sums.items()}

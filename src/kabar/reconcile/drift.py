"""Meaning drift: a rewrite that changes a fact while keeping the sentence.

Where a copy's sentence and its original's (aligned by `kabar.dedup`, or near-identical across two
articles) differ in a word that changes the fact, the pair is reported as a conflict:

- noun: the same figure counts something else ("6.000 pekerja militer" -> "6.000 pasukan militer");
- value: the figure itself changed ("11.000 tentara" -> "14.000 tentara");
- precision: a vague amount became a figure or the reverse ("beberapa bulan" -> "tiga bulan").

Added or dropped figures are not drift (a rewrite may shorten), nor are synonyms ("pasukan" ->
"tentara") or approximations that still overlap ("11.000" -> "sekitar 11.000").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kabar.extract.quantities import TIME_UNITS, sentence_quantities
from kabar.lang.numbers import SOME_WORDS, VAGUE_NUMBERS
from kabar.lang.stem import stem
from kabar.model import Article, CopyLink, Fact, Quantity
from kabar.reconcile.facts import interval, make_claim
from kabar.reconcile.similar import aligned, sentence_vector, similar_pairs
from kabar.reconcile.subject import canonical_noun, canonical_unit

MAX_ARTICLES = 60  # near-identical sentences are searched among the earliest ones (links cover the rest)
REWRITE_SHARE = 0.3  # share of the shorter article's sentences two articles must have in common to be a rewrite


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # noun | value | precision
    before: Quantity  # in the original (or earlier) sentence
    after: Quantity  # in the copy (or later) sentence


@dataclass(frozen=True, slots=True)
class Drift:
    original: str  # article ids
    copy: str
    original_sentence: int
    copy_sentence: int
    change: Change
    via: str  # "copy" (a copy link, or many shared sentences) | "similar" (near-identical sentences)
    directed: bool = True  # we know which is the original (a copy link, or publication times differ)


def sentence_drift(original: str, copy: str, strict: bool = False, precision: bool = True) -> list[Change]:
    """The fact-changing differences between a sentence and its rewrite. `strict` also counts figures
    that changed but still overlap ("sekitar 14.000" -> "lebih dari 10.000"): not a contradiction,
    but not the same statement either (for citations). `precision=False` ignores a vague amount made
    precise: two independent reports may well differ so ("sejumlah tokoh", "61 tokoh")."""
    qa, qb = list(_figures(original)), list(_figures(copy))
    changes: list[Change] = []
    # 1. The same figure on both sides: is it still counting the same thing? (Counts only: the word
    # before a measure is a guess that rewording moves.)
    for b in list(qb):
        a = next((x for x in qa if _vague(x) == _vague(b) and not _vague(x) and _same_value(x, b)
                  and canonical_unit(x.unit)[0] == canonical_unit(b.unit)[0]), None)
        if a is None:
            continue
        qa.remove(a)
        qb.remove(b)
        if a.unit == b.unit == "count" and a.noun and b.noun and not _same_noun(a.noun, b.noun):
            changes.append(Change("noun", a, b))
    # 2. The same thing counted on both sides, once on each side (with several, which goes with which
    # is a guess): did its figure change?
    keys_a, keys_b = Counter(_key(x) for x in qa), Counter(_key(x) for x in qb)
    for b in qb:
        k = _key(b)
        if keys_a[k] != 1 or keys_b[k] != 1 or not (k[0] or k[1] in TIME_UNITS):
            continue
        a = next(x for x in qa if _key(x) == k)
        if _vague(a) != _vague(b):
            if precision:
                changes.append(Change("precision", a, b))
        elif not _overlap(a, b) or (strict and not _same_value(a, b)):
            changes.append(Change("value", a, b))
    return changes


def find_drift(articles: Sequence[Article], links: Iterable[CopyLink] | None = None) -> list[Drift]:
    """Drift between the aligned sentences of copy links among `articles`, and between near-identical
    sentences of different articles (earlier article first)."""
    by_id = {a.id: a for a in articles}
    order = {a.id: i for i, a in enumerate(articles)}
    pairs: dict[tuple[str, int, str, int], str] = {}
    for link in links or ():
        if link.original in by_id and link.copy in by_id:
            for i, j in link.sentences:
                pairs[(link.original, i, link.copy, j)] = "copy"
    linked = set(pairs)
    units = [(a.id, k, s.text) for a in articles[:MAX_ARTICLES] for k, s in enumerate(a.sentences)]
    found: list[tuple[str, int, str, int]] = []
    if units:
        vectors = [sentence_vector(t) for _, _, t in units]
        groups = [order[aid] for aid, _, _ in units]
        for i, j, _ in similar_pairs(vectors, groups):
            (ai, si, _), (aj, sj, _) = units[i], units[j]
            if order[ai] > order[aj]:
                ai, si, aj, sj = aj, sj, ai, si
            if (ai, si, aj, sj) not in pairs and (aj, sj, ai, si) not in pairs and aligned(units[i][2], units[j][2]):
                found.append((ai, si, aj, sj))
    # Two articles that share many sentences are a rewrite of one another even without a copy link.
    shared = Counter((ai, aj) for ai, _, aj, _ in found)
    for ai, si, aj, sj in found:
        smaller = min(len(by_id[ai].sentences), len(by_id[aj].sentences))
        pairs[(ai, si, aj, sj)] = "copy" if shared[(ai, aj)] >= max(3, REWRITE_SHARE * smaller) else "similar"
    out = []
    for (ai, si, aj, sj), via in pairs.items():
        sa, sb = by_id[ai].sentences, by_id[aj].sentences
        if si >= len(sa) or sj >= len(sb):
            continue
        directed = (ai, si, aj, sj) in linked or (by_id[ai].published or "") < (by_id[aj].published or "")
        for change in sentence_drift(sa[si].text, sb[sj].text, precision=via == "copy"):
            out.append(Drift(ai, aj, si, sj, change, via, directed))
    return out


def drift_facts(articles: Sequence[Article], links: Iterable[CopyLink] | None = None) -> list[Fact]:
    """Each drift as a conflicting fact whose two claims are the original's and the copy's sentence."""
    by_id = {a.id: a for a in articles}
    facts = []
    for d in find_drift(articles, links):
        c = d.change
        if d.via == "copy" and d.directed:
            subject = f"changed in rewrite: {c.before.text} → {c.after.text}"
        else:
            subject = f"{'differs in rewrite' if d.via == 'copy' else 'differs between versions'}: " \
                      f"{c.before.text} ≠ {c.after.text}"
        facts.append(Fact(
            subject=subject,
            unit=canonical_unit(c.after.unit)[0],
            status="conflict",
            claims=[make_claim(d.original, c.before, by_id[d.original].sentences[d.original_sentence].text),
                    make_claim(d.copy, c.after, by_id[d.copy].sentences[d.copy_sentence].text)],
        ))
    return facts


@lru_cache(maxsize=50_000)
def _figures(sentence: str) -> tuple[Quantity, ...]:
    return tuple(sentence_quantities(sentence, loose=True))


def _vague(q: Quantity) -> bool:
    return q.qualifier in SOME_WORDS or q.qualifier in VAGUE_NUMBERS


def _same_value(a: Quantity, b: Quantity) -> bool:
    fa, fb = canonical_unit(a.unit)[1], canonical_unit(b.unit)[1]
    va, vb = a.value * fa, b.value * fb
    return abs(va - vb) <= 0.005 * max(abs(va), abs(vb))


def _same_noun(a: str, b: str) -> bool:
    """Synonyms or one word's forms ("jalan", "berjalan") count as the same noun."""
    return canonical_noun(a) == canonical_noun(b) or stem(a.split()[-1]) == stem(b.split()[-1])


def _key(q: Quantity) -> tuple[str, str]:
    return (canonical_noun(q.noun) if q.noun else "", canonical_unit(q.unit)[0])


def _overlap(a: Quantity, b: Quantity) -> bool:
    fa, fb = canonical_unit(a.unit)[1], canonical_unit(b.unit)[1]
    alo, ahi = interval(a.low, a.high, a.value)
    blo, bhi = interval(b.low, b.high, b.value)
    return alo * fa <= bhi * fb and blo * fb <= ahi * fa

"""Claims about the same thing across articles, grouped, and agree/conflict decided.

A claim is a quantity with its bounds: "sekitar 11.000" is [9.900, 12.100], "lebih dari 10.000" is
[10.000, ∞), "25.000 hingga 30.000" is [25.000, 30.000]. Claims are grouped by what they are about
(`kabar.reconcile.subject`: counted noun + unit + entity + state + addition + year + time of day) and
two claims
agree when their bounds overlap. Each claim keeps its sentence and its attribution, so a reader sees
that figures differ because their sources differ.

`reconcile` also reports meaning drift: figures that a rewrite changed (`kabar.reconcile.drift`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from kabar.cluster.vectors import cosine
from kabar.model import Article, Claim, CopyLink, Fact, Quantity
from kabar.reconcile.similar import sentence_vector
from kabar.reconcile.subject import Subject, canonical_unit, subject_of

EXACT_TOLERANCE = 0.005  # rounding in copy: 6.000 vs 6.010 is the same figure
# Two figures contradict only if their sentences share some context besides the counted noun (TF-IDF
# cosine): "dua gol" in a match report and "14 gol" in a player profile are different claims. The troop
# figures of the samples share 0.19-0.49; unrelated mentions in the CLICK-ID events mostly under 0.15.
CONTEXT_MIN = 0.15


def interval(low: float | None, high: float | None, value: float) -> tuple[float, float]:
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    if lo == hi == value:
        pad = abs(value) * EXACT_TOLERANCE
        return value - pad, value + pad
    return lo, hi


def claims_agree(a: Claim, b: Claim) -> bool:
    alo, ahi = interval(a.low, a.high, a.value)
    blo, bhi = interval(b.low, b.high, b.value)
    return alo <= bhi and blo <= ahi


@dataclass(slots=True)
class _Entry:
    order: int  # article order (publication time)
    subject: Subject
    claim: Claim
    sentence: int


def reconcile(articles: list[Article], links: Iterable[CopyLink] | None = None) -> list[Fact]:
    """Facts of an event or a story: figure facts (claims from two or more articles about the same
    thing) and, when rewrites changed a figure, drift facts (see `kabar.reconcile.drift`).
    `links` are the copy links among `articles` (aligned sentences); without them, near-identical
    sentences of different articles are compared instead."""
    from kabar.reconcile.drift import drift_facts

    if len(articles) < 2:
        return []  # every fact needs claims from two articles (and every drift two versions)
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))
    facts = figure_facts(ordered) + drift_facts(ordered, links)
    facts.sort(key=lambda f: (f.status != "conflict", -len({c.article for c in f.claims}), f.subject))
    return facts


def figure_facts(articles: list[Article]) -> list[Fact]:
    entries = [e for order, a in enumerate(articles) for e in _entries(order, a)]
    base: dict[tuple[str, str, str, bool], list[_Entry]] = defaultdict(list)
    for e in entries:
        s = e.subject
        base[(s.noun, s.unit, s.state, s.addition)].append(e)
    facts = []
    for group in base.values():
        for by_entity in _resolve(group, lambda e: e.subject.entity):
            for members in (m for by_year in _resolve(by_entity, lambda e: e.subject.year)
                            for m in _resolve(by_year, lambda e: e.subject.when)):
                if len({e.claim.article for e in members}) < 2:
                    continue
                members.sort(key=lambda e: (e.order, e.sentence))
                claims = [e.claim for e in members]
                conflict = any(_contradict(x, y) for i, x in enumerate(claims) for y in claims[i + 1 :])
                subject = _merged_subject(members)
                facts.append(Fact(subject=subject.label(), unit=subject.unit,
                                  status="conflict" if conflict else "agree", claims=claims))
    return facts


def _contradict(a: Claim, b: Claim) -> bool:
    if claims_agree(a, b):
        return False
    return a.text == b.text or cosine(sentence_vector(a.text), sentence_vector(b.text)) >= CONTEXT_MIN


def _entries(order: int, a: Article) -> Iterable[_Entry]:
    for q in a.quantities:
        if not q.noun:
            continue  # "naik 3 persen", "Rp 5 miliar" with nothing named: comparing them says nothing
        sentence = a.sentences[q.sentence].text if q.sentence < len(a.sentences) else q.text
        subject = subject_of(sentence, q)
        yield _Entry(order, subject, make_claim(a.id, q, sentence), q.sentence)


def make_claim(article: str, q: Quantity, sentence: str) -> Claim:
    """A claim in the canonical unit of its subject (35 mil persegi -> 90.65 kilometer persegi)."""
    _, factor = canonical_unit(q.unit)

    def conv(x: float | None) -> float | None:
        return None if x is None else round(x * factor, 6)

    return Claim(article=article, value=conv(q.value) or 0.0, low=conv(q.low), high=conv(q.high), text=sentence,
                 attributed_to=q.attributed_to)


def _resolve(entries: list[_Entry], key) -> list[list[_Entry]]:
    """Split by an optional key: entries that state it form one group per value; entries that do not
    join the value most articles state (within an event an unqualified "tentara" is most likely the
    troops the others name), or stay together when nobody states one."""
    stated: dict[object, set[str]] = defaultdict(set)
    for e in entries:
        k = key(e)
        if k is not None:
            stated[k].add(e.claim.article)
    if not stated:
        return [entries]
    first_seen = {k: i for i, k in reversed(list(enumerate(key(e) for e in entries)))}
    dominant = max(stated, key=lambda k: (len(stated[k]), -first_seen[k]))
    groups: dict[object, list[_Entry]] = defaultdict(list)
    for e in entries:
        k = key(e)
        groups[dominant if k is None else k].append(e)
    return list(groups.values())


def _merged_subject(members: list[_Entry]) -> Subject:
    """The subject as the members state it: the entity and year some of them name."""
    first = members[0].subject
    entities = Counter(e.subject.entity for e in members if e.subject.entity)
    years = Counter(e.subject.year for e in members if e.subject.year)
    return Subject(first.noun, first.unit, entities.most_common(1)[0][0] if entities else None, first.state,
                   first.addition, years.most_common(1)[0][0] if years else None)

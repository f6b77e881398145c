"""Claims about the same thing across an event's articles, grouped, and agree/conflict decided.

A claim is a quantity with its bounds: "sekitar 11.000" is [9.900, 12.100], "lebih dari 10.000" is
[10.000, ∞), "25.000 hingga 30.000" is [25.000, 30.000]. Two claims agree when their bounds overlap.
"""

from __future__ import annotations

import math
from collections import defaultdict

from kabar.model import Article, Claim, Fact

EXACT_TOLERANCE = 0.005  # rounding in copy: 6.000 vs 6.010 is the same figure


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


def reconcile(articles: list[Article]) -> list[Fact]:
    """Facts of an event: quantity claims grouped by (counted noun, unit), from two or more articles."""
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for a in articles:
        for q in a.quantities:
            subject = q.noun or q.unit
            if not subject:
                continue
            sentence = a.sentences[q.sentence].text if q.sentence < len(a.sentences) else q.text
            groups[(subject, q.unit)].append(
                Claim(article=a.id, value=q.value, low=q.low, high=q.high, text=sentence, attributed_to=q.attributed_to)
            )
    facts = []
    for (subject, unit), claims in groups.items():
        if len({c.article for c in claims}) < 2:
            continue
        conflict = any(not claims_agree(x, y) for i, x in enumerate(claims) for y in claims[i + 1 :])
        facts.append(Fact(subject=subject, unit=unit, status="conflict" if conflict else "agree", claims=claims))
    facts.sort(key=lambda f: (f.status != "conflict", -len(f.claims), f.subject))
    return facts

"""Geometry for the server-rendered SVG: coverage charts and the who-copied-whom graph.

Only numbers are computed here; the templates draw them (and escape every label), so the graphs work
without JavaScript and inherit the page's escaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from kabar.model import Article, CopyLink

MAX_DAILY_SPAN = 92  # a longer period is charted by month
MAX_SLOT = 28.0  # px per day (or month) at most


@dataclass(slots=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    label: str
    count: int


def coverage_chart(days: dict[str, int], width: float = 640, height: float = 90,
                   max_slot: float = MAX_SLOT) -> dict[str, Any] | None:
    """Bars of articles per day (every day of the period, empty ones too) or per month for long periods."""
    parsed: dict[date, int] = {}
    for day, n in days.items():
        try:
            d = date.fromisoformat(day[:10])
        except ValueError:
            continue
        parsed[d] = parsed.get(d, 0) + n
    if not parsed:
        return None
    first, last = min(parsed), max(parsed)
    if (last - first).days <= MAX_DAILY_SPAN:
        buckets = [(first + timedelta(d)).isoformat() for d in range((last - first).days + 1)]
        counts = {d.isoformat(): n for d, n in parsed.items()}
    else:
        counts = {}
        for d, n in parsed.items():
            counts[d.isoformat()[:7]] = counts.get(d.isoformat()[:7], 0) + n
        buckets = _months(first, last)
    top = max(counts.values())
    slot = min(width / len(buckets), max_slot)  # a few days do not stretch into a wall of colour
    width = max(slot * len(buckets), min(width, 120.0))
    gap = min(2.0, slot * 0.2)
    bars = []
    for i, b in enumerate(buckets):
        n = counts.get(b, 0)
        h = 0 if n == 0 else max(2.0, (height - 2) * n / top)
        bars.append(Bar(round(i * slot + gap / 2, 2), round(height - h, 2), round(max(slot - gap, 1), 2), round(h, 2), b, n))
    return {"width": round(width, 2), "height": height, "bars": bars, "top": top, "first": buckets[0],
            "last": buckets[-1], "labels": slot >= 16}


def _months(first: date, last: date) -> list[str]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


ROW = 30  # px between two articles in the copy graph
TOP = 18


def copy_graph(articles: list[Article], numbers: dict[str, int], copies: list[CopyLink]) -> dict[str, Any] | None:
    """A vertical arc diagram: the articles that take part in a copy link, one per row in reading order,
    and an arc from each original to each of its copies (arrow at the copy), bulging to the left."""
    involved = {i for c in copies for i in (c.original, c.copy)}
    rows = [a for a in articles if a.id in involved]
    if not rows:
        return None
    y = {a.id: TOP + i * ROW for i, a in enumerate(rows)}
    spans = [abs(y[c.copy] - y[c.original]) for c in copies if c.original in y and c.copy in y]
    reach = min(max(spans, default=ROW) / 2, 160)
    x = reach + 24
    edges = []
    for c in copies:
        if c.original not in y or c.copy not in y:
            continue
        y0, y1 = y[c.original], y[c.copy]
        ry = abs(y1 - y0) / 2
        rx = min(ry, 160)
        sweep = 0 if y1 > y0 else 1  # counter-clockwise going down = through the left side
        edges.append({
            "d": f"M {x - 6:.1f} {y0} A {rx:.1f} {ry:.1f} 0 0 {sweep} {x - 6:.1f} {y1}",
            "link": c, "kind": c.kind,
        })
    nodes = [{"article": a, "number": numbers.get(a.id), "x": x, "y": y[a.id]} for a in rows]
    return {"width": 760, "height": TOP + len(rows) * ROW, "x": x, "nodes": nodes, "edges": edges}

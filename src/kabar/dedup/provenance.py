"""Who copied whom, per outlet: the share of an outlet's articles that are copies, and of which outlets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from kabar.dedup.detect import best_original
from kabar.model import CopyLink


def outlet_view(links: Iterable[CopyLink], source_of: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Per outlet: its articles, how many are copies (the copy side of at least one link), that share, and
    the outlets of their originals (each copy counted once, by its strongest link). `source_of` maps
    every article id to its outlet; links whose articles it does not know are ignored."""
    by_copy: dict[str, list[CopyLink]] = {}
    for lk in links:
        if lk.copy in source_of and lk.original in source_of:
            by_copy.setdefault(lk.copy, []).append(lk)
    articles = Counter(source_of.values())
    view: dict[str, dict[str, Any]] = {
        o: {"articles": n, "copies": 0, "share": 0.0, "from": Counter(), "kinds": Counter()} for o, n in articles.items()
    }
    for copy_id, own in by_copy.items():
        best = best_original(own, copy_id)
        if best is None:
            continue
        row = view[source_of[copy_id]]
        row["copies"] += 1
        row["from"][source_of[best.original]] += 1
        row["kinds"][best.kind] += 1
    for row in view.values():
        row["share"] = round(row["copies"] / row["articles"], 4) if row["articles"] else 0.0
        row["from"] = dict(row["from"].most_common())
        row["kinds"] = dict(row["kinds"].most_common())
    return dict(sorted(view.items(), key=lambda kv: -kv[1]["share"]))


def outlet_pairs(links: Iterable[CopyLink], source_of: Mapping[str, str]) -> dict[str, int]:
    """Links counted by "original outlet -> copy outlet"."""
    pairs = Counter(f"{source_of[lk.original]} -> {source_of[lk.copy]}" for lk in links
                    if lk.original in source_of and lk.copy in source_of)
    return dict(pairs.most_common())

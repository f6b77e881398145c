"""Error analysis of the online clusterer on the dev gold: which gold events are split, which are merged.

    python tools/cluster_errors.py [--level event|story] [--top 15]

Runs the shipped model over clickid-events-dev in publication order (as tools/train_cluster.py does,
without copy forcing) and prints, by pairs lost, the gold clusters split across predicted ones and the
predicted clusters that mix gold ones, with article titles, so a feature can be aimed at a real error.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kabar.cluster.features import shipped_models  # noqa: E402
from kabar.eval.datasets import load_clickid_gold  # noqa: E402
from kabar.eval.metrics import NONE_LABEL, clustering_scores  # noqa: E402
from train_cluster import online, prepared_articles  # noqa: E402


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--level", choices=("event", "story"), default="event")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    gold = load_clickid_gold()
    articles = prepared_articles()
    models = shipped_models()
    events, stories = online(articles, models, models["event"].threshold, models["story"].threshold)
    pred = events if args.level == "event" else stories
    truth = gold.event if args.level == "event" else gold.story
    print(clustering_scores(truth, pred))
    title = {a.id: f"{a.published or '?'} {a.source[:14]:14s} {a.title[:90]}" for a in articles}
    by_gold: dict[str, list[str]] = defaultdict(list)
    by_pred: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        if truth.get(a.id, NONE_LABEL) != NONE_LABEL:
            by_gold[truth[a.id]].append(a.id)
            by_pred[pred[a.id]].append(a.id)
    split = []
    for g, ids in by_gold.items():
        parts = Counter(pred[i] for i in ids)
        lost = _pairs(len(ids)) - sum(_pairs(n) for n in parts.values())
        if lost:
            split.append((lost, g, ids))
    print(f"\n== SPLIT gold clusters ({sum(s[0] for s in split)} pairs missed)")
    for lost, g, ids in sorted(split, reverse=True)[: args.top]:
        print(f"\n{g}: {lost} pairs missed")
        for i in sorted(ids, key=lambda i: pred[i]):
            print(f"   [{pred[i][:18]:18s}] {title[i]}")
    merged = []
    for p, ids in by_pred.items():
        parts = Counter(truth[i] for i in ids)
        wrong = _pairs(len(ids)) - sum(_pairs(n) for n in parts.values())
        if wrong:
            merged.append((wrong, p, ids))
    print(f"\n== MERGED predicted clusters ({sum(m[0] for m in merged)} false pairs)")
    for wrong, p, ids in sorted(merged, reverse=True)[: args.top]:
        print(f"\n{p}: {wrong} false pairs")
        for i in sorted(ids, key=lambda i: truth[i]):
            print(f"   [{truth[i][:40]:40s}] {title[i]}")


if __name__ == "__main__":
    main()

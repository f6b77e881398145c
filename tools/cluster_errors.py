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
    _report("SPLIT gold clusters", "pairs missed", by_gold, pred, 18, title, args.top)
    _report("MERGED predicted clusters", "false pairs", by_pred, truth, 40, title, args.top)


def _report(heading: str, what: str, groups: dict[str, list[str]], other: dict[str, str], width: int,
            title: dict[str, str], top: int) -> None:
    """The groups of one partition that the other partition cuts, worst first: the pairs of each group
    that the other does not share, and each member labelled with its cluster in the other."""
    errors = []
    for g, ids in groups.items():
        parts = Counter(other[i] for i in ids)
        lost = _pairs(len(ids)) - sum(_pairs(n) for n in parts.values())
        if lost:
            errors.append((lost, g, ids))
    print(f"\n== {heading} ({sum(e[0] for e in errors)} {what})")
    for lost, g, ids in sorted(errors, reverse=True)[:top]:
        print(f"\n{g}: {lost} {what}")
        for i in sorted(ids, key=lambda i: other[i]):
            print(f"   [{other[i][:width]:{width}s}] {title[i]}")


if __name__ == "__main__":
    main()

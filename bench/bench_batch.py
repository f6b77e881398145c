"""Batch mode (Ray, local) against the single-process path on the clickid-events-dev gold set: the same
clusters? and, with --corpus, throughput on the 22k corpus.

    python bench/bench_batch.py [--windows 0,7,30] [--corpus] [--out bench/results/batch.json]

For each window length: event/story pairwise F1 against the gold labels, the agreement with the
single-process clusters (pairwise F1 of one against the other: 1.0 = the same partition), the copy
links both find, and how many articles sit in a different cluster. One process at a time (2 cores).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kabar.engine import ingest_articles, place  # noqa: E402
from kabar.eval.datasets import iter_clickid_articles, load_clickid_gold, shared_data_root  # noqa: E402
from kabar.eval.metrics import pairwise  # noqa: E402
from kabar.store.sqlite import SQLiteStore  # noqa: E402


def placements(store: SQLiteStore) -> tuple[dict[str, str], dict[str, str], set[tuple[str, str, str]]]:
    events, stories = {}, {}
    for row in store.db.execute("SELECT id, event, story FROM articles"):
        events[row[0]], stories[row[0]] = row[1], row[2]
    return events, stories, {(c.original, c.copy, c.kind) for c in store.copy_links()}


def single_process(tmp: Path) -> tuple[dict, dict, set, float]:
    start = time.perf_counter()
    with SQLiteStore(tmp / "single.db") as store:
        ingest_articles(iter_clickid_articles(), store)
        place(store)
        return (*placements(store), time.perf_counter() - start)


def batch(tmp: Path, window_days: float) -> tuple[dict, dict, set, float, dict]:
    from kabar.batch import run_batch

    db = tmp / f"batch-{window_days}.db"
    start = time.perf_counter()
    stats = run_batch(articles=iter_clickid_articles(), db=str(db), window_days=window_days, num_cpus=2)
    secs = time.perf_counter() - start
    with SQLiteStore(db) as store:
        return (*placements(store), secs, stats.__dict__)


def compare(gold, single, got) -> dict:
    ev_s, st_s, cp_s = single[:3]
    ev_b, st_b, cp_b = got[:3]
    return {
        "event_pairwise_f1_vs_gold": round(pairwise(gold.event, ev_b).f1, 4),
        "story_pairwise_f1_vs_gold": round(pairwise(gold.story, st_b).f1, 4),
        "event_agreement_with_single": round(pairwise(ev_s, ev_b, ignore=()).f1, 4),
        "story_agreement_with_single": round(pairwise(st_s, st_b, ignore=()).f1, 4),
        "copies_single": len(cp_s), "copies_batch": len(cp_b), "copies_both": len(cp_s & cp_b),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--windows", default="0,7,30", help="window lengths in days (0 = one window)")
    ap.add_argument("--corpus", action="store_true", help="also time batch mode on the 22k corpus")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "batch.json"))
    args = ap.parse_args()
    gold = load_clickid_gold()
    results: dict = {"dataset": "clickid-events-dev", "windows": {}}
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        single = single_process(tmp)
        results["single_process"] = {
            "seconds": round(single[3], 2),
            "event_pairwise_f1_vs_gold": round(pairwise(gold.event, single[0]).f1, 4),
            "story_pairwise_f1_vs_gold": round(pairwise(gold.story, single[1]).f1, 4),
        }
        print("single", results["single_process"], flush=True)
        for w in (float(x) for x in args.windows.split(",")):
            got = batch(tmp, w)
            results["windows"][str(w)] = {**compare(gold, single, got), "seconds": round(got[3], 2),
                                          "stats": got[4]}
            print("window", w, results["windows"][str(w)], flush=True)
        if args.corpus:
            from kabar.batch import run_batch

            corpus = shared_data_root() / "corpus" / "clickid-2019.jsonl.gz"
            start = time.perf_counter()
            stats = run_batch([str(corpus)], tmp / "corpus-out", window_days=7.0, num_cpus=2)
            secs = time.perf_counter() - start
            results["corpus_22k"] = {"seconds": round(secs, 1), "articles": stats.articles,
                                     "articles_per_s": round(stats.articles / secs, 1), "stats": stats.__dict__}
            print("corpus", results["corpus_22k"], flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()

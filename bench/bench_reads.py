"""Reading a large store: the whole-store export and the largest story's report, each beside its baseline.

    python bench/bench_reads.py [--size 22000 | --db STORE] [--out bench/results/reads.json]

A store is built from the head of the CLICK-ID corpus (as bench_pipeline.py samples it) with `kabar run`,
unless --db names one already built. Then each of four reads runs in its own child process, so its
peak RSS is its own:

- export, built whole (baseline): `export_json`, the whole document as one object, as `kabar export`
  did before it streamed;
- export, streamed: `write_export`, what `kabar export` does now;
- report of the largest story, every event (baseline): the story summary reading all its events;
- report of the largest story, as shipped: the summary reads the MAX_EVENTS most reported events;
- one page of events (as `GET /api/events` serves it), the whole list sliced (baseline) and the store's page;
- the 50 largest stories (as `kabar stories` lists them), every story's events and articles read
  (baseline) and the store's listing query;
- a deep page of articles (as `GET /api/articles?offset=` serves it; SQLite): whole rows sorted (the
  query before, baseline) and the page's ids sorted, then its rows read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "src"))
sys.path.insert(0, str(BENCH))  # bench_pipeline: the input and the peak-RSS reading, shared

VARIANTS = {
    "export_whole": "export, built whole (baseline)",
    "export_streamed": "export, streamed",
    "report_all_events": "largest story's report, every event (baseline)",
    "report_bounded": "largest story's report, the most reported events",
    "events_page_whole": "a page of 50 events, from the whole list (baseline)",
    "events_page": "a page of 50 events, from the store",
    "stories_scan": "the 50 largest stories, every story read (baseline)",
    "stories_listing": "the 50 largest stories, the store's listing query",
    "articles_page_rows": "50 articles at offset 20,000, whole rows sorted (baseline)",
    "articles_page": "50 articles at offset 20,000, ids sorted",
}


def build_store(size: int, db: Path) -> None:
    from bench_pipeline import write_input

    rows = write_input(size, db.parent)
    proc = subprocess.run([sys.executable, "-m", "kabar.cli", "run", str(rows), "--db", str(db), "--quiet"],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # 1: some input lines were skipped (the corpus has empty articles)
        raise SystemExit(f"kabar run failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    rows.unlink()


def child(variant: str, db: str) -> dict:
    """One read, timed, in this process (a child of the benchmark); imports are done before the clock starts."""
    import kabar.summarize.story as story_mod
    from bench_pipeline import _peak_rss_mb
    from kabar.export import event_out, export_json, write_export
    from kabar.report import render_report
    from kabar.store import open_store
    from kabar.store.base import article_from_row

    store = open_store(db)
    if variant == "report_all_events":
        story_mod.MAX_EVENTS = 10**9
    start = time.perf_counter()
    if variant.startswith("export"):
        with open(os.devnull, "w", encoding="utf-8") as sink:
            if variant == "export_whole":
                sink.write(export_json(store))
            else:
                write_export(store, sink)
    elif variant.startswith("events_page"):
        page = store.events()[:50] if variant == "events_page_whole" else store.events(limit=50)
        [event_out(store, e) for e in page]
    elif variant == "stories_scan":  # what `kabar stories` did
        rows = []
        for s in store.stories():
            events = [e for e in (store.get_event(i) for i in s.events) if e]
            arts = [a for e in events for a in e.articles]
            rows.append((len(arts), s.id, len({a.source for a in store.iter_articles(arts)})))
        sorted(rows, key=lambda r: (-r[0], r[1]))[:50]
    elif variant == "stories_listing":
        store.story_rows(limit=50)
    elif variant == "articles_page_rows":  # the query SQLiteStore.list_articles ran before
        rows = store.db.execute("SELECT * FROM articles ORDER BY published IS NULL, published DESC, id "
                                "LIMIT 50 OFFSET 20000").fetchall()
        [article_from_row(dict(r)) for r in rows]
    elif variant == "articles_page":
        store.list_articles(limit=50, offset=20000)
    else:
        render_report(store, "top", "html")
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "peak_rss_mb": _peak_rss_mb()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=22000, help="articles in the store built (without --db)")
    ap.add_argument("--db", help="an existing store (SQLite file or postgresql:// URL)")
    ap.add_argument("--out", type=Path, default=BENCH / "results" / "reads.json")
    ap.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.db)))
        return 0
    with tempfile.TemporaryDirectory(prefix="kabar-reads-") as tmp:
        db = args.db
        if db is None:
            db = str(Path(tmp) / "reads.db")
            print(f"building a store of {args.size:,} articles ...", flush=True)
            build_store(args.size, Path(db))
        from kabar.store import open_store

        with open_store(db) as store:
            counts = store.counts()
            largest = store.story_rows(limit=1)[1][0]
        results = {}
        for variant, label in VARIANTS.items():
            proc = subprocess.run([sys.executable, __file__, "--child", variant, "--db", db],
                                  capture_output=True, text=True, check=True)
            results[variant] = {"label": label, **json.loads(proc.stdout.strip().splitlines()[-1])}
            print(f"{label}: {results[variant]}", flush=True)
    doc = {"store": counts, "store_built_here": args.db is None, "largest_story": {"id": largest.id, "events": largest.events,
                                              "articles": largest.articles},
           "results": results,
           "export_memory_ratio": round(results["export_whole"]["peak_rss_mb"]
                                        / results["export_streamed"]["peak_rss_mb"], 2),
           "report_memory_ratio": round(results["report_all_events"]["peak_rss_mb"]
                                        / results["report_bounded"]["peak_rss_mb"], 2),
           "events_page_speedup": round(results["events_page_whole"]["seconds"]
                                        / max(0.01, results["events_page"]["seconds"]), 1),
           "stories_listing_speedup": round(results["stories_scan"]["seconds"]
                                            / max(0.01, results["stories_listing"]["seconds"]), 1),
           "articles_page_speedup": round(results["articles_page_rows"]["seconds"]
                                          / max(0.01, results["articles_page"]["seconds"]), 1),
           "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

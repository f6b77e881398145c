"""Run the whole benchmark suite, one benchmark after another, and write bench/results/*.json plus a
summary table in bench/RESULTS.md.

    python bench/run_all.py                # everything: takes long (the 200k runs dominate)
    python bench/run_all.py --quick        # small sizes, to check the suite works
    python bench/run_all.py --only pipeline,batch --sizes 1000,5000,22000
    python bench/run_all.py --report-only  # rewrite RESULTS.md from the JSON already there
    python bench/run_all.py --only pipeline,pipeline-baseline --sizes 5000,22000 --baseline 6d47454

Benchmarks: pipeline (bench_pipeline.py: end to end, per stage, peak RSS, sizes), pipeline-against-phases (that
and its baseline in turn: ingest all, then place), pipeline-against-sequential (the baseline of analysing closed
events during placement: all analysis after it), pipeline-baseline (with
--baseline REV: the same script on an earlier commit's code, the baseline of a change), ingest (bench_ingest.py:
extraction and cleaning, trafilatura alone beside it), dedup (bench_dedup.py: rensa beside datasketch),
batch (bench_batch.py: Ray batch mode against the single-process path on the dev gold), load (bench_load.py:
`kabar serve` under 50 concurrent clients, throughput and p50/p99 latency, no errors, no lost articles), load-postgres
(the same over a private PostgreSQL), incremental
(bench_incremental.py: the fixed cost of a `kabar watch` poll on a large store, against --baseline), pg-reads
(bench_pg_reads.py: `kabar serve` reads over PostgreSQL, pooled against a connection per request). A benchmark
whose script is absent is skipped with a note. The machine has 2 shared cores: never run two at once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
TARGETS = {"e2e_articles_per_s_22k": 300, "dedup_articles_per_s": 5000, "peak_rss_mb_200k": 2048}


def commands(quick: bool, sizes: str | None, profile: bool, baseline: str | None = None) -> dict[str, list[str]]:
    py = sys.executable
    pipeline_sizes = sizes or ("1000,5000" if quick else "1000,5000,22000,200000")
    extra = {}
    if baseline:  # an earlier commit's code, measured by the same script: what a change bought
        extra["pipeline-baseline"] = [py, str(BENCH / "bench_pipeline.py"), "--sizes",
                                      "1000,5000" if quick else "5000,22000", "--code", baseline,
                                      "--out", str(RESULTS / "pipeline-baseline.json")]
    return {**extra,
        "pipeline": [py, str(BENCH / "bench_pipeline.py"), "--sizes", pipeline_sizes]
        + (["--profile"] if profile else []),
        # baselines of two of the run's overlaps, each mode in turn with the same code (the ratios, not the
        # targets): ingest with placement (against ingest, then place), and analysis with placement
        "pipeline-against-phases": [py, str(BENCH / "bench_pipeline.py"), "--sizes",
                                    "1000,5000" if quick else "5000,22000", "--against", "phases"],
        "pipeline-against-sequential": [py, str(BENCH / "bench_pipeline.py"), "--sizes",
                                        "1000,5000" if quick else "5000,22000", "--mode", "phases",
                                        "--against", "sequential"],
        "incremental": [py, str(BENCH / "bench_incremental.py")] + (["--baseline", baseline] if baseline else [])
        + (["--size", "1000"] if quick else []),
        "pg-reads": [py, str(BENCH / "bench_pg_reads.py")] + (["--requests", "60"] if quick else []),
        "ingest": [py, str(BENCH / "bench_ingest.py")] + (["--pages", "200"] if quick else []),
        "dedup": [py, str(BENCH / "bench_dedup.py")]
        + (["--synthetic", "30000", "--skip-datasketch-synthetic"] if quick else []),
        "batch": [py, str(BENCH / "bench_batch.py")] + ([] if quick else ["--windows", "0,7,30", "--corpus"]),
        "load": [py, str(BENCH / "bench_load.py")] + (["--clients", "10", "--seconds", "10"] if quick else []),
        "load-postgres": [py, str(BENCH / "bench_load.py"), "--postgres"]
        + (["--clients", "10", "--seconds", "10"] if quick else []),
        "reads": [py, str(BENCH / "bench_reads.py")] + (["--size", "2000"] if quick else []),
    }


def run(only: list[str], quick: bool, sizes: str | None, profile: bool, baseline: str | None = None
        ) -> dict[str, str]:
    notes = {}
    for name, cmd in commands(quick, sizes, profile, baseline).items():
        if only and name not in only:
            continue
        script = Path(cmd[1])
        if not script.exists():
            notes[name] = f"skipped: {script.name} is not in bench/"
            print(notes[name], flush=True)
            continue
        if name == "batch":
            try:
                import ray  # noqa: F401
            except ImportError:
                notes[name] = "skipped: Ray is not installed (pip install 'kabar[batch]')"
                print(notes[name], flush=True)
                continue
        print(f"== {name}: {' '.join(cmd[1:])}", flush=True)
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=BENCH.parent)
        notes[name] = f"{'ok' if proc.returncode == 0 else f'FAILED (exit {proc.returncode})'} in {time.monotonic() - start:.0f}s"
        print(f"== {name}: {notes[name]}", flush=True)
    return notes


# the report ---------------------------------------------------------------------------------------------
def _load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _load1(run: dict) -> str:
    load = run.get("loadavg_at_end")
    return f"{load[0]:.1f}" if load else "-"


def _phases(values: dict[str, float]) -> str:
    """A run's phases (seconds, or peak MB after each) in the order they ran."""
    return " / ".join(f"{k} {v}" for k, v in values.items())


def against_section(data: dict | None) -> list[str]:
    """A mode and its baseline mode, run in turn by `bench_pipeline.py --against` with the same code."""
    if not data:
        return []
    runs = data.get("runs", {})
    first = next(iter(runs.values()), {})
    mode, against = first.get("mode"), first.get("against")
    what = {"phases": "ingest everything, then place, then analyze",
            "sequential": "as phases, with every event analyzed after placement"}
    lines = [f"### `{mode}` against `{against}` ({what.get(against, against)})", "",
             f"`python bench/bench_pipeline.py --mode {mode} --against {against}` runs each size both ways, in turn "
             "(the machine's speed drifts), with the same code; each run in a fresh process.", "",
             f"| articles | {mode} s (each run) | {against} s (each run) | speed-up (median of the pairs) | "
             f"{mode} phases s (first run) | {against} phases s (first run) | code |",
             "|---:|---|---|---:|---|---|---|"]
    for n in sorted(runs, key=int):
        r = runs[n]
        now, base = r["runs"][mode], r["runs"][against]
        lines.append(f"| {int(n):,} | {' / '.join(str(x['seconds']) for x in now)} | "
                     f"{' / '.join(str(x['seconds']) for x in base)} | {r['speedup_median']:.2f}× | "
                     f"{_phases(now[0]['phases_s'])} | {_phases(base[0]['phases_s'])} | {now[0].get('commit')} |")
    return [*lines, ""]


def memory_growth(runs: dict[str, dict]) -> list[str]:
    """Main-process peak RSS after each phase, and what each size adds per article over the one before
    (time per article too: cost growth step by step, not only end to end)."""
    lines = ["Main process, peak RSS (MB) after each phase, and growth over the previous size:", "",
             "| articles | after each phase | RSS KB per added article | "
             "seconds per article vs previous |", "|---:|---|---:|---:|"]
    prev = None
    for n in sorted(runs, key=int):
        r = runs[n]
        after = r.get("peak_rss_mb_after") or {}
        kb = ratio = "-"
        if prev is not None:
            pn, pr = prev
            kb = f"{1024 * (r['peak_rss_mb'] - pr['peak_rss_mb']) / (int(n) - int(pn)):.1f}"
            ratio = f"{(r['seconds'] / int(n)) / (pr['seconds'] / int(pn)):.2f}×"
        lines.append(f"| {int(n):,} | {_phases(after) or '-'} | {kb} | {ratio} |")
        prev = (n, r)
    return lines


def report(notes: dict[str, str]) -> str:
    lines = ["# Benchmark results", "",
             "Written by `python bench/run_all.py` from `bench/results/*.json`; machine: 2 cores shared with other",
             "work (load average in each JSON), so wall-clock rates are noisy. articles/CPU-s counts the CPU time of",
             "the main process and its workers together.", ""]
    if notes:
        lines += ["Last run: " + "; ".join(f"{k} {v}" for k, v in notes.items()), ""]
    pipe = _load("pipeline")
    if pipe:
        runs = pipe.get("runs", {})
        lines += ["## End to end (`kabar run`: ingest, place, analyze; SQLite)", "",
                  "| articles | workers | seconds | articles/s | articles/CPU-s | peak RSS MB (main / worker) | phases s | "
                  "events analyzed during place | dedup articles/s | events | copies | code | load at end |",
                  "|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|"]
        for n in sorted(runs, key=int):
            r = runs[n]
            lines.append(f"| {int(n):,} | {r.get('workers', 1)} | {r['seconds']} | {r['articles_per_s']} | "
                         f"{r['articles_per_cpu_s']} | {r['peak_rss_mb']} / {r.get('peak_rss_worker_mb', '-')} | "
                         f"{_phases(r['phases_s'])} | {r.get('analyzed_while_placing', 0):,} | "
                         f"{r['dedup_articles_per_s']} | {r['counts']['events']} | {r['counts']['copies']} | "
                         f"{r.get('commit') or '-'} | {_load1(r)} |")
        biggest = max(runs, key=int) if runs else None
        if biggest:
            lines += ["", f"Time per stage at {int(biggest):,} articles (seconds; timers around library functions; "
                      "with workers, the stages that run in them (stage.*, analyze.*) are not timed here):", "",
                      "| stage | seconds | share |", "|---|---:|---:|"]
            total = runs[biggest]["seconds"]
            for k, v in sorted(runs[biggest]["stages_s"].items(), key=lambda kv: -kv[1]):
                lines.append(f"| {k} | {v} | {100 * v / total:.0f}% |")
        if len(runs) > 1:
            ns = sorted(runs, key=int)
            a, b = runs[ns[0]], runs[ns[-1]]
            growth = (b["seconds"] / a["seconds"]) / (int(ns[-1]) / int(ns[0]))
            lines += ["", f"Growth: {int(ns[0]):,} → {int(ns[-1]):,} articles costs {growth:.2f}× per article "
                      "(1.00 = linear)."]
            lines += ["", *memory_growth(runs)]
        lines.append("")
        t22, t200 = runs.get("22000"), runs.get("200000")
        lines += ["Targets:", "",
                  f"- end to end ≥ {TARGETS['e2e_articles_per_s_22k']} articles/s on 22k: "
                  + (f"{t22['articles_per_s']} → {_mark(t22['articles_per_s'] >= 300)}" if t22 else "not measured"),
                  "- peak RSS ≤ 2 GB at 200k: "
                  + (f"{t200['peak_rss_mb']} MB → {_mark(t200['peak_rss_mb'] <= 2048)}" if t200 else "not measured"),
                  ""]
    for against in ("phases", "sequential"):
        lines += against_section(_load(f"pipeline-against-{against}"))
    base = _load("pipeline-baseline")
    if pipe and base:
        lines += ["### Against an earlier commit (the named baseline)", "",
                  "`python bench/bench_pipeline.py --code REV --sizes 5000,22000 --out "
                  "bench/results/pipeline-baseline.json` runs the same script on commit REV's code (a git "
                  "worktree); the same machine, one run after the other.", "",
                  "| articles | baseline commit | baseline s | baseline phases s | now commit | now s | now phases s | "
                  "speed-up |", "|---:|---|---:|---:|---|---:|---:|---:|"]
        for n in sorted(base.get("runs", {}), key=int):
            b, r = base["runs"][n], pipe.get("runs", {}).get(n)
            if r:
                lines.append(f"| {int(n):,} | {b.get('commit')} | {b['seconds']} | {_phases(b['phases_s'])} | "
                             f"{r.get('commit')} | {r['seconds']} | {_phases(r['phases_s'])} | "
                             f"{b['seconds'] / r['seconds']:.2f}× |")
        lines.append("")
    inc = _load("incremental")
    if inc:
        lines += ["## Incremental runs: placing a few new articles into a large store", "",
                  f"`python bench/bench_incremental.py --baseline REV`: a store of {inc['size']:,} articles, then "
                  f"{inc['polls']} polls of {inc['per_poll']} new articles each, placed as `kabar watch` places "
                  "them (each code on its own copy of the store, one after the other; the first poll may build "
                  "what later ones reuse).", "",
                  "| code | place s per poll | steady state (polls after the first) s | speed-up |", "|---|---|---:|---:|"]
        steady = {name: sum(r["place_seconds"][1:]) / max(1, len(r["place_seconds"]) - 1)
                  for name, r in inc["runs"].items()}
        base = steady.get(inc.get("baseline"))
        for name, r in inc["runs"].items():
            ratio = f"{base / steady[name]:.2f}×" if base and name != inc.get("baseline") else "baseline" if base else "-"
            lines.append(f"| {name} | {' / '.join(str(x) for x in r['place_seconds'])} | {steady[name]:.2f} | {ratio} |")
        lines.append("")
    pg = _load("pg_reads")
    if pg:
        lines += ["## `kabar serve` reads over PostgreSQL: pooled connections against one per request", "",
                  "`python bench/bench_pg_reads.py`: the same GET requests through the app on a private "
                  "PostgreSQL, with a connection per request (what the app did before the pool), pooled, "
                  "and per request again.", "", "| run | requests | seconds | ms per request |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {name} | {r['requests']} | {r['seconds']} | {r['ms_per_request']} |"
                  for name, r in pg["runs"].items()]
        lines += ["", f"Pooled: {pg['speedup_pooled']}× faster than the mean of the two per-request runs.", ""]
    dedup = _load("dedup")
    if dedup:
        lines += ["## Dedup: MinHash + LSH (rensa, used) beside datasketch", "",
                  "| corpus | library | articles | MinHash+LSH s | articles/s | verify s | bytes/article |",
                  "|---|---|---:|---:|---:|---:|---:|"]
        for corpus, libs in dedup.get("results", {}).items():
            for lib in ("rensa", "datasketch"):
                r = libs.get(lib)
                if r:
                    rate = r["articles"] / r["minhash_lsh_s"] if r["minhash_lsh_s"] else 0
                    lines.append(f"| {corpus} | {lib} | {r['articles']:,} | {r['minhash_lsh_s']} | {rate:,.0f} | "
                                 f"{r.get('verify_s', '')} | {r.get('bytes_per_article', '')} |")
        lines += ["", f"Target: dedup ≥ {TARGETS['dedup_articles_per_s']:,} articles/s (MinHash + LSH, rensa).", ""]
    ingest = _load("ingest")
    if ingest:
        lines += ["## Extraction and cleaning (kabar beside trafilatura alone)", "",
                  "| input | what | articles | seconds | articles/s |", "|---|---|---:|---:|---:|"]
        for key in ("corpus_ingest", "corpus_ingest_clean"):
            r = ingest.get(key)
            if r:
                lines.append(f"| CLICK-ID JSONL | {key} | {r['articles']:,} | {r['seconds']} | {r['articles_per_s']} |")
        for key, r in ingest.get("warc", {}).items():
            if isinstance(r, dict):
                lines.append(f"| WARC ({ingest['warc'].get('pages')} pages) | {key} | {r['articles']:,} | "
                             f"{r['seconds']} | {r['articles_per_s']} |")
        lines.append("")
    batch = _load("batch")
    if batch:
        lines += ["## Batch mode (Ray, local, 2 CPUs) beside the single-process path, clickid-events-dev", "",
                  "| run | seconds | event F1 (gold) | story F1 (gold) | event agreement | story agreement | "
                  "copies (both/batch/single) | cross-window pairs |",
                  "|---|---:|---:|---:|---:|---:|---|---:|"]
        s = batch.get("single_process", {})
        lines.append(f"| single process | {s.get('seconds')} | {s.get('event_pairwise_f1_vs_gold')} | "
                     f"{s.get('story_pairwise_f1_vs_gold')} | 1.0 | 1.0 | | |")
        for w, r in batch.get("windows", {}).items():
            name = "batch, one window" if float(w) == 0 else f"batch, {float(w):g}-day windows"
            lines.append(f"| {name} | {r['seconds']} | {r['event_pairwise_f1_vs_gold']} | "
                         f"{r['story_pairwise_f1_vs_gold']} | {r['event_agreement_with_single']} | "
                         f"{r['story_agreement_with_single']} | {r['copies_both']}/{r['copies_batch']}/"
                         f"{r['copies_single']} | {r['stats']['cross_window_pairs']} |")
        if "corpus_22k" in batch:
            c = batch["corpus_22k"]
            lines += ["", f"22k corpus in batch mode (7-day windows): {c['seconds']} s, {c['articles_per_s']} articles/s."]
        lines += ["", "Agreement = pairwise F1 of the batch clusters against the single-process clusters (1.0: the "
                  "same partition).", ""]
    reads = _load("reads")
    if reads:
        st, big = reads["store"], reads["largest_story"]
        lines += ["## Reading a large store: export and story report, each beside its baseline", "",
                  f"`python bench/bench_reads.py`: a store of {st['articles']:,} articles ({st['events']:,} events, "
                  f"{st['stories']:,} stories; the largest story has {big['events']:,} events and "
                  f"{big['articles']:,} articles); each read in its own process.", "",
                  "| read | seconds | peak RSS MB |", "|---|---:|---:|"]
        for r in reads["results"].values():
            lines.append(f"| {r['label']} | {r['seconds']} | {r['peak_rss_mb']} |")
        lines += ["", f"Peak memory: export {reads['export_memory_ratio']}× less streamed; largest story's report "
                  f"{reads['report_memory_ratio']}× less."]
        if "events_page_speedup" in reads:
            lines += [f"Time: a page of events {reads['events_page_speedup']}× faster; the story listing "
                      f"{reads['stories_listing_speedup']}× faster"
                      + (f"; a deep page of articles {reads['articles_page_speedup']}× faster."
                         if "articles_page_speedup" in reads else ".")]
        lines += [""]
    for name in ("load", "load-postgres"):
        if load := _load(name):
            from bench_load import results_section  # the load test renders its own table

            lines += [results_section(load)]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: checks the suite, not the targets")
    ap.add_argument("--only", default="",
                    help="comma-separated: pipeline,pipeline-against-phases,pipeline-against-sequential,pipeline-baseline,incremental,pg-reads,"
                         "ingest,dedup,batch,load,load-postgres,reads")
    ap.add_argument("--sizes", default=None, help="pipeline sizes, e.g. 1000,5000,22000,200000")
    ap.add_argument("--profile", action="store_true", help="also write cProfile listings (pipeline)")
    ap.add_argument("--report-only", action="store_true")
    ap.add_argument("--baseline", metavar="REV", help="also run the pipeline on commit REV's code "
                    "(pipeline-baseline: the ratio of a change against the code before it)")
    args = ap.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    notes = {} if args.report_only else run([s for s in args.only.split(",") if s], args.quick, args.sizes,
                                            args.profile, args.baseline)
    (BENCH / "RESULTS.md").write_text(report(notes), encoding="utf-8")
    print(f"-> {BENCH / 'RESULTS.md'} (load average now {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()

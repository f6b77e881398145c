"""End-to-end throughput of `kabar run` (read and stage → ingest and place together → analyze, SQLite
store), time per phase and stage and peak memory, at several corpus sizes: 1k/5k/22k are the head of the CLICK-ID corpus, larger sizes are made
from it (see `synthetic_rows`).

    python bench/bench_pipeline.py [--sizes 1000,5000,22000,200000] [--profile] [--out bench/results/pipeline.json]

Each size runs in a fresh child process (so peak RSS is that run's own) on a fresh store in a temporary
folder. Stage times come from timers wrapped around the library's functions from outside; nothing in
`kabar` is changed. With --profile, each child also writes a cProfile listing to
bench/results/profile-<size>.txt (profiling slows the run: its throughput is not comparable).
One process at a time: the machine has 2 shared cores. `--against phases` runs each size both ways, in
turn: `engine.run` and the baseline of overlapping ingest with placement (ingest all, then place, then
analyze), with the same code.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --code REV runs the children on another commit's package (a git worktree): the named baseline of a change
sys.path.insert(0, os.environ.get("KABAR_BENCH_SRC") or str(ROOT / "src"))

from kabar.eval.datasets import shared_data_root  # noqa: E402

CORPUS = shared_data_root() / "corpus" / "clickid-2019.jsonl.gz"
RESULTS = ROOT / "bench" / "results"


# input -------------------------------------------------------------------------------------------------
def synthetic_rows(n: int) -> Iterator[dict]:
    """An evenly spaced sample of the corpus below its size; above it, the corpus, then variants of its articles until `n`: rewrites (15% of the words
    replaced, some dropped) and splices (this article's first half, another's second half), each with a
    new URL and published one more month later per pass over the corpus, so a 200k stream spans ~9
    months, as a long crawl does, rather than 9 copies of one month."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        base = [json.loads(line) for line in fh]
    if n < len(base):  # evenly spaced: every outlet and date, not the first outlet's head (the file is by outlet)
        yield from (base[i * len(base) // n] for i in range(n))
        return
    yield from base
    rng = random.Random(20250712)
    vocab = [w for r in base[:2000] for w in (r.get("text") or "").split()]
    k = len(base)
    while k < n:
        lap, i = divmod(k, len(base))
        row = dict(base[rng.randrange(len(base))])
        words = (row.get("text") or "").split()
        if rng.random() < 0.5:
            words = [rng.choice(vocab) if rng.random() < 0.15 else w for w in words if rng.random() > 0.03]
        else:
            other = (base[rng.randrange(len(base))].get("text") or "").split()
            words = words[: len(words) // 2] + other[len(other) // 2 :]
        row["text"] = " ".join(words)
        row["url"] = f"https://synthetic.example/{lap}/{i}"
        row["id"] = f"syn-{k}"
        if row.get("published"):
            try:
                row["published"] = (datetime.fromisoformat(row["published"]) + timedelta(days=31 * lap)).date().isoformat()
            except ValueError:
                pass
        yield row
        k += 1


def write_input(n: int, folder: Path) -> Path:
    path = folder / f"input-{n}.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for row in itertools.islice(synthetic_rows(n), n):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


# timers ------------------------------------------------------------------------------------------------
class Timers:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner: object, attr: str, name: str, after: Callable[[], None] | None = None) -> None:
        fn = getattr(owner, attr)

        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - start
                self.calls[name] += 1
                if after is not None:
                    after()

        setattr(owner, attr, timed)


def instrument(timers: Timers) -> None:
    """Wrap the functions whose time we report (class and module attributes, from outside)."""
    from kabar import engine
    from kabar.dedup.detect import CopyDetector
    from kabar.pipeline import Stage
    from kabar.store.sqlite import SQLiteStore

    # dedup: fingerprint (shingles + MinHash), LSH query and insert, pair verification, fetching candidates
    timers.wrap(CopyDetector, "fingerprint", "dedup.fingerprint")
    timers.wrap(CopyDetector, "lsh_candidates", "dedup.lsh_query")
    timers.wrap(CopyDetector, "index", "dedup.lsh_insert")
    timers.wrap(engine, "classify_pair", "dedup.verify_pairs")
    # fetching candidates: the recent articles kept in memory, else the store (only placement's columns)
    timers.wrap(engine.RecentArticles, "get", "dedup.fetch_candidates")
    # clustering: the article's signal and the placement decision
    timers.wrap(engine, "article_signal", "cluster.signal")
    timers.wrap(engine.OnlineClusterer, "place", "cluster.place")
    # per-event analysis
    for name in ("summarize", "reconcile", "merge_quotes", "event_entities", "central_title"):
        timers.wrap(engine, name, f"analyze.{name}")
    timers.wrap(SQLiteStore, "add_articles", "store.add_articles")
    # in the main process, around the whole placement and analysis loops
    timers.wrap(engine, "_save_touched", "store.save_clusters")
    timers.wrap(engine, "_retitle_stories", "store.retitle_stories")

    original_call = Stage.__call__

    def stage_call(self, articles):  # noqa: ANN001, ANN202
        # Time each stage's own work: its `process` calls, not the upstream generators it pulls from.
        process = self.process
        key = f"stage.{self.name}"

        def timed_process(article):  # noqa: ANN001, ANN202
            start = time.perf_counter()
            try:
                return process(article)
            finally:
                timers.seconds[key] += time.perf_counter() - start
                timers.calls[key] += 1

        self.process = timed_process
        return original_call(self, articles)

    Stage.__call__ = stage_call


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# one size, in a child process --------------------------------------------------------------------------
def child(n: int, input_path: Path, profile: bool, workers: int, mode: str = "run") -> dict:
    """One run. `mode` "run" is `engine.run` (input staged in publication order, ingest and placement
    together); "phases" is what `engine.run` did before (ingest all, then place, then analyze), the baseline
    of that change; "sequential" is "phases" with all analysis after placement, the baseline of analysing
    closed events during it."""
    from kabar import engine
    from kabar.ingest import IngestLog
    from kabar.store.sqlite import SQLiteStore

    timers = Timers()
    instrument(timers)
    phase_timers = Timers()
    peak_after: dict[str, float] = {}  # the main process's peak RSS so far, after each phase
    # what engine.run calls (this code's or, with --code, an older commit's: whichever exist)
    for attr, name in (("StagedArticles", "read"), ("ingest_and_place", "ingest+place"), ("ingest", "ingest"),
                       ("place", "place"), ("analyze", "analyze")):
        if hasattr(engine, attr):
            phase_timers.wrap(engine, attr, name, after=lambda name=name: peak_after.__setitem__(name, _peak_rss_mb()))
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "bench.db") as store:
        start = time.perf_counter()
        cpu0 = time.process_time()
        if mode == "run":
            stats = engine.run([str(input_path)], store, IngestLog(), workers=workers)
        else:
            stats = engine.ingest([str(input_path)], store, IngestLog(), workers=workers)
            engine.place(store, stats=stats, analyze_workers=workers - 1 if mode == "phases" else 0)
            engine.analyze(store, stats=stats, workers=workers)
        total = time.perf_counter() - start
        cpu = time.process_time() - cpu0
        from multiprocessing import forkserver

        # Workers are the forkserver's children: stopping (and so reaping) it adds their CPU to ours.
        forkserver._forkserver._stop()  # private, but the only way to count the workers' CPU here
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu += kids.ru_utime + kids.ru_stime  # the worker processes' CPU (they have ended by now)
        counts = store.counts()
        db_bytes = sum(p.stat().st_size for p in Path(tmp).iterdir())
    # engine.run places an interrupted run's leftovers first: none here, so that place() is left out
    phase_seconds = {k: round(v, 2) for k, v in phase_timers.seconds.items() if v >= 0.05}
    if profiler is not None:
        import io
        import pstats

        profiler.disable()
        buf = io.StringIO()
        st = pstats.Stats(profiler, stream=buf)
        st.sort_stats("cumulative").print_stats(40)
        st.sort_stats("tottime").print_stats(30)
        (RESULTS / f"profile-{n}.txt").write_text(buf.getvalue(), encoding="utf-8")
    return {
        "size": n, "articles": counts["articles"], "seconds": round(total, 2), "cpu_seconds": round(cpu, 2),
        "articles_per_s": round(n / total, 1), "articles_per_cpu_s": round(n / cpu, 1),
        "peak_rss_mb": _peak_rss_mb(),
        "peak_rss_mb_after": {k: v for k, v in peak_after.items() if k in phase_seconds},
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "workers": workers,
        "mode": mode,
        "phases_s": phase_seconds,
        "stages_s": {k: round(v, 2) for k, v in sorted(timers.seconds.items())},
        "dedup_articles_per_s": round(n / max(1e-9, sum(v for k, v in timers.seconds.items()
                                                        if k.startswith("dedup."))), 1),
        "counts": counts, "db_mb": round(db_bytes / 2**20, 1), "decisions": dict(stats.decisions),
        "analyzed_while_placing": stats.analyzed_while_placing,
        "profiled": profile,
        "package": str(Path(engine.__file__).parent),  # which code ran (see --code)
    }


@contextmanager
def code_at(rev: str, folder: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Commit `rev` checked out in a git worktree under `folder` while the block runs: its label, and the
    environment in which a child of these bench scripts imports that commit's package."""
    tree = folder / f"code-{rev}"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True, capture_output=True)
    try:
        # the worktree's package, and the same data (its own ../shared would be next to the temporary folder)
        yield _commit(tree) or rev, {**os.environ, "KABAR_BENCH_SRC": str(tree / "src"),
                                     "KABAR_SHARED": str(shared_data_root())}
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


def pop_package(result: dict, env: dict[str, str]) -> None:
    """Take the child's `package` out of its result; stop if it is not the code `env` asked for."""
    package, src = result.pop("package"), env.get("KABAR_BENCH_SRC")
    if src and not package.startswith(src):
        raise SystemExit(f"the child ran {package}, not {src}")


def _commit(tree: Path = ROOT) -> str | None:
    """The checked-out commit (with "+" if the tree has changes), None outside a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=tree, capture_output=True,
                              text=True, check=True).stdout.strip()
        # bench/results is left out: this script's own output there would mark every later size changed
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results"], cwd=tree,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+" if dirty else "")


MODES = ("run", "phases", "sequential")


def run_child(n: int, path: Path, mode: str, args: argparse.Namespace, env: dict[str, str], commit: str | None) -> dict:
    """One size in one mode, in a fresh child process."""
    cmd = [sys.executable, __file__, "--child", str(n), str(path), "--workers", str(args.workers), "--mode", mode]
    cmd += ["--profile"] if args.profile else []
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        print(proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"size {n} ({mode}) failed")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    pop_package(result, env)
    result["commit"] = commit  # sizes are rerun one at a time: say what code each measured
    result["loadavg_at_end"] = os.getloadavg()
    print(n, mode, {k: result[k] for k in ("seconds", "articles_per_s", "peak_rss_mb")}, flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,22000,200000")
    ap.add_argument("--profile", action="store_true", help="write a cProfile listing per size")
    ap.add_argument("--out", default=None, help="default: bench/results/pipeline.json, or with --against "
                    "bench/results/pipeline-against-MODE.json")
    ap.add_argument("--workers", type=int, default=0,
                    help="processes for the per-article stages and per-event analysis (0: one per core); "
                         "stage.* times are measured in this process only, so they are complete with --workers 1")
    ap.add_argument("--mode", choices=MODES, default="run",
                    help="run: `engine.run` (input staged in publication order, then ingest and placement "
                         "together); phases: ingest everything, then place, then analyze (engine.run before "
                         "ingest and placement overlapped); sequential: phases with all analysis after placement "
                         "(before closed events were analyzed during it)")
    ap.add_argument("--against", choices=MODES, metavar="MODE",
                    help="the baseline of a mode, with the same code: each size runs --mode and MODE in turn, "
                         "--repeat times (the machine's speed drifts; alternating keeps the ratio fair)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--code", metavar="REV",
                    help="measure another commit's code (checked out in a temporary git worktree) with this same "
                         "script: the named baseline of a change, e.g. --code HEAD~3 --out "
                         "bench/results/pipeline-baseline.json")
    ap.add_argument("--child", nargs=2, metavar=("SIZE", "INPUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        from kabar.parallel import default_workers

        print(json.dumps(child(int(args.child[0]), Path(args.child[1]), args.profile,
                               args.workers or default_workers(), args.mode)))
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = Path(args.out or RESULTS / (f"pipeline-against-{args.against}.json" if args.against else "pipeline.json"))
    results = json.loads(out.read_text()) if out.exists() else {}
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform(), "loadavg_at_start": os.getloadavg()}
    runs = results.setdefault("runs", {})
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        commit, env = stack.enter_context(code_at(args.code, Path(tmp))) if args.code else (_commit(), dict(os.environ))
        for n in (int(s) for s in args.sizes.split(",")):
            path = write_input(n, Path(tmp))
            if args.against:
                pair: dict[str, list[dict]] = {args.mode: [], args.against: []}
                for _ in range(args.repeat):
                    for mode in pair:
                        pair[mode].append(run_child(n, path, mode, args, env, commit))
                ratios = [b["seconds"] / r["seconds"] for r, b in zip(pair[args.mode], pair[args.against], strict=True)]
                runs[str(n)] = {"mode": args.mode, "against": args.against, "runs": pair,
                                "speedup_median": round(statistics.median(ratios), 3)}
                print(n, "speed-up", runs[str(n)]["speedup_median"], flush=True)
            else:
                runs[str(n)] = run_child(n, path, args.mode, args, env, commit)
            path.unlink()
            out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")  # after each size: keep partial
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"-> {out}")


if __name__ == "__main__":
    main()

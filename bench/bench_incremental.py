"""The fixed cost of an incremental run: what each `kabar watch` poll (or API ingest) pays to place a few
new articles into a store that already holds many, against a named baseline commit.

    python bench/bench_incremental.py --baseline REV [--size 22000] [--polls 3] [--per-poll 20]
                                      [--out bench/results/incremental.json]

A store of `--size` articles (the head of the CLICK-ID corpus, as bench_pipeline.py) is built once by
`kabar run` with the baseline's code (an older kabar cannot open a newer schema; the newer one upgrades it
on open, untimed). Then each code, on its own copy of that store and in its own process, runs `--polls`
polls: `--per-poll` corpus articles with new ids, dated after everything stored, are ingested (untimed)
and placed (timed, as `kabar watch` places them: copy window 30 days where the code has one). Polls after
the first are the steady state (the first may build what later ones reuse).
"""

from __future__ import annotations

import argparse
import gzip
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from bench_pipeline import CORPUS, RESULTS, _commit, code_at, pop_package, write_input  # noqa: E402


def build(input_path: Path, db: Path) -> None:
    from kabar import engine
    from kabar.ingest import IngestLog
    from kabar.parallel import default_workers
    from kabar.store.sqlite import SQLiteStore

    with SQLiteStore(db) as store:
        engine.run([str(input_path)], store, IngestLog(), workers=default_workers())


def polls(db: Path, n_polls: int, per_poll: int) -> dict:
    from kabar import engine
    from kabar.ingest import IngestLog
    from kabar.store.sqlite import SQLiteStore

    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for _, line in zip(range(n_polls * per_poll), fh, strict=False)]
    window = {"copy_window_days": 30} if "copy_window_days" in inspect.signature(engine.place).parameters else {}
    seconds, placed = [], []
    with SQLiteStore(db) as store:  # an older schema is upgraded here, before any timing
        for poll in range(n_polls):
            batch = [dict(r, id=f"poll{poll}-{i}", url=f"https://poll.example/{poll}/{i}", published="2019-10-28",
                          time=f"{8 + poll:02d}:{i % 60:02d} WIB")
                     for i, r in enumerate(rows[poll * per_poll:(poll + 1) * per_poll])]
            path = db.with_suffix(f".poll{poll}.jsonl")
            path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in batch), encoding="utf-8")
            engine.ingest([str(path)], store, IngestLog(), workers=1)
            start = time.perf_counter()
            stats = engine.place(store, **window)
            seconds.append(round(time.perf_counter() - start, 3))
            placed.append(stats.placed)
    return {"place_seconds": seconds, "placed": placed, "copy_window": bool(window),
            "package": str(Path(engine.__file__).parent)}


def _child(args: list[str], env: dict[str, str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"child {args[0]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", required=False, metavar="REV", help="the commit to compare with")
    ap.add_argument("--size", type=int, default=22000)
    ap.add_argument("--polls", type=int, default=3)
    ap.add_argument("--per-poll", type=int, default=20)
    ap.add_argument("--out", default=str(RESULTS / "incremental.json"))
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        what, *rest = args.child
        if what == "build":
            build(Path(rest[0]), Path(rest[1]))
            print(json.dumps({}))
        else:
            print(json.dumps(polls(Path(rest[0]), int(rest[1]), int(rest[2]))))
        return
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        tmp_path = Path(tmp)
        codes: dict[str, dict[str, str]] = {}  # label -> the environment of its children
        if args.baseline:
            label, env = stack.enter_context(code_at(args.baseline, tmp_path))
            codes[label] = env
        codes[_commit() or "current"] = dict(os.environ)
        start = time.perf_counter()
        store = tmp_path / "store.db"
        _child(["build", str(write_input(args.size, tmp_path)), str(store)], next(iter(codes.values())))
        built_s = round(time.perf_counter() - start, 1)
        runs = {}
        for name, env in codes.items():
            copy = tmp_path / f"{name}.db"
            shutil.copy(store, copy)
            runs[name] = _child(["polls", str(copy), str(args.polls), str(args.per_poll)], env)
            pop_package(runs[name], env)
            print(name, runs[name], flush=True)
    result = {"size": args.size, "polls": args.polls, "per_poll": args.per_poll, "store_built_s": built_s,
              "baseline": next(iter(runs)) if args.baseline else None, "runs": runs,
              "loadavg_at_end": os.getloadavg()}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()

"""`kabar batch` on Ray Data:

1. read: one task per input file (ingest readers, format sniffed), then repartitioned;
2. per partition: the per-article stages of `kabar run` and a MinHash signature cut into LSH band keys;
3. shuffle on band keys: articles sharing a key are LSH candidates (the pairs an index would return);
4. shuffle on time windows: each window gets its articles and its candidate pairs, and runs verification,
   online clustering and per-event analysis exactly as `kabar run` does, in publication order;
5. results stream to JSONL or Parquet files and, optionally, into a store (SQLite or PostgreSQL).

Windows are independent, so clusters do not cross a window boundary (README: batch mode). A window
longer than the corpus (or `window_days=0`) gives the single-process result.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kabar.batch import partition as P
from kabar.batch.output import KINDS, JsonlWriter, StoreLoader, flat_record, write_all
from kabar.ingest import IngestLog, expand_inputs
from kabar.model import Article


@dataclass
class BatchStats:
    articles: int = 0
    copies: int = 0
    events: int = 0
    stories: int = 0
    windows: int = 0
    # LSH candidate pairs, counted once per shared band (a pair sharing 5 bands counts 5)
    candidate_pairs: int = 0  # within a window: verified
    cross_window_pairs: int = 0  # the two articles fell in different windows: not verified
    skipped_buckets: int = 0  # buckets over MAX_BUCKET members
    problems: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _init_ray(address: str | None, num_cpus: int | None) -> None:
    import ray
    from ray.data import DataContext

    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False  # the CLI shows its own progress; Ray's bars flood logs and stderr
    ctx.enable_operator_progress_bars = False
    if ray.is_initialized():
        return
    if address:  # an existing cluster: "auto", "ray://head:10001" …; workers need kabar installed
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    else:  # a local Ray on this machine
        ray.init(num_cpus=num_cpus or os.cpu_count(), include_dashboard=False, ignore_reinit_error=True,
                 log_to_driver=False)


def _prepare_batch(batch: dict[str, np.ndarray], window_days: float) -> dict[str, list[Any]]:
    rows = [{"ord": int(o), "raw": r} for o, r in zip(batch["ord"], batch["raw"], strict=True)]
    out: dict[str, list[Any]] = {k: [] for k in ("id", "ord", "published", "window", "bands", "article")}
    for row in P.prepare(rows, window_days):
        for k in out:
            out[k].append(row[k])
    return out


def _explode_bands(row: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"band": int(b), "id": row["id"], "window": int(row["window"])} for b in row["bands"]]


def _bucket(batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
    return _columns(P.bucket_pairs(list(batch["id"]), [int(w) for w in batch["window"]]))


def _as_window_row(row: dict[str, Any]) -> dict[str, Any]:
    return {"window": int(row["window"]), "kind": "article", "payload": "", "ord": int(row["ord"]),
            "article": row["article"]}


def _place(batch: dict[str, np.ndarray], clusterer_params: dict[str, float] | None) -> dict[str, list[Any]]:
    import pickle

    kinds = batch["kind"]
    articles = [(int(o), pickle.loads(a)) for k, o, a in zip(kinds, batch["ord"], batch["article"], strict=True)
                if k == "article"]
    pairs = [p for k, p in zip(kinds, batch["payload"], strict=True) if k == "pair"]
    rows = list(P.place_window(articles, pairs, clusterer_params)) if articles else []
    counts: dict[str, int] = {}
    for k in kinds:
        counts[str(k)] = counts.get(str(k), 0) + 1
    rows.append({"kind": "stats", "id": str(batch["window"][0]), "payload": json.dumps(counts)})
    return _columns(rows, ("kind", "id", "payload"))


def _columns(rows: Iterable[dict[str, Any]], keys: Sequence[str] = ("window", "kind", "payload", "ord", "article")
             ) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {k: [] for k in keys}
    for row in rows:
        for k in keys:
            out[k].append(row[k])
    return out


def run_batch(
    inputs: Sequence[str] = (),
    output: str | Path | None = None,
    *,
    articles: Iterable[Article] | None = None,
    fmt: str = "jsonl",
    db: str | None = None,
    window_days: float = 0.0,
    partitions: int | None = None,
    address: str | None = None,
    num_cpus: int | None = None,
    input_format: str | None = None,
    clusterer_params: dict[str, float] | None = None,
) -> BatchStats:
    """Run the whole pipeline as a Ray Data job over `inputs` (files, folders, globs: as `kabar run`) or
    over `articles` given in memory; write `output` (a folder: JSONL files, or Parquet folders with
    fmt="parquet") and/or load the results into the store at `db` (a path or a postgresql:// URL).

    `window_days`: 0 (the default) places everything in one window, which gives exactly the clusters and
    copy links of `kabar run`; N > 0 cuts the stream into N-day windows placed in parallel, and clusters
    then stop at window edges (measured on the dev gold: bench/RESULTS.md).
    Ray is started locally unless `address` names a cluster ("auto", "ray://head:10001")."""
    try:
        import ray
    except ImportError as exc:
        raise RuntimeError("batch mode needs Ray: pip install 'kabar[batch]'") from exc

    if fmt not in ("jsonl", "parquet"):
        raise ValueError(f"unknown output format {fmt!r} (jsonl, parquet)")
    if output is None and db is None:
        raise ValueError("nowhere to write: give an output folder, a database, or both")
    stats = BatchStats()
    clock = time.perf_counter()
    _init_ray(address, num_cpus)
    nparts = partitions or max(2, 2 * int(ray.available_resources().get("CPU", 2)))

    # 1. read
    if articles is not None:
        raw = ray.data.from_items(list(P.raw_rows(articles)))
    else:
        log = IngestLog()
        files = [{"path": p, "index": i} for i, p in enumerate(expand_inputs(inputs, log))]
        stats.problems += [f"{p.origin}: {p.level}: {p.message}" for p in log.problems]
        if not files:
            raise FileNotFoundError("no readable input among " + ", ".join(inputs))
        raw = ray.data.from_items(files, override_num_blocks=len(files)).flat_map(
            lambda r: list(P.read_input(r["path"], r["index"], input_format)))
        raw = raw.materialize()
        stats.problems += [r["problem"] for r in raw.filter(lambda r: bool(r["problem"])).take_all()]
        raw = raw.filter(lambda r: not r["problem"]).select_columns(["ord", "raw"])

    # 2. per-article stages and band keys, per partition
    prepared = raw.repartition(nparts).map_batches(_prepare_batch, fn_kwargs={"window_days": window_days},
                                                  batch_format="numpy", batch_size=256).materialize()
    stats.seconds["read_and_stages"] = round(time.perf_counter() - clock, 2)

    # 3. LSH candidates: shuffle on band keys
    clock = time.perf_counter()
    pairs = (prepared.select_columns(["id", "window", "bands"]).flat_map(_explode_bands)
             .groupby("band", num_partitions=nparts).map_groups(_bucket, batch_format="numpy"))

    # 4. verification, clustering and analysis per time window; the pairs' counts ride along
    by_window = prepared.map(_as_window_row).union(pairs)
    results = (by_window.groupby("window", num_partitions=nparts)
               .map_groups(_place, fn_kwargs={"clusterer_params": clusterer_params}, batch_format="numpy")
               .materialize())
    stats.seconds["lsh_shuffle_place_analyze"] = round(time.perf_counter() - clock, 2)
    for r in results.filter(lambda r: r["kind"] == "stats").take_all():
        counts = json.loads(r["payload"])
        stats.windows += 1
        stats.candidate_pairs += counts.get("pair", 0)
        stats.cross_window_pairs += counts.get("cross", 0)
        stats.skipped_buckets += counts.get("skipped", 0)

    # 5. outputs
    clock = time.perf_counter()
    sinks: list[JsonlWriter | StoreLoader] = []
    store = None
    if output is not None and fmt == "jsonl":
        sinks.append(JsonlWriter(Path(output)))
    if db is not None:
        from kabar.store import open_store

        store = open_store(db)
        sinks.append(StoreLoader(store))
    try:
        counts = write_all(results.iter_rows(), sinks)
    finally:
        for sink in sinks:
            sink.close()
        if store is not None:
            store.close()
    if output is not None and fmt == "parquet":
        _write_parquet(results, Path(output), [k for k in KINDS if counts[k]])
    stats.articles, stats.copies, stats.events, stats.stories = (counts[k] for k in KINDS)
    stats.seconds["write"] = round(time.perf_counter() - clock, 2)
    return stats


def _write_parquet(results: Any, folder: Path, kinds: list[str]) -> None:
    names = JsonlWriter.NAMES
    for kind in kinds:
        part = results.filter(lambda r, k=kind: r["kind"] == k)
        part.map(lambda r, k=kind: flat_record(k, json.loads(r["payload"]))).write_parquet(
            str((folder / names[kind]).resolve()))

"""Worker processes change how fast a run is, never what it stores."""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kabar import engine
from kabar.cluster import online
from kabar.eval.datasets import shared_data_root
from kabar.ingest import IngestLog
from kabar.parallel import AHEAD, ordered_map
from kabar.store import open_store
from kabar.store.sqlite import SQLiteStore
from store_snapshot import store_snapshot

CORPUS = shared_data_root() / "corpus" / "clickid-2019.jsonl.gz"


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> tuple[Path, dict, tuple, int]:
    """The input, and what a run without workers stores (snapshot, stats, analyzed while placing)."""
    tmp = tmp_path_factory.mktemp("parallel")
    # enough articles to cross PARALLEL_MIN, with copies and multi-article events among them
    n = engine.PARALLEL_MIN + 3 * engine.CHUNK + 7
    src = tmp / "in.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh, src.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(fh, 0, 40 * n, 40))  # every 40th: many outlets and days
    with _events_close_while_placing(), SQLiteStore(tmp / "w1.db") as store:
        s = engine.run([str(src)], store, IngestLog(), workers=1)
        return src, store_snapshot(store), _stats(s), s.analyzed_while_placing


@contextmanager
def _events_close_while_placing() -> Iterator[None]:
    """Expiry sweeps often enough that events close during placement: with workers, those are analyzed
    meanwhile (engine.place's analyze_workers), and must come out as analyze() alone makes them
    (clusters not yet saved are kept, so batches smaller than the run)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(online, "EXPIRE_EVERY", 20)
        mp.setattr(engine, "BATCH", 25)
        yield


def _stats(s: engine.RunStats) -> tuple:
    return s.read, s.new, s.placed, s.analyzed, s.stages


def test_two_workers_store_exactly_what_one_process_stores(one_process, store_url):
    """On SQLite and on PostgreSQL: the same articles, placements, copies, events (with their analyses)
    and stories as one process on SQLite."""
    src, snap, stats, early = one_process
    with _events_close_while_placing(), open_store(store_url) as store:
        s = engine.run([str(src)], store, IngestLog(), workers=2)
        got = store_snapshot(store)
    assert _stats(s) == stats
    assert early == 0 and 0 < s.analyzed_while_placing < s.analyzed  # some meanwhile, the open ones after
    assert stats[1] >= engine.PARALLEL_MIN  # the parallel path really ran
    assert any(len(e[2]) > 1 for e in snap["events"])
    assert all(r["mentions"] is not None for r in snap["articles"])  # tagged once, at ingest, and stored
    for key in snap:
        assert got[key] == snap[key], key


def test_run_stores_what_ingest_then_place_then_analyze_store(one_process, tmp_path):
    """`run` stages the input in publication order and places each batch as soon as it is stored (the
    input here is by outlet, as the corpus file is); it stores what ingesting all of it, then placing,
    then analyzing stores."""
    src, snap, stats, _ = one_process
    with _events_close_while_placing(), SQLiteStore(tmp_path / "phases.db") as store:
        s = engine.ingest([str(src)], store, IngestLog())
        engine.place(store, stats=s)
        engine.analyze(store, stats=s)
        got = store_snapshot(store)
    assert _stats(s) == stats
    for key in snap:
        assert got[key] == snap[key], key


def test_ordered_map_keeps_order_and_reads_its_input_lazily():
    consumed = []

    def items():
        for i in range(200):
            consumed.append(i)
            yield [i] * (i % 7)

    results = ordered_map(len, items(), workers=2)
    first = next(results)
    assert first == 0
    assert len(consumed) <= 2 * AHEAD + 1  # not the whole input at once
    assert [first, *results] == [i % 7 for i in range(200)]


def test_two_article_event_title_does_not_depend_on_the_process(tmp_path):
    """Bug: the title of an event of two articles flipped between a run with workers and one without.

    Both articles are exactly as close to the centroid of two (cos(a, a+b) = cos(b, a+b)), so the tie was
    decided by the last bits of float sums taken in set order, which follows the process's hash seed
    (workers have their own). Equal closeness must fall to the earlier article, in every process."""
    from kabar.lang.stem import content_terms
    from kabar.model import Article

    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in itertools.islice(fh, 0, 4000, 200)]
    arts = [Article(id=str(i), source=r["source"], url=None, title=r["title"], published=None, raw_text=r["text"],
                    text=r["text"], terms=content_terms(f"{r['title']}\n{r['text']}")) for i, r in enumerate(rows)]
    assert len(arts) == 20
    for a, b in itertools.pairwise(arts):
        assert engine.central_title([a, b]) == a.title
        assert engine.central_title([b, a]) == b.title

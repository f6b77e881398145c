"""BLAS runs on one thread in the workers and in the engine's placement and analysis (see
kabar.parallel.one_blas_thread): its default threads spun on the core the workers need."""

from __future__ import annotations

from threadpoolctl import threadpool_info

from kabar import engine
from kabar.ingest import IngestLog
from kabar.parallel import ordered_map
from kabar.store.sqlite import SQLiteStore


def blas_threads(_: object = None) -> int:
    return max((i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"), default=1)


def test_workers_use_one_blas_thread():
    assert list(ordered_map(blas_threads, range(4), workers=2)) == [1, 1, 1, 1]


def test_placement_and_analysis_use_one_blas_thread(tmp_path, monkeypatch, samples_dir):
    seen = []
    load, analyze_event = engine.load_clusterer, engine.analyze_event
    monkeypatch.setattr(engine, "load_clusterer", lambda *a, **k: (seen.append(blas_threads()), load(*a, **k))[1])
    monkeypatch.setattr(engine, "analyze_event", lambda *a, **k: (seen.append(blas_threads()), analyze_event(*a, **k))[1])
    with SQLiteStore(tmp_path / "k.db") as store:
        engine.run([str(samples_dir)], store, IngestLog())
    assert len(seen) >= 2 and set(seen) == {1}

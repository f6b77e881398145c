"""Placement runs with fewer cyclic collections (engine.PLACEMENT_GC) and gives the process's thresholds
back afterwards, also when placements overlap in threads (kabar serve)."""

from __future__ import annotations

import gc

from kabar import engine
from kabar.ingest import IngestLog
from kabar.store.sqlite import SQLiteStore


def test_a_run_places_under_placement_thresholds_and_restores_the_process_ones(tmp_path, samples_dir, monkeypatch):
    seen = []
    place_one = engine._place_one

    def recording(*args):  # noqa: ANN002, ANN202
        seen.append(gc.get_threshold())
        return place_one(*args)

    monkeypatch.setattr(engine, "_place_one", recording)
    before = gc.get_threshold()
    with SQLiteStore(tmp_path / "k.db") as store:
        engine.run([str(samples_dir)], store, IngestLog())
    assert len(seen) == 5 and set(seen) == {engine.PLACEMENT_GC}
    assert gc.get_threshold() == before != engine.PLACEMENT_GC


def test_overlapping_placements_restore_the_thresholds_only_when_the_last_one_ends():
    before = gc.get_threshold()
    first, second = engine._fewer_collections(), engine._fewer_collections()
    first.__enter__()
    second.__enter__()  # another thread's placement starts meanwhile
    first.__exit__(None, None, None)
    assert gc.get_threshold() == engine.PLACEMENT_GC  # the second is still placing
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before

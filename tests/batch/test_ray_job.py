"""`run_batch` end to end on a local Ray (started by the test, stopped after it): the samples through
read → stages → band shuffle → window shuffle → Parquet files and a SQLite store, which must hold exactly
what `kabar run` stores. Skipped when Ray (the `batch` extra) is not installed."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")
ray = pytest.importorskip("ray", reason="Ray is the optional `batch` extra (pip install 'kabar[batch]')")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_batch_on_samples_matches_kabar_run(local_ray, samples_dir, samples_store, tmp_path):
    import pyarrow.parquet as pq

    from kabar.batch import run_batch
    from kabar.export import export_json
    from kabar.store.sqlite import SQLiteStore

    db = tmp_path / "batch.db"
    stats = run_batch([str(samples_dir), str(tmp_path / "missing.jsonl")], tmp_path / "out", fmt="parquet",
                      db=str(db), window_days=0, partitions=2)
    assert (stats.articles, stats.events, stats.stories, stats.windows) == (5, 1, 1, 1)
    assert stats.problems and "missing.jsonl" in stats.problems[0]  # reported, not fatal
    with SQLiteStore(db) as store:
        assert json.loads(export_json(store)) == json.loads(export_json(samples_store))
    articles = pq.read_table(tmp_path / "out" / "articles").to_pylist()
    assert len(articles) == 5 and len({a["event"] for a in articles}) == 1
    copies = pq.read_table(tmp_path / "out" / "copies").to_pylist()
    assert {(c["original"], c["copy"]) for c in copies} == {(c.original, c.copy) for c in samples_store.copy_links()}

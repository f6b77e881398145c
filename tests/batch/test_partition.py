"""Batch mode's per-partition functions, without Ray: the band shuffle finds what the LSH index finds,
and a window placed with shuffled candidates gives what `kabar run` gives."""

from __future__ import annotations

import json
import pickle

from rensa import RMinHashLSH

from kabar.batch import partition as P
from kabar.batch.output import JsonlWriter, StoreLoader, write_all
from kabar.dedup.detect import LSH_BANDS
from kabar.dedup.fingerprint import NUM_PERM, minhash, shingles
from kabar.export import export_json
from kabar.ingest import IngestLog, iter_articles
from kabar.store.sqlite import SQLiteStore


def _texts() -> list[str]:
    base = ("Menteri Luar Negeri Rusia Sergei Lavrov bertemu mitranya dari Korea Utara di Wonsan pada Sabtu "
            "dan membahas kerja sama militer kedua negara serta situasi di Ukraina menurut kantor berita TASS").split()
    out = [" ".join(base)]
    for k in range(1, 12):  # ever more edited copies: some share bands with the first, some do not
        words = list(base)
        for i in range(0, len(words), max(1, 12 - k)):
            words[i] = f"x{k}{i}"
        out.append(" ".join(words))
    return out


def test_band_keys_find_exactly_the_lsh_candidates():
    sigs = [minhash(shingles(t)) for t in _texts()]
    lsh = RMinHashLSH(threshold=0.4, num_perm=NUM_PERM, num_bands=LSH_BANDS)
    expected = set()
    for i, m in enumerate(sigs):
        expected |= {(j, i) for j in lsh.query(m)}
        lsh.insert(i, m)
    keys = [set(P.band_keys(m)) for m in sigs]
    shuffled = {(j, i) for i in range(len(sigs)) for j in range(i) if keys[i] & keys[j]}
    assert shuffled == expected and expected  # the test data has candidates


def test_bucket_pairs_within_and_across_windows():
    rows = list(P.bucket_pairs(["a", "b", "c"], [1, 1, 2]))
    assert [(r["kind"], r["payload"]) for r in rows] == [("pair", "a b"), ("cross", "a c"), ("cross", "b c")]
    assert [r["kind"] for r in P.bucket_pairs(["a"] * 2000, [0] * 2000)] == ["skipped"]
    assert P.window_of("2019-09-10T10:00:00", 0) == 0
    assert P.window_of(None, 7) == P.UNDATED and P.window_of("garbage", 7) == P.UNDATED
    assert P.window_of("2019-09-10", 7) == P.window_of("2019-09-11T23:00:00", 7) != P.window_of("2019-09-20", 7)


def test_one_window_gives_what_kabar_run_gives(samples_dir, samples_store, tmp_path):
    raws = list(iter_articles([str(samples_dir)], IngestLog()))
    prepared = list(P.prepare(P.raw_rows(raws), window_days=0))
    keys = {r["id"]: set(r["bands"]) for r in prepared}
    ids = list(keys)
    pairs = [f"{a} {b}" for i, a in enumerate(ids) for b in ids[i + 1 :] if keys[a] & keys[b]]
    rows = list(P.place_window([(r["ord"], pickle.loads(r["article"])) for r in prepared], pairs))
    assert {r["kind"] for r in rows} == {"article", "copy", "event", "story"}

    with SQLiteStore(tmp_path / "b.db") as store:  # through the same loader `kabar batch --db` uses
        loader, jsonl = StoreLoader(store, batch=2), JsonlWriter(tmp_path / "out")
        counts = write_all(rows, [loader, jsonl])
        loader.close()
        jsonl.close()
        assert counts["article"] == 5 and store.dirty_events() == []
        assert json.loads(export_json(store)) == json.loads(export_json(samples_store))
        assert store.counts() == samples_store.counts()
    articles = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text().splitlines()]
    assert len(articles) == 5 and all(a["event"] and a["story"] for a in articles)


def test_batch_package_imports_without_ray(monkeypatch):
    import builtins
    import importlib
    import sys

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("no ray here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    for mod in [m for m in sys.modules if m.startswith("kabar.batch")]:
        monkeypatch.delitem(sys.modules, mod)
    batch = importlib.import_module("kabar.batch")
    try:
        batch.run_batch(["x"], "out")
    except RuntimeError as exc:
        assert "kabar[batch]" in str(exc)
    else:
        raise AssertionError("run_batch without ray should say how to install it")

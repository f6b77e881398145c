"""A short, bounded version of bench/bench_load.py: `kabar serve` as a real process on 127.0.0.1, 10
concurrent clients for 5 s mixing ingests of distinct corpus articles with reads. No request may fail and
every acknowledged article must be in the store, placed. No timing assertions (bench/ measures speed).
tests/web/test_postgres.py runs the same over PostgreSQL."""

from __future__ import annotations

import sqlite3

from web_helpers import loaded_without_loss


def test_concurrent_ingest_and_reads_lose_nothing(samples_db, tmp_path):
    db = tmp_path / "load.db"
    with sqlite3.connect(samples_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    acknowledged = loaded_without_loss(db, tmp_path / "serve.log")
    with sqlite3.connect(db) as con:  # every acknowledged article once, in an event that lists it
        rows = con.execute("SELECT a.id FROM articles a JOIN events e ON e.id = a.event "
                           "WHERE instr(e.articles, '\"' || a.id || '\"') > 0").fetchall()
        assert {r[0] for r in rows} >= acknowledged

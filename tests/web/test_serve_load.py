"""A short, bounded version of bench/bench_load.py: `kabar serve` as a real process on 127.0.0.1, 10
concurrent clients for 5 s mixing ingests of distinct corpus articles with reads. No request may fail and
every acknowledged article must be in the store, placed. No timing assertions (bench/ measures speed)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
from bench_load import TOKEN, Server, corpus_articles, missing_articles, run_load  # noqa: E402


def test_concurrent_ingest_and_reads_lose_nothing(samples_db, tmp_path):
    db = tmp_path / "load.db"
    with sqlite3.connect(samples_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    with Server(db, log=tmp_path / "serve.log") as server:
        result = asyncio.run(run_load(server.url, TOKEN, clients=10, seconds=5, articles=corpus_articles()))
    log = (tmp_path / "serve.log").read_text(errors="replace")
    assert not result.errors, (result.errors[:5], log[-3000:])
    assert "Traceback" not in log, log[-3000:]
    assert result.acknowledged and result.latencies["search"] and result.latencies["story_page"]
    assert missing_articles(db, result.acknowledged) == []
    with sqlite3.connect(db) as con:  # every acknowledged article once, in an event that lists it
        rows = con.execute("SELECT a.id FROM articles a JOIN events e ON e.id = a.event "
                           "WHERE instr(e.articles, '\"' || a.id || '\"') > 0").fetchall()
        assert {r[0] for r in rows} >= result.acknowledged

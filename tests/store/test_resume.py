"""An interrupted run, re-run, finishes the job and gives the same result as an uninterrupted one."""

from __future__ import annotations

import pytest

from kabar import engine
from kabar.ingest import IngestLog
from kabar.store.sqlite import SQLiteStore


class Interrupted(Exception):
    pass


def test_interrupted_placement_resumes(tmp_path, samples_dir, monkeypatch, samples_store):
    db = tmp_path / "k.db"
    monkeypatch.setattr(engine, "BATCH", 2)

    def die_after_first_batch(phase, done, total):
        if phase == "place" and done >= 2:
            raise Interrupted

    with SQLiteStore(db) as store:
        with pytest.raises(Interrupted):
            engine.run([str(samples_dir)], store, IngestLog(), progress=die_after_first_batch)
        c = store.counts()
        assert c["articles"] == 5 and c["placed"] == 2  # the first batch was committed, the rest not yet
    with SQLiteStore(db) as store:
        stats = engine.run([str(samples_dir)], store, IngestLog())
        assert stats.new == 0 and stats.placed == 3
        assert store.counts() == samples_store.counts()
        assert len(store.stories()) == 1
        assert store.dirty_events() == []


def test_schema_version_is_recorded_and_checked(tmp_path):
    from kabar.store.base import SCHEMA_VERSION

    db = tmp_path / "k.db"
    with SQLiteStore(db) as store:
        assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        store.db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
        store.db.commit()
    with pytest.raises(RuntimeError, match="newer"):
        SQLiteStore(db)


def test_version_1_database_is_upgraded(tmp_path, samples_dir):
    """A database written before articles had time expressions and stored NER mentions opens, gains the
    columns, keeps its rows; its articles are tagged on first use."""
    import sqlite3

    from kabar.extract.entities import article_mentions
    from kabar.store.base import SCHEMA_VERSION

    db = tmp_path / "old.db"
    with SQLiteStore(db) as store:
        engine.ingest([str(samples_dir)], store, IngestLog())
        store.db.execute("ALTER TABLE articles DROP COLUMN times")
        store.db.execute("ALTER TABLE articles DROP COLUMN mentions")
        store.db.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
        store.db.commit()
    with SQLiteStore(db) as store:
        cols = {r[1] for r in store.db.execute("PRAGMA table_info(articles)")}
        assert {"times", "mentions"} <= cols
        articles = list(store.iter_articles())
        assert len(articles) == 5 and all(a.mentions is None for a in articles)
        assert any(m.text.endswith("Lavrov") for a in articles for m in article_mentions(a))
    version = sqlite3.connect(db).execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    assert version == str(SCHEMA_VERSION)

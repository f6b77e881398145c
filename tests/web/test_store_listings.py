"""Store methods the web needs: the FTS5 index (filled on ingest, and for databases made before it existed)
and listings; the plain Store implementations (what a store without SQL overrides gets) agree with SQLite's."""

from __future__ import annotations

import sqlite3

from kabar.store.base import Store, search_terms
from kabar.store.sqlite import SQLiteStore


def test_search_terms_stem_words_and_normalize_numbers():
    assert search_terms("Pengiriman 6.000 tentara, dikirim 2,5 juta") == ["kirim", "tentara", "kirim", "juta",
                                                                         "6000", "2,5"]


def test_index_is_filled_for_a_database_made_before_it(samples_db, tmp_path):
    db = tmp_path / "old.db"
    with sqlite3.connect(samples_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
        dst.execute("DROP TABLE articles_fts")  # as a database from before the search index
    with SQLiteStore(db) as store:
        assert store.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 5
        assert store.search("Wonsan").total >= 3
    with SQLiteStore(db) as store:  # reopening does not index twice
        assert store.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 5


def test_plain_implementations_agree_with_sqlite(samples_store):
    s = samples_store
    assert Store.story_rows(s) == s.story_rows()
    assert Store.outlet_rows(s) == s.outlet_rows()
    assert Store.outlet_rows(s, "nobody") == s.outlet_rows("nobody") == []
    assert Store.outlet_links(s) == s.outlet_links()
    assert Store.sources(s) == s.sources()
    assert [a.id for a in Store.list_articles(s, limit=3)[1]] == [a.id for a in s.list_articles(limit=3)[1]]
    for q in ("pasukan Korea", "6.000 tentara", "zzz", ""):
        plain, fts = Store.search(s, q), s.search(q)
        assert (plain.total, plain.terms) == (fts.total, fts.terms), q
        assert {h.article.id for h in plain.hits} == {h.article.id for h in fts.hits}, q

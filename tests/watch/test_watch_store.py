"""The watch state in both stores (SQLite and PostgreSQL): sources, URLs pending and fetched, and the
in-place upgrade of a schema-2 database."""

from __future__ import annotations

from kabar.ingest import make_article
from kabar.store import open_store
from kabar.store.base import SCHEMA_VERSION, WatchSource, WatchUrl


def _version(store) -> int:
    row = store.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0] if not isinstance(row, dict) else row["value"])


def test_sources_round_trip_and_update(watch_db):
    with open_store(watch_db) as s:
        assert s.watch_sources() == [] and s.watch_source("https://a.example/rss") is None
        src = WatchSource("https://b.example/rss", "feed", "B's feed — «berita»")
        s.save_watch_source(src)
        s.save_watch_source(WatchSource("https://a.example/sitemap.xml", "sitemap"))
        src.etag, src.polls, src.backoff_until, src.last_error = '"v1"', 3, 1234.5, "HTTP 500 Internal Server Error"
        s.save_watch_source(src)
    with open_store(watch_db) as s:  # committed: a new connection sees it
        assert [x.url for x in s.watch_sources()] == ["https://a.example/sitemap.xml", "https://b.example/rss"]
        assert s.watch_source("https://b.example/rss") == src


def test_urls_are_recorded_once_and_come_due_in_order(watch_db):
    def url(n: int, **kw) -> WatchUrl:
        return WatchUrl(f"https://a.example/news/{n}", f"http://www.a.example/news/{n}/", "https://a.example/rss", **kw)

    with open_store(watch_db) as s:
        assert s.add_watch_urls([url(1), url(2), url(3, next_try=5000.0)]) == 3
        assert s.add_watch_urls([url(2), url(3), url(4)]) == 1  # only 4 is new; 2 and 3 keep their state
        assert [u.url[-1] for u in s.due_watch_urls(1000.0, 10)] == ["1", "2", "4"]
        assert [u.url[-1] for u in s.due_watch_urls(6000.0, 2)] == ["1", "2"]  # oldest first, limited
        done = s.watch_url("https://a.example/news/1")
        done.status, done.content_hash, done.article, done.attempts = "done", "h1", "art1", 1
        s.save_watch_url(done)
        failed = s.watch_url("https://a.example/news/2")
        failed.status, failed.error = "failed", "HTTP 404 Not Found"
        s.save_watch_url(failed)
    with open_store(watch_db) as s:
        assert [u.url[-1] for u in s.due_watch_urls(6000.0, 10)] == ["3", "4"]
        assert s.watch_url("https://a.example/news/1") == done
        assert s.watch_hash_owner("h1").article == "art1" and s.watch_hash_owner("h2") is None
        assert s.watch_url_counts() == {"https://a.example/rss": {"done": 1, "failed": 1, "pending": 2}}


def test_schema_2_database_is_upgraded_in_place(watch_db):
    assert SCHEMA_VERSION >= 3
    with open_store(watch_db) as s:  # make it look like a schema-2 database with one article
        s.add_articles([make_article(text="Satu artikel lama.", origin="t", url="https://a.example/1")])
        s.db.execute("DROP TABLE watch_urls")
        s.db.execute("DROP TABLE watch_sources")
        s.db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        s.commit()
    with open_store(watch_db) as s:
        assert _version(s) == SCHEMA_VERSION
        assert s.counts()["articles"] == 1
        s.save_watch_source(WatchSource("https://a.example/rss", "feed"))
        assert s.add_watch_urls([WatchUrl("https://a.example/2", "https://a.example/2", "https://a.example/rss")]) == 1
        assert s.watch_url_counts() == {"https://a.example/rss": {"pending": 1}}

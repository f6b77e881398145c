"""A watcher stopped after a poll and started again (a new process: a new store connection) resumes:
pending URLs are completed, nothing is fetched twice, nothing is lost; on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

from watchsite import FAST, bounded, rss

from kabar.store import open_store
from kabar.watch import SourceSpec, watch

# Two pages a poll, so a poll ends with work pending; no backoff, so a failed page is due at the next poll.
SETTINGS = replace(FAST, max_pages_per_poll=2, backoff=0.0)


def _one_poll(db, spec):
    def go():
        with open_store(db) as store:  # a fresh connection each time: what survives is what was committed
            [report] = watch(store, [spec], SETTINGS, polls=1)
            return report, store.watch_url_counts().get(spec.url, {}), store.counts()["articles"]
    return bounded(go)


def test_restart_completes_pending_and_fetches_nothing_twice(watch_db, news_site, pages):
    site = news_site
    keys = ["001", "002", "003", "004"]
    site.set("/feed.xml", rss([(site.url(f"/news/{k}"), pages[k][0], "Sat, 12 Jul 2025 08:00:00 +0700")
                               for k in keys]), content_type="application/rss+xml", etag='"v1"')
    working_004 = site.routes["/news/004"]
    site.set("/news/004", "temporarily down", status=503)
    spec = SourceSpec(site.url("/feed.xml"))

    r1, counts, articles = _one_poll(watch_db, spec)
    assert (r1.fetched, articles, counts) == (2, 2, {"done": 2, "pending": 2})

    r2, counts, articles = _one_poll(watch_db, spec)  # restarted: the feed is unchanged (304)
    assert r2.sources[spec.url].status == "not modified"
    assert (r2.fetched, articles, counts) == (1, 3, {"done": 3, "pending": 1})  # 004 failed: still pending

    site.routes["/news/004"] = working_004
    r3, counts, articles = _one_poll(watch_db, spec)
    assert (r3.fetched, articles, counts) == (1, 4, {"done": 4})
    for k in ("001", "002", "003"):
        assert len(site.requests(f"/news/{k}")) == 1
    assert [h.status for h in site.requests("/news/004")] == [503, 200]
    assert [h.status for h in site.requests("/feed.xml")] == [200, 304, 304]
    with open_store(watch_db) as store:
        assert len(store.stories()) == 1 and store.dirty_events() == []
        src = store.watch_source(spec.url)
        assert (src.polls, src.links, src.articles, src.errors) == (3, 4, 4, 1)
        assert src.last_error.endswith("HTTP 503 Service Unavailable") and src.last_success

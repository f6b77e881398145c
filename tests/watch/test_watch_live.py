"""`kabar watch` against a live local site whose feeds change between polls: new items, 304s, a 500,
an entity bomb, robots.txt, a slow page, a redirect loop, a huge page and the same article under a second
URL. The right articles arrive once and land in one story; the bad ones are reported; nothing hangs."""

from __future__ import annotations

import time

from watchsite import ENTITY_BOMB, FAST, bounded, http_date, news_sitemap, rss

from kabar.store import open_store
from kabar.watch import SourceSpec, watch

RSS = "application/rss+xml"


def _poll(db, specs, problems, polls=1, settings=FAST):
    def go():
        with open_store(db) as store:
            return watch(store, specs, settings, polls=polls, on_problem=lambda w, m: problems.append((w, m)))
    return bounded(go)


def _item(site, path, pages, key=None):
    title = pages[key][0] if key else path
    return (site.url(path), title, "Sat, 12 Jul 2025 08:00:00 +0700")


def test_feeds_and_sitemaps_change_between_polls(watch_db, news_site, pages):
    site = news_site
    feed_v1 = [_item(site, "/news/001", pages, "001"), _item(site, "/news/002", pages, "002"),
               _item(site, "/private/secret", pages)]
    site.set("/feed.xml", rss(feed_v1), content_type=RSS, etag='"v1"')
    sitemap_date = http_date(-3600)
    site.set("/sitemap.xml", news_sitemap([(site.url("/news/003"), pages["003"][0], "2025-07-12T12:00:00+07:00")]),
             content_type="application/xml", last_modified=sitemap_date)
    site.set("/broken.xml", "oops", status=500)
    site.set("/bomb.xml", ENTITY_BOMB, content_type=RSS)
    specs = [SourceSpec(site.url("/feed.xml"), name="Feed <b>utama</b>"), SourceSpec(site.url("/sitemap.xml")),
             SourceSpec(site.url("/broken.xml")), SourceSpec(site.url("/bomb.xml"), kind="feed")]
    problems: list[tuple[str, str]] = []

    # poll 1: three articles from a feed and a sitemap; robots.txt keeps /private/ out; two sources fail
    [r1] = _poll(watch_db, specs, problems)
    assert r1.new_articles == 3 and r1.fetched == 3
    assert site.requests("/private/secret") == []
    assert r1.sources[site.url("/broken.xml")].status == "error"
    assert any("HTTP 500" in e for e in r1.sources[site.url("/broken.xml")].errors)
    assert any("entity" in e for e in r1.sources[site.url("/bomb.xml")].errors)
    assert any("robots.txt" in m for w, m in problems if w.endswith("/private/secret"))
    with open_store(watch_db) as store:
        assert store.counts()["articles"] == 3 and len(store.stories()) == 1
        broken = store.watch_source(site.url("/broken.xml"))
        assert broken.last_error.startswith("HTTP 500") and broken.backoff_until > time.time() + 30
        assert broken.last_success is None and broken.errors == 1
        feed = store.watch_source(site.url("/feed.xml"))
        assert (feed.kind, feed.etag, feed.links, feed.articles) == ("feed", '"v1"', 3, 2)
        assert store.watch_source(site.url("/sitemap.xml")).kind == "sitemap"
        assert store.watch_url(site.url("/private/secret").replace("http://", "https://")).status == "failed"

    # poll 2: nothing changed: conditional requests get 304s, failing sources are left alone (backoff)
    [r2] = _poll(watch_db, specs, problems)
    assert (r2.fetched, r2.new_articles) == (0, 0)
    assert [h.status for h in site.requests("/feed.xml")] == [200, 304]
    assert site.requests("/feed.xml")[-1].headers["if-none-match"] == '"v1"'
    assert site.requests("/sitemap.xml")[-1].headers["if-modified-since"] == sitemap_date
    assert [h.status for h in site.requests("/sitemap.xml")] == [200, 304]
    assert len(site.requests("/broken.xml")) == 1 and r2.sources[site.url("/broken.xml")].status == "backing off"
    assert "(2 not modified)" in r2.line() and "0 new articles" in r2.line()

    # poll 3: the feed changes: two new articles, a second URL for an old one, a link repeated, and bad pages
    site.set("/amp/001", site.routes["/news/001"].body)
    site.set("/loop/a", redirect=site.url("/loop/b"))
    site.set("/loop/b", redirect=site.url("/loop/a"))
    site.set("/huge", stream_bytes=1_000_000)
    site.set("/huge-declared", b"<p>" + b"y" * 400_000 + b"</p>")
    site.set("/slow", site.routes["/news/004"].body, delay=3.0)
    site.set("/drip", drip=0.2)  # each read within the timeout, the whole response never ends
    feed_v2 = feed_v1 + [_item(site, p, pages, k) for p, k in (("/news/000", "000"), ("/news/004", "004"),
                                                              ("/news/002", "002"), ("/amp/001", None),
                                                              ("/loop/a", None), ("/huge", None),
                                                              ("/huge-declared", None), ("/slow", None),
                                                              ("/drip", None))]
    site.set("/feed.xml", rss(feed_v2), content_type=RSS, etag='"v2"')
    [r3] = _poll(watch_db, specs, problems)
    assert r3.new_articles == 2 and r3.duplicates == 1
    assert r3.sources[site.url("/feed.xml")].new_urls == 8  # 000, 004, amp, loop, huge, huge-declared, slow, drip
    with open_store(watch_db) as store:
        def status(path):
            return store.watch_url(site.url(path).replace("http://", "https://"))

        assert status("/amp/001").status == "duplicate" and status("/amp/001").article == status("/news/001").article
        assert status("/loop/a").status == "failed" and "redirect" in status("/loop/a").error
        assert status("/huge").status == "failed" and "limit" in status("/huge").error
        assert status("/huge-declared").status == "failed" and "limit" in status("/huge-declared").error
        slow = status("/slow")
        assert (slow.status, slow.attempts) == ("pending", 1) and "timed out" in slow.error
        assert slow.next_try > time.time() + 30  # backoff before the next attempt
        drip = status("/drip")
        assert (drip.status, drip.attempts) == ("pending", 1) and "took longer than 1.5s" in drip.error
        counts = store.counts()
        assert counts["articles"] == 5 and counts["stories"] == 1 and counts["events"] == 1
        [event] = store.events()
        assert len(event.articles) == 5 and event.summary and store.dirty_events() == []
        assert any(f.status == "conflict" for f in event.facts)  # the troop counts differ between outlets
    for path in ("/news/000", "/news/001", "/news/002", "/news/003", "/news/004", "/amp/001", "/huge"):
        assert len(site.requests(path)) == 1, path  # every page once, over three polls
    assert all(h.headers["user-agent"].startswith("Kabar/") for h in site.hits)
    reported = {w for w, _ in problems}
    assert {site.url(p) for p in ("/loop/a", "/huge", "/huge-declared", "/slow", "/drip", "/broken.xml",
                                  "/bomb.xml")} <= reported


def test_sitemap_index_children_are_polled_as_sources(watch_db, news_site, pages):
    site = news_site
    site.set("/sitemap.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{site.url("/sitemap-1.xml")}</loc></sitemap><sitemap><loc>/sitemap-2.xml</loc></sitemap>'
             '</sitemapindex>', content_type="application/xml", etag='"idx"')
    for n, keys in ((1, ("001", "002")), (2, ("003",))):
        site.set(f"/sitemap-{n}.xml", news_sitemap([(site.url(f"/news/{k}"), pages[k][0], pages[k][2]) for k in keys]),
                 content_type="application/xml", etag=f'"s{n}"')
    spec = SourceSpec(site.url("/sitemap.xml"), kind="sitemap")
    problems: list[tuple[str, str]] = []
    [r1, r2] = _poll(watch_db, [spec], problems, polls=2)
    assert (r1.new_articles, r2.new_articles, problems) == (3, 0, [])
    assert r2.sources[site.url("/sitemap-2.xml")].status == "not modified"
    assert [h.status for h in site.requests("/sitemap-1.xml")] == [200, 304]
    with open_store(watch_db) as store:
        child = store.watch_source(site.url("/sitemap-1.xml"))
        assert (child.kind, child.parent, child.links, child.articles) == ("sitemap", spec.url, 2, 2)
        assert {a.published for a in store.iter_articles()} == {pages[k][2] for k in ("001", "002", "003")}

"""Politeness: per-host delay and concurrency cap, Retry-After on 429/503, robots.txt (rules, Crawl-delay,
unreachable robots.txt), Retry-After parsing."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from watchsite import FAST, bounded, http_date, rss

from kabar.store import open_store
from kabar.watch import SourceSpec, WatchSettings, watch
from kabar.watch.fetch import Fetcher, parse_retry_after
from kabar.watch.polite import HostGate, Robots


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_gate_spaces_request_starts_per_host():
    clock = FakeClock()
    gate = HostGate(2.0, per_host=1, clock=clock, sleep=clock.sleep)
    starts = []
    for host in ("a", "a", "b", "a"):
        with gate.slot(host):
            starts.append((host, clock.now))
    # a at 100, a waits until 102, b does not wait for a, a again at 104
    assert starts == [("a", 100.0), ("a", 102.0), ("b", 102.0), ("a", 104.0)]
    gate.set_delay("b", 5.0)  # a Crawl-delay
    gate.set_delay("a", 0.5)  # never below the configured delay
    with gate.slot("b"):
        assert clock.now == 104.0  # its turn, set before the Crawl-delay was known
    with gate.slot("b"):
        assert clock.now == 109.0  # 5s after the previous request to b
    assert gate._delays["a"] == 2.0


def test_gate_caps_requests_in_flight_per_host():
    gate = HostGate(0.0, per_host=2)
    lock, inside, peak = threading.Lock(), [0], [0]

    def request():
        with gate.slot("h"):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=request) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert peak[0] == 2


def _feed(site, paths):
    site.set("/feed.xml", rss([(site.url(p), p, "Sat, 12 Jul 2025 08:00:00 +0700") for p in paths]),
             content_type="application/rss+xml")
    return SourceSpec(site.url("/feed.xml"))


def _watch(db, spec, settings, problems=None):
    def go():
        with open_store(db) as store:
            return watch(store, [spec], settings, polls=1,
                         on_problem=(lambda w, m: problems.append((w, m))) if problems is not None else None)
    return bounded(go)


def test_live_site_sees_the_per_host_cap_and_the_user_agent(tmp_path, news_site):
    site = news_site
    keys = ("000", "001", "002", "003", "004")
    for key in keys:
        site.routes[f"/news/{key}"].delay = 0.3  # slow enough for requests to overlap if allowed
    spec = _feed(site, [f"/news/{k}" for k in keys])
    [report] = _watch(str(tmp_path / "k.db"), spec, replace(FAST, delay=0.0, per_host=2, concurrency=8, timeout=5.0))
    assert report.fetched == 5
    assert site.max_in_flight == 2
    assert {h.headers["user-agent"] for h in site.hits} == {WatchSettings().user_agent}
    assert WatchSettings().user_agent.startswith("Kabar/0.") and "+https://" in WatchSettings().user_agent


def test_live_site_sees_the_delay_between_requests(tmp_path, news_site):
    site = news_site
    keys = ("000", "001", "002", "003")
    spec = _feed(site, [f"/news/{k}" for k in keys])
    [report] = _watch(str(tmp_path / "k.db"), spec, replace(FAST, delay=0.3, per_host=2, concurrency=8, timeout=5.0))
    assert report.fetched == 4
    arrivals = sorted(h.at for h in site.hits)  # robots.txt, the feed and the pages: all to one host
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert len(gaps) == 5 and min(gaps) > 0.2  # starts are 0.3s apart at the client; arrivals jitter a little


def test_429_pauses_the_host_and_retry_after_sets_the_backoff(tmp_path, news_site):
    site = news_site
    site.set("/news/busy", "slow down", status=429, headers={"Retry-After": "120"})
    spec = _feed(site, ["/news/busy", "/news/001", "/news/002"])
    settings = replace(FAST, per_host=1, concurrency=1)  # one at a time: busy is asked first
    db = str(tmp_path / "k.db")
    problems: list[tuple[str, str]] = []
    [report] = _watch(db, spec, settings, problems)
    assert report.fetched == 0 and report.retry_later == 3  # the other pages were not even asked for
    assert site.requests("/news/001") == [] and site.requests("/news/002") == []
    assert any("HTTP 429" in m for _, m in problems)
    with open_store(db) as store:
        busy = store.watch_url(site.url("/news/busy").replace("http://", "https://"))
        assert busy.status == "pending" and busy.next_try > time.time() + 100
        assert store.watch_url(site.url("/news/001").replace("http://", "https://")).next_try > time.time() + 30

    site.set("/feed.xml", "maintenance", status=503, headers={"Retry-After": http_date(600)})
    _watch(db, spec, settings)
    with open_store(db) as store:
        src = store.watch_source(spec.url)
        assert "HTTP 503" in src.last_error and src.backoff_until > time.time() + 500


def test_robots_rules_crawl_delay_and_unreachable_robots(tmp_path, site):
    site.set("/robots.txt", "User-agent: Kabar\nDisallow: /closed\nCrawl-delay: 3\n\nUser-agent: *\nDisallow: /\n",
             content_type="text/plain")
    clock = FakeClock()
    gate = HostGate(0.0, per_host=1, clock=clock, sleep=clock.sleep)
    fetcher = Fetcher(FAST)
    try:
        robots = Robots(fetcher, gate)
        assert robots.check(site.url("/news/1")) is None  # our group allows it ("*" would not)
        refusal = robots.check(site.url("/closed/1"))
        assert "disallowed" in str(refusal) and not refusal.retryable
        assert len(site.requests("/robots.txt")) == 1  # cached
        with gate.slot(site.base):
            start = clock.now
        with gate.slot(site.base):
            assert clock.now - start == 3.0  # Crawl-delay honoured
        site.set("/robots.txt", "down", status=500)
        robots = Robots(fetcher, gate)
        refusal = robots.check(site.url("/news/1"))  # RFC 9309: then nothing is fetched, until it answers
        assert "unreachable" in str(refusal) and refusal.retryable
        site.set("/robots.txt", "gone", status=404)
        robots = Robots(fetcher, gate)
        assert robots.check(site.url("/anything")) is None  # no robots.txt: no rules
    finally:
        fetcher.close()


def test_retry_after_header_forms():
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(None) is None and parse_retry_after("soon") is None
    assert 590 < parse_retry_after(http_date(600)) <= 600
    assert parse_retry_after(http_date(-600)) == 0.0

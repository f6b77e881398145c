"""Per-host politeness: a minimum delay between requests, a cap on requests in flight, pauses asked
for by the host (429/503 Retry-After), and robots.txt (urllib.robotparser)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from kabar.watch.config import ROBOTS_AGENT
from kabar.watch.fetch import Fetcher, FetchError

MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 §2.5: crawlers may ignore what follows the first 500 KiB
ROBOTS_RETRY = 300.0  # seconds before an unreachable robots.txt is asked for again


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class HostGate:
    """`with gate.slot(host):` waits for a free slot of that host (at most `per_host` at once) and for its
    turn: request starts to one host are at least `delay` seconds apart. Turns are handed out under a
    lock and slept outside it, so hosts never wait for each other. `clock`/`sleep` are injectable for tests."""

    def __init__(self, delay: float, per_host: int, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], object] = time.sleep) -> None:
        self.delay = delay
        self.per_host = max(1, per_host)
        self.clock, self.sleep = clock, sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}
        self._paused: dict[str, float] = {}  # host -> Unix time before which it asked not to be called

    def set_delay(self, host: str, delay: float) -> None:
        """A host-specific delay (robots.txt Crawl-delay); never below the configured one."""
        with self._lock:
            self._delays[host] = max(self.delay, delay)

    def pause(self, host: str, until: float) -> None:
        with self._lock:
            self._paused[host] = max(until, self._paused.get(host, 0.0))

    def paused_until(self, host: str) -> float:
        with self._lock:
            return self._paused.get(host, 0.0)

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        with sem:
            with self._lock:
                now = self.clock()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self._delays.get(host, self.delay)
            if start > now:
                self.sleep(start - now)
            yield


class Robots:
    """robots.txt per host, fetched through the gate like any request and cached for `ttl` seconds.

    RFC 9309: a 4xx robots.txt means no rules (allowed); an unreachable one (5xx, network error) means
    everything is disallowed until it can be read."""

    def __init__(self, fetcher: Fetcher, gate: HostGate, agent: str = ROBOTS_AGENT, ttl: float = 3600.0) -> None:
        self.fetcher, self.gate, self.agent, self.ttl = fetcher, gate, agent, ttl
        self._lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._cache: dict[str, tuple[float, RobotFileParser | None, FetchError | None]] = {}

    def check(self, url: str) -> FetchError | None:
        """None if `url` may be fetched, else why not: retryable while robots.txt is unreachable, not
        when it disallows the URL."""
        host = host_of(url)
        with self._lock:
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        with host_lock:  # one fetch of a host's robots.txt at a time, whatever the number of threads
            cached = self._cache.get(host)
            if cached is None or cached[0] < time.monotonic():
                cached = self._load(host)
                self._cache[host] = cached
        _, parser, problem = cached
        if problem:
            return problem
        if parser is not None and not parser.can_fetch(self.agent, url):
            return FetchError(f"disallowed by {host}/robots.txt", retryable=False)
        return None

    def _load(self, host: str) -> tuple[float, RobotFileParser | None, FetchError | None]:
        expires = time.monotonic() + self.ttl
        try:
            with self.gate.slot(host):
                got = self.fetcher.get(f"{host}/robots.txt", accept="text/plain", max_bytes=MAX_ROBOTS_BYTES)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                return expires, None, None  # no robots.txt: no rules
            return (time.monotonic() + ROBOTS_RETRY, None,
                    FetchError(f"{host}/robots.txt unreachable ({exc}); not fetching", retryable=True))
        parser = RobotFileParser()
        parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
        crawl_delay = parser.crawl_delay(self.agent)
        if crawl_delay:
            self.gate.set_delay(host, float(crawl_delay))
        return expires, parser, None

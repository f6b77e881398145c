"""The poll loop of `kabar watch`: poll every source that is due (conditional requests), record the
article URLs it lists, fetch the pending ones (politely, concurrently across hosts), extract them with
trafilatura and run them through the pipeline; then the next poll.

Every step is committed to the store as it happens (sources, URLs found, each page's outcome), so a
watcher killed at any moment resumes where it stopped: nothing is fetched twice, nothing pending is lost.
An article is stored before its URL is marked done; a crash between the two refetches one page, whose
article id (from its canonical URL) makes the second store a no-op.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from kabar.engine import analyze, ingest_articles, place
from kabar.ingest import InputRejected
from kabar.ingest.html import decode_html, extract_html
from kabar.lang.normalize import canonical_url
from kabar.model import Article
from kabar.store.base import Store, WatchSource, WatchUrl
from kabar.watch.config import SourceSpec, WatchSettings
from kabar.watch.fetch import Fetched, Fetcher, FetchError
from kabar.watch.listing import Listing, ListingError, read_listing
from kabar.watch.polite import HostGate, Robots, host_of

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
               "*/*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class SourceReport:
    url: str
    status: str = "ok"  # ok | not modified | error | backing off
    links: int = 0  # article links listed this poll
    new_urls: int = 0  # of which not seen before
    fetched: int = 0  # pages fetched for this source this poll
    new_articles: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PollReport:
    number: int
    sources: dict[str, SourceReport] = field(default_factory=dict)
    fetched: int = 0
    new_articles: int = 0
    duplicates: int = 0
    failed: int = 0
    retry_later: int = 0
    pending: int = 0  # URLs still pending after this poll
    placed: int = 0
    analyzed: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [e for s in self.sources.values() for e in s.errors]

    def line(self) -> str:
        polled = sum(s.status in ("ok", "not modified") for s in self.sources.values())
        unchanged = sum(s.status == "not modified" for s in self.sources.values())
        return (f"poll {self.number}: {polled}/{len(self.sources)} sources polled ({unchanged} not modified), "
                f"{sum(s.new_urls for s in self.sources.values())} new links, {self.fetched} pages fetched, "
                f"{self.new_articles} new articles, {self.duplicates} duplicates, {len(self.errors)} errors, "
                f"{self.pending} pending; {self.seconds:.1f}s")


@dataclass(slots=True)
class _PageOutcome:
    url: WatchUrl
    article: Article | None = None
    final_url: str | None = None
    error: FetchError | InputRejected | None = None
    deferred: float | None = None  # the host asked for a pause, or robots.txt is unreachable: try again then


Problem = Callable[[str, str], None]  # (where, message)
NewArticle = Callable[[str, Article], None]  # (source url, the article just stored)


class Watcher:
    """Polls `specs` into `store`. `poll()` runs one poll; `run(polls, interval)` repeats it."""

    def __init__(self, store: Store, specs: Sequence[SourceSpec], settings: WatchSettings | None = None, *,
                 on_problem: Problem | None = None, on_article: NewArticle | None = None,
                 stop: threading.Event | None = None) -> None:
        self.store = store
        self.settings = settings or WatchSettings()
        self.specs = list(specs)
        self.on_problem = on_problem or (lambda where, message: None)
        self.on_article = on_article or (lambda source, article: None)
        self.stop = stop or threading.Event()
        self.fetcher = Fetcher(self.settings)
        self.gate = HostGate(self.settings.delay, self.settings.per_host, sleep=self._sleep)
        self.robots = Robots(self.fetcher, self.gate, ttl=self.settings.robots_ttl)
        self.polls = 0
        self._register()

    def _sleep(self, seconds: float) -> None:
        self.stop.wait(seconds)  # a stop request cuts politeness waits short

    def _register(self) -> None:
        for spec in self.specs:
            known = self.store.watch_source(spec.url)
            if known is None:
                self.store.save_watch_source(WatchSource(spec.url, spec.kind, spec.name))
            elif (spec.name and spec.name != known.name) or (spec.kind != "auto" and spec.kind != known.kind):
                known.name = spec.name or known.name
                known.kind = spec.kind if spec.kind != "auto" else known.kind
                self.store.save_watch_source(known)

    def close(self) -> None:
        self.fetcher.close()

    def run(self, polls: int | None = None, interval: float | None = None) -> Iterator[PollReport]:
        """Poll `polls` times (None: until `stop` is set), `interval` seconds apart (start to start)."""
        interval = self.settings.interval if interval is None else interval
        while not self.stop.is_set() and (polls is None or self.polls < polls):
            started = time.monotonic()
            yield self.poll()
            if polls is not None and self.polls >= polls:
                return
            self.stop.wait(max(0.0, interval - (time.monotonic() - started)))

    # one poll -------------------------------------------------------------------------------------
    def poll(self) -> PollReport:
        started = time.monotonic()
        self.polls += 1
        report = PollReport(self.polls)
        with ThreadPoolExecutor(max_workers=max(1, self.settings.concurrency),
                                thread_name_prefix="kabar-watch") as pool:
            try:
                self._poll_sources(pool, report)
                self._fetch_pages(pool, report)
            except BaseException:  # Ctrl-C: queued requests are dropped, waits cut short; state is committed
                self.stop.set()
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        # Also when nothing arrived this poll: a watcher killed between storing and placing left work here.
        stats = place(self.store, copy_window_days=self.settings.copy_window_days or None)
        report.placed = stats.placed
        if report.placed or self.store.dirty_events():  # the same stats: it says which stories changed
            report.analyzed = analyze(self.store, stats=stats).analyzed
        report.pending = sum(c.get("pending", 0) for c in self.store.watch_url_counts().values())
        report.seconds = time.monotonic() - started
        return report

    def _poll_sources(self, pool: ThreadPoolExecutor, report: PollReport) -> None:
        now = time.time()
        wanted = {sp.url for sp in self.specs}
        todo = [s for s in self.store.watch_sources() if s.url in wanted or s.parent in wanted]
        rounds = 0
        while todo and rounds < 2 and not self.stop.is_set():  # round 2: children of sitemap indexes
            rounds += 1
            futures: dict[Future, WatchSource] = {}
            for source in todo:
                rep = report.sources.setdefault(source.url, SourceReport(source.url))
                if source.backoff_until > now:
                    rep.status = "backing off"
                    continue
                futures[pool.submit(self._fetch_listing, source)] = source
            children: list[WatchSource] = []
            for fut in as_completed(futures):
                children += self._record_listing(futures[fut], fut.result(), report)
            todo = children

    def _fetch_listing(self, source: WatchSource) -> Fetched | FetchError | ListingError | tuple[Fetched, Listing]:
        """In a worker thread: robots, gate, conditional GET, parse. Returns what happened (no store access)."""
        host = host_of(source.url)
        try:
            if (refusal := self.robots.check(source.url)) is not None:
                return refusal
            with self.gate.slot(host):
                got = self.fetcher.get(source.url, etag=source.etag, last_modified=source.last_modified,
                                       accept=FEED_ACCEPT)
            if got.status == 304:
                return got
            kind = source.kind if source.kind in ("feed", "sitemap") else "auto"
            return got, read_listing(got.body, got.url, kind, self.settings.max_page_bytes)
        except (FetchError, ListingError) as exc:
            return exc

    def _record_listing(self, source: WatchSource, result, report: PollReport) -> list[WatchSource]:
        rep = report.sources[source.url]
        source.polls += 1
        source.last_poll = utc_now()
        children: list[WatchSource] = []
        if isinstance(result, (FetchError, ListingError)):
            rep.status = "error"
            self._source_failed(source, str(result), getattr(result, "retry_after", None), rep)
            self.store.save_watch_source(source)
            return children
        if isinstance(result, Fetched):  # 304
            rep.status = "not modified"
        else:
            got, listing = result
            source.etag, source.last_modified = got.etag, got.last_modified
            if source.kind == "auto":
                source.kind = listing.kind
            rep.links = len(listing.items)
            first_seen = utc_now()
            urls = [WatchUrl(canonical_url(i.url), i.url, source.url, title=i.title, published=i.published,
                             first_seen=first_seen)
                    for i in listing.items if urlsplit(i.url).scheme in ("http", "https")]
            rep.new_urls = self.store.add_watch_urls(urls)
            source.links += rep.new_urls
            for child_url in listing.sitemaps:
                if self.store.watch_source(child_url) is None:
                    child = WatchSource(child_url, "sitemap", source.name, parent=source.url)
                    self.store.save_watch_source(child)
                    children.append(child)
                    report.sources.setdefault(child_url, SourceReport(child_url))
        source.last_success = utc_now()
        source.errors_in_a_row = 0
        source.backoff_until = 0.0
        self.store.save_watch_source(source)
        return children

    def _source_failed(self, source: WatchSource, message: str, retry_after: float | None,
                       rep: SourceReport) -> None:
        source.errors += 1
        source.errors_in_a_row += 1
        source.last_error, source.last_error_at = message, utc_now()
        wait = self._backoff(source.errors_in_a_row, retry_after)
        source.backoff_until = time.time() + wait
        rep.errors.append(f"{source.url}: {message}")
        self.on_problem(source.url, f"{message}; next try in {wait:.0f}s")

    def _backoff(self, errors_in_a_row: int, retry_after: float | None) -> float:
        s = self.settings
        wait = s.backoff * 2 ** max(0, errors_in_a_row - 1)
        return min(s.max_backoff, max(wait, retry_after or 0.0))

    # pages ----------------------------------------------------------------------------------------
    def _fetch_pages(self, pool: ThreadPoolExecutor, report: PollReport) -> None:
        if self.stop.is_set():
            return
        due = self.store.due_watch_urls(time.time(), self.settings.max_pages_per_poll)
        futures = [pool.submit(self._fetch_page, u) for u in due]
        for fut in as_completed(futures):
            self._record_page(fut.result(), report)

    def _fetch_page(self, url: WatchUrl) -> _PageOutcome:
        """In a worker thread: robots, host pause, gate, GET, trafilatura. No store access."""
        if self.stop.is_set():
            return _PageOutcome(url, deferred=time.time())
        host = host_of(url.fetch_url)
        paused = self.gate.paused_until(host)
        if paused > time.time():
            return _PageOutcome(url, deferred=paused)
        try:
            if (refusal := self.robots.check(url.fetch_url)) is not None:
                return _PageOutcome(url, error=refusal)
            with self.gate.slot(host):
                got = self.fetcher.get(url.fetch_url, accept=PAGE_ACCEPT)
            html = decode_html(got.body, got.charset)
            article = extract_html(html, url.fetch_url, url=got.url, published=url.published)
            return _PageOutcome(url, article=article, final_url=got.url)
        except FetchError as exc:
            if exc.status in (429, 503):
                self.gate.pause(host, time.time() + self._backoff(1, exc.retry_after))
            return _PageOutcome(url, error=exc)
        except InputRejected as exc:
            return _PageOutcome(url, error=exc)

    def _record_page(self, out: _PageOutcome, report: PollReport) -> None:
        u = out.url
        rep = report.sources.setdefault(u.source, SourceReport(u.source))
        source = self.store.watch_source(u.source)
        if out.deferred is not None:
            u.next_try = out.deferred
            report.retry_later += 1
            self.store.save_watch_url(u)
            return
        u.attempts += 1
        u.fetched_at = utc_now()
        if out.error is not None:
            retry = isinstance(out.error, FetchError) and out.error.retryable and u.attempts < self.settings.max_attempts
            u.error = str(out.error)
            if retry:
                wait = self._backoff(u.attempts, getattr(out.error, "retry_after", None))
                u.next_try = time.time() + wait
                report.retry_later += 1
                message = f"{u.error}; attempt {u.attempts} of {self.settings.max_attempts}, next in {wait:.0f}s"
            else:
                u.status = "failed"
                report.failed += 1
                message = u.error
            rep.errors.append(f"{u.fetch_url}: {message}")
            self.on_problem(u.fetch_url, message)
            if source is not None:
                source.errors += 1
                source.last_error, source.last_error_at = f"{u.fetch_url}: {u.error}", utc_now()
                self.store.save_watch_source(source)
            self.store.save_watch_url(u)
            return
        assert out.article is not None
        report.fetched += 1
        rep.fetched += 1
        article = out.article
        u.content_hash = content_hash(article)
        final = canonical_url(out.final_url or u.fetch_url)
        owner = self.store.watch_hash_owner(u.content_hash)
        moved = self.store.watch_url(final) if final != u.url else None
        if owner is not None or (moved is not None and moved.status == "done"):
            # the same article under another URL (or redirected to one already fetched)
            u.status, u.article = "duplicate", (owner or moved).article  # type: ignore[union-attr]
            report.duplicates += 1
            self.store.save_watch_url(u)
            return
        new = ingest_articles([article], self.store).new  # committed before the URL is marked done
        if not new and self.store.get_article(article.id) is None:  # the cleaner left no text
            u.status, u.error = "failed", "no article text left after cleaning"
            report.failed += 1
            rep.errors.append(f"{u.fetch_url}: {u.error}")
            self.on_problem(u.fetch_url, u.error)
            self.store.save_watch_url(u)
            return
        u.status, u.article, u.error = "done", article.id, None
        self.store.save_watch_url(u)
        if new:
            report.new_articles += 1
            rep.new_articles += 1
            self.on_article(u.source, article)
            if source is not None:
                source.articles += 1
                self.store.save_watch_source(source)


def content_hash(article: Article) -> str:
    """Of the extracted text, whitespace- and case-folded: the same article served under two URLs (AMP,
    print, tracking variants) hashes alike although the pages around it differ."""
    return hashlib.sha256(" ".join(article.raw_text.split()).lower().encode("utf-8")).hexdigest()


def watch(store: Store, specs: Sequence[SourceSpec], settings: WatchSettings | None = None, *,
          polls: int | None = None, interval: float | None = None, on_problem: Problem | None = None,
          on_article: NewArticle | None = None, stop: threading.Event | None = None) -> list[PollReport]:
    """Run `polls` polls (tests, `--once`) and return their reports."""
    watcher = Watcher(store, specs, settings, on_problem=on_problem, on_article=on_article, stop=stop)
    try:
        return list(watcher.run(polls, interval))
    finally:
        watcher.close()

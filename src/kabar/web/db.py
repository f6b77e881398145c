"""Database access for the web app: one store per request, one writer at a time.

The database is anything `kabar.store.open_store` opens: a SQLite file or a `postgresql://` URL.
sqlite3 connections belong to the thread that made them, and FastAPI runs sync endpoints on a thread
pool, so each request opens its own SQLite store (cheap: a file handle) and closes it. On PostgreSQL a
connection is a server process and a schema check, so requests borrow one from a pool (psycopg_pool);
the writer keeps its own (placement holds a session lock). SQLite's WAL and PostgreSQL's MVCC both let
pages be read while an ingest writes.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field

from kabar.engine import RunStats, analyze, ingest_articles, place
from kabar.model import Article
from kabar.store import Store, is_postgres_url, open_store

# A live service, as `kabar watch` (WatchSettings.copy_window_days): copies are looked for among the
# articles of the last 30 days, so each ingest's start-up and the server's memory stay flat.
COPY_WINDOW_DAYS = 30.0
POOL_SIZE = 8  # PostgreSQL connections the readers share (more requests wait for one)


@dataclass
class IngestResult:
    stats: RunStats  # of the pipeline run that carried these articles (shared by a group, see Database.ingest)
    stored: set[str]  # ids of these articles that are in the store now
    new: int  # how many of them this run added


@dataclass
class _Job:
    articles: list[Article]
    future: Future[IngestResult] = field(default_factory=Future)


class Database:
    def __init__(self, url_or_path: str) -> None:
        self.path = url_or_path  # a SQLite file (or ":memory:") or a postgresql:// URL
        # The pipeline's placement is online and stateful: two ingests at once would cluster against
        # stale state. One writer thread runs them (readers are not blocked).
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._writer_lock = threading.Lock()
        # Create or migrate once, up front (fills the search index if missing); a bad URL or a missing
        # psycopg fails here, when the app is made, not on its first request.
        with open_store(url_or_path):
            pass
        self._pool = None
        if is_postgres_url(url_or_path):
            from psycopg.rows import dict_row
            from psycopg_pool import ConnectionPool

            # none kept while idle: an idle server holds no server process
            self._pool = ConnectionPool(url_or_path, min_size=0, max_size=POOL_SIZE, max_idle=60.0,
                                        kwargs={"row_factory": dict_row}, open=True, name="kabar-web")

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A store for one request: on PostgreSQL over a pooled connection (not for placement)."""
        if self._pool is not None:
            from kabar.store.postgres import PostgresStore

            with self._pool.connection() as conn:
                store: Store = PostgresStore(self.path, connection=conn)
                try:
                    yield store
                finally:
                    store.close()
            return
        store = open_store(self.path)
        try:
            yield store
        finally:
            store.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()

    def submit(self, articles: list[Article]) -> Future[IngestResult]:
        """Queue `articles` for the whole pipeline (store, place, analyze); the future says how it went.

        One writer thread takes every ingest queued while it was busy and runs the pipeline once for
        all of them (group commit): each run costs a clusterer load and an analysis pass whatever its
        size, so under concurrent writers this keeps throughput from collapsing. Requests wait on the
        future, not on a lock, so waiting writers hold no worker thread that readers need."""
        job = _Job(list(articles))
        with self._writer_lock:
            self._queue.put(job)
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_loop, name="kabar-writer", daemon=True)
                self._writer.start()
        return job.future

    def ingest(self, articles: list[Article]) -> IngestResult:
        """`submit` and wait."""
        return self.submit(articles).result()

    def _write_loop(self) -> None:
        while True:
            try:
                group = [self._queue.get(timeout=5.0)]
            except queue.Empty:
                with self._writer_lock:  # submit() holds this lock to queue, so no job is stranded
                    if self._queue.empty():
                        self._writer = None
                        return
                continue
            while True:
                try:
                    group.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            # A request cancelled while queued (its client went away) is dropped; the others can no longer
            # be cancelled, so setting their results below cannot fail and stop this thread.
            group = [job for job in group if job.future.set_running_or_notify_cancel()]
            if group:
                self._run(group)

    def _run(self, group: list[_Job]) -> None:
        try:
            ids = [a.id for job in group for a in job.articles]
            stats = RunStats()
            with open_store(self.path) as store:  # its own connection: placement locks the session
                before = store.known_ids(ids)
                everything = [a for job in group for a in job.articles]
                if everything:
                    ingest_articles(everything, store, stats=stats)
                    place(store, stats=stats, copy_window_days=COPY_WINDOW_DAYS)
                    analyze(store, stats=stats)
                stored = store.known_ids(ids)
        except BaseException as exc:  # every ingest of the group fails with the run that carried it
            for job in group:
                job.future.set_exception(exc)
            return
        claimed: set[str] = set()  # an article sent twice in one group is new once
        for job in group:
            mine = {a.id for a in job.articles}
            new = (mine & stored) - before - claimed
            claimed |= new
            job.future.set_result(IngestResult(stats, mine & stored, len(new)))


"""Database access for the web app: one SQLite connection per request, one writer at a time.

sqlite3 connections belong to the thread that made them, and FastAPI runs sync endpoints on a thread
pool, so each request opens its own store (cheap: the schema already exists) and closes it. WAL lets
pages be read while an ingest writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kabar.store.sqlite import SQLiteStore


class Database:
    def __init__(self, path: str) -> None:
        self.path = path
        # The pipeline's placement is online and stateful: two ingests at once would cluster against
        # stale state. Serialize them (readers are not blocked).
        self.write_lock = threading.Lock()
        with SQLiteStore(path):  # create or migrate once, up front (fills the search index if missing)
            pass

    @contextmanager
    def store(self) -> Iterator[SQLiteStore]:
        store = SQLiteStore(self.path)
        try:
            yield store
        finally:
            store.close()

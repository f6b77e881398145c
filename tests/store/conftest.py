"""Store fixtures: every store test runs against SQLite and against a real PostgreSQL (started once per
session by `pgserver`, on a private port; skipped with the reason when it cannot run here)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pgserver import PgServer, unavailable_reason

from kabar.store import open_store
from kabar.store.base import Store


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    server = PgServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path) -> str:
    """A new, empty database of each kind: a file path for SQLite, a URL for PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "k.db")
    return request.getfixturevalue("pg_server").fresh_url()


@pytest.fixture()
def open_db(store_url) -> Iterator[Callable[[], Store]]:
    """Opens connections to the test's database (several may be open at once); closes them after."""
    opened: list[Store] = []

    def _open() -> Store:
        opened.append(open_store(store_url))
        return opened[-1]

    yield _open
    for s in opened:
        s.close()


@pytest.fixture()
def store(open_db) -> Store:
    return open_db()

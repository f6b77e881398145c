"""Store fixtures: every store test runs against SQLite and against a real PostgreSQL (`store_url`, in
tests/conftest.py: one server per session on a private port; skipped with the reason when it cannot run)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from kabar.store import open_store
from kabar.store.base import Store


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

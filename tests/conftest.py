"""Shared fixtures: paths to ../shared and one pipeline run over the samples per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kabar.engine import run
from kabar.ingest import IngestLog
from kabar.store.sqlite import SQLiteStore
from pgserver import PgServer, unavailable_reason

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KABAR_SHARED", REPO.parent / "shared"))
SAMPLES = SHARED / "samples" / "lavrov-wonsan-2025"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"samples not found at {SAMPLES}"
    return SAMPLES


@pytest.fixture(scope="session")
def samples_db(tmp_path_factory, samples_dir) -> Path:
    db = tmp_path_factory.mktemp("samples") / "kabar.db"
    with SQLiteStore(db) as store:
        log = IngestLog()
        run([str(samples_dir)], store, log)
        assert not log.errors, log.errors
    return db


@pytest.fixture()
def samples_store(samples_db):
    store = SQLiteStore(samples_db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def sample_files(samples_dir) -> dict[str, Path]:
    """Sample files by their three-digit prefix ('000' … '004')."""
    return {p.name[:3]: p for p in sorted(samples_dir.glob("*.txt"))}


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

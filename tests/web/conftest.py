"""Fixtures for the web tests: apps over the samples (read-only, and a dated copy ingested through the API),
each over SQLite and over PostgreSQL (the web app reads and writes through any Store)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

# Starlette 1.x suggests httpx2 for its TestClient; httpx still works and is what FastAPI documents.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import TOKEN, ingest, sample_articles  # noqa: E402

from kabar.engine import run  # noqa: E402
from kabar.ingest import IngestLog  # noqa: E402
from kabar.store import open_store  # noqa: E402
from kabar.web import create_app  # noqa: E402

STORES = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def pg_samples_url(pg_server, samples_dir) -> str:
    """The samples run through the pipeline (kabar.engine.run, as `kabar run` does) into a new PostgreSQL
    schema: the PostgreSQL twin of the session's `samples_db`."""
    url = pg_server.fresh_url()
    with open_store(url) as store:
        log = IngestLog()
        run([str(samples_dir)], store, log)
        assert not log.errors, log.errors
    return url


@pytest.fixture(params=STORES)
def samples_url(request, samples_db) -> str:
    """The samples database of each kind: a SQLite path or a PostgreSQL URL."""
    return str(samples_db) if request.param == "sqlite" else request.getfixturevalue("pg_samples_url")


@pytest.fixture()
def samples_client(samples_url) -> TestClient:
    """Read-only app over the session's samples database (no token: writes refused)."""
    return TestClient(create_app(samples_url, None))


@pytest.fixture(scope="session", params=STORES)
def dated_db(request, tmp_path_factory, sample_files) -> Path | str:
    """The samples ingested through the API, with dates and outlets (a SQLite file or a PostgreSQL URL)."""
    if request.param == "sqlite":
        db: Path | str = tmp_path_factory.mktemp("web") / "dated.db"
    else:
        db = request.getfixturevalue("pg_server").fresh_url()
    ingest(TestClient(create_app(str(db), TOKEN)), sample_articles(sample_files))
    return db


@pytest.fixture()
def dated_client(dated_db) -> TestClient:
    return TestClient(create_app(str(dated_db), TOKEN))

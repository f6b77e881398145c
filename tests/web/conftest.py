"""Fixtures for the web tests: apps over the samples (read-only, and a dated copy ingested through the API)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

# Starlette 1.x suggests httpx2 for its TestClient; httpx still works and is what FastAPI documents.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402
from web_helpers import TOKEN, ingest, sample_articles  # noqa: E402

from kabar.web import create_app  # noqa: E402


@pytest.fixture()
def samples_client(samples_db) -> TestClient:
    """Read-only app over the session's samples database (no token: writes refused)."""
    return TestClient(create_app(str(samples_db), None))


@pytest.fixture(scope="session")
def dated_db(tmp_path_factory, sample_files) -> Path:
    """The samples ingested through the API, with dates and outlets."""
    db = tmp_path_factory.mktemp("web") / "dated.db"
    ingest(TestClient(create_app(str(db), TOKEN)), sample_articles(sample_files))
    return db


@pytest.fixture()
def dated_client(dated_db) -> TestClient:
    return TestClient(create_app(str(dated_db), TOKEN))

"""Fixtures for the watch tests: a live local site (tests/watch/watchsite.py) serving the samples as
article pages, quick politeness settings, and stores of both kinds (SQLite, and PostgreSQL through the
store tests' throwaway server)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchsite import Site, article_page, sample_pages

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))  # pgserver.py lives with the store tests
from pgserver import PgServer, unavailable_reason  # noqa: E402


@pytest.fixture()
def site() -> Iterator[Site]:
    s = Site().start()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def pages(samples_dir) -> dict[str, tuple[str, str, str]]:
    return sample_pages(samples_dir)


@pytest.fixture()
def news_site(site, pages) -> Site:
    """The site with the five samples at /news/000 … /news/004 and a robots.txt closing /private/."""
    for key, (title, text, published) in pages.items():
        site.set(f"/news/{key}", article_page(text, title, published))
    site.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    return site


@pytest.fixture(scope="session")
def pg_watch_server() -> Iterator[PgServer]:
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    server = PgServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def watch_db(request, tmp_path) -> str:
    """A new, empty database of each kind: a SQLite file path, or a PostgreSQL URL (a fresh schema)."""
    if request.param == "sqlite":
        return str(tmp_path / "watch.db")
    return request.getfixturevalue("pg_watch_server").fresh_url()

"""Fixtures for the watch tests: a live local site (tests/watch/watchsite.py) serving the samples as
article pages, quick politeness settings, and stores of both kinds (SQLite, and PostgreSQL through the
session's throwaway server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from watchsite import Site, article_page, sample_pages


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


@pytest.fixture()
def watch_db(store_url) -> str:
    """A new, empty database of each kind (`store_url` of tests/conftest.py): SQLite, and PostgreSQL."""
    return store_url

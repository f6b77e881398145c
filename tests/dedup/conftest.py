"""Helpers for the dedup tests: articles made through the same per-article stages as `kabar run`."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kabar.model import Article
from kabar.pipeline import Pipeline
from kabar.stages import article_stages


def _make(text: str, id: str = "a", source: str = "x.com", published: str | None = None) -> Article:
    raw = Article(id=id, source=source, url=None, title=text.split(".")[0], published=published, raw_text=text)
    return next(iter(Pipeline(article_stages())([raw])))


@pytest.fixture()
def make_article() -> Callable[..., Article]:
    return _make

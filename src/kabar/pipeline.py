"""Stages and the pipeline runner, in the manner of datatrove: each stage is a small generator over
articles that keeps counters; a stage that drops an article records why."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from kabar.model import Article

log = logging.getLogger("kabar")


class Stage:
    """A step of the pipeline: `__call__` maps a stream of articles to a stream of articles."""

    name: str = "stage"

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()

    def process(self, article: Article) -> Article | None:
        """Per-article work; return None to drop the article (after `self.drop(reason)`)."""
        return article

    def drop(self, reason: str) -> None:
        self.stats[f"dropped.{reason}"] += 1

    def fail(self, article: Article, exc: Exception) -> None:
        """A bug met on one untrusted article must not stop a run of thousands, nor lose the article: it
        goes on without this stage's work, counted, logged with where it came from, and the failure is kept
        in its meta (stored with it)."""
        name = type(exc).__name__
        self.stats[f"failed.{name}"] += 1
        message = f"{self.name}: {name}: {exc}"[:300]
        article.meta.setdefault("stage_errors", []).append(message)
        log.warning("%s (article %s): stage %s", article.origin or "?", article.id, message)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            self.stats["in"] += 1
            try:
                out = self.process(article)
            except Exception as exc:  # noqa: BLE001 - see fail()
                self.fail(article, exc)
                out = article
            if out is not None:
                self.stats["out"] += 1
                yield out


class FunctionStage(Stage):
    """Wrap a pure per-article function `fn(article) -> article` as a stage."""

    def __init__(self, name: str, fn: Callable[[Article], Article],
                 on_error: Callable[[Article], Article] | None = None) -> None:
        """`on_error`: what the article becomes when `fn` fails on it (by default, it goes on as it is)."""
        super().__init__()
        self.name = name
        self.fn = fn
        self.on_error = on_error

    def process(self, article: Article) -> Article | None:
        return self.fn(article)

    def fail(self, article: Article, exc: Exception) -> None:
        super().fail(article, exc)
        if self.on_error is not None:
            self.on_error(article)


class Pipeline:
    def __init__(self, stages: list[Stage]) -> None:
        self.stages = stages

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        stream: Iterable[Article] = articles
        for stage in self.stages:
            stream = stage(stream)
        yield from stream

    def stats(self) -> dict[str, dict[str, int]]:
        return {s.name: dict(s.stats) for s in self.stages}

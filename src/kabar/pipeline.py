"""Stages and the pipeline runner, in the manner of datatrove: each stage is a small generator over
articles that keeps counters; a stage that drops an article records why."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from kabar.model import Article


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

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            self.stats["in"] += 1
            out = self.process(article)
            if out is not None:
                self.stats["out"] += 1
                yield out


class FunctionStage(Stage):
    """Wrap a pure per-article function `fn(article) -> article` as a stage."""

    def __init__(self, name: str, fn: Callable[[Article], Article]) -> None:
        super().__init__()
        self.name = name
        self.fn = fn

    def process(self, article: Article) -> Article | None:
        return self.fn(article)


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

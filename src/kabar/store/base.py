"""The store interface: what the pipeline, the CLI and the web app need from persistence.

SQLite is the default (one file); PostgreSQL implements the same methods. Stateful stages keep
their state here, so an interrupted run can be re-run and finishes the job.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from kabar.model import Article, CopyLink, Event, Quantity, Quote, Sentence, Span, Story

SCHEMA_VERSION = 1


def article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "published": a.published,
        "language": a.language,
        "raw_text": a.raw_text,
        "text": a.text,
        "removed": json.dumps([asdict(s) for s in a.removed], ensure_ascii=False),
        "sentences": json.dumps([[s.start, s.end] for s in a.sentences]),
        "terms": " ".join(a.terms),
        "quantities": json.dumps([asdict(q) for q in a.quantities], ensure_ascii=False),
        "quotes": json.dumps([asdict(q) for q in a.quotes], ensure_ascii=False),
        "meta": json.dumps(a.meta, ensure_ascii=False, default=str),
        "origin": a.origin,
    }


def article_from_row(row: dict[str, Any]) -> Article:
    text = row["text"]
    a = Article(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        published=row["published"],
        raw_text=row["raw_text"],
        text=text,
        language=row["language"],
        removed=[Span(**s) for s in json.loads(row["removed"] or "[]")],
        sentences=[Sentence(s, e, text[s:e]) for s, e in json.loads(row["sentences"] or "[]")],
        terms=(row["terms"] or "").split(),
        quantities=[Quantity(**q) for q in json.loads(row["quantities"] or "[]")],
        quotes=[Quote(**q) for q in json.loads(row["quotes"] or "[]")],
        meta=json.loads(row["meta"] or "{}"),
        origin=row["origin"] or "",
    )
    return a


class Store(ABC):
    """Persistence for articles, copy links, events, stories and clustering state."""

    # articles -----------------------------------------------------------------------------------
    @abstractmethod
    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles not yet stored (by id); return how many were new. Commits."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]: ...

    @abstractmethod
    def unplaced_ids(self) -> list[str]:
        """Ids of stored articles not yet deduplicated and clustered, in publication order."""

    @abstractmethod
    def placement_of(self, article_id: str) -> tuple[str | None, str | None]:
        """(event id, story id) of an article."""

    @abstractmethod
    def place_article(self, article_id: str, event: str, story: str, signature: bytes | None) -> None: ...

    # copy links ---------------------------------------------------------------------------------
    @abstractmethod
    def add_copy_links(self, links: Iterable[CopyLink]) -> None: ...

    @abstractmethod
    def copy_links(self, article_ids: Iterable[str] | None = None) -> list[CopyLink]: ...

    # clustering state -----------------------------------------------------------------------------
    @abstractmethod
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """MinHash signatures of placed articles (to rebuild the LSH index on resume)."""

    @abstractmethod
    def save_event(self, event: Event, state: dict[str, Any]) -> None: ...

    @abstractmethod
    def save_story(self, story: Story, state: dict[str, Any]) -> None: ...

    @abstractmethod
    def iter_event_states(self) -> Iterator[tuple[Event, dict[str, Any]]]: ...

    @abstractmethod
    def iter_story_states(self) -> Iterator[tuple[Story, dict[str, Any]]]: ...

    @abstractmethod
    def dirty_events(self) -> list[str]: ...

    @abstractmethod
    def save_event_analysis(self, event: Event) -> None:
        """Store summary, facts, quotes and entities of an event and clear its dirty flag."""

    # reading ------------------------------------------------------------------------------------
    @abstractmethod
    def get_event(self, event_id: str) -> Event | None: ...

    @abstractmethod
    def events(self) -> list[Event]: ...

    @abstractmethod
    def get_story(self, story_id: str) -> Story | None: ...

    @abstractmethod
    def stories(self) -> list[Story]: ...

    @abstractmethod
    def rename_story(self, story_id: str, title: str) -> None: ...

    @abstractmethod
    def counts(self) -> dict[str, int]: ...

    @abstractmethod
    def commit(self) -> None:
        """Make what was written since the last commit durable (placement is batched)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

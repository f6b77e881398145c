"""Build the export document (DESIGN §4) from a store, validated by the models in kabar.schema.

One story's export is built whole (`build_export`, the API's story document); the whole store's is written
record by record (`write_export`): built whole it held every article's text and every story's digest at
once, 2 GB of memory for a 22k-article store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import TextIO

from pydantic import BaseModel

from kabar.model import Article, CopyLink, Event, Story
from kabar.schema import ArticleOut, CopyOut, EventOut, Export, StoryOut
from kabar.store.base import Store
from kabar.summarize.story import story_digest


def build_export(store: Store, story_id: str | None = None) -> Export:
    """The whole store, or one story with its events, articles and the copy links among them."""
    stories = store.stories() if story_id is None else [s for s in [store.get_story(story_id)] if s]
    if story_id is not None and not stories:
        raise KeyError(story_id)
    if story_id is None:
        events = store.events()
        article_iter = store.iter_articles()
    else:
        events = [e for e in (store.get_event(eid) for eid in stories[0].events) if e]
        article_iter = store.iter_articles([a for e in events for a in e.articles])
    articles = []
    ids = set()
    for a in article_iter:
        ids.add(a.id)
        articles.append(article_out(a, *store.placement_of(a.id)))
    copies = [copy_out(c) for c in store.copy_links(None if story_id is None else ids)
              if c.original in ids and c.copy in ids]
    return Export(articles=articles, copies=copies, events=[event_out(store, e) for e in events],
                  stories=[story_out(store, s) for s in stories])


def write_export(store: Store, out: TextIO, story_id: str | None = None,
                 progress: Callable[[str, int, int | None], None] | None = None) -> None:
    """Write the export document to `out`: one story's (indented), or the whole store's, streamed with one
    record per line. Raises KeyError for an unknown story."""
    if story_id is not None:
        out.write(build_export(store, story_id).model_dump_json(by_alias=True, indent=2) + "\n")
        return
    counts = store.counts()

    def records(name: str, items: Iterable[BaseModel], total: int | None, first: bool = False) -> None:
        out.write(("" if first else ",\n") + f'"{name}": [')
        for i, item in enumerate(items):
            out.write(("\n" if i == 0 else ",\n") + item.model_dump_json(by_alias=True))
            if progress is not None and (i + 1) % 100 == 0:
                progress(name, i + 1, total)
        out.write("\n]")
        if progress is not None:
            progress(name, total or 0, total)

    out.write('{"kabar_export": 1,\n')
    records("articles", (article_out(a, *store.placement_of(a.id)) for a in store.iter_articles()),
            counts["articles"], first=True)
    records("copies", (copy_out(c) for c in store.copy_links(None)), counts["copies"])
    records("events", (event_out(store, e) for e in store.events()), counts["events"])
    records("stories", (story_out(store, s) for s in store.stories()), counts["stories"])
    out.write("\n}\n")


def copy_out(c: CopyLink) -> CopyOut:
    return CopyOut(original=c.original, copy=c.copy, kind=c.kind, score=c.score, sentences=c.sentences)


def event_out(store: Store, e: Event) -> EventOut:
    return EventOut(
        id=e.id, story=e.story, title=e.title, articles=e.articles, first_published=e.first_published,
        summary=[asdict(s) for s in e.summary], entities=e.entities, quotes=e.quotes,
        facts=[asdict(f) for f in e.facts], history=store.cluster_history("event", e.id),
    )


def article_out(a: Article, event: str | None, story: str | None) -> ArticleOut:
    """The export record of an article placed in `event` of `story` (the API's article shape too)."""
    return ArticleOut(
        id=a.id, source=a.source, url=a.url, title=a.title, published=a.published, language=a.language,
        text=a.text, removed=[asdict(s) for s in a.removed], event=event, story=story,
        times=[asdict(t) for t in a.times],
    )


def story_out(store: Store, story: Story) -> StoryOut:
    digest = story_digest(store, story)
    return StoryOut(
        id=story.id, title=story.title, events=story.events,
        summary=[asdict(x) for x in digest.summary] if digest else [],
        timeline=[asdict(x) for x in digest.timeline] if digest else [],
        facts=[asdict(f) for f in digest.facts] if digest else [],
        history=store.cluster_history("story", story.id),
    )


def export_json(store: Store, story_id: str | None = None, indent: int | None = 2) -> str:
    """The export document as one string (for small stores and tests; `write_export` streams)."""
    return build_export(store, story_id).model_dump_json(by_alias=True, indent=indent)

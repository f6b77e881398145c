"""The JSON API under /api. Response shapes are the pydantic models of kabar.schema (DESIGN §4)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import asdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BeforeValidator
from starlette.concurrency import run_in_threadpool

from kabar import __version__
from kabar.export import article_out as export_article
from kabar.export import build_export, copy_out, event_out
from kabar.ingest import InputRejected
from kabar.ingest.fields import map_record
from kabar.model import Article, Event
from kabar.schema import (
    ArticleOut,
    CopyOut,
    EventOut,
    Export,
    FactOut,
    HealthOut,
    IngestIn,
    IngestOut,
    IngestProblemOut,
    OutletDetailOut,
    OutletLinkOut,
    OutletOut,
    SearchHitOut,
    SearchOut,
    StoryListItemOut,
)
from kabar.store.base import OutletRow, Store
from kabar.web.db import Database
from kabar.web.security import require_token
from kabar.web.text import best_snippet

MAX_INGEST_ARTICLES = 1000

router = APIRouter(prefix="/api", tags=["api"])

_NOT_FOUND = {404: {"description": "not found"}}
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="items to skip")]
def _iso_day(value: object) -> object:
    # pydantic's lax mode would read "1.5e-308" as a Unix timestamp; the API promises YYYY-MM-DD only.
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a day as YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
Day = Annotated[IsoDay | None, Query(description="only this day (YYYY-MM-DD); overrides since/until")]
Since = Annotated[IsoDay | None, Query(description="published on or after this day")]
Until = Annotated[IsoDay | None, Query(description="published on or before this day")]
Source = Annotated[str | None, Query(max_length=300, description="outlet (source) name")]


def get_db(request: Request) -> Database:
    return request.app.state.db


Db = Annotated[Database, Depends(get_db)]


def date_bounds(day: date | None, since: date | None, until: date | None) -> tuple[str | None, str | None]:
    """ISO bounds for the store: `since` inclusive, `until` exclusive (the day after the last day asked)."""
    if day is not None:
        since = until = day
    hi = None
    if until is not None and until != date.max:
        hi = date.fromordinal(until.toordinal() + 1).isoformat()
    return (since.isoformat() if since else None), hi


def article_out(store: Store, a: Article) -> ArticleOut:
    return export_article(a, *store.placement_of(a.id))  # one definition of the record, shared with the export


def outlet_out(r: OutletRow) -> OutletOut:
    return OutletOut(source=r.source, articles=r.articles, originals=r.originals, copies=r.copies,
                     first_published=r.first_published, last_published=r.last_published)


@router.get("/health", response_model=HealthOut)
def health(request: Request, db: Db) -> HealthOut:
    """Liveness and what the store holds."""
    with db.store() as store:
        counts = store.counts()
    return HealthOut(status="ok", version=__version__, counts=counts, ingest_enabled=bool(request.app.state.token))


@router.get("/stories", response_model=list[StoryListItemOut])
def list_stories(db: Db, day: Day = None, since: Since = None, until: Until = None, source: Source = None,
                 limit: Limit = 50, offset: Offset = 0) -> list[StoryListItemOut]:
    """Stories with an article published in the period (and from the outlet), largest first."""
    lo, hi = date_bounds(day, since, until)
    with db.store() as store:
        _, rows = store.story_rows(since=lo, until=hi, source=source, limit=limit, offset=offset)
        return [
            StoryListItemOut(id=r.id, title=r.title, events=(s.events if (s := store.get_story(r.id)) else []),
                             article_count=r.articles, outlet_count=r.outlets, first_published=r.first_published,
                             last_published=r.last_published, days=r.days)
            for r in rows
        ]


@router.get("/stories/{story_id}", response_model=Export, responses=_NOT_FOUND)
def get_story(story_id: str, db: Db) -> Export:
    """One story as an export document: the story, its events, their articles and the copy links among them."""
    with db.store() as store:
        try:
            return build_export(store, story_id)
        except KeyError:
            raise HTTPException(404, "no such story") from None


@router.get("/events", response_model=list[EventOut], responses=_NOT_FOUND)
def list_events(db: Db, story: Annotated[str | None, Query(max_length=200)] = None,
                limit: Limit = 50, offset: Offset = 0) -> list[EventOut]:
    """Events of a story (or all events), in order of first publication."""
    with db.store() as store:
        if story is not None:
            s = store.get_story(story)
            if s is None:
                raise HTTPException(404, "no such story")
            events = [e for e in (store.get_event(i) for i in s.events) if e]
            events.sort(key=Event.chronological)
            events = events[offset : offset + limit]
        else:  # the page only: the whole list was every event of the store decoded per request
            events = store.events(limit=limit, offset=offset)
        return [event_out(store, e) for e in events]


@router.get("/events/{event_id}", response_model=EventOut, responses=_NOT_FOUND)
def get_event(event_id: str, db: Db) -> EventOut:
    with db.store() as store:
        e = store.get_event(event_id)
        if e is None:
            raise HTTPException(404, "no such event")
        return event_out(store, e)


@router.get("/events/{event_id}/facts", response_model=list[FactOut], responses=_NOT_FOUND)
def get_event_facts(event_id: str, db: Db, status: Annotated[str | None, Query(pattern="^(agree|conflict)$")] = None,
                    ) -> list[FactOut]:
    """The figures of an event grouped by what they count, each claim with its article and attribution."""
    with db.store() as store:
        e = store.get_event(event_id)
    if e is None:
        raise HTTPException(404, "no such event")
    return [FactOut.model_validate(asdict(f)) for f in e.facts if status is None or f.status == status]


@router.get("/articles", response_model=list[ArticleOut])
def list_articles(db: Db, day: Day = None, since: Since = None, until: Until = None, source: Source = None,
                  limit: Limit = 50, offset: Offset = 0) -> list[ArticleOut]:
    """Articles, newest first."""
    lo, hi = date_bounds(day, since, until)
    with db.store() as store:
        _, arts = store.list_articles(source=source, since=lo, until=hi, limit=limit, offset=offset)
        return [article_out(store, a) for a in arts]


@router.get("/articles/{article_id}", response_model=ArticleOut, responses=_NOT_FOUND)
def get_article(article_id: str, db: Db) -> ArticleOut:
    """One article: clean text and the spans cleaning removed (offsets into the raw text), with reasons."""
    with db.store() as store:
        a = store.get_article(article_id)
        if a is None:
            raise HTTPException(404, "no such article")
        return article_out(store, a)


@router.get("/articles/{article_id}/copies", response_model=list[CopyOut], responses=_NOT_FOUND)
def get_article_copies(article_id: str, db: Db) -> list[CopyOut]:
    """Copy links in which the article is the original or the copy, with aligned sentence pairs."""
    with db.store() as store:
        if store.get_article(article_id) is None:
            raise HTTPException(404, "no such article")
        links = store.copy_links([article_id])
    return [copy_out(c) for c in links]


@router.get("/outlets", response_model=list[OutletOut])
def list_outlets(db: Db) -> list[OutletOut]:
    """Every outlet: articles, and how many are originals or copies."""
    with db.store() as store:
        return [outlet_out(r) for r in store.outlet_rows()]


@router.get("/outlets/{source:path}", response_model=OutletDetailOut, responses=_NOT_FOUND)
def get_outlet(source: str, db: Db) -> OutletDetailOut:
    """One outlet, whom it copied from and who copied it."""
    with db.store() as store:
        row = next(iter(store.outlet_rows(source)), None)
        if row is None:
            raise HTTPException(404, "no such outlet")
        links = [OutletLinkOut.model_validate(asdict(x)) for x in store.outlet_links(source)]
    return OutletDetailOut(outlet=outlet_out(row),
                           copied_from=[x for x in links if x.copy_source == source],
                           copied_by=[x for x in links if x.original_source == source])


@router.get("/search", response_model=SearchOut)
def search(db: Db, q: Annotated[str, Query(min_length=1, max_length=500, description="words to find (stemmed)")],
           day: Day = None, since: Since = None, until: Until = None, source: Source = None,
           limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0) -> SearchOut:
    """Full-text search over titles and clean text with Indonesian stemming: every term must occur."""
    lo, hi = date_bounds(day, since, until)
    with db.store() as store:
        result = store.search(q, source=source, since=lo, until=hi, limit=limit, offset=offset)
        hits = []
        for h in result.hits:
            event, story = store.placement_of(h.article.id)
            a = h.article
            hits.append(SearchHitOut(id=a.id, source=a.source, title=a.title, published=a.published, event=event,
                                     story=story, score=h.score, snippet=best_snippet(a, result.terms)))
    return SearchOut(query=q, terms=result.terms, total=result.total, hits=hits)


def _map_articles(body: IngestIn) -> tuple[list[Article], list[int], list[IngestProblemOut]]:
    articles, accepted, skipped = [], [], []
    for i, item in enumerate(body.articles):
        try:
            articles.append(map_record(item.model_dump(exclude_none=True), f"api:{i}"))
            accepted.append(i)
        except (InputRejected, TypeError, ValueError) as exc:
            skipped.append(IngestProblemOut(index=i, message=str(exc)))
    return articles, accepted, skipped


@router.post(
    "/ingest",
    response_model=IngestOut,
    dependencies=[Depends(require_token)],
    responses={400: {"description": "body is not valid JSON"},
               401: {"description": "missing or wrong bearer token"},
               403: {"description": "ingest disabled (no token configured)"},
               413: {"description": "request body too large"}},
)
async def ingest(body: IngestIn, db: Db) -> IngestOut:
    """Add articles (JSONL field shape) and run the pipeline on them: clean, dedupe, cluster, analyze.

    Needs `Authorization: Bearer TOKEN`. Re-sending an article adds nothing. Bad articles are listed in
    `skipped` with their position; the others are stored. Ingests that arrive together are run through
    the pipeline as one group: `placed`, `copies` and `analyzed` count that run."""
    if len(body.articles) > MAX_INGEST_ARTICLES:
        raise HTTPException(413, f"at most {MAX_INGEST_ARTICLES} articles per request")
    articles, accepted, skipped = await run_in_threadpool(_map_articles, body)
    done = await asyncio.wrap_future(db.submit(articles))  # the writer thread runs the pipeline
    stats, stored = done.stats, done.stored
    # An article whose text is all boilerplate is dropped by cleaning: say so, never acknowledge an id
    # that is not in the store.
    for i, article in zip(accepted, articles, strict=True):
        if article.id not in stored:
            skipped.append(IngestProblemOut(index=i, message="no text left after cleaning (boilerplate only); not stored"))
    skipped.sort(key=lambda p: p.index)
    return IngestOut(received=len(body.articles), new=done.new, skipped=skipped, placed=stats.placed,
                     copies=stats.copies, analyzed=stats.analyzed, articles=[a.id for a in articles if a.id in stored])

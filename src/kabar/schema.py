"""The export contract of DESIGN §4, defined once. The JSON export and the API both use these models.

Field names are stable: add fields freely, never rename.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RemovedSpan(_Strict):
    start: int = Field(ge=0, description="offset into the raw text")
    end: int = Field(ge=0)
    text: str
    reason: str


class TimeOut(_Strict):
    """A time expression of the article (kabar.extract.timex): as written, and resolved to dates."""

    text: str = Field(description="the expression as written")
    sentence: int = Field(ge=0, description="index of its sentence in the clean text")
    start: int = Field(ge=0, description="offset into the clean text")
    end: int = Field(ge=0)
    value: str | None = Field(description="ISO 8601 at the expression's precision (2025-07-12, 2025-06, 2024, "
                              "2025-W28); null for a range, a fuzzy expression, or one that could not be resolved")
    low: str | None = Field(description="first day it covers (YYYY-MM-DD); null if open or unresolved")
    high: str | None = Field(description="last day it covers (YYYY-MM-DD); null if open or unresolved")
    relative: bool = Field(description="resolved against the publication date (Sabtu, Juni lalu, kemarin)")


class ArticleOut(_Strict):
    id: str
    source: str
    url: str | None
    title: str
    published: str | None = Field(description="ISO 8601 or null")
    language: str | None
    text: str = Field(description="clean text")
    removed: list[RemovedSpan]
    event: str | None
    story: str | None
    times: list[TimeOut] = Field(default_factory=list)  # added: the article's time expressions, in text order


class CopyOut(_Strict):
    original: str
    copy_: str = Field(alias="copy")
    kind: Literal["exact", "near", "paraphrase", "partial", "translation"]
    score: float
    sentences: list[tuple[int, int]]

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SummaryOut(_Strict):
    text: str
    cites: list[str] = Field(min_length=1)


class EntityOut(_Strict):
    name: str
    type: str
    aliases: list[str]
    articles: list[str]


class QuoteOut(_Strict):
    speaker: str | None
    text: str
    articles: list[str]


class ClaimOut(_Strict):
    article: str
    value: float
    low: float | None
    high: float | None
    text: str
    attributed_to: str | None


class FactOut(_Strict):
    subject: str
    unit: str
    status: Literal["agree", "conflict"]
    claims: list[ClaimOut]


class MergeOut(_Strict):
    """A merge the online clusterer made when later evidence showed two clusters to be one."""

    action: Literal["merge"] = "merge"
    absorbed: str = Field(description="id of the event (or story) merged into this one; it no longer exists")
    into: str
    articles: int = Field(ge=0, description="members the absorbed event had at the time")
    at: str | None = Field(description="publication time of the article that triggered the merge")
    trigger: str = Field(description="id of that article")
    why: str
    event: str | None = Field(default=None, description="for a story merge: the merged event that joined them")


class SplitOut(_Strict):
    """A split the online clusterer made when later evidence showed one event to be two; both events keep
    the same record."""

    action: Literal["split"] = "split"
    split_from: str = Field(description="id of the event that was split (it keeps its other members)")
    into: str = Field(description="id of the event split off")
    articles: list[str] = Field(description="the articles that moved to the new event")
    at: str | None = Field(description="publication time of the article that triggered the split")
    trigger: str = Field(description="id of that article")
    why: str


HistoryOut = Annotated[MergeOut | SplitOut, Field(discriminator="action")]


class EventOut(_Strict):
    id: str
    story: str | None
    title: str
    articles: list[str]
    first_published: str | None
    summary: list[SummaryOut]
    entities: list[EntityOut]
    quotes: list[QuoteOut]
    facts: list[FactOut]
    history: list[HistoryOut] = Field(default_factory=list)  # added (issue 5): merges and splits of this event


class TimelineEntryOut(_Strict):
    event: str
    date: str | None = Field(description="the event's first publication, ISO 8601")
    title: str
    articles: int
    lead: SummaryOut | None = Field(description="the event's first summary sentence")


class StoryOut(_Strict):
    id: str
    title: str
    events: list[str]
    # Added fields (DESIGN §4 allows additions): the story-level digest, computed from its events.
    summary: list[SummaryOut] = Field(default_factory=list)
    timeline: list[TimelineEntryOut] = Field(default_factory=list)
    facts: list[FactOut] = Field(default_factory=list)
    history: list[MergeOut] = Field(default_factory=list)  # added (issue 5): merges this story absorbed


class Export(_Strict):
    kabar_export: Literal[1] = 1
    articles: list[ArticleOut]
    copies: list[CopyOut]
    events: list[EventOut]
    stories: list[StoryOut]


# Shapes the export does not cover: the web API's listings, outlets, search, ingest and health. -----------
class StoryListItemOut(StoryOut):
    """A story in a listing: StoryOut plus counts."""

    article_count: int
    outlet_count: int
    first_published: str | None
    last_published: str | None
    days: dict[str, int] = Field(description="articles per day (YYYY-MM-DD)")


class OutletOut(_Strict):
    source: str
    articles: int
    originals: int = Field(description="articles that copy no other article")
    copies: int = Field(description="articles that copy (part of) another article")
    first_published: str | None
    last_published: str | None


class OutletLinkOut(_Strict):
    original_source: str
    copy_source: str
    kind: Literal["exact", "near", "paraphrase", "partial", "translation"]
    count: int


class OutletDetailOut(_Strict):
    outlet: OutletOut
    copied_from: list[OutletLinkOut] = Field(description="outlets whose articles this outlet copied")
    copied_by: list[OutletLinkOut] = Field(description="outlets that copied this outlet's articles")


class SearchHitOut(_Strict):
    id: str
    source: str
    title: str
    published: str | None
    event: str | None
    story: str | None
    score: float = Field(description="relevance, higher is better")
    snippet: str = Field(description="the sentence that best matches the query")


class SearchOut(_Strict):
    query: str
    terms: list[str] = Field(description="stemmed terms searched (all must occur)")
    total: int
    hits: list[SearchHitOut]


class ArticleIn(BaseModel):
    """One article, in the JSONL input shape: `text` is required; other keys are kept as metadata."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="ISO 8601 or a common date format")
    source: str | None = None
    id: str | None = None


class IngestIn(_Strict):
    articles: list[ArticleIn] = Field(min_length=1)


class IngestProblemOut(_Strict):
    index: int = Field(description="position of the article in the request")
    message: str


class IngestOut(_Strict):
    received: int
    new: int
    skipped: list[IngestProblemOut]
    placed: int
    copies: int
    analyzed: int
    articles: list[str] = Field(description="ids of the accepted articles, in request order")


class HealthOut(_Strict):
    status: Literal["ok"]
    version: str
    counts: dict[str, int]
    ingest_enabled: bool

"""The export contract of DESIGN §4, defined once. The JSON export and the API both use these models.

Field names are stable: add fields freely, never rename.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RemovedSpan(_Strict):
    start: int = Field(ge=0, description="offset into the raw text")
    end: int = Field(ge=0)
    text: str
    reason: str


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


class StoryOut(_Strict):
    id: str
    title: str
    events: list[str]


class Export(_Strict):
    kabar_export: Literal[1] = 1
    articles: list[ArticleOut]
    copies: list[CopyOut]
    events: list[EventOut]
    stories: list[StoryOut]

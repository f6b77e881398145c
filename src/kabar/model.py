"""The objects every stage passes around.

Plain dataclasses, not pydantic: they are created millions of times in batch runs. The export/API
shape (DESIGN §4) is defined once in `kabar.schema` and built from these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(slots=True)
class Span:
    """A piece of the raw text that cleaning removed, and why."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(slots=True)
class Sentence:
    """A sentence of the clean text: character offsets into `Article.text`."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Quantity:
    """A number found in a sentence, with its unit or counted noun.

    `low`/`high` carry qualifiers: "lebih dari 10.000" has low=10000, high=None; "sekitar 11.000" has a
    ±10% band; "25.000 hingga 30.000" has low=25000, high=30000.
    """

    sentence: int
    value: float
    low: float | None
    high: float | None
    unit: str
    noun: str
    text: str
    qualifier: str = ""
    attributed_to: str | None = None


@dataclass(slots=True)
class Quote:
    sentence: int
    speaker: str | None
    text: str
    direct: bool = True


class Mention(NamedTuple):
    """A name in an article (from NER): `start`/`end` are offsets into the article text (into the title
    when `sentence` is -1). A tuple, not a dataclass: an article carries hundreds, decoded from the store
    each time it is read, and a frozen dataclass is several times slower to build."""

    text: str
    type: str
    sentence: int
    start: int
    end: int


@dataclass(slots=True)
class TimeExpression:
    """A time expression of sentence `sentence`; `start`/`end` are offsets into the article text.

    `value` is ISO 8601 at the expression's precision (2025-07-12, 2025-06, 2024, 2025-W28) or None;
    `low`/`high` are its first and last day. `relative` marks an expression resolved against the
    publication date ("Sabtu", "Juni lalu", "kemarin")."""

    sentence: int
    text: str
    start: int
    end: int
    value: str | None
    low: str | None
    high: str | None
    relative: bool


@dataclass(slots=True)
class Article:
    id: str
    source: str
    url: str | None
    title: str
    published: str | None  # ISO 8601
    raw_text: str
    text: str = ""
    language: str | None = None
    removed: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # stemmed content words of title+body
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    mentions: list[Mention] | None = None  # None: not tagged yet (tagged on first use)
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""  # file:line it came from, for error messages

    @staticmethod
    def make_id(url: str | None, text: str) -> str:
        """Stable id: hash of the canonical URL, else of the whitespace-normalized text."""
        from kabar.lang.normalize import canonical_url

        if url:
            key = "url:" + canonical_url(url)
        else:
            key = "text:" + " ".join(text.split()).lower()
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class CopyLink:
    """`copy` reproduces (part of) `original`. A pair, never a connected component."""

    original: str
    copy: str
    kind: str  # exact | near | paraphrase | partial | translation
    score: float
    sentences: list[tuple[int, int]] = field(default_factory=list)
    direction: str = "time"  # time | containment | unknown


@dataclass(slots=True)
class Claim:
    article: str
    value: float
    low: float | None
    high: float | None
    text: str
    attributed_to: str | None


@dataclass(slots=True)
class Fact:
    subject: str
    unit: str
    status: str  # agree | conflict
    claims: list[Claim]


@dataclass(slots=True)
class SummarySentence:
    text: str
    cites: list[str]


@dataclass(slots=True)
class Event:
    id: str
    story: str | None
    title: str
    articles: list[str]
    first_published: str | None
    summary: list[SummarySentence] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)

    def chronological(self) -> tuple[bool, str, str]:
        """Sort key: by first publication, undated last, ties by id (as the stores' event listings order)."""
        return (self.first_published is None, self.first_published or "", self.id)


@dataclass(slots=True)
class Story:
    id: str
    title: str
    events: list[str]

"""The store interface: what the pipeline, the CLI and the web app need from persistence.

SQLite is the default (one file); PostgreSQL implements the same methods. Stateful stages keep
their state here, so an interrupted run can be re-run and finishes the job.
"""

from __future__ import annotations

import json
import re
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from kabar.model import (
    Article,
    Claim,
    CopyLink,
    Event,
    Fact,
    Mention,
    Quantity,
    Quote,
    Sentence,
    Span,
    Story,
    SummarySentence,
    TimeExpression,
)

SCHEMA_VERSION = 4  # 2: articles.times; 3: watch_sources, watch_urls (kabar watch); 4: last_published
MAX_QUERY_TERMS = 16


# read models for listings, outlet statistics and search (the web UI and API) ------------------------
@dataclass(slots=True)
class StoryRow:
    """A story with its counts, for listings."""

    id: str
    title: str
    events: int
    articles: int
    outlets: int
    first_published: str | None
    last_published: str | None
    days: dict[str, int] = field(default_factory=dict)  # articles per day (YYYY-MM-DD): the coverage chart


@dataclass(slots=True)
class OutletRow:
    source: str
    articles: int
    copies: int  # articles of this outlet that copy an article (of any outlet)
    first_published: str | None
    last_published: str | None

    @property
    def originals(self) -> int:
        return self.articles - self.copies


@dataclass(slots=True)
class OutletLink:
    """`count` copy links whose copy is from `copy_source` and whose original is from `original_source`."""

    original_source: str
    copy_source: str
    kind: str
    count: int


@dataclass(slots=True)
class SearchHit:
    article: Article
    score: float  # higher is better


@dataclass(slots=True)
class SearchResult:
    total: int
    terms: list[str]  # the stemmed query terms that were searched
    hits: list[SearchHit]


# state of `kabar watch` (live ingestion): the sources it polls and every article URL it found -------------
@dataclass(slots=True)
class WatchSource:
    """A polled feed or sitemap: its conditional-request validators, health and counts."""

    url: str
    kind: str  # "feed" | "sitemap"
    name: str | None = None
    parent: str | None = None  # the sitemap index that listed this sitemap
    etag: str | None = None
    last_modified: str | None = None
    last_poll: str | None = None  # ISO 8601 UTC
    last_success: str | None = None
    last_error: str | None = None  # message of the latest failed poll (kept after a later success)
    last_error_at: str | None = None
    errors_in_a_row: int = 0
    backoff_until: float = 0.0  # Unix time before which the source is not polled
    polls: int = 0
    links: int = 0  # article URLs found in the feed/sitemap, over all polls
    articles: int = 0  # new articles stored from it
    errors: int = 0  # failed polls and failed pages


@dataclass(slots=True)
class WatchUrl:
    """An article URL found by a watched source: pending until fetched, then done, duplicate or failed."""

    url: str  # canonical URL (kabar.lang.normalize.canonical_url): the key, so no URL is fetched twice
    fetch_url: str  # the URL as the source gave it
    source: str  # the WatchSource url
    status: str = "pending"  # pending | done | duplicate | failed
    title: str | None = None  # hints from the feed item or sitemap entry
    published: str | None = None
    attempts: int = 0
    next_try: float = 0.0  # Unix time
    content_hash: str | None = None  # of the extracted text: the same article under another URL is a duplicate
    article: str | None = None  # article id (done) or the id of the article it duplicates
    error: str | None = None
    first_seen: str | None = None
    fetched_at: str | None = None


WATCH_SOURCE_COLS = tuple(f.name for f in fields(WatchSource))
WATCH_URL_COLS = tuple(f.name for f in fields(WatchUrl))
WATCH_STATUSES = ("pending", "done", "duplicate", "failed")


_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def search_terms(text: str) -> list[str]:
    """Index/query terms: Sastrawi stems of content words, plus numbers (6.000 → 6000, so either spelling
    finds it). The same function builds the index and parses queries, so they always agree."""
    from kabar.lang.segment import TOKEN
    from kabar.lang.stem import content_terms

    numbers = [t.replace(".", "") if _THOUSANDS.match(t) else t for t in TOKEN.findall(text) if t[0].isdigit()]
    return content_terms(text) + numbers


def _in_range(published: str | None, since: str | None, until: str | None) -> bool:
    """`since` inclusive, `until` exclusive; ISO 8601 strings compare in time order."""
    if since is None and until is None:
        return True
    if published is None:
        return False
    return (since is None or published >= since) and (until is None or published < until)


def _flat(obj: Any) -> dict[str, Any]:
    """`dataclasses.asdict` for the flat dataclasses of an article (fields of plain values): asdict
    deep-copies every value recursively, which made it a fifth of storing an article."""
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


def event_row(event: Event, state: dict[str, Any]) -> tuple[Any, ...]:
    """(id, story, title, first_published, state, articles, last_published) of a saved event. last_published
    is the clusterer state's newest member: the indexed column incremental runs select open events by."""
    return (event.id, event.story, event.title, event.first_published, json.dumps(state), json.dumps(event.articles),
            state.get("last"))


def story_row(story: Story, state: dict[str, Any]) -> tuple[Any, ...]:
    """(id, title, events, state, last_published) of a saved story (last_published as in event_row)."""
    return (story.id, story.title, json.dumps(story.events), json.dumps(state), state.get("last"))


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
        "removed": json.dumps([_flat(s) for s in a.removed], ensure_ascii=False),
        "sentences": json.dumps([[s.start, s.end] for s in a.sentences]),
        "terms": " ".join(a.terms),
        "quantities": json.dumps([_flat(q) for q in a.quantities], ensure_ascii=False),
        "quotes": json.dumps([_flat(q) for q in a.quotes], ensure_ascii=False),
        "times": json.dumps([_flat(t) for t in a.times], ensure_ascii=False),
        "mentions": None if a.mentions is None else json.dumps(
            [[m.text, m.type, m.sentence, m.start, m.end] for m in a.mentions], ensure_ascii=False),
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
        times=[TimeExpression(**t) for t in json.loads(row.get("times") or "[]")],
        mentions=None if row.get("mentions") is None else [Mention(*m) for m in json.loads(row["mentions"])],
        meta=json.loads(row["meta"] or "{}"),
        origin=row["origin"] or "",
    )
    return a


# What placement (copy detection and clustering: kabar.dedup.detect, kabar.cluster.features) reads of an
# article. Decoding the rest of a stored article (raw text, removed spans, quantities, times, meta) for every
# article placed and every copy candidate cost time, and the recent articles placement keeps in memory were
# mostly that (bench). A field placement starts to read must be added here and to `placement_view`
# (tests/store/test_placement_view.py compares placement on these articles with placement on full ones,
# and the view with what the stores give back).
PLACEMENT_COLUMNS = ("id", "source", "url", "title", "published", "language", "text", "sentences", "terms",
                     "quotes", "mentions")


def placement_article_from_row(row: Any) -> Article:
    """An Article with only PLACEMENT_COLUMNS filled in: `raw_text` is empty; removed spans, quantities and
    times are empty lists, meta is empty. For placement only; never store or display it."""
    text = row["text"]
    return Article(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        published=row["published"],
        raw_text="",
        text=text,
        language=row["language"],
        sentences=[Sentence(s, e, text[s:e]) for s, e in json.loads(row["sentences"] or "[]")],
        # interned: the same stems recur in every article, and split() makes a new string of each
        terms=list(map(sys.intern, (row["terms"] or "").split())),
        quotes=[Quote(**q) for q in json.loads(row["quotes"] or "[]")],
        mentions=None if row["mentions"] is None else [Mention(*m) for m in json.loads(row["mentions"])],
    )


def placement_view(a: Article) -> Article:
    """What `placement_article_from_row` reads back once `a` is stored, built from `a` itself: the
    overlapped run places each batch it has just stored and still holds (decoding it again was 7% of
    placement). Shares `a`'s sentences, quotes and mentions, not its raw text or its other lists."""
    return Article(id=a.id, source=a.source, url=a.url, title=a.title, published=a.published, raw_text="",
                   text=a.text, language=a.language, sentences=list(a.sentences),
                   terms=list(map(sys.intern, a.terms)), quotes=list(a.quotes),
                   mentions=None if a.mentions is None else list(a.mentions))


def analysis_columns(event: Event) -> dict[str, str]:
    """The JSON of an event's analysis as stored (summary, quotes, facts, entities): what `asdict` gave,
    built without its recursive deep copy (a tenth of the main process's time in analysis under cProfile)."""
    return {
        "summary": json.dumps([{"text": s.text, "cites": s.cites} for s in event.summary], ensure_ascii=False),
        "quotes": json.dumps(event.quotes, ensure_ascii=False),
        "facts": json.dumps([{"subject": f.subject, "unit": f.unit, "status": f.status,
                              "claims": [_flat(c) for c in f.claims]} for f in event.facts], ensure_ascii=False),
        "entities": json.dumps(event.entities, ensure_ascii=False),
    }


# An event's clustering state and what placement needs of it, without its analysis (summary, quotes, facts,
# entities: decoding them was half the cost of loading the clusterer, which every incremental run does).
EVENT_STATE_COLUMNS = ("id, story, title, first_published, articles, state, "
                       "NULL AS summary, NULL AS quotes, NULL AS facts, NULL AS entities")


def event_from_row(r: Any) -> Event:
    """An Event from a row of the events table (sqlite3.Row or a dict: both stores share the columns)."""
    facts = [
        Fact(f["subject"], f["unit"], f["status"], [Claim(**c) for c in f["claims"]])
        for f in json.loads(r["facts"] or "[]")
    ]
    return Event(
        id=r["id"],
        story=r["story"],
        title=r["title"],
        articles=json.loads(r["articles"]),
        first_published=r["first_published"],
        summary=[SummarySentence(**s) for s in json.loads(r["summary"] or "[]")],
        quotes=json.loads(r["quotes"] or "[]"),
        facts=facts,
        entities=json.loads(r["entities"] or "[]"),
    )


class Store(ABC):
    """Persistence for articles, copy links, events, stories and clustering state."""

    # articles -----------------------------------------------------------------------------------
    def add_articles(self, articles: Iterable[Article]) -> int:
        """Insert articles not yet stored (by id); return how many were new. Commits."""
        return len(self.insert_articles(articles))

    @abstractmethod
    def insert_articles(self, articles: Iterable[Article]) -> list[str]:
        """Insert articles not yet stored (by id); return the ids this call stored (the first of two with one
        id), in the order given. Commits. What this call did not store, an earlier call or another process
        did: its stored copy may differ from the one given."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None: ...

    @abstractmethod
    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]: ...

    def iter_article_rows(self, ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        """The stored rows of the articles `ids` (in that order, unknown ids skipped), undecoded:
        `article_from_row` makes each an Article. Analysis sends rows to its worker processes, which decode
        them there: with decoding and pickling articles in the main process, it spent 7.0 CPU-s on 8k
        articles' analysis, 3.2 with rows. Stores override this to skip the decoding round trip."""
        return (article_row(a) for a in self.iter_articles(ids))

    def iter_placement_articles(self, ids: Sequence[str]) -> Iterator[Article]:
        """The articles `ids` (in that order, unknown ids skipped) with only what placement reads
        (PLACEMENT_COLUMNS, see placement_article_from_row). Stores override this to read fewer columns;
        full articles are a correct, slower answer."""
        return self.iter_articles(ids)

    @abstractmethod
    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of `ids` are stored already (re-ingesting them would add nothing)."""

    @abstractmethod
    def unplaced_ids(self) -> list[str]:
        """Ids of stored articles not yet deduplicated and clustered, in publication order."""

    @abstractmethod
    def placed_terms(self) -> Iterator[str]:
        """The space-separated terms of every placed article (to rebuild document frequencies)."""

    @abstractmethod
    def save_document_frequencies(self, n: int, df: dict[str, int], pending: dict[str, int]) -> None:
        """Keep the document frequencies of the terms of the `n` placed articles (placement's IDF), and
        those of the articles placed since its weights were last refreshed (`OnlineIdf.pending`), so the
        next run need not read every placed article's terms again (call in the transaction of a batch)."""

    @abstractmethod
    def document_frequencies(self) -> tuple[int, dict[str, int], dict[str, int] | None] | None:
        """(n, df, pending) as last saved (pending None if saved before it was), or None if none was
        saved or it does not cover exactly the placed
        articles (a run stopped before saving it, or placements made otherwise): then rebuild it from
        placed_terms."""

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
    def signatures(self, since: str | None = None) -> Iterator[tuple[str, str | None, bytes]]:
        """(id, published, MinHash signature) of placed articles, to rebuild the LSH index on resume; with
        `since` (an ISO date or time), of those published then or later and the undated only."""

    @abstractmethod
    def save_event(self, event: Event, state: dict[str, Any]) -> None: ...

    @abstractmethod
    def save_story(self, story: Story, state: dict[str, Any]) -> None: ...

    @abstractmethod
    def iter_event_states(self, active_since: str | None = None) -> Iterator[tuple[Event, dict[str, Any]]]:
        """Every event with its clustering state, in the order they were first stored; the events come
        without their analysis (get_event has it). With `active_since` (an ISO date or time), only those
        whose last article (the state's "last", kept in an indexed column) is not older, and the undated:
        an incremental run reads the events its articles can join, not the whole store."""

    @abstractmethod
    def iter_story_states(self, active_since: str | None = None) -> Iterator[tuple[Story, dict[str, Any]]]:
        """Every story with its clustering state; `active_since` as for iter_event_states."""

    @abstractmethod
    def dirty_events(self) -> list[str]: ...

    @abstractmethod
    def save_event_analysis(self, event: Event) -> None:
        """Store summary, facts, quotes and entities of an event and clear its dirty flag."""

    # reading ------------------------------------------------------------------------------------
    @abstractmethod
    def get_event(self, event_id: str) -> Event | None: ...

    @abstractmethod
    def events(self, limit: int | None = None, offset: int = 0) -> list[Event]:
        """Events in order of first publication (undated last, then by id); with `limit`, that page only."""

    @abstractmethod
    def get_story(self, story_id: str) -> Story | None: ...

    @abstractmethod
    def stories(self) -> list[Story]: ...

    @abstractmethod
    def rename_story(self, story_id: str, title: str) -> None: ...

    @abstractmethod
    def counts(self) -> dict[str, int]: ...

    # listings, outlets and search ---------------------------------------------------------------------
    # Plain implementations over the methods above, so every store has them; SQLite overrides them with
    # SQL (and FTS5 for search) because these scan the whole store.
    def story_rows(self, *, since: str | None = None, until: str | None = None, source: str | None = None,
                   limit: int = 50, offset: int = 0) -> tuple[int, list[StoryRow]]:
        """(number of matching stories, one page of them), largest first. A story matches when one of its
        articles was published in [since, until) and, if `source` is given, one is from that outlet."""
        rows = []
        for story in self.stories():
            events = [e for e in (self.get_event(i) for i in story.events) if e]
            arts = list(self.iter_articles([a for e in events for a in e.articles]))
            if not any(_in_range(a.published, since, until) for a in arts):
                continue
            if source is not None and not any(a.source == source for a in arts):
                continue
            rows.append(_story_row(story, len(events), arts))
        rows.sort(key=lambda r: (-r.articles, -_sortable(r.last_published), r.id))
        return len(rows), rows[offset : offset + limit]

    def sources(self) -> list[str]:
        """Outlet names, sorted."""
        return sorted(r.source for r in self.outlet_rows())

    def outlet_rows(self, source: str | None = None) -> list[OutletRow]:
        """Every outlet (or just `source`) with its article count and how many of its articles copy
        another, largest first."""
        copies = {c.copy for c in self.copy_links()}
        rows: dict[str, OutletRow] = {}
        for a in self.iter_articles():
            if source is not None and a.source != source:
                continue
            r = rows.setdefault(a.source, OutletRow(a.source, 0, 0, None, None))
            r.articles += 1
            r.copies += a.id in copies
            if a.published:
                r.first_published = min(filter(None, [r.first_published, a.published]))
                r.last_published = max(filter(None, [r.last_published, a.published]))
        return sorted(rows.values(), key=lambda r: (-r.articles, r.source))

    def outlet_links(self, source: str | None = None) -> list[OutletLink]:
        """Copy links aggregated by (original outlet, copying outlet, kind); only those touching `source`."""
        counts: dict[tuple[str, str, str], int] = {}
        links = self.copy_links()
        sources = {a.id: a.source for a in self.iter_articles({i for c in links for i in (c.original, c.copy)})}
        for c in links:
            key = (sources.get(c.original, "?"), sources.get(c.copy, "?"), c.kind)
            if source is None or source in key[:2]:
                counts[key] = counts.get(key, 0) + 1
        return [OutletLink(o, c, k, n) for (o, c, k), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def list_articles(self, *, source: str | None = None, since: str | None = None, until: str | None = None,
                      limit: int = 50, offset: int = 0) -> tuple[int, list[Article]]:
        """(number of matching articles, one page of them), newest first."""
        arts = [a for a in self.iter_articles()
                if (source is None or a.source == source) and _in_range(a.published, since, until)]
        arts.sort(key=lambda a: (-_sortable(a.published), a.id))
        return len(arts), arts[offset : offset + limit]

    def search(self, query: str, *, source: str | None = None, since: str | None = None,
               until: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
        """Full-text search with Indonesian stemming: articles containing every query term, best first."""
        terms = list(dict.fromkeys(search_terms(query)))[:MAX_QUERY_TERMS]
        if not terms:
            return SearchResult(0, [], [])
        hits = []
        for a in self.iter_articles():
            if (source is not None and a.source != source) or not _in_range(a.published, since, until):
                continue
            title, body = search_terms(a.title), search_terms(a.text)
            if all(t in title or t in body for t in terms):
                hits.append(SearchHit(a, float(sum(3 * title.count(t) + body.count(t) for t in terms))))
        hits.sort(key=lambda h: (-h.score, h.article.id))
        return SearchResult(len(hits), terms, hits[offset : offset + limit])

    # live ingestion state (kabar watch) ------------------------------------------------------------------
    # Every write commits: a watcher can be killed at any moment and must resume without refetching.
    @abstractmethod
    def save_watch_source(self, source: WatchSource) -> None:
        """Insert or update a watched source (by url). Commits."""

    @abstractmethod
    def watch_source(self, url: str) -> WatchSource | None: ...

    @abstractmethod
    def watch_sources(self) -> list[WatchSource]:
        """Every watched source, by url."""

    @abstractmethod
    def add_watch_urls(self, urls: Iterable[WatchUrl]) -> int:
        """Record article URLs not yet known (by canonical url); return how many were new. Commits."""

    @abstractmethod
    def save_watch_url(self, url: WatchUrl) -> None:
        """Update a known URL's status, attempts, hash, article and error. Commits."""

    @abstractmethod
    def watch_url(self, url: str) -> WatchUrl | None:
        """The URL recorded under this canonical url."""

    @abstractmethod
    def due_watch_urls(self, now: float, limit: int) -> list[WatchUrl]:
        """Pending URLs whose next try is due, oldest first."""

    @abstractmethod
    def watch_hash_owner(self, content_hash: str) -> WatchUrl | None:
        """The fetched URL (done) whose page had this content hash, if any."""

    @abstractmethod
    def watch_url_counts(self) -> dict[str, dict[str, int]]:
        """{source url: {status: number of URLs}}."""

    @abstractmethod
    def commit(self) -> None:
        """Make what was written since the last commit durable (placement is batched)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # merges found by the online clusterer (issue 5) -----------------------------------------------
    def merge_cluster(self, level: str, gone: str, into: str) -> None:
        """Move every article (and, for a story, every event) of event or story `gone` into `into` and
        drop `gone`'s row; the record of the merge lives in the survivor's state (`cluster_history`)."""
        raise NotImplementedError

    def move_articles(self, article_ids: list[str], event: str) -> None:
        """Put these articles into `event` (of the same story): a split by the online clusterer."""
        raise NotImplementedError

    def cluster_history(self, level: str, cluster_id: str) -> list[dict[str, Any]]:
        """The merges and splits of an event or story (oldest first), from its clustering state."""
        return []


def _story_row(story: Story, n_events: int, articles: list[Article]) -> StoryRow:
    dates = sorted(a.published for a in articles if a.published)
    days: dict[str, int] = {}
    for d in dates:
        days[d[:10]] = days.get(d[:10], 0) + 1
    return StoryRow(story.id, story.title, n_events, len(articles), len({a.source for a in articles}),
                    dates[0] if dates else None, dates[-1] if dates else None, days)


def _sortable(published: str | None) -> float:
    """A number that orders ISO dates (newest = largest); undated sorts last."""
    if not published:
        return float("-inf")
    digits = "".join(ch for ch in published[:19] if ch.isdigit())
    return float(digits.ljust(14, "0"))

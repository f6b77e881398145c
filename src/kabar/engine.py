"""The whole job, as library functions the CLI, the web app and batch mode call.

1. ingest: read inputs, run the per-article stages, store (re-ingesting the same article adds nothing);
2. place: in publication order, find copy links and put each not-yet-placed article into an event and a
   story (online: no look-ahead); committed in batches, so an interrupted run resumes where it stopped;
3. analyze: recompute facts, quotes and the cited summary of every event that changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from kabar.cluster.features import article_signal
from kabar.cluster.online import ClusterState, OnlineClusterer
from kabar.cluster.vectors import cosine, tfidf
from kabar.dedup.detect import (
    MIN_SHARED_NAMES,
    CopyDetector,
    best_original,
    classify_pair,
    different_languages,
    shared_names,
)
from kabar.extract.entities import canonical_speaker, event_entities
from kabar.ingest import IngestLog, iter_articles
from kabar.model import Article, CopyLink, Event, Story
from kabar.pipeline import Pipeline
from kabar.reconcile.facts import reconcile
from kabar.stages import article_stages
from kabar.store.base import Store
from kabar.summarize.central import summarize

Progress = Callable[[str, int, int | None], None]  # (phase, done, total)
BATCH = 200
NEIGHBOURS = 12  # articles of the nearest events checked for paraphrased copies
REWRITE_COSINE = 0.35  # TF-IDF cosine below which a neighbour is not aligned (no rewrite is that far)


def _noop(phase: str, done: int, total: int | None) -> None:
    pass


@dataclass
class RunStats:
    read: int = 0
    new: int = 0
    placed: int = 0
    copies: int = 0
    analyzed: int = 0
    stages: dict[str, dict[str, int]] = field(default_factory=dict)
    decisions: Counter[str] = field(default_factory=Counter)


def ingest(inputs: Sequence[str], store: Store, log: IngestLog, *, fmt: str | None = None,
           fields: str | dict[str, str] | None = None, stdin: IO[bytes] | None = None, progress: Progress = _noop,
           stats: RunStats | None = None) -> RunStats:
    articles = iter_articles(inputs, log, fmt=fmt, fields=fields, stdin=stdin)
    stats = ingest_articles(articles, store, progress=progress, stats=stats)
    stats.read = log.read
    return stats


def ingest_articles(articles: Iterable[Article], store: Store, *, progress: Progress = _noop,
                    stats: RunStats | None = None) -> RunStats:
    """Run the per-article stages over raw articles and store them (in batches, committed)."""
    stats = stats or RunStats()
    pipeline = Pipeline(article_stages())
    batch: list[Article] = []
    seen = 0
    for article in pipeline(articles):
        batch.append(article)
        seen += 1
        if len(batch) >= BATCH:
            stats.new += store.add_articles(batch)
            batch.clear()
            progress("ingest", seen, None)
    stats.new += store.add_articles(batch)
    progress("ingest", seen, None)
    stats.read = seen
    stats.stages = pipeline.stats()
    return stats


def load_clusterer(store: Store, **params: float) -> OnlineClusterer:
    clusterer = OnlineClusterer(**params)
    events = [ClusterState.from_state(e.id, st, e.articles, e.story, e.title) for e, st in store.iter_event_states()]
    stories = [ClusterState.from_state(s.id, st, s.events, None, s.title) for s, st in store.iter_story_states()]
    clusterer.load(events, stories)
    for terms in store.placed_terms():  # document frequencies of what this stream has seen
        clusterer.idf.add(terms.split())
    return clusterer


def place(store: Store, *, progress: Progress = _noop, stats: RunStats | None = None,
          clusterer_params: dict[str, float] | None = None) -> RunStats:
    stats = stats or RunStats()
    todo = store.unplaced_ids()
    if not todo:
        return stats
    clusterer = load_clusterer(store, **(clusterer_params or {}))
    detector = CopyDetector()
    for article_id, sig in store.signatures():
        detector.add_signature(article_id, sig)
    for start in range(0, len(todo), BATCH):
        for article in store.iter_articles(todo[start : start + BATCH]):
            links, sig, decision = _place_one(article, store, clusterer, detector)
            store.add_copy_links(links)
            store.place_article(article.id, decision.event, decision.story, sig)
            stats.copies += len(links)
            stats.placed += 1
            stats.decisions[decision.reason] += 1
        _save_touched(store, clusterer)
        store.commit()
        progress("place", min(start + BATCH, len(todo)), len(todo))
    return stats


def _place_one(article: Article, store: Store, clusterer: OnlineClusterer, detector: CopyDetector):
    sig = article_signal(article, clusterer.idf)
    vec = sig.body
    m, sh = detector.fingerprint(article)
    lsh_hit = dict.fromkeys(detector.lsh_candidates(m), True)
    candidates = dict(lsh_hit)
    # Paraphrased copies share few shingles: also check the closest articles of the nearest events.
    for eid, _ in clusterer.candidates("event", sig)[:3]:
        for other in clusterer.events[eid].members[-NEIGHBOURS:]:
            candidates.setdefault(other)
    links: list[CopyLink] = []
    for other_id in candidates:
        if other_id == article.id:
            continue
        other = store.get_article(other_id)
        if other is None:
            continue
        # LSH candidates are always verified; neighbours only when close enough to be a rewrite, or, in
        # another language (a translated wire story), when they share enough names.
        if not lsh_hit.get(other_id):
            if different_languages(article, other):
                if shared_names(article, other) < MIN_SHARED_NAMES:
                    continue
            elif cosine(vec, tfidf(other.terms)) < REWRITE_COSINE:
                continue
        link = classify_pair(other, article, newer_shingles=sh)
        if link is not None:
            links.append(link)
    original = best_original(links, article.id)
    forced = store.placement_of(original.original)[0] if original else None
    decision = clusterer.place(sig, article.title, forced_event=forced)
    sig = detector.index(article.id, m)
    return links, sig, decision


def _save_touched(store: Store, clusterer: OnlineClusterer) -> None:
    for eid in clusterer.touched["event"]:
        e = clusterer.events[eid]
        store.save_event(Event(e.id, e.parent, e.title, list(e.members), e.first), e.to_state())
    for sid in clusterer.touched["story"]:
        s = clusterer.stories[sid]
        store.save_story(Story(s.id, s.title, list(s.members)), s.to_state())
    clusterer.touched["event"].clear()
    clusterer.touched["story"].clear()


def analyze(store: Store, *, progress: Progress = _noop, stats: RunStats | None = None) -> RunStats:
    """Facts, quotes, entities and the cited summary of each event that changed since last time."""
    stats = stats or RunStats()
    dirty = store.dirty_events()
    for n, eid in enumerate(dirty, 1):
        event = store.get_event(eid)
        if event is None:
            continue
        articles = list(store.iter_articles(event.articles))
        analyze_event(event, articles, store.copy_links(event.articles))
        store.save_event_analysis(event)
        stats.analyzed += 1
        if n % 50 == 0 or n == len(dirty):
            progress("analyze", n, len(dirty))
    _retitle_stories(store)
    return stats


def analyze_event(event: Event, articles: list[Article], links: Sequence[CopyLink] = ()) -> Event:
    event.summary = summarize(articles)
    event.facts = reconcile(articles, links)
    # Entities of the whole event resolve speakers ("Lavrov" -> "Sergei Lavrov"); those in two or more
    # articles are the event's entities.
    all_entities = event_entities(articles, min_articles=1, limit=None)
    event.entities = [e for e in all_entities if len(e["articles"]) >= 2][:40]
    event.quotes = merge_quotes(articles, all_entities)
    event.title = central_title(articles) or event.title
    return event


def central_title(articles: list[Article]) -> str | None:
    """The title of the article closest to the event's centroid."""
    if not articles:
        return None
    vecs = [tfidf(a.terms) for a in articles]
    centroid: dict[str, float] = {}
    for v in vecs:
        for t, w in v.items():
            centroid[t] = centroid.get(t, 0.0) + w
    best = max(range(len(articles)), key=lambda i: (cosine(vecs[i], centroid), -i))
    return articles[best].title


def merge_quotes(articles: Iterable[Article], entities: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One entry per statement, with every article that reports it; speakers named canonically."""
    from kabar.lang.stem import content_terms

    merged: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    for a in articles:
        for q in a.quotes:
            speaker = (canonical_speaker(q.speaker, entities) or q.speaker) if q.speaker and entities else q.speaker
            key = ((speaker or "").lower(), tuple(content_terms(q.text)[:6]))
            entry = merged.setdefault(key, {"speaker": speaker, "text": q.text, "articles": []})
            if a.id not in entry["articles"]:
                entry["articles"].append(a.id)
    return sorted(merged.values(), key=lambda e: -len(e["articles"]))


def _retitle_stories(store: Store) -> None:
    for story in store.stories():
        events = [e for e in (store.get_event(eid) for eid in story.events) if e]
        if not events:
            continue
        biggest = max(events, key=lambda e: (len(e.articles), e.first_published or ""))
        if biggest.title != story.title:
            story.title = biggest.title
            store.rename_story(story.id, story.title)
    store.commit()


def run(inputs: Sequence[str], store: Store, log: IngestLog, *, fmt: str | None = None,
        fields: str | dict[str, str] | None = None, stdin: IO[bytes] | None = None,
        progress: Progress = _noop) -> RunStats:
    stats = ingest(inputs, store, log, fmt=fmt, fields=fields, stdin=stdin, progress=progress)
    place(store, progress=progress, stats=stats)
    analyze(store, progress=progress, stats=stats)
    return stats

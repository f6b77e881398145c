"""The whole job, as library functions the CLI, the web app and batch mode call.

1. ingest: read inputs, run the per-article stages, store (re-ingesting the same article adds nothing);
2. place: in publication order, find copy links and put each not-yet-placed article into an event and a
   story (online: no look-ahead); committed in batches, so an interrupted run resumes where it stopped;
3. analyze: recompute facts, quotes and the cited summary of every event that changed.

`run` does all three. It reads its inputs into publication order first (kabar.ingest.staged), so each
batch can be placed as soon as it is stored, while the workers run the stages on the next ones
(`ingest_and_place`); `ingest` and `place` alone (the API's ingest, `kabar watch`, the evaluation) do
one after the other.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from itertools import chain, islice
from typing import IO, Any

from cachetools import LRUCache

from kabar.cluster.features import article_signal
from kabar.cluster.online import ClusterState, OnlineClusterer, hours_apart
from kabar.cluster.vectors import Vector, cosine, tfidf
from kabar.dedup.detect import (
    MIN_SHARED_NAMES,
    CopyDetector,
    best_original,
    classify_pair,
    different_languages,
    sentence_index,
    shared_names,
)
from kabar.dedup.fingerprint import shingles
from kabar.extract.entities import canonical_speaker, event_entities
from kabar.ingest import IngestLog, iter_articles
from kabar.ingest.staged import StagedArticles, unpickle
from kabar.model import Article, CopyLink, Event, Story
from kabar.parallel import AHEAD, Background, chunked, lower_priority, one_blas_thread, ordered_map
from kabar.pipeline import Pipeline
from kabar.reconcile.facts import reconcile
from kabar.stages import article_stages
from kabar.store.base import Store, article_from_row, placement_view
from kabar.summarize.central import summarize

Progress = Callable[[str, int, int | None], None]  # (phase, done, total)
BATCH = 200
POLL_EVERY = 8  # articles placed between looks at the analyses running meanwhile (see place)
CHUNK = 25  # articles per task sent to a worker process
PARALLEL_MIN = 4 * CHUNK  # smaller inputs are not worth starting workers for
EVENT_CHUNK = 10  # events per analysis task
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
    analyzed_while_placing: int = 0  # of `analyzed`: closed events analyzed during placement (see place)
    # stories whose events or titles this run changed: only their titles can need redoing (_retitle_stories)
    stories_changed: set[str] = field(default_factory=set)
    stages: dict[str, dict[str, int]] = field(default_factory=dict)
    decisions: Counter[str] = field(default_factory=Counter)


def ingest(inputs: Sequence[str], store: Store, log: IngestLog, *, fmt: str | None = None,
           fields: str | dict[str, str] | None = None, stdin: IO[bytes] | None = None, progress: Progress = _noop,
           stats: RunStats | None = None, workers: int = 1) -> RunStats:
    articles = iter_articles(inputs, log, fmt=fmt, fields=fields, stdin=stdin)
    stats = ingest_articles(articles, store, progress=progress, stats=stats, workers=workers)
    stats.read = log.read
    return stats


def ingest_articles(articles: Iterable[Article], store: Store, *, progress: Progress = _noop,
                    stats: RunStats | None = None, workers: int = 1) -> RunStats:
    """Run the per-article stages over raw articles and store them (in batches, committed).

    With `workers > 1` and more than a few batches of input, the stages run on that many processes
    (kabar.parallel); the store is written here, in input order, either way. As with any
    multiprocessing, a script that asks for workers must start from `if __name__ == "__main__":`
    (workers import the main module); the `kabar` command does."""
    stats = stats or RunStats()
    # Articles stored already (a re-run, an overlapping input) would add nothing: they skip the stages.
    read = Counter()
    fresh = (a for chunk in chunked(articles, 500) for a in _unknown(store, chunk, read))
    head = list(islice(fresh, PARALLEL_MIN))
    if workers > 1 and len(head) == PARALLEL_MIN:
        chunks = ordered_map(_run_stages, chunked(chain(head, fresh), CHUNK), workers)
    else:
        chunks = map(_run_stages, chunked(chain(head, fresh), CHUNK))

    def store_batch(batch: list[Article], seen: int) -> None:
        stats.new += store.add_articles(batch)
        progress("ingest", seen, None)

    stats.stages = _in_batches(chunks, store_batch)
    stats.read = read["articles"]
    return stats


def _in_batches(chunks: Iterable[tuple[list[Article], dict[str, dict[str, int]]]],
                on_batch: Callable[[list[Article], int], None]) -> dict[str, dict[str, int]]:
    """Hand the articles of the stages' chunks to `on_batch` (with how many so far) BATCH or more at a
    time, the rest at the end; return the stages' counters summed over the chunks."""
    stage_stats: dict[str, Counter[str]] = {}
    batch: list[Article] = []
    seen = 0
    for done, counts in chunks:
        for name, c in counts.items():
            stage_stats.setdefault(name, Counter()).update(c)
        batch += done
        seen += len(done)
        if len(batch) >= BATCH:
            on_batch(batch, seen)
            batch = []
    on_batch(batch, seen)
    return {name: dict(c) for name, c in stage_stats.items()}


def _unknown(store: Store, chunk: list[Article], read: Counter[str]) -> list[Article]:
    read["articles"] += len(chunk)
    known = store.known_ids([a.id for a in chunk])
    return [a for a in chunk if a.id not in known]


def _datetime(iso: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(iso[:19]) if iso else None
    except ValueError:
        return None


def _run_stages(chunk: list[Article]) -> tuple[list[Article], dict[str, dict[str, int]]]:
    """The per-article stages over one chunk (in a worker process or here), with their counters."""
    pipeline = Pipeline(article_stages())
    done = list(pipeline(chunk))
    return done, pipeline.stats()


def _run_pickled_stages(pickled: list[bytes]) -> tuple[list[Article], dict[str, dict[str, int]]]:
    """`_run_stages` on staged articles sent as pickled on disk (the parent does not unpickle and re-pickle them)."""
    return _run_stages(unpickle(pickled))


def load_clusterer(store: Store, since: str | None = None, **params: float) -> OnlineClusterer:
    """The clusterer with the events and stories stored so far. With `since` (the publication time of the
    first article to place), clusters whose last article is more than twice their window older are left
    out: no article from then on can join them, and the clusterer would forget them at its first expiry
    sweep anyway (loading them was most of the cost of an incremental run on a large store)."""
    clusterer = OnlineClusterer(**params)

    def open_(level: str, state: dict[str, Any]) -> bool:
        last = state.get("last")
        gap = hours_apart(since, last) if since and last and last < since else None
        return gap is None or gap <= clusterer.window[level] * 2

    def active_since(level: str) -> str | None:
        """A day before the oldest joinable "last", as the store's indexed column compares it (text): only
        those clusters are read and decoded; open_ then decides exactly."""
        start = _datetime(since)
        return (start - timedelta(hours=clusterer.window[level] * 2 + 24)).date().isoformat() if start else None

    events = [ClusterState.from_state(e.id, st, e.articles, e.story, e.title)
              for e, st in store.iter_event_states(active_since("event")) if open_("event", st)]
    stories = [ClusterState.from_state(s.id, st, s.events, None, s.title)
               for s, st in store.iter_story_states(active_since("story")) if open_("story", st)]
    clusterer.load(events, stories)
    saved = store.document_frequencies()  # of what this stream has seen, as the last run left them
    if saved is not None:
        clusterer.idf.restore(*saved)
    else:  # rebuilt from every placed article's terms (it was, on every run: 1.5 s at 22k articles); in
        # storage order, so `pending` may differ from placement's if articles were stored out of time order
        for terms in store.placed_terms():
            clusterer.idf.add(terms.split())
    return clusterer


@one_blas_thread
def place(store: Store, *, progress: Progress = _noop, stats: RunStats | None = None,
          clusterer_params: dict[str, float] | None = None, analyze_workers: int = 0,
          copy_window_days: float | None = None) -> RunStats:
    """Place every unplaced article, in publication order (see the module docstring).

    Placement is sequential, so it keeps one core busy. With `analyze_workers`, events that can take no
    more articles (past their time window: the clusterer has forgotten them, so nothing can change them)
    are analyzed meanwhile on that many worker processes, as `analyze` would analyze them afterwards;
    `analyze` then has only the events still open at the end left to do.

    With `copy_window_days` (a live service: `kabar watch`), copy detection's MinHash index holds only
    the articles published within that many days before the newest one, and an incremental run reads
    only their signatures: memory and start-up stay flat as the store grows. Without it every placed
    article stays a candidate (an archive processed at once)."""
    stats = stats or RunStats()
    todo = store.unplaced_ids()
    if not todo:
        return stats
    first = next(store.iter_placement_articles(todo[:1]), None)  # todo is in publication order, undated last
    with Placement(store, first.published if first else None, stats, clusterer_params=clusterer_params,
                   analyze_workers=analyze_workers if len(todo) >= PARALLEL_MIN else 0,
                   copy_window_days=copy_window_days) as placement:
        placement.place_all(todo, progress, len(todo))
        placement.finish()
    return stats


class Placement:
    """One placement pass, batch after batch: the clusterer, the copy detector and the recent articles
    carry over from one batch to the next. `place` runs it over the unplaced articles; `run` over each
    batch as soon as it is stored (see `ingest_and_place`)."""

    def __init__(self, store: Store, first_published: str | None, stats: RunStats, *,
                 clusterer_params: dict[str, float] | None = None, analyze_workers: int = 0,
                 copy_window_days: float | None = None) -> None:
        self.store, self.stats = store, stats
        self.placed_before = stats.placed
        self.clusterer = load_clusterer(store, first_published, **(clusterer_params or {}))
        self.detector = CopyDetector(copy_window_days or None)
        since = self.detector.window_start(first_published)  # signatures it would forget are not read
        for article_id, published, sig in store.signatures(since):
            self.detector.add_signature(article_id, sig, published)
        self.newest: str | None = None
        self.recent = RecentArticles(store)
        self.early = Background(_analyze_chunk, partial(_analysis_tasks, store), analyze_workers) if analyze_workers > 0 else None
        self.saved: set[str] = set()  # events this run stored (so dirty): the closed ones among them go to `early`
        self.finished: list[list[Event]] = []  # analyses back from `early`, saved after the batch is committed

    def place_all(self, ids: Sequence[str], progress: Progress, total: int,
                  held: Mapping[str, Article] | None = None) -> None:
        """Place these articles BATCH at a time, each batch committed; `progress` counts what this pass
        has placed, of `total`. `held`: articles among them as stored by this process (not read back)."""
        for start in range(0, len(ids), BATCH):
            self.place_batch(ids[start : start + BATCH], held)
            progress("place", self.stats.placed - self.placed_before, total)

    def _articles(self, ids: Sequence[str], held: Mapping[str, Article] | None) -> Iterator[Article]:
        held = held or {}
        missing = [i for i in ids if i not in held]
        read = {a.id: a for a in self.store.iter_placement_articles(missing)} if missing else {}
        for i in ids:
            if i in held:
                yield placement_view(held[i])
            elif i in read:
                yield read[i]

    def place_batch(self, ids: Sequence[str], held: Mapping[str, Article] | None = None) -> None:
        """Place these articles (stored, unplaced, in publication order) and commit: a batch is placed whole
        or not at all."""
        store, stats, clusterer, early = self.store, self.stats, self.clusterer, self.early
        for article in self._articles(ids, held):
            links, sig, decision = _place_one(article, self.recent, clusterer, self.detector)
            self.newest = max(self.newest or "", article.published or "") or None
            self.recent.add(article)
            store.add_copy_links(links)
            store.place_article(article.id, decision.event, decision.story, sig)
            stats.copies += len(links)
            stats.placed += 1
            stats.decisions[decision.reason] += 1
            if early is not None and stats.placed % POLL_EVERY == 0:
                self.finished.extend(early.ready())  # and send it more: a worker waiting for a batch end idles
        self.detector.forget_before(self.newest)
        self.saved.update(clusterer.touched["event"])
        stats.stories_changed.update(clusterer.touched["story"])
        _save_touched(store, clusterer)
        store.commit()  # analyses are saved only after the batch is committed
        if early is not None:  # the closed events are read back as stored, so after the commit
            closed = [eid for eid in clusterer.closed if eid in self.saved]
            self.saved.difference_update(closed)
            for chunk in chunked(closed, EVENT_CHUNK):
                early.put(chunk)
            self.finished.extend(early.ready())
            stats.analyzed_while_placing += _save_analyses(store, self.finished, stats)
            self.finished.clear()
        clusterer.closed.clear()

    def finish(self) -> None:
        """After the last batch: the document frequencies (they cover every placed article now), and the
        analyses still running."""
        idf = self.clusterer.idf
        self.store.save_document_frequencies(idf.n, idf.df, idf.pending)
        self.store.commit()
        if self.early is not None:
            self.stats.analyzed_while_placing += _save_analyses(self.store, self.early.drain(), self.stats)

    def __enter__(self) -> Placement:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.early is not None:
            self.early.close()


@one_blas_thread
def ingest_and_place(staged: StagedArticles, store: Store, *, progress: Progress = _noop,
                     stats: RunStats | None = None, workers: int = 1,
                     copy_window_days: float | None = None) -> RunStats:
    """The per-article stages over `staged` (already in publication order), each batch placed as soon as
    it is stored: placement (one core) runs while the workers prepare the next batches, where `ingest`
    then `place` ran one after the other. It stores and places what `ingest` then `place` would
    (tests/test_parallel.py)."""
    stats = stats or RunStats()
    total = len(staged)
    if not total:
        return stats
    parallel = workers > 1 and total >= PARALLEL_MIN
    with ExitStack() as stack:
        if parallel:
            # Enough chunks in flight for two batches: the workers keep going while this process places one.
            # Placement, here, is the critical path: the workers take the CPU it leaves (at equal priority they
            # took a third of its core, and the run was no faster than ingest, then place).
            stages = stack.enter_context(closing(Background(_run_pickled_stages, staged.load_pickled, workers,
                                                            ahead=max(AHEAD, 2 * BATCH // CHUNK // workers),
                                                            initializer=lower_priority)))
            for positions in staged.chunks(CHUNK):
                stages.put(positions)
            results: Iterator[tuple[list[Article], dict[str, dict[str, int]]]] = stages.drain()
        else:
            results = (_run_stages(staged.load(p)) for p in staged.chunks(CHUNK))
        placement: Placement | None = None

        def store_and_place(batch: list[Article], ingested: int) -> None:
            nonlocal placement
            stored = set(store.insert_articles(batch))
            stats.new += len(stored)
            progress("ingest", ingested, total)
            # Placed as held, but for what an earlier batch or another process stored first: the copy kept
            # is the stored one (read back). The first of two with one id is the one stored.
            held: dict[str, Article] = {}
            for a in batch:
                if a.id in stored:
                    held.setdefault(a.id, a)
            # What the store holds unplaced now: this batch, less what another process placed meanwhile.
            todo = store.unplaced_ids()
            if todo and placement is None:
                # Made only now: on PostgreSQL, unplaced_ids() has just taken the placement lock, so the
                # clusters loaded are the latest, and no other process places until this one is done.
                placement = stack.enter_context(Placement(store, staged.first_published, stats,
                                                          analyze_workers=workers - 1 if parallel else 0,
                                                          copy_window_days=copy_window_days))
            if placement is not None:
                placement.place_all(todo, progress, total, held)

        stats.stages = _in_batches(results, store_and_place)
        if placement is not None:
            placement.finish()
    return stats


def _analysis_tasks(store: Store, event_ids: list[str]) -> list[tuple[Event, list[dict[str, Any]], list[CopyLink]]]:
    """What `_analyze_chunk` needs of these events, read from the store (articles as stored rows)."""
    out = []
    for eid in event_ids:
        event = store.get_event(eid)
        if event is not None:
            out.append((event, list(store.iter_article_rows(event.articles)), store.copy_links(event.articles)))
    return out


def _save_analyses(store: Store, done_chunks: Iterable[list[Event]], stats: RunStats,
                   progress: Progress = _noop, total: int = 0) -> int:
    n = 0
    for events in done_chunks:
        for event in events:
            store.save_event_analysis(event)
            stats.analyzed += 1
            stats.stories_changed.add(event.story)  # its title may be the story's
            n += 1
            if n % 50 == 0:
                progress("analyze", n, total)
    return n


class RecentArticles:
    """The articles placed or looked at last, with their TF-IDF vectors: copy candidates are mostly recent
    articles of the nearest events, and reading and re-vectorizing them from the store for every new
    article was a fifth of placement time (bench profile). Older ones are read from the store (and kept
    here for a while: least recently used ones leave first). Articles here and
    from the store carry only what placement reads (Store.iter_placement_articles): full ones were
    ~45 KB each in memory."""

    SIZE = 3000
    # Shingle sets of the articles last verified as copy candidates: the members of a busy event are
    # verified against article after article. Fewer than the articles: a set is ~30 KB.
    SHINGLES = 512

    def __init__(self, store: Store) -> None:
        self.store = store
        self.items: LRUCache[str, tuple[Article, Vector | None]] = LRUCache(self.SIZE)
        self._shingles: LRUCache[str, set[str]] = LRUCache(self.SHINGLES)

    def shingles(self, article: Article) -> set[str]:
        hit = self._shingles.get(article.id)
        if hit is None:
            hit = self._shingles[article.id] = shingles(article.text)
        return hit

    def add(self, article: Article) -> None:
        self.items[article.id] = (article, None)

    def get(self, article_id: str) -> Article | None:
        hit = self.items.get(article_id)
        if hit:
            return hit[0]
        # An older article read once is kept too: the same members of a long-running event, or the same
        # widely copied original, come back as candidates for article after article.
        article = next(self.store.iter_placement_articles([article_id]), None)
        if article is not None:
            self.add(article)
        return article

    def vector(self, article: Article) -> Vector:
        hit = self.items.get(article.id)
        if hit is None:
            return tfidf(article.terms)
        if hit[1] is None:
            self.items[article.id] = (article, tfidf(article.terms))
        return self.items[article.id][1]


def _place_one(article: Article, recent: RecentArticles, clusterer: OnlineClusterer, detector: CopyDetector):
    store = recent.store
    sig = article_signal(article, clusterer.idf)
    vec = sig.body
    m, sh = detector.fingerprint(article)
    lsh_hit = dict.fromkeys(detector.lsh_candidates(m, article.published), True)
    candidates = dict(lsh_hit)
    # Paraphrased copies share few shingles: also check the closest articles of the nearest events.
    for eid, _ in clusterer.candidates("event", sig)[:3]:
        for other in clusterer.events[eid].members[-NEIGHBOURS:]:
            candidates.setdefault(other)
    links: list[CopyLink] = []
    index = None  # the article's sentence index, built once for all the pairs that need aligning
    for other_id in candidates:
        if other_id == article.id:
            continue
        other = recent.get(other_id)
        if other is None:
            continue
        # LSH candidates are always verified; neighbours only when close enough to be a rewrite, or, in
        # another language (a translated wire story), when they share enough names.
        if not lsh_hit.get(other_id):
            if different_languages(article, other):
                if shared_names(article, other) < MIN_SHARED_NAMES:
                    continue
            elif cosine(vec, recent.vector(other)) < REWRITE_COSINE:
                continue
        if index is None:
            index = sentence_index(article)
        link = classify_pair(other, article, older_shingles=recent.shingles(other), newer_shingles=sh,
                             newer_index=index)
        if link is not None:
            links.append(link)
    original = best_original(links, article.id)
    forced = (clusterer.moved_to(original.original) or store.placement_of(original.original)[0]) if original else None
    decision = clusterer.place(sig, article.title, forced_event=forced)
    sig = detector.index(article.id, m, article.published)
    return links, sig, decision


def _save_touched(store: Store, clusterer: OnlineClusterer) -> None:
    # Splits first, in the order they happened: they move articles by id, so a later merge of either
    # event (which moves whatever the absorbed event holds by then) still finds them where they belong.
    if clusterer.splitter is not None:
        for _, into, articles in clusterer.splitter.splits:
            store.move_articles(articles, into)
        clusterer.splitter.splits.clear()
        clusterer.splitter.moved.clear()
    # then merges, in the order they happened: the absorbed rows go, their articles follow the survivor
    for level, gone, into in clusterer.merges:
        store.merge_cluster(level, gone, into)
    clusterer.merges.clear()
    for eid in clusterer.touched["event"]:
        e = clusterer.events[eid]
        store.save_event(Event(e.id, e.parent, e.title, list(e.members), e.first), e.to_state())
    for sid in clusterer.touched["story"]:
        s = clusterer.stories[sid]
        store.save_story(Story(s.id, s.title, list(s.members)), s.to_state())
    clusterer.touched["event"].clear()
    clusterer.touched["story"].clear()


@one_blas_thread
def analyze(store: Store, *, progress: Progress = _noop, stats: RunStats | None = None,
            workers: int = 1) -> RunStats:
    """Facts, quotes, entities and the cited summary of each event that changed since last time.

    Events are independent: with `workers > 1` and enough of them, they are analyzed on that many
    processes; reading and saving stay here."""
    stats = stats or RunStats()
    dirty = store.dirty_events()

    # articles as stored rows: decoded where they are analyzed (see _analyze_chunk)
    tasks = (_analysis_tasks(store, chunk) for chunk in chunked(dirty, EVENT_CHUNK))
    if workers > 1 and len(dirty) >= PARALLEL_MIN:
        done_chunks = ordered_map(_analyze_chunk, tasks, workers)
    else:
        done_chunks = map(_analyze_chunk, tasks)
    _save_analyses(store, done_chunks, stats, progress, len(dirty))
    progress("analyze", len(dirty), len(dirty))
    _retitle_stories(store, stats.stories_changed)
    return stats


def _analyze_chunk(tasks: list[tuple[Event, list[dict[str, Any]], list[CopyLink]]]) -> list[Event]:
    """Analyze events from their articles' stored rows, decoded here, in the worker, rather than in the main
    process that reads them (Store.iter_article_rows: its CPU in analysis halves)."""
    return [analyze_event(event, [article_from_row(r) for r in rows], links) for event, rows, links in tasks]


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
    # Rounded: equally close articles (both of a two-article event, always) must fall to the earlier one.
    # Unrounded, the tie went to whichever float sum, taken in set order, came out a bit larger, and set
    # order follows the process's hash seed: the title differed between runs with and without workers.
    best = max(range(len(articles)), key=lambda i: (round(cosine(vecs[i], centroid), 9), -i))
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


def _retitle_stories(store: Store, story_ids: Iterable[str]) -> None:
    """A story is titled after its biggest event. Only stories whose events changed are looked at: a
    title can change only then, and reading every story of the store at each run made incremental runs
    (kabar watch, the API's ingest) cost as much as the store is big."""
    for sid in sorted(story_ids):
        story = store.get_story(sid)
        if story is None:  # merged into another story meanwhile
            continue
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
        progress: Progress = _noop, workers: int = 1, copy_window_days: float | None = None) -> RunStats:
    """Ingest, place and analyze: the inputs are read and staged in publication order first, then go
    through the stages and placement together (`ingest_and_place`)."""
    stats = RunStats()
    # An interrupted run's articles, stored but not placed, are placed first, as a re-run of it would.
    place(store, progress=progress, stats=stats, analyze_workers=workers - 1, copy_window_days=copy_window_days)
    articles = iter_articles(inputs, log, fmt=fmt, fields=fields, stdin=stdin)
    with StagedArticles(articles, store.known_ids, progress=lambda n: progress("read", n, None)) as staged:
        stats.read = log.read
        ingest_and_place(staged, store, progress=progress, stats=stats, workers=workers,
                         copy_window_days=copy_window_days)
    analyze(store, progress=progress, stats=stats, workers=workers)
    return stats

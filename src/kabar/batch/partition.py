"""The work batch mode does on each partition, group and window: plain functions over rows, with no Ray
import, so they are tested (and profiled) without a cluster. `kabar.batch.job` wires them into Ray Data.

Rows carry articles pickled (an `Article` is a slots dataclass; the bytes never leave the job).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import datetime
from typing import Any

from rensa import RMinHash

from kabar.dedup.detect import LSH_BANDS, CopyDetector, index_time
from kabar.dedup.fingerprint import minhash, shingles
from kabar.engine import RecentArticles, _place_one, _save_touched, analyze, load_clusterer
from kabar.ingest import IngestLog, iter_articles
from kabar.model import Article
from kabar.pipeline import Pipeline
from kabar.stages import article_stages
from kabar.store.base import article_row
from kabar.store.sqlite import SQLiteStore

UNDATED = -1  # the window of articles without a (parsable) date
MAX_BUCKET = 1000  # an LSH bucket this full is boilerplate shared by many pages: its n² pairs are skipped
_ORD_FILE = 1 << 40  # ord = file index * _ORD_FILE + position in the file: input order across files


# reading ------------------------------------------------------------------------------------------------
def read_input(path: str, index: int, fmt: str | None = None) -> Iterator[dict[str, Any]]:
    """Raw articles of one input file as rows {ord, raw, problem}; each bad item becomes a problem row."""
    log = IngestLog()
    n = 0
    for n, article in enumerate(iter_articles([path], log, fmt=fmt)):  # noqa: B007 (n is used after)
        yield {"ord": index * _ORD_FILE + n, "raw": pickle.dumps(article), "problem": ""}
    for p in log.problems:
        yield {"ord": -1, "raw": b"", "problem": f"{p.origin}: {p.level}: {p.message}"}


def raw_rows(articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """Rows for articles given in memory (tests, evaluation), in their order."""
    for n, article in enumerate(articles):
        yield {"ord": n, "raw": pickle.dumps(article), "problem": ""}


# per-article stages and LSH band keys ---------------------------------------------------------------
def window_of(published: str | None, window_days: float) -> int:
    """Index of the publication-time window; 0 for everything when window_days <= 0."""
    if window_days <= 0:
        return 0
    if not published:
        return UNDATED
    try:
        ts = datetime.fromisoformat(published[:19]).timestamp()
    except ValueError:
        return UNDATED
    return int(ts // (window_days * 86400))


def band_keys(m: RMinHash, bands: int = LSH_BANDS) -> list[int]:
    """One 63-bit key per LSH band (its rows hashed with the band number): two articles share a key
    exactly when the LSH index would return one for the other on that band."""
    digest = m.digest()
    rows = len(digest) // bands
    return [hash((b, *digest[b * rows : (b + 1) * rows])) & 0x7FFF_FFFF_FFFF_FFFF for b in range(bands)]


def prepare(rows: Iterable[dict[str, Any]], window_days: float) -> Iterator[dict[str, Any]]:
    """Run the per-article stages (the same Pipeline as `kabar run`) and fingerprint each article."""
    raws = [(r["ord"], pickle.loads(r["raw"])) for r in rows]
    order = {id(a): o for o, a in raws}
    pipeline = Pipeline(article_stages())
    for article in pipeline(a for _, a in raws):
        m = minhash(shingles(article.text))
        yield {"id": article.id, "ord": order[id(article)], "published": article.published or "",
               "window": window_of(article.published, window_days), "bands": band_keys(m),
               "article": pickle.dumps(article)}


# candidate pairs from the band shuffle ---------------------------------------------------------------
def bucket_pairs(ids: list[str], windows: list[int]) -> Iterator[dict[str, Any]]:
    """The pairs of one LSH bucket (articles sharing a band key), within a window, as rows for the
    window shuffle. Pairs across windows are counted (kind 'cross') but not placed: see README."""
    if len(ids) < 2:
        return
    if len(ids) > MAX_BUCKET:
        yield {"window": windows[0], "kind": "skipped", "payload": str(len(ids)), "ord": 0, "article": b""}
        return
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if ids[i] == ids[j]:
                continue
            same = windows[i] == windows[j]
            yield {"window": windows[i], "kind": "pair" if same else "cross", "payload": f"{ids[i]} {ids[j]}",
                   "ord": 0, "article": b""}


# verification and clustering of one window -------------------------------------------------------------
class ShuffledCandidates(CopyDetector):
    """A CopyDetector whose LSH candidates come from the band shuffle instead of an index built as the
    articles pass: the same set (placed articles sharing a band), found in parallel."""

    def __init__(self, neighbours: dict[str, set[str]]) -> None:
        super().__init__()
        self.neighbours = neighbours
        self.placed: dict[str, tuple[str, str]] = {}  # article id placed -> the order the index returns it in
        self.current: str | None = None

    def fingerprint(self, article: Article) -> tuple[RMinHash, set[str]]:
        self.current = article.id
        return super().fingerprint(article)

    def lsh_candidates(self, m: RMinHash, published: str | None = None) -> list[str]:
        found = [o for o in self.neighbours.get(self.current or "", ()) if o in self.placed]
        return sorted(found, key=self.placed.__getitem__)  # oldest first, as CopyDetector's

    def index(self, article_id: str, m: RMinHash, published: str | None = None) -> bytes:
        self.placed[article_id] = (index_time(published), article_id)
        return pickle.dumps(m)


def place_window(articles: list[tuple[int, Article]], pairs: Iterable[str],
                 clusterer_params: dict[str, float] | None = None) -> Iterator[dict[str, Any]]:
    """Dedup, clustering and per-event analysis of one window, exactly as `kabar run` does them
    (publication order, then input order), in a private in-memory store; yields output rows."""
    neighbours: dict[str, set[str]] = {}
    for p in pairs:
        a, b = p.split(" ")
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    articles.sort(key=lambda oa: (oa[1].published is None, oa[1].published or "", oa[0]))
    with SQLiteStore(":memory:") as store:
        store.add_articles(a for _, a in articles)
        clusterer = load_clusterer(store, **(clusterer_params or {}))
        detector = ShuffledCandidates(neighbours)
        signatures: dict[str, bytes] = {}
        recent = RecentArticles(store)
        for article in store.iter_articles(store.unplaced_ids()):
            links, sig, decision = _place_one(article, recent, clusterer, detector)
            recent.add(article)
            store.add_copy_links(links)
            store.place_article(article.id, decision.event, decision.story, sig)
            signatures[article.id] = sig
        _save_touched(store, clusterer)
        store.commit()
        analyze(store)
        yield from output_rows(store, signatures)


def output_rows(store: SQLiteStore, signatures: dict[str, bytes]) -> Iterator[dict[str, Any]]:
    """Rows {kind, id, payload (JSON)} for articles, copy links, events and stories."""
    for a in store.iter_articles():
        event, story = store.placement_of(a.id)
        row = article_row(a)
        row.update(event=event, story=story, signature=signatures.get(a.id, b"").hex())
        yield {"kind": "article", "id": a.id, "payload": json.dumps(row, ensure_ascii=False)}
    for c in store.copy_links():
        yield {"kind": "copy", "id": f"{c.original} {c.copy}", "payload": json.dumps(asdict(c), ensure_ascii=False)}
    for e, state in list(store.iter_event_states()):
        full = store.get_event(e.id)  # with the analysis (summary, facts, quotes, entities)
        yield {"kind": "event", "id": e.id,
               "payload": json.dumps({**asdict(full), "state": state}, ensure_ascii=False, default=str)}
    for s, state in store.iter_story_states():
        yield {"kind": "story", "id": s.id, "payload": json.dumps({**asdict(s), "state": state}, ensure_ascii=False)}

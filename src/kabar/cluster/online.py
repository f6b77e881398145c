"""Online event and story clustering: each article is placed when it arrives, without look-ahead.

For each article the most similar recent events are ranked (TF-IDF cosine, found through an inverted
index of the events' heaviest terms); a calibrated model (cluster.features.JoinModel, trained on the
dev gold by tools/train_cluster.py) scores each candidate from several views and the article joins the
best one if its join probability passes the calibrated threshold, else it opens a new event. A new
event is placed in a story the same way. A copy always joins its original's event. Every decision keeps
its probability and the terms that drove it, so the UI can explain it.

When later evidence shows two events are one (an article joins its best event while the runner-up also
passes the merge threshold), they are merged, with their stories if those differ; the survivor keeps a
history record (what it absorbed, when, which article triggered it and with what probabilities) in its
state, which the store persists and the export shows.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from kabar.cluster.features import (
    JoinModel,
    Signal,
    pair_features,
    shipped_merge_threshold,
    shipped_models,
    shipped_split_threshold,
)
from kabar.cluster.postings import Postings
from kabar.cluster.split import EventSplitter
from kabar.cluster.vectors import (
    OnlineIdf,
    Vector,
    add_into,
    cosine,
    heaviest,
    heaviest_terms,
    normalize_vector,
)

EVENT_WINDOW_DAYS = 3.0
STORY_WINDOW_DAYS = 21.0
QUERY_TERMS = 30  # an article's heaviest terms used to find candidate clusters
CANDIDATES = 10  # clusters scored with the model per article
RECENT = 6  # members whose own vectors are kept for nearest-member similarity
MERGE_THRESHOLD = 2.0  # runner-up join probability that merges two events; above 1: merging is off
EXPIRE_EVERY = 500  # articles between sweeps that forget clusters older than twice their window
# Used only when no trained model is shipped: join when the centroid cosine passes these.
FALLBACK_THRESHOLD = {"event": 0.55, "story": 0.2}


@dataclass
class ClusterState:
    """An event or a story as the clusterer sees it."""

    id: str
    centroid: Vector = field(default_factory=dict)  # sum of member body vectors (pruned)
    title_centroid: Vector = field(default_factory=dict)
    names: Counter[str] = field(default_factory=Counter)
    numbers: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)  # members' PER/ORG name weights (each sums to 1)
    speakers: Counter[str] = field(default_factory=Counter)  # members' main quoted speakers
    recent: deque[tuple[Vector, Vector]] = field(default_factory=lambda: deque(maxlen=RECENT))
    n: int = 0
    first: str | None = None
    last: str | None = None
    members: list[str] = field(default_factory=list)  # article ids (events) or event ids (stories)
    parent: str | None = None  # story of an event
    title: str = ""
    # what happened to the cluster besides new members: merges it absorbed, with when and why
    history: list[dict[str, Any]] = field(default_factory=list)
    _unit: Vector | None = None
    _title_unit: Vector | None = None

    def unit(self) -> Vector:
        if self._unit is None:
            self._unit = normalize_vector(self.centroid)
        return self._unit

    def title_unit(self) -> Vector:
        if self._title_unit is None:
            self._title_unit = normalize_vector(self.title_centroid)
        return self._title_unit

    def add(self, sig: Signal) -> None:
        self.centroid = add_into(self.centroid, sig.body)
        self.title_centroid = add_into(self.title_centroid, sig.title, max_terms=100)
        # sorted: frozensets iterate in hash-seed order, and most_common breaks ties by insertion order
        self.names.update(sorted(sig.names))
        if len(self.names) > 120:
            self.names = Counter(dict(self.names.most_common(60)))
        self.numbers.update(sorted(sig.numbers))
        if len(self.numbers) > 120:
            self.numbers = Counter(dict(self.numbers.most_common(60)))
        self.entities.update(sig.entities)
        if len(self.entities) > 120:
            self.entities = Counter(dict(self.entities.most_common(60)))
        if sig.speaker:
            self.speakers[sig.speaker] += 1
            if len(self.speakers) > 120:
                self.speakers = Counter(dict(self.speakers.most_common(60)))
        self.recent.append((heaviest(sig.body, 40), sig.title))
        self._unit = self._title_unit = None
        self.n += 1
        if sig.published:
            self.first = min(self.first or sig.published, sig.published)
            self.last = max(self.last or sig.published, sig.published)

    def to_state(self) -> dict[str, Any]:
        """Everything placement reads of the cluster, exactly (floats round-trip through JSON, dicts keep
        their order): placement resumed from stored states decides as one pass would. (States cut to the
        heaviest terms and rounded made placement in polls drift from one pass: see tests/test_placement_in_polls.py.)"""
        return {"centroid": self.centroid, "title": self.title_centroid, "names": self.names,
                "numbers": self.numbers, "entities": self.entities, "speakers": self.speakers,
                "recent": list(self.recent), "n": self.n, "first": self.first, "last": self.last,
                "history": self.history}

    def absorb(self, other: ClusterState) -> None:
        """Take in every member and signal of `other` (a merge): sums add, counters add, recents interleave."""
        self.centroid = add_into(self.centroid, other.centroid)
        self.title_centroid = add_into(self.title_centroid, other.title_centroid, max_terms=100)
        self.names.update(other.names)
        self.numbers.update(other.numbers)
        self.entities.update(other.entities)
        self.speakers.update(other.speakers)
        self.recent = deque([*self.recent, *other.recent][-RECENT:], maxlen=RECENT)
        self._unit = self._title_unit = None
        self.n += other.n
        self.first = min(filter(None, (self.first, other.first)), default=None)
        self.last = max(filter(None, (self.last, other.last)), default=None)
        self.members.extend(other.members)
        self.history.extend(other.history)

    @classmethod
    def from_state(cls, id: str, state: dict[str, Any], members: list[str], parent: str | None,
                   title: str) -> ClusterState:
        return cls(id=id, centroid=dict(state["centroid"]), title_centroid=dict(state.get("title", {})),
                   names=Counter(state.get("names", {})), numbers=Counter(state.get("numbers", {})),
                   entities=Counter(state.get("entities", {})), speakers=Counter(state.get("speakers", {})),
                   recent=deque(((dict(b), dict(t)) for b, t in state.get("recent", [])), maxlen=RECENT),
                   n=state["n"], first=state["first"], last=state["last"], members=list(members), parent=parent,
                   title=title, history=list(state.get("history", [])))


@dataclass
class Decision:
    event: str
    story: str
    probability: float
    reason: str  # copy-of-original | joined | new-event
    shared_terms: list[str]
    merged: list[str] = field(default_factory=list)  # events absorbed into `event` because of this article
    split: str | None = None  # an event split off `event` because of this article (see cluster.split)


@lru_cache(maxsize=100_000)
def _timestamp(iso: str) -> float | None:
    try:
        return datetime.fromisoformat(iso[:19]).timestamp()
    except ValueError:
        return None


def hours_apart(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    ta, tb = _timestamp(a), _timestamp(b)
    return None if ta is None or tb is None else abs(ta - tb) / 3600.0


class OnlineClusterer:
    def __init__(self, event_window_days: float = EVENT_WINDOW_DAYS, story_window_days: float = STORY_WINDOW_DAYS,
                 models: dict[str, JoinModel] | None = None, event_threshold: float | None = None,
                 story_threshold: float | None = None, merge_threshold: float | None = None,
                 split_threshold: float | None = None) -> None:
        self.window = {"event": event_window_days * 24, "story": story_window_days * 24}
        self.models = shipped_models() if models is None else models
        # explicit thresholds override the calibrated ones (for sweeps and experiments)
        self.thresholds = {"event": event_threshold, "story": story_threshold}
        # Join probability the runner-up event must also reach for the two to be merged; by default the one
        # shipped with the models (calibrated by tools/train_cluster.py), else off.
        if merge_threshold is None:
            merge_threshold = (shipped_merge_threshold() if models is None else None) or MERGE_THRESHOLD
        self.merge_threshold = merge_threshold
        # Cosine below which every pair across two groups of an event's members splits it in two; by
        # default the shipped one (calibrated like the merge threshold), else off.
        if split_threshold is None and models is None:
            split_threshold = shipped_split_threshold()
        self.splitter = EventSplitter(split_threshold) if split_threshold else None
        self.merged: dict[str, str] = {}  # absorbed cluster id -> the cluster it went into
        self.merges: list[tuple[str, str, str]] = []  # (level, absorbed, into) since the last save, in order
        self.pools: dict[str, dict[str, ClusterState]] = {"event": {}, "story": {}}
        self.postings: dict[str, Postings] = {"event": Postings(), "story": Postings()}
        self._posted: dict[str, dict[str, frozenset[str]]] = {"event": {}, "story": {}}  # see _repost
        self.touched: dict[str, set[str]] = {"event": set(), "story": set()}
        self.idf = OnlineIdf()  # the article's terms are counted once it is placed (see add_member)
        self._placed = 0
        self._newest: str | None = None  # latest publication time seen (articles arrive in that order)
        self._memo: dict[tuple[str, str], list[tuple[str, dict[str, float]]]] = {}  # see candidates()
        self.closed: list[str] = []  # events expired since the caller last took them: final, none can change

    @property
    def events(self) -> dict[str, ClusterState]:
        return self.pools["event"]

    @property
    def stories(self) -> dict[str, ClusterState]:
        return self.pools["story"]

    def load(self, events: list[ClusterState], stories: list[ClusterState]) -> None:
        """Restore state saved by a previous run."""
        self._changed()
        for level, states in (("story", stories), ("event", events)):
            for c in states:
                self.pools[level][c.id] = c
                self._repost(level, c.id)

    # ranking --------------------------------------------------------------------------------------
    def candidates(self, level: str, sig: Signal) -> list[tuple[str, dict[str, float]]]:
        """Recent clusters sharing heavy terms with the article, with their pair features.

        Remembered until the clusters change: placing one article asks for its event candidates twice
        (the copy detector's neighbours, then the decision), and they were a third of placement time."""
        key = (level, sig.id)
        if key in self._memo:
            return self._memo[key]
        out = self._candidates(level, sig)
        self._memo[key] = out
        return out

    def _changed(self) -> None:
        self._memo.clear()

    def _candidates(self, level: str, sig: Signal) -> list[tuple[str, dict[str, float]]]:
        pool = self.pools[level]
        near = []
        # clusters out of the window are left out before the CANDIDATES * 3 best are taken, so clusters not
        # yet forgotten by a sweep never crowd out joinable ones (a resumed run has not loaded them)
        query = ((t, sig.body[t]) for t in heaviest_terms(sig.body, QUERY_TERMS))
        around = _timestamp(sig.published) if sig.published else None
        for cid, _ in self.postings[level].heaviest(query, CANDIDATES * 3, around, self.window[level]):
            c = pool[cid]
            gap = hours_apart(sig.published, c.last)
            near.append((cosine(sig.body, c.unit()), cid, c, gap))
        # Only the CANDIDATES closest by body cosine are kept, so only they get the full features.
        near.sort(key=lambda x: (-x[0], x[1]))
        out = [(cid, pair_features(sig, c.unit(), c.title_unit(), c.names, list(c.recent), gap, c.n, c.numbers,
                                   c.last, c.entities, c.speakers, cos_body=cos)) for cos, cid, c, gap in near[:CANDIDATES]]
        for i, (_, f) in enumerate(out):
            other = out[1][1]["cos_body"] if i == 0 and len(out) > 1 else (out[0][1]["cos_body"] if i else 0.0)
            f["margin"] = f["cos_body"] - other
        return out

    def score(self, level: str, feats: dict[str, float]) -> float:
        model = self.models.get(level)
        return model.probability(feats) if model else feats["cos_body"]

    def threshold(self, level: str) -> float:
        if self.thresholds[level] is not None:
            return float(self.thresholds[level])
        model = self.models.get(level)
        return model.threshold if model else FALLBACK_THRESHOLD[level]

    def ranked(self, level: str, sig: Signal) -> list[tuple[float, str]]:
        """(join probability, cluster id) of the candidates, most likely first."""
        return sorted(((self.score(level, f), cid) for cid, f in self.candidates(level, sig)), reverse=True)

    def best(self, level: str, sig: Signal) -> tuple[str | None, float]:
        scored = self.ranked(level, sig)
        if not scored:
            return None, 0.0
        p, cid = scored[0]
        return (cid if p >= self.threshold(level) else None), p

    def resolve(self, cid: str) -> str:
        """The cluster `cid` is now part of (itself unless it was merged away)."""
        while cid in self.merged:
            cid = self.merged[cid]
        return cid

    # placement ----------------------------------------------------------------------------------
    def expire(self) -> int:
        """Forget clusters no article can join any more (last member older than the window, with the
        newest article seen as now), so memory and candidate lookups stay flat as the stream grows.
        Their state is already in the store; a later article simply cannot be placed in them."""
        self._changed()
        if self._newest is None:
            return 0
        gone = 0
        for level, pool in self.pools.items():
            # a cluster changed since the last save is kept until the engine has stored it
            old = [cid for cid, c in pool.items() if cid not in self.touched[level]
                   and c.last and (gap := hours_apart(self._newest, c.last)) is not None and gap > self.window[level] * 2]
            if not old:
                continue
            for cid in old:
                del pool[cid]
                self._repost(level, cid)
            if level == "event":
                self.closed.extend(old)
            gone += len(old)
        if self.splitter is not None:
            # a split happens when an article joins: an event past its window will not get another
            def open_(eid: str) -> bool:
                c = self.events.get(eid)
                gap = hours_apart(self._newest, c.last) if c is not None else None
                return c is not None and (gap is None or gap <= self.window["event"])

            self.splitter.forget(open_)
        return gone

    def _repost(self, level: str, cid: str) -> None:
        """Post the cluster under its centroid's 100 heaviest terms as they are now (none if it is gone).

        The index is a function of the open clusters alone, so placement resumed from stored clusters finds
        the candidates one pass would. (Posting each cluster also under the heaviest terms of the articles
        it took in since the last sweep made the two differ.)"""
        c = self.pools[level].get(cid)
        postings, posted = self.postings[level], self._posted[level]
        old = posted.pop(cid, frozenset())
        new = frozenset(heaviest_terms(c.centroid, 100)) if c is not None else frozenset()
        for t in old - new:
            postings.discard(t, cid)
        for t in new - old:
            postings.add(t, cid)
        if new:
            posted[cid] = new
            postings.set_time(cid, _timestamp(c.last) if c.last else None)
        else:
            postings.release(cid)

    def place(self, sig: Signal, title: str, forced_event: str | None = None) -> Decision:
        if sig.published and (self._newest is None or sig.published > self._newest):
            self._newest = sig.published
        self._placed += 1
        if self._placed % EXPIRE_EVERY == 0:
            self.expire()
        forced_event = self.resolve(forced_event) if forced_event else None
        merged: list[str] = []
        if forced_event and forced_event in self.events:
            eid, p, reason = forced_event, 1.0, "copy-of-original"
        else:
            scored = self.ranked("event", sig)
            p = scored[0][0] if scored else 0.0
            eid = scored[0][1] if scored and p >= self.threshold("event") else None
            reason = "joined" if eid else "new-event"
            # Later evidence that two events are one: the article belongs to the runner-up just as surely.
            if eid and len(scored) > 1 and scored[1][0] >= self.merge_threshold and not (
                    self.splitter is not None and self.splitter.kept_apart(eid, scored[1][1])):
                gone = scored[1][1]
                eid = self.merge_events(eid, gone, sig, (p, scored[1][0]))
                merged.append(gone if eid != gone else scored[0][1])
        if eid is None:
            sid, _ = self.best("story", sig)
            eid = self.new_cluster("event", f"e-{sig.id}", title, parent=sid or self.new_cluster("story", f"s-{sig.id}", title))
        event = self.events[eid]
        shared = sorted((t for t in sig.body if t in event.centroid), key=lambda t: -sig.body[t] * event.unit().get(t, 0))
        self.add_member(eid, sig)
        decision = Decision(eid, event.parent or "", round(p, 4), reason, shared[:8], merged)
        if self.splitter is not None:
            decision.split = self.splitter.observe(self, decision, sig)
            decision.event = self.splitter.moved.get(sig.id, decision.event)  # it may have left with the split
        return decision

    def moved_to(self, article_id: str) -> str | None:
        """The event a split moved the article to since the last save (the store does not know yet)."""
        return self.splitter.moved.get(article_id) if self.splitter is not None else None

    def merge_events(self, a: str, b: str, sig: Signal, probs: tuple[float, float]) -> str:
        """Merge events `a` and `b` (the smaller into the larger, else the later into the earlier) and
        their stories if they differ; the survivor keeps a history record. Returns the survivor's id."""
        keep, gone = self.events[a], self.events[b]
        if (gone.n, -_order(gone.first)) > (keep.n, -_order(keep.first)):
            keep, gone = gone, keep
        record = {"action": "merge", "absorbed": gone.id, "into": keep.id, "articles": len(gone.members),
                  "at": sig.published, "trigger": sig.id,
                  "why": f"article {sig.id} joins both (p={probs[0]:.2f} and {probs[1]:.2f})"}
        self._absorb("event", keep, gone, record)
        story_keep, story_gone = self.stories.get(keep.parent or ""), self.stories.get(gone.parent or "")
        if story_gone is not None and gone.id in story_gone.members:
            story_gone.members.remove(gone.id)
            self.touched["story"].add(story_gone.id)
        if story_keep is not None and story_gone is not None and story_keep is not story_gone:
            # one event cannot sit in two stories: they are one story too
            self._absorb("story", story_keep, story_gone, {**record, "absorbed": story_gone.id,
                                                          "into": story_keep.id, "event": keep.id})
            for eid in story_keep.members:
                if eid in self.events and self.events[eid].parent != story_keep.id:
                    self.events[eid].parent = story_keep.id
                    self.touched["event"].add(eid)
        return keep.id

    def _absorb(self, level: str, keep: ClusterState, gone: ClusterState, record: dict[str, Any]) -> None:
        self._changed()
        keep.absorb(gone)
        keep.history.append(record)
        del self.pools[level][gone.id]
        self._repost(level, keep.id)
        self._repost(level, gone.id)
        self.merged[gone.id] = keep.id
        self.merges.append((level, gone.id, keep.id))
        self.touched[level].discard(gone.id)
        self.touched[level].add(keep.id)

    def new_cluster(self, level: str, cid: str, title: str, parent: str | None = None) -> str:
        self._changed()
        self.pools[level][cid] = ClusterState(id=cid, title=title, parent=parent)
        if parent is not None:
            self.stories[parent].members.append(cid)
            self.touched["story"].add(parent)
        self.touched[level].add(cid)
        return cid

    def add_member(self, event_id: str, sig: Signal) -> None:
        self._changed()
        event = self.events[event_id]
        for level, cluster in (("event", event), ("story", self.stories.get(event.parent or ""))):
            if cluster is None:
                continue
            cluster.add(sig)
            self._repost(level, cluster.id)
            self.touched[level].add(cluster.id)
        event.members.append(sig.id)
        self.idf.add(sig.terms)



def _order(iso: str | None) -> float:
    return (_timestamp(iso) or 0.0) if iso else 0.0


__all__ = ["ClusterState", "Decision", "OnlineClusterer", "cosine", "hours_apart"]

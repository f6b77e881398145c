"""Online event and story clustering: each article is placed when it arrives, without look-ahead.

An article joins the most similar recent event if the TF-IDF cosine to the event centroid passes a
threshold (a copy always joins its original's event); otherwise it opens a new event, which joins the
most similar recent story or opens a new one. Every decision keeps its similarity and the terms that
drove it, so the UI can explain it.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kabar.cluster.vectors import Vector, add_into, cosine, normalize_vector

EVENT_THRESHOLD = 0.30
STORY_THRESHOLD = 0.18
EVENT_WINDOW_DAYS = 3.0
STORY_WINDOW_DAYS = 21.0
QUERY_TERMS = 30  # an article's heaviest terms used to find candidate clusters
CANDIDATES = 50  # clusters scored exactly per article


@dataclass
class ClusterState:
    """An event or a story as the clusterer sees it: a centroid and a time span."""

    id: str
    centroid: Vector = field(default_factory=dict)  # sum of member unit vectors (pruned)
    n: int = 0
    first: str | None = None
    last: str | None = None
    members: list[str] = field(default_factory=list)  # article ids (events) or event ids (stories)
    parent: str | None = None  # story of an event
    title: str = ""
    _unit: Vector | None = None

    def unit(self) -> Vector:
        if self._unit is None:
            self._unit = normalize_vector(self.centroid)
        return self._unit

    def add(self, vec: Vector, published: str | None) -> None:
        self.centroid = add_into(self.centroid, vec)
        self._unit = None
        self.n += 1
        if published:
            self.first = min(self.first or published, published)
            self.last = max(self.last or published, published)

    def to_state(self) -> dict[str, Any]:
        top = dict(sorted(self.centroid.items(), key=lambda kv: kv[1], reverse=True)[:300])
        return {"centroid": {t: round(w, 5) for t, w in top.items()}, "n": self.n, "first": self.first,
                "last": self.last}

    @classmethod
    def from_state(cls, id: str, state: dict[str, Any], members: list[str], parent: str | None, title: str):
        return cls(id=id, centroid=dict(state["centroid"]), n=state["n"], first=state["first"], last=state["last"],
                   members=list(members), parent=parent, title=title)


@dataclass
class Decision:
    event: str
    story: str
    similarity: float
    reason: str  # copy-of-original | joined | new-event
    shared_terms: list[str]


def _days_apart(a: str | None, b: str | None) -> float | None:
    if not a or not b:
        return None
    try:
        da, db = datetime.fromisoformat(a[:19]), datetime.fromisoformat(b[:19])
    except ValueError:
        return None
    return abs((da - db).total_seconds()) / 86400.0


class OnlineClusterer:
    def __init__(
        self,
        event_threshold: float = EVENT_THRESHOLD,
        story_threshold: float = STORY_THRESHOLD,
        event_window_days: float = EVENT_WINDOW_DAYS,
        story_window_days: float = STORY_WINDOW_DAYS,
    ) -> None:
        self.event_threshold = event_threshold
        self.story_threshold = story_threshold
        self.event_window = event_window_days
        self.story_window = story_window_days
        self.events: dict[str, ClusterState] = {}
        self.stories: dict[str, ClusterState] = {}
        self.touched_events: set[str] = set()
        self.touched_stories: set[str] = set()
        # term -> clusters whose members carry it among their heaviest terms (candidate generation)
        self.event_postings: dict[str, set[str]] = defaultdict(set)
        self.story_postings: dict[str, set[str]] = defaultdict(set)

    def load(self, events: list[ClusterState], stories: list[ClusterState]) -> None:
        """Restore state saved by a previous run."""
        for s in stories:
            self.stories[s.id] = s
            for t in _top(s.centroid, 200):
                self.story_postings[t].add(s.id)
        for e in events:
            self.events[e.id] = e
            for t in _top(e.centroid, 100):
                self.event_postings[t].add(e.id)

    # candidates ---------------------------------------------------------------------------------
    def _rank(self, pool: dict[str, ClusterState], postings: dict[str, set[str]], vec: Vector,
              published: str | None, window: float, k: int) -> list[tuple[float, str]]:
        acc: dict[str, float] = defaultdict(float)
        for t in _top(vec, QUERY_TERMS):
            w = vec[t]
            for cid in postings.get(t, ()):
                acc[cid] += w
        scored = []
        for cid, _ in heapq.nlargest(CANDIDATES, acc.items(), key=lambda kv: kv[1]):
            c = pool[cid]
            gap = _days_apart(published, c.last)
            if gap is not None and gap > window:
                continue
            scored.append((cosine(vec, c.unit()), cid))
        scored.sort(reverse=True)
        return scored[:k]

    def rank_events(self, vec: Vector, published: str | None, k: int = 5) -> list[tuple[float, str]]:
        return self._rank(self.events, self.event_postings, vec, published, self.event_window, k)

    def rank_stories(self, vec: Vector, published: str | None, k: int = 5) -> list[tuple[float, str]]:
        return self._rank(self.stories, self.story_postings, vec, published, self.story_window, k)

    # placement ----------------------------------------------------------------------------------
    def place(self, article_id: str, vec: Vector, published: str | None, title: str,
              forced_event: str | None = None) -> Decision:
        if forced_event and forced_event in self.events:
            event = self.events[forced_event]
            sim, reason = cosine(vec, event.unit()), "copy-of-original"
        else:
            ranked = self.rank_events(vec, published, k=1)
            if ranked and ranked[0][0] >= self.event_threshold:
                sim, eid = ranked[0]
                event, reason = self.events[eid], "joined"
            else:
                sim = ranked[0][0] if ranked else 0.0
                event, reason = self._new_event(article_id, vec, published, title), "new-event"
        shared = sorted((t for t in vec if t in event.centroid), key=lambda t: -vec[t] * event.unit().get(t, 0))[:8]
        event.add(vec, published)
        event.members.append(article_id)
        for t in _top(vec, QUERY_TERMS):
            self.event_postings[t].add(event.id)
        story = self.stories[event.parent] if event.parent else None
        if story is not None:
            story.add(vec, published)
            for t in _top(vec, QUERY_TERMS):
                self.story_postings[t].add(story.id)
            self.touched_stories.add(story.id)
        self.touched_events.add(event.id)
        return Decision(event.id, event.parent or "", round(sim, 4), reason, shared)

    def _new_event(self, article_id: str, vec: Vector, published: str | None, title: str) -> ClusterState:
        event = ClusterState(id=f"e-{article_id}", title=title)
        self.events[event.id] = event
        best = max(self.rank_stories(vec, published, k=1), default=(0.0, ""))
        if best[0] >= self.story_threshold:
            story = self.stories[best[1]]
        else:
            story = ClusterState(id=f"s-{article_id}", title=title)
            self.stories[story.id] = story
        story.members.append(event.id)
        event.parent = story.id
        self.touched_stories.add(story.id)
        return event


def _top(vec: Vector, n: int) -> list[str]:
    if len(vec) <= n:
        return list(vec)
    return heapq.nlargest(n, vec, key=vec.__getitem__)

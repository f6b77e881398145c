"""When later evidence shows one event is two: a two-way split of an event's members.

An online clusterer commits each article when it arrives; an article that joined on a general resemblance
(same match, same meeting) can later be outnumbered by members that make plain the event was two
happenings. The members are split by complete-linkage clustering of their TF-IDF vectors (scipy): complete
linkage joins two groups only if every pair across them is similar, so a chain of look-alikes does not hold
two happenings together. The event splits only if the two groups are this dissimilar everywhere and each
has at least `min_part` members (one stray article is left where it is: a lone outlier is not a second
event yet).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from kabar.cluster.features import Signal
from kabar.cluster.vectors import Vector, dense_matrix, heaviest

if TYPE_CHECKING:
    from kabar.cluster.online import Decision, OnlineClusterer

MIN_PART = 2  # members each side of a split


def two_way_split(vectors: Sequence[Vector], threshold: float, min_part: int = MIN_PART) -> list[int] | None:
    """Group (0 or 1) of each member if the members fall into two groups whose most dissimilar pair across
    them has cosine below `threshold` everywhere (complete linkage), else None. Group 0 holds the first
    member (the event's oldest), so the event keeps its id and the other group leaves."""
    if len(vectors) < 2 * min_part:
        return None
    x = dense_matrix(vectors)
    if not np.all(x.any(axis=1)):
        return None  # a member without terms has no cosine to anything
    tree = linkage(x, method="complete", metric="cosine")
    # The last merge joins the final two groups: split only if even it is below the threshold (its
    # distance is 1 - the smallest cosine across them).
    if 1.0 - tree[-1, 2] >= threshold:
        return None
    labels = fcluster(tree, t=2, criterion="maxclust")
    first = labels[0]
    groups = [0 if lab == first else 1 for lab in labels]
    if min(groups.count(0), groups.count(1)) < min_part:
        return None
    return groups


SPLIT_MIN = 4  # members an event needs before it is looked at
SPLIT_MAX = 24  # beyond this many members an event is established: its members' signals are let go
KEEP_TERMS = 60  # of each member's body vector, kept while its event may still split


class EventSplitter:
    """Watches the events of an OnlineClusterer and splits one when its members fall into two groups.

    It keeps a slim copy of each member's signal (its heaviest terms) for the events that are open and
    small enough to be wrong, in memory only: an event loaded from the store by a later run is not split
    (its members' signals are not stored), which keeps the stored state small."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.signals: dict[str, list[Signal]] = {}
        self.splits: list[tuple[str, str, list[str]]] = []  # (event, new event, articles moved), since the last save
        self.moved: dict[str, str] = {}  # article id -> the event a split moved it to
        self.apart: set[frozenset[str]] = set()  # events split from each other: never merged back

    def kept_apart(self, a: str, b: str) -> bool:
        """Whether `a` and `b` were split from each other (a merge would undo the split, and the next
        join would split them again)."""
        return frozenset((a, b)) in self.apart

    def observe(self, clusterer: OnlineClusterer, decision: Decision, sig: Signal) -> str | None:
        """After `sig` was placed by `decision`: remember it, and split its event if it is now two.
        Returns the id of the event split off, if any."""
        for gone in decision.merged:  # members of an absorbed event are the survivor's now
            self._adopt(decision.event, gone)
        event = clusterer.events.get(decision.event)
        if event is None:
            return None
        sigs = self.signals.setdefault(event.id, [])
        sigs.append(replace(sig, body=heaviest(sig.body, KEEP_TERMS), terms=(), name_idf=None))
        if len(sigs) != event.n or event.n > SPLIT_MAX:
            del self.signals[event.id]  # loaded from the store, or established: not watched any more
            return None
        if decision.reason != "joined" or event.n < SPLIT_MIN:
            return None
        groups = two_way_split([s.body for s in sigs], self.threshold)
        return self._split(clusterer, event.id, groups, sig) if groups else None

    def forget(self, still_open: Callable[[str], bool]) -> None:
        """Let go of the signals of events no article can join any more (expired or past their window)."""
        for eid in [e for e in self.signals if not still_open(e)]:
            del self.signals[eid]

    def _adopt(self, into: str, gone: str) -> None:
        moved = self.signals.pop(gone, None)
        if moved is None or into not in self.signals:
            self.signals.pop(into, None)  # one side is not watched: the merged event is not either
            return
        self.signals[into] = sorted([*self.signals[into], *moved], key=lambda s: (s.published or "", s.id))

    def _split(self, clusterer: OnlineClusterer, eid: str, groups: list[int], trigger: Signal) -> str:
        from kabar.cluster.online import ClusterState

        old = clusterer.events[eid]
        sigs = self.signals.pop(eid)
        stay = [s for s, g in zip(sigs, groups, strict=True) if g == 0]
        leave = [s for s, g in zip(sigs, groups, strict=True) if g == 1]
        new_id = f"e-{leave[0].id}"
        while new_id in clusterer.events or new_id in clusterer.merged:
            new_id += "+"
        record = {"action": "split", "split_from": eid, "into": new_id, "articles": [s.id for s in leave],
                  "at": trigger.published, "trigger": trigger.id,
                  "why": f"its members fall into two groups with no pair across them above cosine {self.threshold:.2f}"}
        # The two events are rebuilt from their members' kept signals (their heaviest terms only).
        rebuilt = ClusterState(id=eid, title=old.title, parent=old.parent, history=[*old.history, record])
        clusterer.pools["event"][eid] = rebuilt
        clusterer.new_cluster("event", new_id, old.title, parent=old.parent)
        for event, part in ((rebuilt, stay), (clusterer.events[new_id], leave)):
            for s in part:  # the event only: its story keeps every member, the stream's IDF counted them once
                event.add(s)
                event.members.append(s.id)
            clusterer._repost("event", event.id)
            self.signals[event.id] = list(part)
        clusterer.events[new_id].history.append(dict(record))
        clusterer.touched["event"].update((eid, new_id))
        self.splits.append((eid, new_id, record["articles"]))
        self.apart.add(frozenset((eid, new_id)))
        self.moved.update(dict.fromkeys(record["articles"], new_id))
        return new_id


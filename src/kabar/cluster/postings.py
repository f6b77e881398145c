"""The clusterer's candidate index: which open clusters are posted under which terms.

Finding an article's candidates sums its term weights over every cluster posted under each of its heaviest
terms; common terms are posted under thousands of clusters, and that sum, a dict update per (term,
cluster) in Python, was an eighth of placement time at 22k articles. Here clusters are small integers
(slots), so the sum is one numpy scatter-add per term. Hand-written: an inverted index that changes with
every placed article, queried with weights, fits no sparse-matrix library's update pattern.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


class Postings:
    """term -> the clusters posted under it."""

    def __init__(self) -> None:
        self._terms: dict[str, set[int]] = {}
        # Each term's slots as an array as well, appended to as clusters are posted and swap-removed from
        # as they leave (converting the set for every query was half the cost).
        self._arrays: dict[str, tuple[np.ndarray, int]] = {}  # term -> (buffer, used length)
        self._slot: dict[str, int] = {}
        self._ids: list[str | None] = []  # slot -> cluster id (None: free)
        self._free: list[int] = []
        self._times = np.full(64, np.nan)  # slot -> its cluster's last publication time (NaN: undated)

    def add(self, term: str, cluster_id: str) -> None:
        slot = self._slot.get(cluster_id)
        if slot is None:
            slot = self._free.pop() if self._free else len(self._ids)
            if slot == len(self._ids):
                self._ids.append(cluster_id)
            else:
                self._ids[slot] = cluster_id
            self._slot[cluster_id] = slot
        slots = self._terms.get(term)
        if slots is None:
            slots = self._terms[term] = set()
        elif slot in slots:
            return
        slots.add(slot)
        buf, used = self._arrays.get(term, (None, 0))
        if buf is None or used == len(buf):
            grown = np.empty(max(4, 2 * used), np.intp)
            if buf is not None:
                grown[:used] = buf
            buf = grown
        buf[used] = slot
        self._arrays[term] = (buf, used + 1)

    def discard(self, term: str, cluster_id: str) -> None:
        slot, slots = self._slot.get(cluster_id), self._terms.get(term)
        if slot is None or slots is None or slot not in slots:
            return
        slots.discard(slot)
        if slots:
            buf, used = self._arrays[term]
            i = int(np.flatnonzero(buf[:used] == slot)[0])
            buf[i] = buf[used - 1]  # the order of a term's slots does not matter: each is summed once
            self._arrays[term] = (buf, used - 1)
        else:
            del self._terms[term]
            del self._arrays[term]

    def _slots(self, term: str) -> np.ndarray | None:
        hit = self._arrays.get(term)
        return hit[0][: hit[1]] if hit is not None else None

    def set_time(self, cluster_id: str, timestamp: float | None) -> None:
        """The cluster's last publication time (POSIX seconds; None if undated), for `heaviest`'s window."""
        slot = self._slot[cluster_id]
        if slot >= len(self._times):
            self._times = np.concatenate([self._times, np.full(max(slot + 1, 2 * len(self._times)) - len(self._times), np.nan)])
        self._times[slot] = np.nan if timestamp is None else timestamp

    def release(self, cluster_id: str) -> None:
        """Forget a cluster no longer posted under any term (its slot is reused)."""
        slot = self._slot.pop(cluster_id, None)
        if slot is not None:
            self._ids[slot] = None
            self._times[slot] = np.nan
            self._free.append(slot)

    def as_dict(self) -> dict[str, set[str]]:
        """term -> cluster ids (for tests and inspection)."""
        return {t: {self._ids[s] for s in slots} for t, slots in self._terms.items() if slots}

    def heaviest(self, query: Iterable[tuple[str, float]], n: int, around: float | None = None,
                 within_hours: float = math.inf) -> list[tuple[str, float]]:
        """The `n` clusters with the largest summed weight of the query terms they are posted under,
        largest first, ties broken by the larger id (so the order never follows set or hash order).
        With `around` (POSIX seconds), only clusters last published within `within_hours` of it, or undated.

        The sums are added term by term in the query's order, as a dict loop would add them: the same
        floats, so the same ties."""
        acc = np.zeros(len(self._ids))
        hit = np.zeros(len(self._ids), dtype=bool)
        for term, weight in query:
            at = self._slots(term)
            if at is not None:
                acc[at] += weight
                hit[at] = True
        found = np.flatnonzero(hit)
        if around is not None and len(found):  # only the clusters hit are checked, not every slot
            with np.errstate(invalid="ignore"):  # NaN (undated) compares False: kept
                found = found[~(np.abs(self._times[found] - around) / 3600.0 > within_hours)]  # as hours_apart
        if len(found) > n:  # keep what ties with or beats the n-th largest sum, then order those
            sums = acc[found]
            cut = np.partition(sums, len(sums) - n)[len(sums) - n]
            found = found[sums >= cut]
        ids = self._ids
        return sorted(((ids[s], float(acc[s])) for s in found.tolist()), key=lambda kv: (kv[1], kv[0]),
                      reverse=True)[:n]

"""What a store holds, as comparable values: for tests that two ways of running give the same store."""

from __future__ import annotations

from dataclasses import asdict

from kabar.store.base import Store, article_row


def store_snapshot(store: Store, *, cluster_states: bool = False) -> dict:
    """Articles, placements, copy links, events with their analyses, stories; with `cluster_states`, also
    the clusterer's stored states and the copy signatures (what a later run resumes from)."""
    events = [store.get_event(e) for s in store.stories() for e in s.events]
    snap = {
        "articles": sorted((article_row(a) for a in store.iter_articles()), key=lambda r: r["id"]),
        "placements": sorted(store.placement_of(a.id) + (a.id,) for a in store.iter_articles()),
        "copies": sorted(asdict(c).items() for c in store.copy_links()),
        "events": sorted((e.id, e.title, e.articles, [asdict(s) for s in e.summary], [asdict(f) for f in e.facts],
                          e.entities, e.quotes) for e in events),
        "stories": sorted((s.id, s.title, s.events) for s in store.stories()),
    }
    if cluster_states:
        snap["signatures"] = sorted((i, p, bytes(s)) for i, p, s in store.signatures())
        snap["event_states"] = sorted((e.id, e.story, state) for e, state in store.iter_event_states())
        snap["story_states"] = sorted((s.id, state) for s, state in store.iter_story_states())
    return snap

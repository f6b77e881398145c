"""Story level: a cited summary across a story's events, the timeline of its events, and its facts.

Computed on the fly from what the store already holds (events with their analysis, articles, copy
links), so the export and the report can show them without a new table: `story_digest(store, story)`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from kabar.model import Article, CopyLink, Event, Fact, Story, SummarySentence
from kabar.reconcile.facts import reconcile
from kabar.store.base import Store
from kabar.summarize.central import cited_summary

PER_EVENT = 6  # earliest articles read per event: bounded work on big stories
# Events a story summary reads: the most reported ones. A summary has a few sentences, at most two or three
# per event, so a story of hundreds of events cannot use most of them; reading them all compared every
# sentence with every other (a 22k-article store had a 397-event story: 1.8 GB and 6 s per report).
MAX_EVENTS = 24


@dataclass(slots=True)
class TimelineEntry:
    event: str
    date: str | None  # the event's first publication (ISO 8601)
    title: str
    articles: int
    lead: SummarySentence | None  # the event's first summary sentence, with its citations


@dataclass(slots=True)
class StoryDigest:
    story: str
    summary: list[SummarySentence] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def timeline(events: Sequence[Event]) -> list[TimelineEntry]:
    """The story's events in order of first publication, each with its lead summary sentence."""
    return [
        TimelineEntry(e.id, e.first_published, e.title, len(e.articles), e.summary[0] if e.summary else None)
        for e in sorted(events, key=Event.chronological)
    ]


def story_summary(events: Sequence[Event], articles: Sequence[Article], max_sentences: int = 8,
                  max_words: int = 260) -> list[SummarySentence]:
    """Central, non-redundant statements across the story, at most a few per event (so a big event
    does not crowd out the others), in the order of the events, each citing every article carrying it.
    Only the MAX_EVENTS events with the most articles are read."""
    most_reported = sorted(events, key=lambda e: (-len(e.articles), e.chronological()))[:MAX_EVENTS]
    ordered_events = sorted(most_reported, key=Event.chronological)
    rank = {e.id: i for i, e in enumerate(ordered_events)}
    event_of = {aid: e.id for e in ordered_events for aid in e.articles}
    chosen_ids = {aid for e in ordered_events for aid in _earliest(e, articles)[:PER_EVENT]}
    ordered = sorted((a for a in articles if a.id in chosen_ids),
                     key=lambda a: (a.published is None, a.published or "", a.id))
    per_event = max(1, math.ceil(max_sentences / max(1, len(ordered_events)))) + 1
    return cited_summary(ordered, max_sentences, max_words, group_of=lambda a: event_of.get(a.id),
                         max_per_group=per_event, group_rank=lambda eid: rank.get(eid, len(rank)))


def _earliest(event: Event, articles: Sequence[Article]) -> list[str]:
    members = set(event.articles)
    arts = sorted((a for a in articles if a.id in members), key=lambda a: (a.published is None, a.published or "",
                                                                          a.id))
    return [a.id for a in arts]


def build_story_digest(story_id: str, events: Sequence[Event], articles: Sequence[Article],
                       links: Sequence[CopyLink] = ()) -> StoryDigest:
    """Summary, timeline and facts of a story from its events, their articles and their copy links."""
    return StoryDigest(
        story=story_id,
        summary=story_summary(events, articles),
        timeline=timeline(events),
        facts=reconcile(list(articles), links),
    )


def story_digest(store: Store, story: Story | str) -> StoryDigest | None:
    """`build_story_digest` for a stored story (None if it is unknown)."""
    st = store.get_story(story) if isinstance(story, str) else story
    if st is None:
        return None
    events = [e for e in (store.get_event(eid) for eid in st.events) if e is not None]
    ids = [aid for e in events for aid in e.articles]
    articles = list(store.iter_articles(ids))
    return build_story_digest(st.id, events, articles, store.copy_links(ids))

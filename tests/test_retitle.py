"""Story titles follow their biggest event, and a run looks only at the stories it changed: reading every
story of the store at each run made incremental runs (kabar watch, the API's ingest) as slow as the store
is big."""

from __future__ import annotations

from itertools import islice

from kabar import engine
from kabar.eval.datasets import iter_clickid_articles
from kabar.ingest import IngestLog
from kabar.store.sqlite import SQLiteStore


def _titles_follow_the_biggest_event(store: SQLiteStore) -> None:
    for story in store.stories():
        events = [store.get_event(e) for e in story.events]
        biggest = max(events, key=lambda e: (len(e.articles), e.first_published or ""))
        assert story.title == biggest.title, story.id


def test_an_incremental_run_retitles_only_the_stories_it_changed(tmp_path, samples_dir, monkeypatch):
    dev = list(islice(iter_clickid_articles(), 60))
    with SQLiteStore(tmp_path / "k.db") as store:
        engine.run([str(samples_dir)], store, IngestLog())
        engine.ingest_articles(dev[:-1], store)
        first = engine.place(store)
        engine.analyze(store, stats=first)
        _titles_follow_the_biggest_event(store)
        before = {s.id: s.title for s in store.stories()}
        assert len(before) > 10

        looked_at: list[str] = []
        get_story = store.get_story
        monkeypatch.setattr(store, "get_story", lambda sid: looked_at.append(sid) or get_story(sid))
        engine.ingest_articles(dev[-1:], store)
        stats = engine.place(store)
        engine.analyze(store, stats=stats)
        story_of_new = store.placement_of(dev[-1].id)[1]
        assert looked_at == [story_of_new]  # not the other stories of the store
        _titles_follow_the_biggest_event(store)
        assert {s.id: s.title for s in store.stories() if s.id != story_of_new} == \
            {sid: t for sid, t in before.items() if sid != story_of_new}

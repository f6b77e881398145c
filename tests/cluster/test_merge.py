"""When later evidence shows two events are one, they are merged and the merge is kept as history:
in the clusterer, in the store (articles follow the survivor, the absorbed row goes), across a reload, and
in the export."""

from __future__ import annotations

import pytest

from kabar.cluster.features import Signal
from kabar.cluster.online import OnlineClusterer
from kabar.engine import ingest_articles, load_clusterer, place
from kabar.eval.datasets import iter_clickid_articles
from kabar.export import build_export
from kabar.model import Event, Story
from kabar.pipeline import Pipeline
from kabar.stages import article_stages
from kabar.store import open_store
from kabar.store.sqlite import SQLiteStore


def signal(sid: str, hour: int, body: dict[str, float]) -> Signal:
    return Signal(id=sid, published=f"2019-09-10T{hour:02d}:00:00", body=body, title=body, names=frozenset(),
                  title_names=frozenset())


def test_an_article_close_to_two_events_merges_them():
    # no trained model: join probability is the centroid cosine; join at 0.55, merge at 0.6
    c = OnlineClusterer(models={}, merge_threshold=0.6)
    a = c.place(signal("a", 1, {"gempa": 1.0}), "Gempa")
    b = c.place(signal("b", 2, {"tsunami": 1.0}), "Tsunami")
    assert a.event != b.event and not c.merges
    d = c.place(signal("c", 3, {"gempa": 0.71, "tsunami": 0.70}), "Gempa dan tsunami")
    assert d.merged == [b.event]  # the later one goes into the earlier (same size)
    survivor = c.events[a.event]
    assert b.event not in c.events and c.resolve(b.event) == a.event
    assert survivor.members == ["a", "b", "c"] and survivor.n == 3
    (record,) = survivor.history
    assert record["absorbed"] == b.event and record["into"] == a.event and record["trigger"] == "c"
    # the two one-event stories became one as well
    assert [lvl for lvl, _, _ in c.merges] == ["event", "story"]
    assert c.stories[survivor.parent].members == [a.event]
    # a copy of an article of the absorbed event lands in the survivor
    e = c.place(signal("d", 4, {"banjir": 1.0}), "Banjir", forced_event=b.event)
    assert e.event == a.event and e.reason == "copy-of-original"


def test_without_a_merge_threshold_nothing_is_merged():
    c = OnlineClusterer(models={})
    c.place(signal("a", 1, {"gempa": 1.0}), "Gempa")
    c.place(signal("b", 2, {"tsunami": 1.0}), "Tsunami")
    c.place(signal("c", 3, {"gempa": 0.71, "tsunami": 0.70}), "Gempa dan tsunami")
    assert len(c.events) == 2 and not c.merges


@pytest.fixture(scope="module")
def merged_store(tmp_path_factory):
    """Market and rate reports of clickid-events-dev placed with an eager merge threshold."""
    db = tmp_path_factory.mktemp("merge") / "kabar.db"
    words = ("suku bunga", "rupiah", "ihsg")
    articles = [a for a in iter_clickid_articles() if any(w in a.title.lower() for w in words)]
    with SQLiteStore(db) as store:
        ingest_articles(articles, store)
        place(store, clusterer_params={"merge_threshold": 0.6})
    store = SQLiteStore(db)
    yield store
    store.close()


def test_merges_are_stored_consistently_and_exported(merged_store):
    export = build_export(merged_store)  # validated against kabar.schema
    events = {e.id: e for e in export.events}
    history = [h for e in export.events for h in e.history]
    assert history, "the eager threshold should merge some events"
    for h in history:
        assert h.absorbed not in events and h.into in events and h.why
    for a in export.articles:  # every article sits in a live event, and in that event's story
        assert a.event in events and a.id in events[a.event].articles
        assert events[a.event].story == a.story
    assert sorted(e for s in export.stories for e in s.events) == sorted(events)
    absorbed_stories = [h.absorbed for s in export.stories for h in s.history]
    assert not set(absorbed_stories) & {s.id for s in export.stories}


def test_history_survives_a_reload(merged_store):
    clusterer = load_clusterer(merged_store)
    reloaded = {eid: e.history for eid, e in clusterer.events.items() if e.history}
    stored = {e.id: [h.model_dump(exclude_none=True) for h in e.history]
              for e in build_export(merged_store).events if e.history}
    assert reloaded.keys() == stored.keys()
    for eid, hist in reloaded.items():
        assert [h["absorbed"] for h in hist] == [h["absorbed"] for h in stored[eid]]


# Both backends: the store side of a merge (`store_url` of tests/conftest.py: SQLite and PostgreSQL).
@pytest.fixture()
def any_store(store_url):
    store = open_store(store_url)
    yield store
    store.close()


def test_store_moves_articles_of_an_absorbed_event_and_keeps_the_history(any_store):
    wanted = {"clickid-9534", "clickid-16720", "clickid-7817"}
    articles = list(Pipeline(article_stages())(a for a in iter_clickid_articles() if a.id in wanted))
    any_store.add_articles(articles)
    a, b, c = sorted(x.id for x in articles)
    any_store.place_article(a, "e1", "s1", None)
    any_store.place_article(b, "e2", "s2", None)
    any_store.place_article(c, "e2", "s2", None)
    record = {"action": "merge", "absorbed": "e2", "into": "e1", "articles": 2, "at": None, "trigger": c,
              "why": "test"}
    any_store.save_event(Event("e1", "s1", "one", [a, b, c], None), {"history": [record]})
    any_store.save_event(Event("e2", "s2", "two", [b, c], None), {})
    any_store.save_story(Story("s1", "one", ["e1"]), {"history": [{**record, "absorbed": "s2", "into": "s1"}]})
    any_store.save_story(Story("s2", "two", ["e2"]), {})
    any_store.merge_cluster("event", "e2", "e1")
    any_store.merge_cluster("story", "s2", "s1")
    any_store.commit()
    assert any_store.get_event("e2") is None and any_store.get_story("s2") is None
    assert {any_store.placement_of(x) for x in (a, b, c)} == {("e1", "s1")}
    assert any_store.cluster_history("event", "e1") == [record]
    assert any_store.cluster_history("story", "s1")[0]["absorbed"] == "s2"
    assert any_store.cluster_history("event", "nope") == []

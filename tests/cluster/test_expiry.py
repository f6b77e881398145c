"""Clusters no article can join any more are forgotten, so memory stays flat as a stream grows."""

from __future__ import annotations

from datetime import datetime, timedelta

from kabar.cluster import online
from kabar.cluster.features import Signal
from kabar.cluster.online import OnlineClusterer


def signal(i: int, day: int) -> Signal:
    when = (datetime(2019, 1, 1) + timedelta(days=day)).isoformat()
    body = {f"topic{i}": 0.8, f"word{i % 7}": 0.6}
    return Signal(id=f"a{i}", published=when, body=body, title=body, names=frozenset(), title_names=frozenset())


def test_old_clusters_expire_and_recent_ones_stay(monkeypatch):
    monkeypatch.setattr(online, "EXPIRE_EVERY", 10)
    c = OnlineClusterer(models={})
    for i in range(300):  # one new story a day-ish for 150 days
        d = c.place(signal(i, i // 2), f"t{i}")
        c.touched["event"].clear()  # as the engine does after saving a batch
        c.touched["story"].clear()
        assert d.event in c.events
    # events live for twice the 3-day window, stories for twice the 21-day window
    assert len(c.events) <= 2 * 2 * online.EVENT_WINDOW_DAYS + 12
    assert len(c.stories) <= 2 * 2 * online.STORY_WINDOW_DAYS + 12
    assert "e-a299" in c.events


def test_clusters_not_yet_saved_are_kept(monkeypatch):
    monkeypatch.setattr(online, "EXPIRE_EVERY", 10)
    c = OnlineClusterer(models={})
    for i in range(40):
        c.place(signal(i, i * 5), f"t{i}")
    assert "e-a0" in c.events  # touched since the last save: not forgotten


def test_an_incremental_run_loads_only_clusters_its_articles_can_join(tmp_path):
    """Loading every stored cluster was most of the cost of an incremental run on a large store; those past
    twice their window before the first new article cannot be joined (and would expire at once)."""
    from kabar import engine
    from kabar.eval.datasets import iter_clickid_articles
    from kabar.store.sqlite import SQLiteStore

    with SQLiteStore(tmp_path / "k.db") as store:
        engine.ingest_articles(list(iter_clickid_articles())[::4], store)  # 9 to 30 September
        engine.place(store)
        everything = engine.load_clusterer(store)
        assert len(everything.events) == store.counts()["events"]
        lasts = sorted(c.last for c in everything.events.values())
        since = (datetime.fromisoformat(lasts[-1]) + timedelta(days=1)).isoformat()  # the next day's articles
        later = engine.load_clusterer(store, since)
        kept = {cid for cid, c in everything.events.items()
                if online.hours_apart(since, c.last) <= 2 * online.EVENT_WINDOW_DAYS * 24}
        assert set(later.events) == kept and 0 < len(kept) < len(everything.events)
        assert all(online.hours_apart(since, s.last) <= 2 * online.STORY_WINDOW_DAYS * 24
                   for s in later.stories.values())
        # what is loaded is as stored: the same state as a full load
        eid = next(iter(kept))
        assert later.events[eid].to_state() == everything.events[eid].to_state()

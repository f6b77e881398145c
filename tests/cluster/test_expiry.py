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

"""With a copy window (`kabar watch`: 30 days), copy detection forgets articles published longer ago than
the window before the newest, and an incremental run loads only the signatures within it: memory and
start-up stay flat as a live store grows."""

from __future__ import annotations

from datetime import datetime, timedelta

from kabar import engine
from kabar.dedup.detect import CopyDetector
from kabar.eval.datasets import iter_clickid_articles
from kabar.store.sqlite import SQLiteStore


def _by_prefix(store):
    return {a.origin.rsplit("/", 1)[-1][:3]: a for a in store.iter_articles()}


def test_articles_older_than_the_window_are_forgotten(samples_store):
    arts = _by_prefix(samples_store)
    detector = CopyDetector(window_days=10)
    m2, m4 = detector.fingerprint(arts["002"])[0], detector.fingerprint(arts["004"])[0]
    detector.index("old", m2, "2025-07-01T10:00:00")
    detector.index("recent", m4, "2025-07-15T10:00:00")
    detector.index("undated", m2, None)
    assert detector.forget_before("2025-07-10T00:00:00") == 0
    assert detector.lsh_candidates(m2) == ["undated", "old"]  # oldest first, undated before any
    # within the window of the article's own time only, whether or not the index has forgotten yet
    assert detector.lsh_candidates(m2, "2025-07-11T12:00:00") == ["undated"]
    assert detector.forget_before("2025-07-12T00:00:00") == 1  # more than 10 days after "old"
    assert detector.lsh_candidates(m2) == ["undated"]  # an undated article is never known to be old
    assert detector.lsh_candidates(m4) == ["recent"] and set(detector.keys.values()) == {"recent", "undated"}
    assert CopyDetector().forget_before("2030-01-01") == 0  # no window: nothing is forgotten


def test_a_run_with_a_window_loads_only_recent_signatures(tmp_path, monkeypatch):
    articles = sorted(iter_clickid_articles(), key=lambda a: a.published or "")[::3]
    cut = next(i for i, a in enumerate(articles) if a.published >= "2019-09-20")
    loaded = []
    monkeypatch.setattr(CopyDetector, "add_signature",
                        lambda self, aid, sig, published=None: loaded.append((aid, published)))
    with SQLiteStore(tmp_path / "k.db") as store:
        engine.ingest_articles(articles[:cut], store)
        engine.place(store, copy_window_days=2)
        engine.ingest_articles(articles[cut:], store)
        engine.place(store, copy_window_days=2)
        assert 0 < len(loaded) < cut
        since = (datetime.fromisoformat(articles[cut].published[:19]) - timedelta(days=2)).isoformat()
        assert {aid for aid, _ in loaded} == {a.id for a in articles[:cut] if a.published >= since}

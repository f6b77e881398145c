"""Placement in polls equals one pass.

`kabar watch` and `POST /api/ingest` place each poll's articles with a clusterer loaded from the store,
so a live service is always a resumed run. Regression: the stored cluster states were cut to their
heaviest terms and rounded, the term weights were cached for 256 articles at a time, and the candidate
index also held the terms of articles taken in since the last sweep; placed in polls of 25, dev story
pairwise F1 fell from 0.812 (one pass) to 0.780, a quality no evaluation measured."""

from __future__ import annotations

import pytest

from kabar import engine
from kabar.eval.datasets import iter_clickid_articles
from kabar.store.sqlite import SQLiteStore


def _placed(store: SQLiteStore) -> dict[str, list[tuple]]:
    q = {"articles": "SELECT id, event, story, signature FROM articles ORDER BY id",
         "events": "SELECT id, story, title, articles, state FROM events ORDER BY id",
         "stories": "SELECT id, title, events, state FROM stories ORDER BY id",
         "copies": "SELECT * FROM copies ORDER BY original, copy"}
    return {k: [tuple(r) for r in store.db.execute(sql)] for k, sql in q.items()}


@pytest.mark.parametrize("copy_window_days", [None, 2.0])  # kabar watch has one (30 days; 2 forget here)
def test_placing_in_polls_gives_what_one_pass_gives(tmp_path, copy_window_days):
    articles = sorted(iter_clickid_articles(), key=lambda a: (a.published or "", a.id))[::2]
    with SQLiteStore(tmp_path / "once.db") as store:
        engine.ingest_articles(articles, store)
        engine.place(store, copy_window_days=copy_window_days)
        once = _placed(store)
    with SQLiteStore(tmp_path / "polls.db") as store:
        for start in range(0, len(articles), 25):
            engine.ingest_articles(articles[start : start + 25], store)
            engine.place(store, copy_window_days=copy_window_days)
        polls = _placed(store)
    assert len(once["articles"]) == len(articles) and once["copies"]
    # joins happened (not every article alone), so the comparison says something
    assert len(once["events"]) < len(articles) * 0.8
    for table in once:
        assert polls[table] == once[table], table

"""`kabar eval cluster`: run the online clusterer over a gold set and score events and stories.

The articles go through the same stages and the same `engine.place` as `kabar run`, in publication
order, into a throw-away SQLite store; predicted labels are then read back and scored with BCubed and
pairwise P/R/F1 (articles labeled NONE are clustered but not scored).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kabar.engine import ingest_articles, place
from kabar.eval.datasets import iter_clickid_articles, load_clickid_gold
from kabar.eval.metrics import clustering_scores
from kabar.model import Article
from kabar.store.sqlite import SQLiteStore


def predict_clusters(articles: Iterable[Article], clusterer_params: dict[str, float] | None = None
                     ) -> tuple[dict[str, str], dict[str, str]]:
    """(article id -> event id, article id -> story id) from one online pass."""
    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "eval.db") as store:
        ingest_articles(articles, store)
        place(store, clusterer_params=clusterer_params)
        events, stories = {}, {}
        for row in store.db.execute("SELECT id, event, story FROM articles"):
            events[row[0]], stories[row[0]] = row[1], row[2]
    return events, stories


def evaluate_clickid(root: Path | str | None = None, clusterer_params: dict[str, float] | None = None
                     ) -> dict[str, Any]:
    gold = load_clickid_gold(root)
    events, stories = predict_clusters(iter_clickid_articles(root), clusterer_params)
    return {
        "dataset": "clickid-events-dev",
        "event": clustering_scores(gold.event, events),
        "story": clustering_scores(gold.story, stories),
    }

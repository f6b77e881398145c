"""`kabar eval cluster`: run the online clusterer over a gold set and score events and stories.

The articles go through the same stages and the same `engine.place` as `kabar run`, in publication
order, into a throw-away SQLite store; predicted labels are then read back and scored with BCubed and
pairwise P/R/F1 (articles labeled NONE are clustered but not scored).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kabar.engine import ingest_articles, place
from kabar.eval.datasets import (
    LabeledDoc,
    iter_clickid_articles,
    iter_mstream,
    iter_wikiref,
    load_clickid_gold,
)
from kabar.eval.metrics import clustering_scores
from kabar.ingest import IngestLog, iter_articles
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


def evaluate_gold_dir(gold_dir: Path, clusterer_params: dict[str, float] | None = None) -> dict[str, Any]:
    """A gold folder in the clickid-events-dev layout: articles.jsonl (the JSONL ingest shape) and
    gold.jsonl ({"id", "event", "story"}). Articles are read by the same reader as `kabar run`."""
    log = IngestLog()
    articles = []
    for a in iter_articles([str(gold_dir / "articles.jsonl")], log, fmt="jsonl"):
        a.id = str(a.meta.get("input_id", a.id))  # score against the gold set's own ids
        articles.append(a)
    if log.errors:
        raise ValueError("; ".join(map(str, log.errors[:5])))
    event_gold, story_gold = {}, {}
    with open(gold_dir / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                event_gold[str(obj["id"])], story_gold[str(obj["id"])] = obj["event"], obj.get("story", obj["event"])
    events, stories = predict_clusters(articles, clusterer_params)
    return {"dataset": str(gold_dir), "event": clustering_scores(event_gold, events),
            "story": clustering_scores(story_gold, stories)}


def print_cluster_report(results: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from kabar.eval.console import report_console

    table = Table(title="Clustering (BCubed and pairwise P/R/F1; NONE articles clustered, not scored)")
    for col in ("dataset", "level", "n", "gold", "pred", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "NMI"):
        table.add_column(col, justify="right" if col not in ("dataset", "level") else "left")
    for r in results:
        for level in ("event", "story"):
            m = r[level]
            table.add_row(r["dataset"], level, str(m["n"]), str(m["gold_clusters"]), str(m["pred_clusters"]),
                          *(f"{m[k]:.3f}" for k in ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p",
                                                    "pairwise_r", "pairwise_f1", "nmi")))
    report_console().print(table)


def _labeled_articles(docs: Iterable[LabeledDoc]) -> tuple[list[Article], dict[str, str]]:
    """English gold docs as articles in stream order (no timestamps: order is the only time there is)."""
    articles, gold = [], {}
    for d in docs:
        title = d.title or d.text.split("\n", 1)[0][:200]
        articles.append(Article(id=d.id, source="gold", url=None, title=title, published=None, raw_text=d.text,
                                meta={"order": d.order}, origin=f"gold:{d.order}"))
        gold[d.id] = d.label
    return articles, gold


def evaluate_english(name: str, root: Path | str | None = None,
                     clusterer_params: dict[str, float] | None = None) -> dict[str, Any]:
    """MStream News ("mstream-news") or WikiRef220 ("wikiref"): one gold level, scored at both of ours."""
    docs = iter_mstream(root, "News") if name == "mstream-news" else iter_wikiref(root)
    articles, gold = _labeled_articles(docs)
    events, stories = predict_clusters(articles, clusterer_params)
    return {"dataset": name, "event": clustering_scores(gold, events), "story": clustering_scores(gold, stories)}

"""What analysis reads and writes through the store without the decoding round trip: stored article rows
(decoded in the worker processes) and the analysis columns (JSON built without dataclasses.asdict)."""

from __future__ import annotations

import json
from dataclasses import asdict

from test_stores import make_article

from kabar.model import Mention
from kabar.store.base import Store, analysis_columns, article_from_row


def test_article_rows_decode_to_the_stored_articles_in_the_order_asked(store: Store):
    arts = [make_article(i) for i in range(3)]
    arts[2].mentions = [Mention("Lavrov", "PER", 0, 0, 6)]
    store.add_articles(arts)
    rows = list(store.iter_article_rows(["a0002", "missing", "a0000", "a0001"]))
    assert [r["id"] for r in rows] == ["a0002", "a0000", "a0001"]
    assert [article_from_row(r) for r in rows] == list(store.iter_articles(["a0002", "a0000", "a0001"]))
    assert article_from_row(rows[0]) == arts[2]


def test_analysis_columns_are_the_json_asdict_gave(samples_store):
    events = [e for e in samples_store.events() if e.summary and e.facts]
    assert events  # the samples' event has a cited summary and facts (troop counts)
    for e in events:
        assert analysis_columns(e) == {
            "summary": json.dumps([asdict(s) for s in e.summary], ensure_ascii=False),
            "quotes": json.dumps(e.quotes, ensure_ascii=False),
            "facts": json.dumps([asdict(f) for f in e.facts], ensure_ascii=False),
            "entities": json.dumps(e.entities, ensure_ascii=False),
        }

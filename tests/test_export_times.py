"""Time expressions in the export (issue: export and UI of Article.times): an additive, optional field of the
article record, validated by kabar.schema, carrying what the extract stage stored."""

from __future__ import annotations

import json

from kabar.export import export_json
from kabar.schema import ArticleOut, Export

# The article record's fields before `times` was added: they must stay exactly as they were.
ARTICLE_FIELDS = {"id", "source", "url", "title", "published", "language", "text", "removed", "event", "story"}


def test_export_carries_each_articles_time_expressions(samples_store):
    doc = json.loads(export_json(samples_store))
    Export.model_validate(doc)
    stored = {a.id: a for a in samples_store.iter_articles()}
    for art in doc["articles"]:
        assert set(art) == ARTICLE_FIELDS | {"times"}  # one field added, none renamed or dropped
        a = stored[art["id"]]
        assert [(t["text"], t["value"], t["low"], t["high"], t["relative"]) for t in art["times"]] == \
            [(t.text, t.value, t.low, t.high, t.relative) for t in a.times]
        for t in art["times"]:  # offsets into the clean text, as the schema says
            assert art["text"][t["start"] : t["end"]] == t["text"]
    times = {(t["text"], t["value"], t["relative"]) for art in doc["articles"] for t in art["times"]}
    # written in full: resolved although the samples carry no publication date
    assert ("Sabtu (12/7/2025)", "2025-07-12", False) in times and ("November 2024", "2024-11", False) in times
    # relative to a publication date the samples do not have: kept, unresolved
    assert ("Juni lalu", None, True) in times


def test_times_are_optional_for_readers_of_older_exports(samples_store):
    """A document written before the field existed still validates, and the field is not required."""
    doc = json.loads(export_json(samples_store))
    for art in doc["articles"]:
        del art["times"]
    old = Export.model_validate(doc)
    assert all(a.times == [] for a in old.articles)
    assert "times" not in ArticleOut.model_json_schema()["required"]
    assert ARTICLE_FIELDS <= set(ArticleOut.model_json_schema()["required"])

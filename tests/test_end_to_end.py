"""The five samples through the whole pipeline, as issue 2 requires."""

from __future__ import annotations

import json

from kabar.export import build_export, export_json
from kabar.report import render_report
from kabar.schema import Export


def test_samples_are_one_story(samples_store):
    stories = samples_store.stories()
    assert len(stories) == 1
    events = [samples_store.get_event(e) for e in stories[0].events]
    assert sum(len(e.articles) for e in events) == 5


def test_export_has_every_sample_and_validates(samples_store, sample_files):
    doc = export_json(samples_store)
    parsed = Export.model_validate_json(doc)  # the single definition of the shape
    assert len(parsed.articles) == 5
    raw = json.loads(doc)
    assert set(raw) == {"kabar_export", "articles", "copies", "events", "stories"}
    assert raw["kabar_export"] == 1
    assert {"original", "copy", "kind", "score", "sentences"} <= set(raw["copies"][0])
    origins = {a.meta.get("input_id") or a.origin.rsplit("/", 1)[-1] for a in samples_store.iter_articles()}
    assert {p.name for p in sample_files.values()} <= {o.split(":")[0] for o in origins}
    story_ids = {s.id for s in parsed.stories}
    assert all(a.story in story_ids and a.event for a in parsed.articles)


def test_summary_cites_articles_that_carry_the_sentence(samples_store):
    """Citation precision: every cited article contains the sentence or a close rewrite of it."""
    from kabar.cluster.vectors import cosine, tfidf
    from kabar.lang.stem import content_terms
    from kabar.summarize.central import SAME_SENTENCE

    event = samples_store.events()[0]
    articles = {a.id: a for a in samples_store.iter_articles(event.articles)}
    assert 1 <= len(event.summary) <= 5
    for s in event.summary:
        vec = tfidf(content_terms(s.text))
        for cited in s.cites:
            best = max(cosine(vec, tfidf(content_terms(x.text))) for x in articles[cited].sentences)
            assert best >= SAME_SENTENCE, (s.text, cited)
    # A sentence carried by several outlets is there once, citing all of them.
    assert any(len(s.cites) >= 2 for s in event.summary)


def test_html_report_names_all_articles_with_citations(samples_store):
    html, story_id = render_report(samples_store, "top", "html")
    export = build_export(samples_store)
    for a in export.articles:
        assert f'id="a-{a.id}"' in html
        assert a.source in html
    assert html.count('href="#a-') >= 5
    assert "Content-Security-Policy" in html
    md, _ = render_report(samples_store, story_id, "md")
    assert "## Who copied whom" in md and "[1]" in md

"""A stage that fails on one article: the run goes on, the article is kept, the failure is recorded."""

from __future__ import annotations

import logging

from kabar import stages
from kabar.ingest import IngestLog, iter_articles
from kabar.pipeline import Pipeline
from kabar.store.sqlite import SQLiteStore


def _sample_articles(samples_dir):
    return list(iter_articles([str(samples_dir)], IngestLog()))


def test_a_failing_extractor_keeps_the_article_and_says_which(samples_dir, monkeypatch, caplog):
    articles = _sample_articles(samples_dir)
    victim = articles[2].id
    first = next(a for a in Pipeline(stages.article_stages())(_sample_articles(samples_dir)) if a.id == victim)
    real = stages.extract_times

    def times_or_bug(sentences, published):
        if sentences and sentences[0].text == first.sentences[0].text:
            raise KeyError("deſember")
        return real(sentences, published)

    monkeypatch.setattr(stages, "extract_times", times_or_bug)
    pipeline = Pipeline(stages.article_stages())
    with caplog.at_level(logging.WARNING, logger="kabar"):
        done = list(pipeline(articles))
    assert [a.id for a in done] == [a.id for a in articles]  # nothing lost
    failed = [a for a in done if a.meta.get("stage_errors")]
    assert [a.id for a in failed] == [victim]
    assert failed[0].meta["stage_errors"] == ["extract: KeyError: 'deſember'"]
    assert failed[0].quantities and failed[0].mentions  # the work done before the failure is kept
    assert pipeline.stats()["extract"]["failed.KeyError"] == 1
    assert victim in caplog.text and failed[0].origin in caplog.text
    assert all(a.times for a in done if a.id != victim)


def test_an_article_whose_cleaning_fails_keeps_its_text(samples_dir, monkeypatch, tmp_path):
    articles = _sample_articles(samples_dir)
    monkeypatch.setattr(stages, "clean_article", lambda a: (_ for _ in ()).throw(ValueError("bad span")))
    done = list(Pipeline(stages.article_stages())(articles[:1]))
    assert len(done) == 1 and done[0].text == articles[0].raw_text and done[0].sentences
    with SQLiteStore(tmp_path / "k.db") as store:  # the record of the failure is stored with the article
        store.add_articles(done)
        assert store.get_article(done[0].id).meta["stage_errors"] == ["clean: ValueError: bad span"]

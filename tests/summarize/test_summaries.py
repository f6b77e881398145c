"""Cited summaries: single-document selection, multi-document statements and their citations, the story
digest (summary, timeline, facts), and the IndoSum evaluation helpers."""

from __future__ import annotations

import pytest

from kabar.eval.datasets import IndosumArticle, shared_data_root
from kabar.eval.summary import (
    citation_precision,
    cite_is_supported,
    clickid_events,
    detokenize,
    evaluate_summary,
    indosum_document,
)
from kabar.lang.segment import split_sentences
from kabar.model import Article, Event, Sentence
from kabar.summarize.central import cited_summary, summarize, summarize_sentences
from kabar.summarize.story import build_story_digest, story_digest, timeline

DATA = shared_data_root()

LEAD = "Banjir besar melanda Kota Bekasi pada Senin pagi dan merendam ribuan rumah warga di 12 kelurahan."
ARTICLE = [
    LEAD,
    "Hujan deras sejak Minggu malam membuat Kali Bekasi meluap hingga ketinggian air mencapai dua meter.",
    '"Kami sudah mengungsikan warga sejak subuh," kata Kepala BPBD Kota Bekasi kepada wartawan.',
    "Pemerintah kota membuka posko pengungsian di sejumlah sekolah dan masjid di sekitar lokasi banjir.",
    "Warga diminta tetap waspada karena hujan diperkirakan masih turun hingga akhir pekan.",
]


def article(aid: str, sentences: list[str], published: str) -> Article:
    text = "\n".join(sentences)
    a = Article(id=aid, source=aid, url=None, title=sentences[0], published=published, raw_text=text, text=text)
    a.sentences = [Sentence(s, e, text[s:e]) for s, e in split_sentences(text)]
    return a


def test_single_document_is_bounded_and_in_article_order():
    chosen = summarize_sentences(ARTICLE, list(range(len(ARTICLE))), target_words=30)
    assert chosen == sorted(chosen) and chosen[0] == 0
    assert sum(len(ARTICLE[i].split()) for i in chosen[:-1]) < 30  # stops once the target is reached
    assert len(summarize_sentences(ARTICLE, target_words=None, max_sentences=2)) == 2
    assert summarize_sentences([]) == []


def test_a_statement_carried_by_several_outlets_appears_once_citing_all():
    a = article("a", ARTICLE, "2025-01-06T08:00:00")
    b = article("b", [LEAD, "Ketinggian air di perumahan Pondok Gede Permai sempat mencapai tiga meter."],
                "2025-01-06T09:00:00")
    c = article("c", [LEAD.replace("Senin pagi", "Senin (6/1) pagi"), ARTICLE[3]], "2025-01-06T10:00:00")
    summary = summarize([a, b, c])
    leads = [s for s in summary if "merendam ribuan rumah" in s.text]
    assert len(leads) == 1 and leads[0].cites == ["a", "b", "c"]
    assert summary[0] is leads[0]  # the lead statement opens the summary
    for s in summary:
        for aid in s.cites:
            assert cite_is_supported(s.text, {"a": a, "b": b, "c": c}[aid])


def test_a_rewrite_that_changed_a_figure_is_not_cited():
    a = article("a", ARTICLE, "2025-01-06T08:00:00")
    b = article("b", [LEAD.replace("12 kelurahan", "21 kelurahan")], "2025-01-06T09:00:00")
    (lead,) = [s for s in summarize([a, b]) if "merendam ribuan rumah" in s.text and "12 kelurahan" in s.text]
    assert lead.cites == ["a"]


def test_samples_citation_precision_is_one(samples_store):
    event = samples_store.events()[0]
    articles = list(samples_store.iter_articles(event.articles))
    result = citation_precision([articles])
    assert result["precision"] == 1.0, result["failures"]
    assert result["multi_cited_sentences"] >= 1
    assert 1 <= result["sentences"] <= 5


NEEDS_DEV = pytest.mark.skipif(not (DATA / "eval/clickid-events-dev").is_dir(),
                               reason="clickid-events-dev not available")


@pytest.fixture(scope="module")
def dev_events() -> list[list[Article]]:
    """The gold events of clickid-events-dev, singletons included, their articles through the stages."""
    return list(clickid_events(DATA, min_articles=1))


@NEEDS_DEV
def test_clickid_events_citation_precision_is_one(dev_events):
    result = citation_precision([arts for arts in dev_events if len(arts) >= 2])
    assert result["events"] >= 50 and result["multi_cited_sentences"] >= 20
    assert result["precision"] == 1.0, result["failures"][:5]


def test_story_digest_on_samples(samples_store):
    story = samples_store.stories()[0]
    digest = story_digest(samples_store, story.id)
    assert digest is not None and digest.story == story.id
    assert [t.event for t in digest.timeline] == story.events
    assert all(t.lead is not None for t in digest.timeline)
    assert 1 <= len(digest.summary) <= 8
    assert any(f.subject == "tentara Korea Utara" and f.status == "conflict" for f in digest.facts)
    assert any(f.subject.startswith("changed in rewrite") for f in digest.facts)  # copy links are used


@NEEDS_DEV
def test_story_summary_of_hundreds_of_events_reads_only_the_most_reported(dev_events, monkeypatch):
    # Regression: a story of 397 events in a 22k-article store made every report and API read of it compare
    # all ~15,000 sentences of ~1,000 articles with each other (1.8 GB, 6 s).
    import kabar.summarize.story as story_mod

    events = [Event(f"e{i}", "s", arts[0].title, [a.id for a in arts], min(a.published or "" for a in arts) or None)
              for i, arts in enumerate(dev_events)]
    articles = [a for arts in dev_events for a in arts]
    assert len(events) > story_mod.MAX_EVENTS * 5
    read: list[int] = []

    def spy(ordered, *args, **kwargs):
        read.append(len(ordered))
        return cited_summary(ordered, *args, **kwargs)

    monkeypatch.setattr(story_mod, "cited_summary", spy)
    summary = story_mod.story_summary(events, articles)
    assert read and read[0] <= story_mod.MAX_EVENTS * story_mod.PER_EVENT
    biggest = sorted(events, key=lambda e: -len(e.articles))[: story_mod.MAX_EVENTS]
    allowed = {a for e in biggest for a in e.articles}
    assert 1 <= len(summary) <= 8 and all(set(s.cites) <= allowed for s in summary)


def test_timeline_and_story_summary_follow_the_events():
    early = article("x", ["Gempa bermagnitudo 6,2 mengguncang Kabupaten Mamuju pada Jumat dini hari waktu setempat."],
                    "2025-01-01T02:00:00")
    late = article("y", ["Pemerintah mulai membangun hunian sementara bagi korban gempa Mamuju pekan depan."],
                   "2025-01-08T09:00:00")
    events = [Event("e2", "s", "hunian", ["y"], late.published), Event("e1", "s", "gempa", ["x"], early.published)]
    assert [t.event for t in timeline(events)] == ["e1", "e2"]
    digest = build_story_digest("s", events, [early, late])
    assert [s.cites for s in digest.summary] == [["x"], ["y"]]  # in the order of the events


def test_indosum_document_is_detokenized_and_cleaned():
    assert detokenize(["Jakarta", ",", "CNN", "Indonesia", "-", "-", "Presiden", "(", "RI", ")", "tiba", "."]) == (
        "Jakarta, CNN Indonesia -- Presiden (RI) tiba."
    )
    assert detokenize(['"', "Saya", "datang", ",", '"', "katanya", "."]) == '"Saya datang," katanya.'
    art = IndosumArticle(
        id="x", fold=1, category="", source="", url="",
        paragraphs=[[["Jakarta", ",", "CNN", "Indonesia", "-", "-", "Banjir", "melanda", "Bekasi", "."]],
                    [["Baca", "juga", ":", "Banjir", "Jakarta"]],
                    [["Warga", "mengungsi", "ke", "masjid", "."]]],
        summary=[["Banjir", "melanda", "Bekasi", "."]],
        gold_labels=[[True], [False], [False]],
    )
    doc = indosum_document(art)
    assert doc.sentences == ["Banjir melanda Bekasi.", "Warga mengungsi ke masjid."]
    assert doc.oracle == [True, False] and doc.paragraph_of == [0, 2]


@pytest.mark.skipif(not (DATA / "summarization/indosum-dev").is_dir(), reason="indosum-dev not available")
def test_evaluate_summary_shape():
    result = evaluate_summary(DATA, limit=40, tokenizers=("id",), citations=False)
    assert result["articles"] == 40
    scores = result["scores"]["id"]
    assert set(scores) == {"kabar", "kabar_3", "lead3", "lead3_clean"}
    assert all(0 < s["rouge1"] <= 100 for s in scores.values())

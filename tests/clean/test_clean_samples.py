"""Cleaning the five sample articles: what goes, with which reason, and what stays."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kabar.clean import clean_article
from kabar.ingest import IngestLog, iter_articles


@pytest.fixture(scope="module")
def cleaned(samples_dir) -> dict[str, object]:
    arts = {a.origin.rsplit("/", 1)[-1][:3]: a for a in iter_articles([str(samples_dir)], IngestLog())}
    return {k: clean_article(a) for k, a in arts.items()}


def _removed(art) -> list[tuple[str, str]]:
    return [(s.reason, s.text) for s in art.removed]


def test_injected_brand_token_goes_and_the_name_is_whole_again(cleaned):
    art = cleaned["003"]
    assert ("spam-token", "INITOGEL") in _removed(art)
    assert "pemimpin Korea Utara Kim Jong Un pada Sabtu (12/7/2025)." in art.text
    assert "INITOGEL" not in art.text


def test_sample_003_dateline_heading_caption_and_source(cleaned):
    art = cleaned["003"]
    removed = _removed(art)
    assert ("dateline", "Pyongyang –") in removed
    assert ("teaser-heading", "Rusia Semakin Bergantung pada Korea Utara?") in removed
    assert ("trailer", "Sumber : Beritaseputarindo.id") in removed
    assert any(r == "caption" and t.endswith("Kremlin Pool Photo via AP)") for r, t in removed)
    assert art.text.startswith("Menteri Luar Negeri (Menlu) Rusia Sergey Lavrov bertemu")
    assert art.text.endswith("sistem pertahanan Ukraina yang sudah kewalahan.")


def test_other_samples(cleaned):
    assert _removed(cleaned["000"]) == [("byline", "(bbn)")]
    assert cleaned["000"].text.endswith("di sela pertemuan ASEAN.")
    assert _removed(cleaned["001"]) == []
    assert [r for r, _ in _removed(cleaned["002"])] == ["teaser-heading", "dateline"]
    assert cleaned["002"].text.startswith("Menteri Luar Negeri Rusia Sergei Lavrov mengatakan")
    assert _removed(cleaned["004"]) == [("dateline", "SEOUL -")]


def test_spans_point_into_the_raw_text_and_clean_text_is_the_rest(cleaned):
    for art in cleaned.values():
        for span in art.removed:
            assert art.raw_text[span.start:span.end] == span.text
        rebuilt = []
        pos = 0
        for span in art.removed:
            rebuilt.append(art.raw_text[pos:span.start])
            pos = span.end
        rebuilt.append(art.raw_text[pos:])
        assert " ".join("".join(rebuilt).split()) == " ".join(art.text.split())


def test_cleaning_is_a_pure_function(cleaned):
    art = cleaned["003"]
    again = clean_article(replace(art, text="", removed=[]))
    assert again.text == art.text and again.removed == art.removed

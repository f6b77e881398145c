from __future__ import annotations

import pytest

from kabar.extract import entities as ent
from kabar.extract.entities import (
    Mention,
    canonical_entities,
    canonical_speaker,
    event_entities,
    fold,
    initials,
)


def mentions(*names: tuple[str, str]) -> list[Mention]:
    return [Mention(n, t, 0, 0, len(n)) for n, t in names]


def by_name(ents):
    return {e["name"]: e for e in ents}


def test_spelling_variants_titles_and_short_forms_merge():
    got = by_name(canonical_entities([
        ("a", "", mentions(("Menteri Luar Negeri Rusia Sergei Lavrov", "PER"), ("Lavrov", "PER"))),
        ("b", "", mentions(("Menlu Rusia Sergey Lavrov", "PER"), ("Lavrov", "PER"))),
        ("c", "", mentions(("Sergei Lavrov", "PER"), ("Zelensky", "PER"), ("Zelenskyy", "PER"))),
    ]))
    lavrov = got["Sergei Lavrov"]
    assert set(lavrov["aliases"]) == {"Sergey Lavrov", "Lavrov"} and lavrov["articles"] == ["a", "b", "c"]
    assert lavrov["type"] == "PER"
    assert len([n for n in got if fold(n) == fold("Zelensky")]) == 1


def test_short_form_that_fits_two_people_stays_apart():
    got = by_name(canonical_entities([("a", "", mentions(
        ("Kim Jong Un", "PER"), ("Kim Yo Jong", "PER"), ("Kim", "PER"), ("Putra Wijaya", "PER"), ("Putri Wijaya", "PER"),
    ))]))
    assert "Kim" in got and got["Kim Jong Un"]["aliases"] == []
    assert "Putra Wijaya" in got and "Putri Wijaya" in got


def test_acronyms_join_their_expansions():
    got = by_name(canonical_entities([
        ("a", "Kunjungan ini terjadi ketika Amerika Serikat (AS) frustrasi.",
         mentions(("Amerika Serikat", "LOC"), ("AS", "LOC"), ("Perserikatan Bangsa-Bangsa", "ORG"))),
        ("b", "", mentions(("PBB", "ORG"), ("KPK", "ORG"), ("Komisi Pemberantasan Korupsi", "ORG"))),
    ]))
    assert got["Amerika Serikat"]["aliases"] == ["AS"]
    assert got["Perserikatan Bangsa-Bangsa"]["aliases"] == ["PBB"] and got["Perserikatan Bangsa-Bangsa"]["articles"] == ["a", "b"]
    assert got["Komisi Pemberantasan Korupsi"]["aliases"] == ["KPK"]
    assert initials("Badan Meteorologi, Klimatologi, dan Geofisika") == "BMKG"


def test_acronym_in_parentheses_after_a_name():
    got = by_name(canonical_entities([("a", "Menurut Kantor Berita Pusat Korea (KCNA) pada Minggu.",
                                       mentions(("Kantor Berita Pusat Korea", "ORG"), ("KCNA", "ORG")))]))
    assert got["Kantor Berita Pusat Korea"]["aliases"] == ["KCNA"]


def test_descriptor_before_a_known_name_is_dropped():
    got = by_name(canonical_entities([("a", "", mentions(
        ("agen berita negara Rusia TASS", "ORG"), ("TASS", "ORG"), ("Korea Utara Kim Jong Un", "LOC"),
        ("Kim Jong Un", "PER"), ("Korea Utara", "LOC"),
    ))]))
    assert set(got) == {"TASS", "Kim Jong Un", "Korea Utara"}
    assert got["Kim Jong Un"]["type"] == "PER"


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("juru bicara Kementerian Luar Negeri Rusia Maria Zakharova", "Maria Zakharova"),
        ("Budanov", "Kyrylo Budanov"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("kantor berita negara TASS", "TASS"),
        ("Badan intelijen Korea Selatan", "Badan intelijen Korea Selatan"),
        ("pejabat Barat", "pejabat Barat"),
        ("Kepala BPS Suhariyanto", "Suhariyanto"),
    ],
)
def test_canonical_speaker(phrase, expected):
    entities = [
        {"name": "Sergei Lavrov", "type": "PER", "aliases": ["Sergey Lavrov", "Lavrov"]},
        {"name": "Kyrylo Budanov", "type": "PER", "aliases": ["Budanov"]},
        {"name": "Maria Zakharova", "type": "PER", "aliases": []},
        {"name": "Kementerian Luar Negeri Rusia", "type": "ORG", "aliases": []},
        {"name": "TASS", "type": "ORG", "aliases": ["Tass"]},
        {"name": "Korea Selatan", "type": "LOC", "aliases": []},
    ]
    assert canonical_speaker(phrase, entities) == expected


@pytest.fixture(scope="module")
def sample_articles(samples_dir):
    from kabar.eval.extract import prepare
    from kabar.ingest import IngestLog, iter_articles

    return [prepare(a) for a in iter_articles([str(samples_dir)], IngestLog())]


def _lavrov(ents):
    (e,) = [e for e in ents if "Lavrov" in [e["name"], *e["aliases"]]]
    return e


def test_event_entities_on_the_samples(sample_articles):
    ents = event_entities(sample_articles)
    lavrov = _lavrov(ents)
    assert fold(lavrov["name"]) == fold("Sergei Lavrov") and "Sergey Lavrov" in lavrov["aliases"]
    assert len(lavrov["articles"]) == 5
    assert set(ents[0]) == {"name", "type", "aliases", "articles"}


def test_heuristic_fallback_without_the_model(sample_articles, monkeypatch):
    monkeypatch.setitem(ent._TAGGER_STATE, "tagger", None)
    ent._CACHE.clear()
    try:
        lavrov = _lavrov(event_entities(sample_articles))
        assert "Sergey Lavrov" in lavrov["aliases"] or lavrov["name"] == "Sergey Lavrov"
        assert len(lavrov["articles"]) == 5
    finally:
        ent._CACHE.clear()


def test_regression_mention_cache_ignored_the_title():
    """Two versions of one article (same id and text, another title: re-ingested from another format)
    got the first version's title mentions from the per-article cache."""
    from kabar.model import Article, Sentence

    text = "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Wonsan pada Jumat."
    first, second = (Article(id="x1", source="s", url=None, title=title, published=None, raw_text=text, text=text,
                             sentences=[Sentence(0, len(text), text)])
                     for title in ("Lavrov tiba di Korea Utara", "Kim Jong Un menyambut tamu dari Moskow"))
    titles = [{m.text for m in ent.article_mentions(a) if m.sentence == -1} for a in (first, second)]
    assert any("Lavrov" in t for t in titles[0]) and not any("Lavrov" in t for t in titles[1])
    assert any("Kim Jong Un" in t for t in titles[1])

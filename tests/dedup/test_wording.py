"""Shared narrative wording, quotes left out: a copy keeps it, an independent report does not."""

from __future__ import annotations

from kabar.dedup.wording import narrative_bigrams, wording_reuse


def test_shared_quote_is_not_shared_wording():
    a = '"Kami bertukar pandangan mengenai situasi seputar krisis Ukraina," kata Lavrov kepada wartawan.'
    b = '"Kami bertukar pandangan mengenai situasi seputar krisis Ukraina," ujar sang menteri di Wonsan.'
    assert wording_reuse(a, b) == 0.0  # what is left outside the quote is under five words on one side


def test_copied_narrative_is_shared_wording():
    a = "Pemerintah Barat menuduh Kremlin menukar teknologi militer dengan senjata dan tenaga kerja."
    b = "Pemerintah Barat menuduh Kremlin menukar teknologi militer dengan senjata dan tenaga manusia."
    assert wording_reuse(a, b) > 0.8


def test_same_facts_in_other_words():
    a = "Badan Pusat Statistik mencatat indeks perilaku antikorupsi 2019 mencapai 3,7 dari skala 0 sampai 5."
    b = "BPS mengumumkan indeks perilaku anti korupsi tahun ini naik menjadi 3,70 poin pada skala lima."
    assert wording_reuse(a, b) < 0.5


def test_quote_running_past_the_sentence_is_removed():
    assert narrative_bigrams('"Kami akan terus berjuang sampai akhir. Tidak ada kata mundur') == frozenset()


def test_quote_that_began_in_an_earlier_sentence_is_removed():
    s = 'Selanjutnya oleh anggota Jatanras Polda Metro Jaya dibawa ke RS Jiwa Duren Sawit, Jakarta Timur," tuturnya.'
    assert narrative_bigrams(s) == frozenset()
    assert narrative_bigrams('Polisi mengatakan "kami akan menyelidiki kasus ini sampai tuntas') == frozenset()
    kept = narrative_bigrams('Kapolsek Ciranjang mengatakan pelaku takut motornya disita "karena bodong".')
    assert ("kapolsek", "ciranjang") in kept

"""Sentence alignment: rewording, reordering, dropped sentences; passages inside longer texts."""

from __future__ import annotations

from kabar.dedup.align import (
    SentenceIndex,
    align_sentences,
    find_passages,
    make_weight,
    order_agreement,
    text_features,
)
from kabar.dedup.diff import changed_words
from kabar.model import Sentence

ORIGINAL = [
    "Menteri Luar Negeri Rusia Sergei Lavrov tiba di Pyongyang pada Jumat untuk kunjungan tiga hari.",
    "Korea Utara telah sepakat mengirim 6.000 insinyur militer ke wilayah Kursk.",
    "Pemerintah Barat menuduh Kremlin menukar teknologi militer dengan senjata dan tenaga kerja.",
    "Kim Jong Un membuka kawasan wisata pantai Wonsan-Kalma pada bulan Juni.",
]
REWRITE = [
    "Pemerintah negara Barat menuding Kremlin menukar teknologi militer dengan senjata dan tenaga manusia.",
    "Cuaca di Jakarta cerah berawan sepanjang hari.",
    "Lavrov, Menlu Rusia, tiba di Pyongyang hari Jumat dalam kunjungan selama tiga hari.",
    "Pyongyang sepakat mengirim 6.000 insinyur militer tambahan ke Kursk.",
]


def _sents(texts: list[str]) -> list[Sentence]:
    out, pos = [], 0
    for t in texts:
        out.append(Sentence(pos, pos + len(t), t))
        pos += len(t) + 1
    return out


def test_rewording_reordering_and_a_dropped_sentence():
    pairs = align_sentences(_sents(ORIGINAL), _sents(REWRITE))
    assert {(p.a, p.b) for p in pairs} == {(0, 2), (1, 3), (2, 0)}
    assert all(0 < p.score <= 1 for p in pairs)
    assert order_agreement(pairs) < 1.0  # the third sentence moved to the front


def test_one_to_one():
    pairs = align_sentences(_sents(ORIGINAL[:1]), _sents([REWRITE[2], REWRITE[2]]))
    assert len(pairs) == 1


def test_numbers_are_features():
    assert "#6000" in text_features(ORIGINAL[1])


def test_passage_found_inside_longer_texts():
    filler_a = [f"Kalimat pengisi tentang topik {w} yang berbeda sekali." for w in
                ["ekonomi", "olahraga", "cuaca", "musik", "film", "sawah"]]
    filler_b = [f"Paragraf lain membahas {w} tanpa hubungan apa pun." for w in
                ["pasar", "sepak", "hujan", "konser", "bioskop", "panen"]]
    a = filler_a[:3] + ORIGINAL + filler_a[3:]
    b = filler_b[:2] + ORIGINAL + filler_b[2:]
    fa = [text_features(t) for t in a]
    index = SentenceIndex([text_features(t) for t in b], make_weight(None))
    passages = find_passages(fa, index, min_mass=5)
    assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in passages] == [(3, 7, 2, 6)]


def test_changed_words():
    changes = changed_words("Pemerintah Barat menuduh Kremlin menukar senjata.",
                            "Pemerintah negara Barat menuding Kremlin menukar senjata.")
    assert [(c.op, c.old, c.new) for c in changes] == [("insert", "", "negara"), ("replace", "menuduh", "menuding")]
    assert changed_words("Sama persis.", "sama persis") == []

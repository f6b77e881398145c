from __future__ import annotations

from kabar.lang.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_dates_and_numbers_do_not_end_sentences():
    text = (
        "Menlu Rusia tiba pada Sabtu (12/7/2025). Dr. Budi bertemu Sergei V. Lavrov di Jl. Thamrin No. 5. "
        "Pyongyang mengirim 6.000 tentara. Harganya Rp. 5 juta! Benarkah? Ya."
    )
    assert sentences(text) == [
        "Menlu Rusia tiba pada Sabtu (12/7/2025).",
        "Dr. Budi bertemu Sergei V. Lavrov di Jl. Thamrin No. 5.",
        "Pyongyang mengirim 6.000 tentara.",
        "Harganya Rp. 5 juta!",
        "Benarkah?",
        "Ya.",
    ]


def test_closing_quote_stays_with_its_sentence_and_lines_split():
    text = "“Itu senjata yang bagus,” ujarnya. “Korea Utara punya cadangan besar.”\nBaris baru tanpa titik"
    assert sentences(text) == [
        "“Itu senjata yang bagus,” ujarnya.",
        "“Korea Utara punya cadangan besar.”",
        "Baris baru tanpa titik",
    ]


def test_offsets_point_into_the_text(sample_files):
    text = sample_files["003"].read_text()
    spans = split_sentences(text)
    assert len(spans) > 15
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]

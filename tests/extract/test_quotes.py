from __future__ import annotations

from kabar.extract.quotes import extract_quotes
from kabar.lang.segment import split_sentences
from kabar.model import Sentence


def quotes(text: str):
    return extract_quotes([Sentence(s, e, text[s:e]) for s, e in split_sentences(text)])


def test_direct_quote_with_speaker_after_and_pronoun_back_reference():
    text = (
        "Kepala intelijen militer Ukraina, Kyrylo Budanov, mengatakan Korea Utara menyuplai amunisi. "
        "“Itu senjata yang bagus,” kata Budanov. “Korea Utara punya cadangan besar dan produksinya berjalan,” ujarnya."
    )
    qs = [q for q in quotes(text) if q.direct]
    assert [(q.speaker, q.text) for q in qs] == [
        ("Budanov", "Itu senjata yang bagus"),
        ("Budanov", "Korea Utara punya cadangan besar dan produksinya berjalan"),
    ]


def test_indirect_speech_and_title_stripping():
    text = "Juru bicara Kementerian Luar Negeri Rusia Maria Zakharova mengatakan bahwa Lavrov akan mengunjungi Korea Utara."
    (q,) = quotes(text)
    assert q.speaker == "Maria Zakharova" and not q.direct and q.text.startswith("Lavrov akan")


def test_quoted_term_is_not_speech():
    assert quotes("Trump menuduh Putin menyebarkan “omong kosong” dalam upaya pembicaraan damai.") == []

from __future__ import annotations

from kabar.extract.quotes import extract_quotes
from kabar.lang.segment import split_sentences
from kabar.model import Sentence


def quotes(text: str, entities=None):
    return extract_quotes([Sentence(s, e, text[s:e]) for s, e in split_sentences(text)], entities)


def test_direct_quote_with_speaker_after_and_pronoun_back_reference():
    text = (
        "Kepala intelijen militer Ukraina, Kyrylo Budanov, mengatakan Korea Utara menyuplai amunisi. "
        "“Itu senjata yang bagus,” kata Budanov. “Korea Utara punya cadangan besar dan produksinya berjalan,” ujarnya."
    )
    qs = [q for q in quotes(text) if q.direct]
    assert [(q.speaker, q.text) for q in qs] == [
        ("Kyrylo Budanov", "Itu senjata yang bagus"),
        ("Kyrylo Budanov", "Korea Utara punya cadangan besar dan produksinya berjalan"),
    ]


def test_indirect_speech_and_title_stripping():
    text = "Juru bicara Kementerian Luar Negeri Rusia Maria Zakharova mengatakan bahwa Lavrov akan mengunjungi Korea Utara."
    (q,) = quotes(text)
    assert q.speaker == "Maria Zakharova" and not q.direct and q.text.startswith("Lavrov akan")


def test_quoted_term_is_not_speech():
    assert quotes("Trump menuduh Putin menyebarkan “omong kosong” dalam upaya pembicaraan damai.") == []
    assert quotes('Brian akan merilis single duet yang bertajuk "These Nights" pada Kamis.') == []


def test_quote_over_several_sentences_takes_the_tag_at_its_end():
    text = ('Lavrov tiba di Wonsan. "Kami bertukar pandangan tentang krisis Ukraina. Teman-teman Korea kami '
            'menegaskan dukungan mereka," kata Lavrov seperti dikutip TASS.')
    qs = quotes(text)
    assert [(q.sentence, q.speaker, q.direct) for q in qs] == [(1, "Lavrov", True), (2, "Lavrov", True)]


def test_apposition_names_the_speaker():
    text = ('Kunjungan itu bagian dari "putaran kedua dialog strategis antara para diplomat tinggi," kata juru bicara '
            'Kementerian Luar Negeri Rusia, Maria Zakharova, pada hari Rabu.')
    (q,) = quotes(text)
    assert q.speaker == "Maria Zakharova" and q.text.startswith("putaran kedua")


def test_description_with_itu_points_back_to_the_named_person():
    text = ("Lavrov berbicara kepada pemimpin Korea Utara Kim Jong Un di Wonsan. "
            "“Saya pikir lebih baik bertemu di sini daripada di Pyongyang,” kata pemimpin Korea Utara itu.")
    (q,) = quotes(text)
    assert q.speaker == "Kim Jong Un"


def test_indirect_forms():
    (q,) = quotes("Menurut pejabat Barat, sekitar 4.000 tentara Korea Utara telah tewas atau terluka di Rusia.")
    assert (q.speaker, q.direct) == ("pejabat Barat", False) and q.text.startswith("sekitar 4.000")
    (q,) = quotes("Kedua negara terus berkomunikasi dan akan ada lebih banyak pertemuan, kata Lavrov, Sabtu.")
    assert q.speaker == "Lavrov" and q.text.startswith("Kedua negara")
    (q,) = quotes("TASS mengutip Wakil Menteri Luar Negeri Rusia Andrei Rudenko yang mengatakan bahwa lebih banyak "
                  "delegasi akan mengunjungi Korea Utara.")
    assert q.speaker == "Andrei Rudenko" and q.text.startswith("lebih banyak")
    (q,) = quotes("Kantor berita Rusia juga melaporkan kedatangan Lavrov dan mengatakan setelah Korea Utara, ia "
                  "akan melakukan perjalanan ke Tiongkok.")
    assert q.speaker == "Kantor berita Rusia" and q.text.startswith("setelah Korea Utara")


def test_a_noun_phrase_object_is_not_speech():
    assert quotes("Lee Dong Gun dan Jiyeon mengumumkan hubungan mereka ke publik pekan lalu.") == []
    assert quotes("Ji Hyun Woo menyatakan cinta pada Yoo In Na dalam acara itu.") == []


def test_speaker_resolves_to_given_entities():
    ents = [{"name": "Sergei Lavrov", "type": "PER", "aliases": ["Sergey Lavrov", "Lavrov"], "articles": []}]
    (q,) = quotes("“Kami bertukar pandangan mengenai krisis Ukraina,” kata Sergey Lavrov.", ents)
    assert q.speaker == "Sergei Lavrov"


def test_tag_naming_the_source_of_an_announcement():
    text = "“BTS sudah mengakhiri masa istirahat dan hari ini akan terbang,” demikian pengumuman Big Hit, Senin (16/9/2019)."
    (q,) = quotes(text)
    assert q.speaker == "Big Hit"

"""Articles in other languages are cleaned with the same rules, kept, and labeled by the language stage."""

from __future__ import annotations

from kabar.clean import clean_article
from kabar.ingest import make_article
from kabar.stages import detect_article_language

ENGLISH = ("WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a bill to fund the government through "
           "December, averting a shutdown that would have closed federal offices this week.\n"
           "The measure now goes to President Donald Trump, who is expected to sign it.\n"
           "Reporting by Jane Doe; Editing by John Smith")
MALAY = ("KUALA LUMPUR: Kerajaan akan meneruskan rundingan dengan pihak berkuasa Indonesia minggu hadapan bagi "
         "menyelesaikan isu jerebu, kata menteri itu kepada pemberita di sini semalam.\n"
         "Baca juga: Harga minyak naik lagi\n"
         "Kenyataan itu dibuat selepas mesyuarat kabinet yang dipengerusikan Perdana Menteri.")


def _run(text: str):
    return detect_article_language(clean_article(make_article(text=text, origin="t", title="")))


def test_english_is_kept_cleaned_and_labeled():
    art = _run(ENGLISH)
    assert art.language == "en"
    assert art.text.startswith("The U.S. Senate on Tuesday") and "Reporting by" not in art.text
    assert [s.reason for s in art.removed] == ["dateline", "byline"]


def test_malay_is_kept_cleaned_and_labeled():
    art = _run(MALAY)
    assert art.language == "ms"
    assert art.text.startswith("Kerajaan akan meneruskan") and "Baca juga" not in art.text
    assert [s.reason for s in art.removed] == ["dateline", "trailer"]

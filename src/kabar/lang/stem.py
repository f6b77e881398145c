"""Indonesian stemming with PySastrawi, cached (it is slow per call, and news vocabulary is Zipfian)."""

from __future__ import annotations

from functools import cache, lru_cache

from kabar.lang.segment import TOKEN
from kabar.lang.wordlists import stopwords


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    word = word.lower()
    if not word.isalpha() or len(word) <= 3:
        return word
    return _stemmer().stem(word) or word


def content_terms(text: str) -> list[str]:
    """Stemmed, lower-cased content words: no stopwords, no numbers, no one- or two-letter tokens."""
    sw = stopwords()
    out = []
    for tok in TOKEN.findall(text):
        low = tok.lower()
        if len(low) < 3 or low in sw or not low[0].isalpha():
            continue
        out.append(stem(low.replace("’", "'").split("'")[0]) if "-" not in low else low)
    return out

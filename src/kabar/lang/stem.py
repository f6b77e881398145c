"""Indonesian stemming with PySastrawi, cached (it is slow per call, and news vocabulary is Zipfian)."""

from __future__ import annotations

import gzip
import json
from functools import cache, lru_cache
from importlib import resources

from kabar.lang.segment import TOKEN
from kabar.lang.wordlists import stopwords


@cache
def _stemmer():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@cache
def _shipped_stems() -> dict[str, str]:
    """Sastrawi's stems of the corpus vocabulary, precomputed by tools/build_idf.py (Sastrawi takes about
    a millisecond per new word; news vocabulary is mostly known)."""
    try:
        with resources.files("kabar.resources").joinpath("stems_id.json.gz").open("rb") as raw:
            return json.load(gzip.open(raw, "rt", encoding="utf-8"))
    except FileNotFoundError:
        return {}


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    word = word.lower()
    if not word.isalpha() or len(word) <= 3:
        return word
    known = _shipped_stems().get(word)
    if known is not None:
        return known or word
    return _stemmer().stem(word) or word


# 50,000 sentences: those of the last few thousand articles (see dedup.align.text_features, its caller).
@lru_cache(maxsize=50_000)
def sentence_terms(text: str) -> tuple[str, ...]:
    """content_terms of a sentence, cached: alignment and summaries look at the same sentences often."""
    return tuple(content_terms(text))


@lru_cache(maxsize=1_000_000)
def _term(token: str) -> str | None:
    """The index term of a token, or None for stopwords, numbers and one- or two-letter tokens."""
    low = token.lower()
    if len(low) < 3 or not low[0].isalpha() or low in stopwords():
        return None
    if "-" in low:  # reduplication and compounds (teman-teman, Wonsan-Kalma) are kept whole
        return low
    return stem(low.replace("’", "'").split("'")[0])


def content_terms(text: str) -> list[str]:
    """Stemmed, lower-cased content words: no stopwords, no numbers, no one- or two-letter tokens."""
    return [t for t in map(_term, TOKEN.findall(text)) if t is not None]

"""English content terms, for the English articles met in Indonesian streams (wire copy) and the English
clustering gold sets: lower-cased words without stopwords (scikit-learn's list), plural -s stripped.
Sastrawi's Indonesian affix rules would mangle English words."""

from __future__ import annotations

from functools import cache

from kabar.lang.segment import TOKEN


@cache
def _stopwords() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "new", "just", "like"}


def english_terms(text: str) -> list[str]:
    sw = _stopwords()
    out = []
    for tok in TOKEN.findall(text.lower()):
        if len(tok) < 3 or tok in sw or not tok[0].isalpha():
            continue
        if tok.endswith("s") and not tok.endswith(("ss", "us", "is")) and len(tok) > 4:
            tok = tok[:-1]
        out.append(tok)
    return out

"""Shared wording outside quotations: what tells a copy from an independent report of the same event.

Two outlets that cover the same press conference write sentences with the same names, figures and
quotes, so their sentences align on content words; a copy also keeps the narrative wording around
them. A pair of aligned sentences shows reuse when, once the quoted speech is taken out of both, most
word bigrams of the shorter one are in the other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kabar.lang.segment import TOKEN

_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')  # single quotes are left alone: they are also apostrophes
# A quotation mark left alone once the pairs are gone either opens a quote that runs past the sentence
# end (it starts the sentence or follows a space) or closes one that began in an earlier sentence (it
# follows a word or punctuation: `... Timur," tuturnya.`).
_LONE_OPEN = re.compile(r'(?:^|(?<=\s))["“][^"”]*$')
_LONE_CLOSE = re.compile(r'^[^"“”]*["”](?=\s|$)')
MIN_NARRATIVE_WORDS = 5
REUSE_CONTAINMENT = 0.5


# Bounded like align.text_features: an entry is ~1.3 KB (a frozenset of bigram tuples), so 100,000 of
# them were ~130 MB, for sentences of articles placement no longer compares with.
@lru_cache(maxsize=20_000)
def narrative_bigrams(sentence: str) -> frozenset[tuple[str, str]]:
    """Word bigrams of the sentence without its quoted speech (empty if fewer than 5 words are left)."""
    text = _QUOTED.sub(" | ", sentence)
    text = _LONE_CLOSE.sub(" | ", text)
    text = _LONE_OPEN.sub(" | ", text)
    words: list[str] = []
    bigrams: set[tuple[str, str]] = set()
    for chunk in text.split("|"):  # no bigram across a removed quote
        toks = [t.lower() for t in TOKEN.findall(chunk)]
        words += toks
        bigrams.update(zip(toks, toks[1:], strict=False))
    return frozenset(bigrams) if len(words) >= MIN_NARRATIVE_WORDS else frozenset()


def wording_reuse(a_sentence: str, b_sentence: str) -> float:
    """Share of the shorter sentence's narrative bigrams found in the other (0.0 when either sentence
    is (almost) all quotation)."""
    a, b = narrative_bigrams(a_sentence), narrative_bigrams(b_sentence)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def reused_pairs(a_sentences: list[str], b_sentences: list[str], pairs: list[tuple[int, int]],
                 threshold: float = REUSE_CONTAINMENT) -> int:
    """How many aligned pairs share their narrative wording."""
    return sum(wording_reuse(a_sentences[i], b_sentences[j]) >= threshold for i, j in pairs)

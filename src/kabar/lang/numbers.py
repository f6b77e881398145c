"""Indonesian number formats: 6.000 = 6000, 1,5 = 1.5, 9 juta, dua puluh lima, sebulan, belasan, puluhan ribu.

Hand-written: no library reads Indonesian number words (num2words only writes them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from kabar.lang.wordlists import MAGNITUDES

# A digit run with Indonesian separators: dots group thousands, a comma marks decimals.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+(?:\.\d+)?"

WORD_NUMBERS = {
    "nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
}
_DIGITS = {k: v for k, v in WORD_NUMBERS.items() if 1 <= v <= 9 and k != "se"}
# Multipliers that follow a digit word: "dua puluh", "tiga ratus", "enam ribu", "lima juta".
_SMALL_SCALES = {"puluh": 10, "ratus": 100}
_BIG_SCALES = {"ribu": 1000, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
_SE_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000, "sejuta": 1e6, "semiliar": 1e9}
# Vague amounts as (low, high): "puluhan" is 20..99 (tens, plural), "belasan" 11..19.
VAGUE_NUMBERS: dict[str, tuple[float, float | None]] = {
    "belasan": (11, 19), "puluhan": (20, 99), "ratusan": (200, 999), "ribuan": (2000, 9999),
    "jutaan": (2e6, 9.99e6), "miliaran": (2e9, 9.99e9), "triliunan": (2e12, 9.99e12),
}
# Words that say "some" (at least two, "beberapa" rarely ten or more): hardly a figure. Kept apart: a copy
# that turns one into a figure invents precision (kabar.reconcile.drift).
SOME_WORDS: dict[str, tuple[float, float | None]] = {
    "beberapa": (2, 9), "segelintir": (2, 9), "sejumlah": (2, None), "banyak": (2, None), "berbagai": (2, None),
}


class WordNumber(NamedTuple):
    value: float
    low: float | None
    high: float | None
    words: int  # how many words of the input it used
    vague: bool


def parse_number(token: str) -> float | None:
    """'6.000' -> 6000; '1,5' -> 1.5; '2.5' (English style, one group of != 3 digits) -> 2.5."""
    token = token.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:,\d+)?", token):
        return float(token.replace(",", "."))
    if re.fullmatch(r"\d+\.\d+", token):
        return float(token)
    word = WORD_NUMBERS.get(token.lower())
    return None if word is None else float(word)


def magnitude(word: str) -> float:
    return MAGNITUDES.get(word.lower(), 1.0)


def parse_number_words(words: Sequence[str]) -> WordNumber | None:
    """The number spelled out at the start of `words` (lower-cased tokens): "dua puluh lima" -> 25,
    "enam ribu" -> 6000, "puluhan ribu" -> 20,000..99,999, "beberapa" -> 2..9, vague."""
    if not words:
        return None
    first = words[0]
    if first in SOME_WORDS:
        low, high = SOME_WORDS[first]
        return WordNumber(low, low, high, 1, True)
    if first in VAGUE_NUMBERS:
        low, high = VAGUE_NUMBERS[first]
        used = 1
        if len(words) > 1 and words[1] in MAGNITUDES:  # "puluhan ribu"
            scale = MAGNITUDES[words[1]]
            low, high, used = low * scale, (high + 1) * scale - 1 if high is not None else None, 2
        return WordNumber(low, low, high, used, True)
    total = group = pending = 0.0
    used = 0
    for w in words:
        if w in _DIGITS:
            if pending:
                break  # "dua tiga" is two numbers
            pending = _DIGITS[w]
        elif w == "belas" and pending:
            group, pending = group + 10 + pending, 0
        elif w in _SMALL_SCALES and pending:
            group, pending = group + pending * _SMALL_SCALES[w], 0
        elif w in _SE_WORDS and not pending:
            if _SE_WORDS[w] >= 1000:
                total += _SE_WORDS[w]
            else:
                group += _SE_WORDS[w]
        elif w in _BIG_SCALES and (group or pending):
            total, group, pending = total + (group + pending) * _BIG_SCALES[w], 0, 0
        else:
            break
        used += 1
    if not used:
        return None
    value = total + group + pending
    return WordNumber(value, value, value, used, False)


def se_number(word: str) -> tuple[float, str] | None:
    """"sebulan" -> (1, "bulan"), "setahun" -> (1, "tahun"): the Indonesian "one" prefix on a unit."""
    if len(word) > 4 and word.startswith("se") and word[2:] in _SE_UNITS:
        return 1.0, word[2:]
    return None


_SE_UNITS = frozenset({"bulan", "tahun", "hari", "pekan", "minggu", "jam", "abad", "dekade", "kilometer", "meter"})

"""Indonesian number formats: 6.000 = 6000, 1,5 = 1.5, 9 juta, dua puluh, belasan."""

from __future__ import annotations

import re

from kabar.lang.wordlists import MAGNITUDES

# A digit run with Indonesian separators: dots group thousands, a comma marks decimals.
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+(?:\.\d+)?"

WORD_NUMBERS = {
    "nol": 0, "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000,
}


def parse_number(token: str) -> float | None:
    """'6.000' -> 6000; '1,5' -> 1.5; '2.5' (English style, one group of != 3 digits) -> 2.5."""
    token = token.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:,\d+)?", token):
        return float(token.replace(",", "."))
    if re.fullmatch(r"\d+\.\d+", token):
        return float(token)
    return WORD_NUMBERS.get(token.lower())


def magnitude(word: str) -> float:
    return MAGNITUDES.get(word.lower(), 1.0)

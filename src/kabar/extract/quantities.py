"""Numbers with their unit, counted noun and qualifier, in Indonesian news sentences.

Hand-written patterns: no library parses Indonesian quantities (6.000 pasukan, 2,3 persen, Rp 5 triliun,
25.000 hingga 30.000 tentara, lebih dari 10.000) and their qualifiers.
"""

from __future__ import annotations

import re

from kabar.extract.attribution import attribution_of
from kabar.lang.numbers import NUMBER, magnitude, parse_number
from kabar.lang.stem import stem
from kabar.lang.wordlists import CURRENCIES, MAGNITUDES, NOUN_SYNONYMS, stopwords
from kabar.model import Quantity, Sentence

_QUALIFIERS = {
    # qualifier -> (low factor, high factor); None = unbounded on that side
    "sekitar": (0.9, 1.1), "kira-kira": (0.9, 1.1), "kurang lebih": (0.9, 1.1), "lebih kurang": (0.9, 1.1),
    "hampir": (0.9, 1.0), "nyaris": (0.9, 1.0), "mendekati": (0.9, 1.0),
    "lebih dari": (1.0, None), "di atas": (1.0, None), "setidaknya": (1.0, None), "sedikitnya": (1.0, None),
    "paling sedikit": (1.0, None), "minimal": (1.0, None), "sekurangnya": (1.0, None),
    "hingga": (None, 1.0), "sampai": (None, 1.0), "maksimal": (None, 1.0), "paling banyak": (None, 1.0),
    "kurang dari": (None, 1.0), "di bawah": (None, 1.0), "tak lebih dari": (None, 1.0),
}
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_MAG_RE = "|".join(MAGNITUDES)
_CUR_RE = r"Rp\.?|US\$|USD|IDR|\$|€"
_QUANTITY = re.compile(
    rf"(?<![\w/.,])(?:(?P<qual>{_QUAL_RE})\s+)?(?P<cur>{_CUR_RE})?\s?(?P<num>{NUMBER})(?:\s?(?P<mag>{_MAG_RE})\b)?"
    rf"(?:\s*(?:hingga|sampai|-|–|—)\s*(?P<num2>{NUMBER})(?:\s?(?P<mag2>{_MAG_RE})\b)?)?(?![\w/]|[.,]\d)"
    rf"(?:\s*(?P<pct>%|persen\b))?",
    re.IGNORECASE,
)
_MEASURES = {
    "kilometer", "km", "meter", "m", "mil", "cm", "hektare", "hektar", "ha", "ton", "kg", "kilogram", "gram",
    "liter", "barel", "jam", "menit", "detik", "hari", "pekan", "minggu", "bulan", "tahun", "abad", "unit", "kali",
    "derajat", "megawatt", "mw", "gigawatt", "kwh", "knot",
}
_AREA = {"persegi", "kubik"}
_STOP_NOUN = {"di", "ke", "dari", "untuk", "yang", "pada", "dan", "atau", "dengan", "dalam", "oleh", "sejak", "per",
              "ini", "itu", "lalu", "terakhir", "mendatang", "lagi", "saja", "pun"}
_MONTHS = {"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember", "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "sep", "okt", "nov", "des"}
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")


def extract_quantities(text: str, sentences: list[Sentence]) -> list[Quantity]:
    out: list[Quantity] = []
    for i, sent in enumerate(sentences):
        for m in _QUANTITY.finditer(sent.text):
            q = _quantity(sent.text, m, i)
            if q is not None:
                out.append(q)
    return out


def _quantity(sentence: str, m: re.Match[str], index: int) -> Quantity | None:
    value = parse_number(m["num"])
    if value is None:
        return None
    before = sentence[: m.start()].rstrip().lower()
    after = sentence[m.end() :]
    words = _WORD.findall(after[:80])
    # Years and dates are time expressions, not quantities.
    if not m["cur"] and not m["pct"] and not m["mag"] and _is_year_or_date(m["num"], before, words):
        return None
    value *= magnitude(m["mag"] or "")
    high_value = None
    if m["num2"]:
        v2 = parse_number(m["num2"])
        if v2 is not None:
            high_value = v2 * magnitude(m["mag2"] or m["mag"] or "")
    unit, noun, noun_words = _unit_and_noun(m, words)
    if unit == "count" and not noun:
        return None  # a bare number with nothing counted carries no claim
    qual = (m["qual"] or "").lower()
    if not qual:
        prev = before.split()[-2:] if before else []
        for n in (2, 1):
            cand = " ".join(prev[-n:])
            if cand in _QUALIFIERS:
                qual = cand
                break
    low: float | None = value
    high: float | None = value
    if high_value is not None:
        low, high = value, high_value
    elif qual in _QUALIFIERS:
        lf, hf = _QUALIFIERS[qual]
        low = round(value * lf, 6) if lf is not None else None
        high = round(value * hf, 6) if hf is not None else None
    end = m.end() + _span_of_words(after, noun_words)
    return Quantity(
        sentence=index,
        value=value,
        low=low,
        high=high,
        unit=unit,
        noun=noun,
        text=sentence[m.start() : end].strip(),
        qualifier=qual,
        attributed_to=attribution_of(sentence),
    )


def _is_year_or_date(num: str, before: str, words: list[str]) -> bool:
    if re.fullmatch(r"(19|20)\d\d", num):
        return True
    prev = before.split()[-1:] if before else []
    return bool(prev and prev[0].strip("(,") in _MONTHS) or bool(words and words[0].lower() in _MONTHS)


def _unit_and_noun(m: re.Match[str], words: list[str]) -> tuple[str, str, int]:
    """(unit, counted-noun key, number of words consumed after the number)."""
    if m["pct"]:
        return "%", _noun_after(words, skip=_lead_skip(words)), 0
    if m["cur"]:
        return CURRENCIES.get(m["cur"].lower().rstrip("."), m["cur"]), "", 0
    lowered = [w.lower() for w in words[:3]]
    if lowered and lowered[0] in _MEASURES:
        unit = lowered[0]
        used = 1
        if len(lowered) > 1 and lowered[1] in _AREA:
            unit += " " + lowered[1]
            used = 2
        return unit, "", used
    noun = _noun_after(words)
    return "count", noun, (1 if noun else 0)


def _lead_skip(words: list[str]) -> int:
    return 1 if words and words[0].lower() in {"dari", "untuk"} else 0


def _noun_after(words: list[str], skip: int = 0) -> str:
    sw = stopwords()
    for w in words[skip : skip + 1]:
        low = w.lower()
        if low in _STOP_NOUN or low in sw or not w.islower():
            return ""
        base = stem(low)
        return NOUN_SYNONYMS.get(base, NOUN_SYNONYMS.get(low, base))
    return ""


def _span_of_words(after: str, n: int) -> int:
    if n <= 0:
        return 0
    found = list(_WORD.finditer(after))
    return found[n - 1].end() if len(found) >= n else 0

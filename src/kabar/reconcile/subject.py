"""What a figure is about: counted noun + unit + entity + state + time, read from its sentence.

"sekitar 14.000 tentara dari Korea Utara bertempur" and "lebih dari 10.000 tentara" are about the same
thing (North Korean troops); "sekitar 4.000 tentara Korea Utara telah tewas atau terluka" is not (it
counts casualties), nor is "tambahan 25.000 hingga 30.000 tentara" (an addition) or "100 rudal sepanjang
2024" next to "13 rudal pada Rabu". Hand-written rules over the words around the figure: there is no
Indonesian semantic-role labeller to lean on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kabar.lang.stem import stem
from kabar.lang.wordlists import CLAIM_STATES, ENTITY_ALIASES, NOUN_SYNONYMS
from kabar.model import Quantity

# Unit -> (canonical unit, factor to it): 35 mil persegi and 90 kilometer persegi are the same area.
UNITS: dict[str, tuple[str, float]] = {
    "km": ("kilometer", 1.0), "kilometer": ("kilometer", 1.0), "m": ("kilometer", 1e-3),
    "meter": ("kilometer", 1e-3), "cm": ("kilometer", 1e-5), "mil": ("kilometer", 1.609344),
    "kilometer persegi": ("kilometer persegi", 1.0), "km persegi": ("kilometer persegi", 1.0),
    "mil persegi": ("kilometer persegi", 2.589988), "meter persegi": ("kilometer persegi", 1e-6),
    "m persegi": ("kilometer persegi", 1e-6), "hektare": ("kilometer persegi", 0.01),
    "hektar": ("kilometer persegi", 0.01), "ha": ("kilometer persegi", 0.01),
    "kg": ("kilogram", 1.0), "kilogram": ("kilogram", 1.0), "gram": ("kilogram", 1e-3), "ton": ("kilogram", 1e3),
    "pekan": ("minggu", 1.0), "minggu": ("minggu", 1.0),
}
_CLAUSE_END = re.compile(r"[,;:()\[\]—–]|\s-\s|\.(?:\s|$)")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# Figures reported through a day (markets, casualty counts) differ by when: "pagi ini" vs "sore ini".
_DATE = re.compile(r"\b(\d{1,2}/\d{1,2})(?:/\d{2,4})?\b")
_DAYPART = re.compile(
    r"\b(pagi|siang|sore|petang|malam|dini hari|sesi i{1,2}\b|pembukaan|penutupan|dibuka|ditutup)", re.I
)
# Between a counted noun and the entity it belongs to: "tentara (militer) (dari|asal|milik) Korea Utara".
_OF_WORDS = {"dari", "asal", "milik", "militer", "negara", "pemerintah", "rezim", "angkatan", "bersenjata"}
_SKIP_STATE = {"telah", "sudah", "yang", "dilaporkan", "diperkirakan", "disebut", "dikabarkan", "atau", "dan",
               "ikut", "turut", "dalam", "akibat", "karena", "di", "yg"}
_ADD_BEFORE = {"tambahan"}
_ADD_AFTER = {"tambahan", "lagi", "baru"}


@dataclass(frozen=True, slots=True)
class Subject:
    noun: str  # canonical counted (or measured) noun; the unit when there is none
    unit: str  # canonical unit
    entity: str | None  # whose: "Korea Utara"; None = not said (compatible with any)
    state: str  # "" | "tewas" | "luka" | "tewas/luka" ...: what happened to them
    addition: bool  # "tambahan": an increment, not a total
    year: str | None  # the year the figure is about, when the clause names one
    when: str | None = None  # a date or a part of the day the sentence names ("11/9", "pagi", "sesi I")

    def label(self) -> str:
        """Human-readable subject: "tentara Korea Utara", "tentara Korea Utara (tambahan)"."""
        parts = [self.noun]
        if self.entity:
            parts.append(self.entity)
        if self.state:
            parts.append(self.state)
        text = " ".join(parts)
        extras = [x for x in ("tambahan" if self.addition else "", self.year or "") if x]
        return f"{text} ({', '.join(extras)})" if extras else text


def canonical_noun(noun: str) -> str:
    """Synonyms merged ("pasukan", "prajurit" -> "tentara"); Sastrawi's stem only to find a synonym."""
    low = noun.lower()
    return NOUN_SYNONYMS.get(low) or NOUN_SYNONYMS.get(stem(low)) or low


def canonical_unit(unit: str) -> tuple[str, float]:
    return UNITS.get(unit, (unit, 1.0))


def canonical_entity(name: str) -> str:
    low = name.lower()
    if low in ENTITY_ALIASES:
        return ENTITY_ALIASES[low]
    words = low.split()
    for n in range(len(words) - 1, 0, -1):  # "Korea Utara Kim" -> the longest known prefix
        if " ".join(words[:n]) in ENTITY_ALIASES:
            return ENTITY_ALIASES[" ".join(words[:n])]
    return name


def subject_of(sentence: str, q: Quantity) -> Subject:
    start = sentence.find(q.text) if q.text else -1
    if start < 0:
        start = 0
    end = start + len(q.text)
    clause_start, clause_end = _clause(sentence, start, end)
    before = sentence[clause_start:start]
    after = sentence[end:clause_end]
    unit, _ = canonical_unit(q.unit)
    noun = canonical_noun(q.noun) if q.noun else unit
    after_words = _WORD.findall(after)
    before_words = [w.lower() for w in _WORD.findall(before)]
    entity = _entity_after(after_words)
    return Subject(
        noun=noun,
        unit=unit,
        entity=entity,
        state=_state(after_words, before_words),
        addition=bool(set(before_words[-3:]) & _ADD_BEFORE) or bool({w.lower() for w in after_words[:3]} & _ADD_AFTER),
        year=_year(sentence[clause_start:clause_end], start - clause_start),
        when=_when(sentence),
    )


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _CLAUSE_END.finditer(sentence, 0, start):
        left = m.end()
    m = _CLAUSE_END.search(sentence, end)
    return left, (m.start() if m else len(sentence))


def _entity_after(words: list[str]) -> str | None:
    """The capitalized run right after the noun, past "dari", "asal", "militer": "Korea Utara"."""
    i = 0
    while i < len(words) and i < 3 and words[i].lower() in _OF_WORDS and words[i].islower():
        i += 1
    run: list[str] = []
    for w in words[i : i + 4]:
        if w[:1].isupper():
            run.append(w)
        else:
            break
    return canonical_entity(" ".join(run)) if run else None


def _state(after: list[str], before: list[str]) -> str:
    """States named right after the counted noun ("… telah tewas atau terluka"), or just before the
    figure ("korban tewas mencapai 50 orang", "menewaskan 12 orang")."""
    found: list[str] = []
    for w in (x.lower() for x in after[:8]):
        if w in CLAIM_STATES:
            if CLAIM_STATES[w] not in found:
                found.append(CLAIM_STATES[w])
        elif found and w not in _SKIP_STATE:
            break
    for w in before[-3:]:
        key = CLAIM_STATES.get(w) or _causative_state(w)
        if key and key not in found:
            found.append(key)
    return "/".join(sorted(found))


def _causative_state(word: str) -> str | None:
    """"menewaskan" -> "tewas", "melukai" -> "luka"."""
    return {"menewaskan": "tewas", "membunuh": "tewas", "melukai": "luka", "mencederai": "luka"}.get(word)


def _when(sentence: str) -> str | None:
    date = _DATE.search(sentence)
    part = _DAYPART.search(sentence)
    parts = [x for x in (date.group(1) if date else "", part.group(1).lower() if part else "") if x]
    return " ".join(parts) or None


def _year(clause: str, at: int) -> str | None:
    years = [(abs(m.start() - at), m.group(0)) for m in _YEAR.finditer(clause)]
    return min(years)[1] if years else None

"""Numbers with their unit, counted noun and qualifier, in Indonesian news sentences.

Hand-written patterns: no library parses Indonesian quantities (6.000 pasukan, 2,3 persen, Rp 5 triliun,
25.000 hingga 30.000 tentara, lebih dari 10.000, tiga bulan, puluhan ribu orang) and their qualifiers.

`Quantity.noun` is what is counted ("tentara", "pekerja"), or for a measure, a sum or a percentage
without one, the word it measures ("wilayah sekitar 90 kilometer persegi" -> "wilayah"): two figures
are only compared when they are about the same thing (see `kabar.reconcile`).
"""

from __future__ import annotations

import re

from kabar.extract.attribution import attribution_of
from kabar.lang.numbers import (
    NUMBER,
    SOME_WORDS,
    VAGUE_NUMBERS,
    WORD_NUMBERS,
    magnitude,
    parse_number,
    parse_number_words,
    se_number,
)
from kabar.lang.wordlists import CLAIM_STATES, CURRENCIES, MAGNITUDES, stopwords
from kabar.model import Quantity, Sentence

_QUALIFIERS = {
    # qualifier -> (low factor, high factor); None = unbounded on that side
    "sekitar": (0.9, 1.1), "kira-kira": (0.9, 1.1), "kurang lebih": (0.9, 1.1), "lebih kurang": (0.9, 1.1),
    "hampir": (0.9, 1.0), "nyaris": (0.9, 1.0), "mendekati": (0.9, 1.0),
    "lebih dari": (1.0, None), "di atas": (1.0, None), "setidaknya": (1.0, None), "sedikitnya": (1.0, None),
    "paling sedikit": (1.0, None), "minimal": (1.0, None), "sekurangnya": (1.0, None),
    "sekurang-kurangnya": (1.0, None),
    "hingga": (None, 1.0), "sampai": (None, 1.0), "maksimal": (None, 1.0), "paling banyak": (None, 1.0),
    "kurang dari": (None, 1.0), "di bawah": (None, 1.0), "tak lebih dari": (None, 1.0),
    "tidak lebih dari": (None, 1.0), "sebanyak-banyaknya": (None, 1.0),
}
_QUAL_RE = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_MAG_RE = "|".join(MAGNITUDES)
_CUR_RE = r"Rp\.?|US\$|USD|IDR|\$|€"
_QUANTITY = re.compile(
    rf"(?<![\w/.,])(?<![A-Za-z]-)(?:(?P<qual>{_QUAL_RE})\s+)?(?P<cur>{_CUR_RE})?\s?(?P<num>{NUMBER})(?:\s?(?P<mag>{_MAG_RE})\b)?"
    rf"(?:\s*(?P<pct1>%|persen\b))?"
    rf"(?:\s*(?:hingga|sampai|-|–|—)\s*(?P<num2>{NUMBER})(?:\s?(?P<mag2>{_MAG_RE})\b)?)?(?![\w/]|[.,]\d)"
    rf"(?:\s*(?P<pct>%|persen\b))?",
    re.IGNORECASE,
)
# Where the words that belong to a figure end: "menjadi 978, indeks JII …" does not count indexes.
_CLAUSE_STOP = re.compile(r"[,;:!?()\[\]\"“”]|\.(?=\s|$)")
TIME_UNITS = {"jam", "menit", "detik", "hari", "pekan", "minggu", "bulan", "tahun", "abad", "dekade", "windu"}
_MEASURES = {
    "kilometer", "km", "meter", "m", "mil", "cm", "hektare", "hektar", "ha", "ton", "kg", "kilogram", "gram",
    "liter", "barel", "unit", "kali", "derajat", "megawatt", "mw", "gigawatt", "kwh", "knot", "bps", "poin",
} | TIME_UNITS
_AREA = {"persegi", "kubik"}
_SECOND_WORD = {"basis": "poin"}  # "25 basis poin"
# Words after a duration that make it a point in time ("tiga bulan lalu", "dalam dua pekan terakhir").
_RELATIVE = {"lalu", "silam", "terakhir", "mendatang", "kemudian", "sebelumnya", "lagi", "belakangan", "depan",
             "sebelum", "setelah", "sesudah", "usai", "kemarin", "ini", "setelahnya", "sesudahnya", "berikutnya"}
_STOP_NOUN = {"di", "ke", "dari", "untuk", "yang", "pada", "dan", "atau", "dengan", "dalam", "oleh", "sejak", "per",
              "ini", "itu", "lalu", "terakhir", "mendatang", "lagi", "saja", "pun", "sama", "kali"}
# Classifiers: "tiga orang korban", "lima buah rumah" count what follows them.
_CLASSIFIERS = {"orang", "buah", "ekor", "biji", "lembar", "batang", "butir", "pucuk", "helai", "potong", "unit"}
# Words between a measured noun and its figure: "wilayah seluas sekitar 90 km2", "kerugian mencapai Rp 5 miliar".
_LINKERS = {"seluas", "sepanjang", "setinggi", "sejauh", "selama", "sebesar", "sebanyak", "senilai", "seberat",
            "sekitar", "mencapai", "hingga", "sampai", "kurang", "lebih", "dari", "hampir", "total", "setara",
            "sedikitnya", "setidaknya", "minimal", "maksimal", "yakni", "yaitu", "adalah", "sekira", "kira-kira",
            "tercatat", "menjadi", "sejumlah", "berjumlah", "kini", "masih", "baru", "sudah", "telah", "nyaris",
            "di", "atas", "bawah", "paling", "banyak", "tambahan", "capai", "sebesar-besarnya", "naik", "turun",
            "tumbuh", "meningkat", "menurun", "melonjak", "anjlok", "merosot", "bertambah", "berkurang",
            "menyentuh", "menembus", "kembali", "level", "kisaran", "posisi", "angka"}
# Nouns Sastrawi's stopword list holds that are often counted ("tiga orang", "12 kasus").
_COUNTABLE = {"orang", "kasus", "pihak", "tempat", "ibu", "bapak", "bagian", "masalah", "keluarga", "pertanyaan"}
_VERB_PREFIX = re.compile(r"^(?:me|di|ber|ter)[a-z]{4,}$")
# Verb forms that cannot be what a figure counts ("skor 3-2 diharapkan", "dua kali menjuarai").
_VERB_FORM = re.compile(r"^(?:(?:me|di|per)[a-z]{3,}(?:kan|i)|ber[a-z]{4,}|ter[a-z]{3,}(?:kan|i))$")
_NOT_VERBS = {"menteri", "bersaudara", "berita", "bernilai"}
_MONTHS = {"januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember", "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "sep", "okt", "nov", "des"}
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
_NUMBER_STARTS = (
    {w for w, v in WORD_NUMBERS.items() if w != "se"} | set(VAGUE_NUMBERS) | {"sejuta", "semiliar"}
)


def extract_quantities(text: str, sentences: list[Sentence]) -> list[Quantity]:
    """Every figure of every sentence that counts or measures something (dates, years, relative times
    like "tiga bulan lalu" and bare numbers are not claims)."""
    out: list[Quantity] = []
    for i, sent in enumerate(sentences):
        out.extend(sentence_quantities(sent.text, i))
    return out


def sentence_quantities(sentence: str, index: int = 0, *, loose: bool = False) -> list[Quantity]:
    """Figures of one sentence, in order. `loose` also keeps relative times ("dalam tiga bulan terakhir")
    and "some" words ("beberapa bulan", qualifier "beberapa", no bounds): what a rewrite may change
    without it being a claim of its own (`kabar.reconcile.drift`)."""
    found: list[tuple[int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    for m in _QUANTITY.finditer(sentence):
        q = _digit_quantity(sentence, m, index, loose)
        taken.append((m.start(), m.end()))
        if q is not None:
            found.append((m.start(), q))
    words = list(_WORD.finditer(sentence))
    lowered = [w.group(0).lower() for w in words]
    j = 0
    while j < len(words):
        start = words[j].start()
        if any(a <= start < b for a, b in taken):
            j += 1
            continue
        q, used = _word_quantity(sentence, words, lowered, j, index, loose)
        if q is not None:
            found.append((start, q))
        j += max(used, 1)
    found.sort(key=lambda x: x[0])
    return [q for _, q in found]


def _digit_quantity(sentence: str, m: re.Match[str], index: int, loose: bool) -> Quantity | None:
    value = parse_number(m["num"])
    if value is None:
        return None
    before = sentence[: m.start()].rstrip().lower()
    after = sentence[m.end() :]
    if re.match(r"-[A-Za-z]", after) and not re.match(r"-an\b", after):
        return None  # "7-day", "U-22": part of a name
    if before.endswith(("pukul", "jam", "pk.", "pkl.")) and not m["cur"]:
        return None  # a clock time: "sekitar pukul 6 waktu Jakarta"
    words = _clause_words(after)
    pct = m["pct"] or m["pct1"]
    # Years and dates are time expressions, not quantities.
    if not m["cur"] and not pct and not m["mag"] and _is_year_or_date(m["num"], before, words):
        return None
    value *= magnitude(m["mag"] or "")
    high_value = None
    if m["num2"]:
        v2 = parse_number(m["num2"])
        if v2 is not None:
            high_value = v2 * magnitude(m["mag2"] or m["mag"] or "")
        if high_value is not None and high_value < value:
            return None  # "skor 3-2", "18-19 September": not a range
    elif re.match(r"-an\b", after) and value >= 10:  # "Rp14.000-an": fourteen thousand and some
        step = 10 ** (len(str(int(value))) - len(str(int(value)).rstrip("0")))
        high_value = value + step - 1
    if pct:
        unit, noun, used = "%", _noun_after(words, skip=_lead_skip(words)), 0
    elif m["cur"]:
        unit, noun, used = CURRENCIES.get(m["cur"].lower().rstrip("."), m["cur"]), "", 0
    else:
        unit, noun, used = _unit_and_noun(words)
    qual = (m["qual"] or "").lower() or _qualifier_before(before)
    low, high = _bounds(value, high_value, qual)
    return _finish(sentence, m.start(), m.end(), after, index, value, low, high, unit, noun, used, qual, loose)


def _word_quantity(sentence: str, words: list[re.Match[str]], lowered: list[str], j: int, index: int,
                   loose: bool) -> tuple[Quantity | None, int]:
    first = lowered[j]
    prev = lowered[j - 1] if j else ""
    if j and words[j].group(0)[:1].isupper():
        return None, 1  # "Lima" mid-sentence is the city
    se = se_number(first)
    if se is not None:  # "sebulan", "setahun"
        value, unit = se
        qual = _qualifier_before(sentence[: words[j].start()].rstrip().lower())
        low, high = _bounds(value, None, qual)
        end = words[j].end()
        return _finish(sentence, words[j].start(), end, sentence[end:], index, value, low, high, unit, "", 0,
                       qual, loose), 1
    if first not in _NUMBER_STARTS and not (loose and first in SOME_WORDS):
        return None, 1
    if prev in {"salah", "ke", "nomor", "no", "pukul", "jam"}:  # "salah satu", "pukul tiga"
        return None, 1
    parsed = parse_number_words(lowered[j:])
    if parsed is None:
        return None, 1
    last = words[j + parsed.words - 1]
    after = sentence[last.end() :]
    if after.lstrip()[:1].isdigit():
        return None, parsed.words  # "paling banyak 10 orang": the digits are the figure
    after_words = _clause_words(after)
    unit, noun, used = _unit_and_noun(after_words)
    before = sentence[: words[j].start()].rstrip().lower()
    if parsed.vague:
        qual_word = first
        low, high = parsed.low, parsed.high
    else:
        qual_word = _qualifier_before(before)
        low, high = _bounds(parsed.value, None, qual_word)
    q = _finish(sentence, words[j].start(), last.end(), after, index, parsed.value, low, high, unit, noun, used,
                qual_word, loose)
    return q, parsed.words


def _finish(sentence: str, start: int, end: int, after: str, index: int, value: float, low: float | None,
            high: float | None, unit: str, noun: str, used: int, qual: str, loose: bool) -> Quantity | None:
    words = _clause_words(after)
    if unit in TIME_UNITS:
        time_noun, extra = _time_noun(unit, words[used:], loose)
        if time_noun is None:
            return None
        noun, used = time_noun, used + extra
    if unit == "count" and not noun:
        return None  # a bare number with nothing counted carries no claim
    if not noun and unit not in ("count",):
        noun = _noun_before(sentence[:start])
    span_end = end + _span_of_words(after, used)
    return Quantity(
        sentence=index,
        value=value,
        low=low,
        high=high,
        unit=unit,
        noun=noun,
        text=sentence[start:span_end].strip(),
        qualifier=qual,
        attributed_to=attribution_of(sentence),
    )


def _time_noun(unit: str, words: list[str], loose: bool) -> tuple[str | None, int]:
    """A duration is a claim only with what it measures after it ("tiga tahun penjara"); "tiga bulan
    lalu" is a point in time, not a figure (kept when `loose`)."""
    nxt = words[0].lower() if words else ""
    if nxt and nxt not in _RELATIVE and _content_word(nxt) and words[0].islower():
        return _noun_key(nxt), 1
    return ("" if loose else None), 0


def _bounds(value: float, high_value: float | None, qual: str) -> tuple[float | None, float | None]:
    if high_value is not None:
        return value, high_value
    if qual in _QUALIFIERS:
        lf, hf = _QUALIFIERS[qual]
        return (round(value * lf, 6) if lf is not None else None, round(value * hf, 6) if hf is not None else None)
    return value, value


def _qualifier_before(before: str) -> str:
    prev = before.split()[-3:] if before else []
    for n in (3, 2, 1):
        cand = " ".join(prev[-n:])
        if len(prev) >= n and cand in _QUALIFIERS:
            return cand
    return ""


def _is_year_or_date(num: str, before: str, words: list[str]) -> bool:
    if re.fullmatch(r"(19|20)\d\d", num):
        return True
    prev = before.split()[-1:] if before else []
    return bool(prev and prev[0].strip("(,") in _MONTHS) or bool(words and words[0].lower() in _MONTHS)


def _unit_and_noun(words: list[str]) -> tuple[str, str, int]:
    """(unit, counted-noun key, number of words consumed after the number)."""
    lowered = [w.lower() for w in words[:3]]
    if lowered and lowered[0] in _SECOND_WORD and len(lowered) > 1 and lowered[1] == _SECOND_WORD[lowered[0]]:
        return f"{lowered[0]} {lowered[1]}", "", 2
    if lowered and lowered[0] in _MEASURES:
        unit = lowered[0]
        used = 1
        if len(lowered) > 1 and lowered[1] in _AREA:
            unit += " " + lowered[1]
            used = 2
        return unit, "", used
    if lowered and lowered[0] in _CLASSIFIERS and len(words) > 1:
        nxt = words[1].lower()
        # "tiga orang korban" counts victims; "tiga orang tewas" counts people (what follows is a predicate).
        noun = "" if nxt in CLAIM_STATES or _VERB_PREFIX.match(nxt) else _noun_after(words[1:])
        if noun:
            # "522 juta lembar saham" (shares traded) is not "493 saham" (listed stocks); "orang" adds nothing.
            return "count", noun if lowered[0] == "orang" else f"{lowered[0]} {noun}", 2
    noun = _noun_after(words)
    return "count", noun, (1 if noun else 0)


def _lead_skip(words: list[str]) -> int:
    return 1 if words and words[0].lower() in {"dari", "untuk"} else 0


def _noun_after(words: list[str], skip: int = 0) -> str:
    for w in words[skip : skip + 1]:
        low = w.lower()
        if not _content_word(low) or not w.islower() or low in _MONTHS:
            return ""
        return _noun_key(low)
    return ""


def _content_word(low: str) -> bool:
    return low not in _STOP_NOUN and (low in _COUNTABLE or low not in stopwords()) and (
        not _VERB_FORM.match(low) or low in _NOT_VERBS
    )


def _noun_before(before: str) -> str:
    """The word a measure, sum or percentage is about: the nearest content word before the figure,
    skipping linking words ("wilayah seluas sekitar 90 km2", "kerugian mencapai Rp 5 miliar")."""
    stops = list(_CLAUSE_STOP.finditer(before))
    if stops:
        before = " " * stops[-1].end() + before[stops[-1].end() :]  # same offsets, earlier clauses blanked
    for m in reversed(list(_WORD.finditer(before))[-6:]):
        w = m.group(0)
        low = w.lower()
        if (low in _LINKERS or low in _QUALIFIERS or low in _MEASURES or low in _AREA or low in _SECOND_WORD
                or _VERB_PREFIX.match(low)):
            continue  # "90 kilometer persegi", "IHSG dibuka melemah 4,2 poin": not what is measured
        if any(ch.isdigit() for ch in before[m.end() :]):
            return ""  # "turun 25 basis poin menjadi 5,25%": another figure stands in between
        first = not before[: m.start()].strip(" \"'“‘(")  # capitalized only because it opens the sentence
        if not _content_word(low) or not (w.islower() or first):
            return ""
        return _noun_key(low)
    return ""


def _clause_words(after: str) -> list[str]:
    """The words after a figure up to the end of its clause."""
    stop = _CLAUSE_STOP.search(after, 0, 120)
    return _WORD.findall(after[: stop.start() if stop else 80])


def _noun_key(word: str) -> str:
    """A counted noun as written, without a possessive "-nya" ("korbannya" -> "korban")."""
    if word.endswith("nya") and len(word) > 5:
        word = word[:-3]
    return word


def _span_of_words(after: str, n: int) -> int:
    if n <= 0:
        return 0
    found = list(_WORD.finditer(after))
    return found[n - 1].end() if len(found) >= n else 0

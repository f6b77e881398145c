"""Time expressions in Indonesian news, normalized to calendar dates.

Absolute dates ("12/7/2025", "19 Juni 2024", "Sabtu (12/7)", "November 2024", "2024") and expressions
relative to the article's publication date ("Sabtu", "Juni lalu", "tahun lalu", "kemarin", "pekan depan",
"tiga bulan lalu", "akhir tahun ini") become a value and an inclusive range of days:

- `value` is an ISO 8601 date at the precision of the expression: "2025-07-12" (a day), "2025-06" (a
  month), "2024" (a year), "2025-W28" (an ISO week); None when the expression is a range or fuzzy
  ("akhir Juni lalu", "18-19 September", "lebih dari tiga tahun lalu") or cannot be resolved;
- `low`/`high` are the first and last day it covers ("2025-06-21".."2025-06-30"); None on an open side
  ("lebih dari tiga tahun lalu" has no low) or when unresolved.

Conventions (the gold set in kabar/eval/gold/extract follows them):
- a bare weekday or month is the latest one on or before the publication date, or the next one on or
  after it when the sentence speaks of the future (akan, dijadwalkan, mendatang, ...): news mostly
  reports what happened. "Juni lalu" is the latest June not after the publication month, "Oktober
  mendatang" the next October not before it; a day and month without a year take the year that puts
  them nearest to the publication date;
- awal / pertengahan / akhir split a month into days 1-10, 11-20, 21-end, a year into Jan-Apr, May-Aug,
  Sep-Dec, and "akhir pekan" is Saturday-Sunday;
- "N satuan lalu" is the day, ISO week, month or year that far back; "hampir N ... lalu" is the range
  from there to the publication date, "lebih dari N ... lalu" is open before it;
- a deictic word inside a quotation whose speech tag carries a date ("... tadi malam," katanya Selasa
  (17/9/2019)) is resolved against that date, not the publication date.

Not extracted: clock times (pukul 10.00), durations (selama tiga hari), expressions anchored to another
event rather than to the publication (sehari setelahnya, saat itu), vague ones (beberapa pekan
terakhir, kini, belakangan ini), seasons, and years inside names (Pilpres 2019, UU Nomor 30 Tahun 2002).

Hand-written: dateparser and similar libraries parse a date string you already isolated; none finds
Indonesian time expressions in running text or resolves "Juni lalu" against a publication date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kabar.lang.numbers import parse_number_words, se_number
from kabar.model import Sentence, TimeExpression

# TimeExpression lives in kabar.model (Article.times); re-exported here.
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nopember": 11, "nov": 11,
    "desember": 12, "des": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
            "ahad": 6}
_FULL_MONTH = r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|nopember|desember"
# Abbreviations only where a day or a year is next to them ("Sept 2019", "5 Okt"): "mar", "des" are words too.
_ANY_MONTH = _FULL_MONTH + r"|jan|feb|mar|apr|jun|jul|agu|agt|ags|sept|sep|okt|nov|des"
_WD = r"senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad"
# Before a written date: a weekday with its modifiers ("Jumat pekan lalu (26/7/2019)", "Selasa pagi
# (17/9/2019)") or a deictic word in apposition ("Kemarin, Sabtu (7/9/2019)", "hari ini (15/5)").
_WD_PREFIX = (rf"(?:(?:kemarin|hari\s+ini|besok)\s*,?\s*)?(?:(?:hari\s+)?(?P<wd>{_WD})"
              rf"(?:\s+(?:pagi|siang|sore|malam|petang|dini\s+hari|lalu|kemarin|ini|(?:pekan|minggu)\s+lalu))*\s*,?\s*)?")
_PART = r"(?:(?P<part>awal|pertengahan|medio|akhir)\s+)?"
_NUMWORD = r"(?:(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|belas|puluh|ratus)\s+)+"
_UNIT = r"hari|pekan|minggu|bulan|tahun|dekade"
_FUTURE = re.compile(r"\b(?:akan|bakal|mendatang|nanti|dijadwalkan|rencananya|direncanakan|berencana|bersiap|hendak|"
                     r"depan)\b", re.I)
_PAST = re.compile(r"\b(?:telah|sudah|pernah|lalu|silam|sempat)\b", re.I)
# A bare month this close ahead of the publication month is more likely coming than a year old.
_NEAR_FUTURE_MONTHS = 3
# Words that may precede a year in running text (capitalized at a sentence start): anything else
# capitalized right before a year makes it part of a name ("Pilpres 2019", "MotoGP 2019").
_YEAR_LEADS = {"tahun", "pada", "sejak", "hingga", "sampai", "awal", "akhir", "pertengahan", "medio", "sepanjang",
               "selama", "per", "mulai", "dari", "jelang", "menjelang", "periode", "dan", "atau", "di", "ke", "era",
               "sebelum", "setelah", "usai", "antara", "tahun-tahun"} | set(MONTHS)
_AMOUNT_WORDS = {"sebanyak", "sejumlah", "total", "berjumlah", "senilai", "sebesar", "hampir", "setidaknya",
                 "sedikitnya", "sekitar", "mencapai", "rp", "rp.", "lebih", "kurang", "capai", "ada"}
_YEAR_FOLLOWERS = {"lalu", "silam", "kemarin", "ini", "itu", "mendatang", "nanti", "dan", "atau", "hingga", "sampai",
                   "yang", "ke", "di", "dengan", "untuk", "saat", "ketika", "sebagai", "setelah", "sebelum", "selama",
                   "sejak", "pada", "oleh", "dalam", "lewat", "melalui", "menjadi", "adalah", "merupakan", "akan",
                   "sudah", "telah", "juga", "pun", "baru", "an"}
_DEICTIC_DAYS = {"hari ini": 0, "kemarin": -1, "kemarin lusa": -2, "besok": 1, "lusa": 2, "besok lusa": 2,
                 "tadi malam": -1, "malam tadi": -1}


class _Ctx:
    def __init__(self, text: str, pub: date | None) -> None:
        self.text = text
        self.pub = pub
        self.future = bool(_FUTURE.search(text))
        self.past = bool(_PAST.search(text))


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    value: str | None
    low: date | None
    high: date | None
    relative: bool
    kind: str  # "absolute" (written in full), "dated" (day and month written), "deictic" (all else)


Handler = Callable[[re.Match[str], _Ctx], "_Found | None"]


def extract_times(sentences: Sequence[Sentence], published: str | None) -> list[TimeExpression]:
    """Every time expression of every sentence, normalized against `published` (ISO date or datetime)."""
    pub = parse_published(published)
    out: list[TimeExpression] = []
    for i, sent in enumerate(sentences):
        for f in _sentence(sent.text, pub):
            out.append(TimeExpression(i, sent.text[f.start:f.end], sent.start + f.start, sent.start + f.end,
                                      f.value, _iso(f.low), _iso(f.high), f.relative))
    return out


def sentence_times(text: str, published: str | None, index: int = 0) -> list[TimeExpression]:
    """The time expressions of one sentence (offsets into `text`)."""
    return extract_times([Sentence(0, len(text), text)], published) if text else []


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _sentence(text: str, pub: date | None) -> list[_Found]:
    # re.IGNORECASE matches these four to ASCII letters, which the handlers' lower() and look-ups do not
    # expect ("\u017feptember" found, then not in MONTHS); one character each, so offsets are unchanged
    text = text.translate(_RE_FOLDS)
    words = frozenset(_LETTER_RUN.findall(text.lower()))
    rules = [rule for rule, needs in zip(_RULES, _NEEDS, strict=True) if needs(text, words)]
    if not rules:
        return []
    ctx = _Ctx(text, pub)
    cands: list[_Found] = []
    for pattern, handler in rules:
        for m in pattern.finditer(text):
            f = handler(m, ctx)
            if f is not None:
                cands.append(f)
    # Longest first, then leftmost: "Sabtu (12/7/2025)" wins over "Sabtu" and "12/7/2025".
    cands.sort(key=lambda f: (-(f.end - f.start), f.start))
    chosen: list[_Found] = []
    for f in cands:
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    chosen.sort(key=lambda f: f.start)
    return _reanchor_quotes(text, chosen)


# ------------------------------------------------------------------------------------------ calendar


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _day(d: date) -> tuple[str, date, date]:
    return d.isoformat(), d, d


def _month(y: int, m: int) -> tuple[str, date, date]:
    return f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _year(y: int) -> tuple[str, date, date]:
    return f"{y:04d}", date(y, 1, 1), date(y, 12, 31)


def _week(d: date) -> tuple[str, date, date]:
    iso = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return f"{iso[0]}-W{iso[1]:02d}", monday, monday + timedelta(days=6)


def _part(part: str | None, low: date, high: date, unit: str) -> tuple[date, date]:
    """awal/pertengahan/akhir of a month, a year or a week."""
    if not part:
        return low, high
    idx = {"awal": 0, "pertengahan": 1, "medio": 1, "akhir": 2}[part.lower()]
    if unit == "month":
        starts, ends = (1, 11, 21), (10, 20, high.day)
        return low.replace(day=starts[idx]), low.replace(day=ends[idx])
    if unit == "year":
        return date(low.year, 4 * idx + 1, 1), _add_months(date(low.year, 4 * idx + 4, 1), 1) - timedelta(days=1)
    # a week: Monday-Tuesday, Wednesday-Thursday, the weekend
    first, last = ((0, 1), (2, 3), (5, 6))[idx]
    return low + timedelta(days=first), low + timedelta(days=last)


def _finish(m: re.Match[str], span: tuple[str, date, date] | None, relative: bool, kind: str,
            part: str | None = None, unit: str = "") -> _Found | None:
    if span is None:
        return _Found(m.start(), m.end(), None, None, None, relative, kind)
    value, low, high = span
    if part:
        low, high = _part(part, low, high, unit)
        value = None
    return _Found(m.start(), m.end(), value, low, high, relative, kind)


def _year_of(token: str) -> int:
    y = int(token)
    if len(token) == 2:
        y += 2000 if y < 70 else 1900
    return y


def _nearest_year(ctx: _Ctx, month: int, day: int, mod: str = "") -> int | None:
    """The year that puts day/month nearest to the publication date (or before/after it, by `mod`)."""
    if ctx.pub is None:
        return None
    options = []
    for y in (ctx.pub.year - 1, ctx.pub.year, ctx.pub.year + 1):
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    if mod in ("lalu", "kemarin", "silam"):
        options = [d for d in options if d <= ctx.pub] or options
    elif mod in ("mendatang", "nanti", "depan"):
        options = [d for d in options if d >= ctx.pub] or options
    return min(options, key=lambda d: abs((d - ctx.pub).days)).year if options else None


def _month_year(ctx: _Ctx, month: int, mod: str) -> int | None:
    if ctx.pub is None:
        return None
    y, pm = ctx.pub.year, ctx.pub.month
    if mod.startswith("tahun"):
        return y + {"lalu": -1, "ini": 0, "depan": 1}[mod.split()[-1]]
    if mod == "ini":
        return y
    ahead = (month - pm) % 12
    future = mod in ("mendatang", "depan", "nanti") or (
        not mod and (ctx.future or (not ctx.past and 0 < ahead <= _NEAR_FUTURE_MONTHS)))
    if future:
        return y if month >= pm else y + 1
    return y if month <= pm else y - 1


# -------------------------------------------------------------------------------------------- rules


def _numeric_date(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    d, mo = int(m["d"]), int(m["m"])
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    # Without a year, "12/7" is a date only in the news style "Sabtu (12/7)" or after "tanggal":
    # elsewhere it may be a score or a ratio ("24/7").
    if not m["y"] and not (m["open"] or m["wd"] or m["tgl"]):
        return None
    if m["y"]:
        y, relative = _year_of(m["y"]), False
    else:
        y, relative = _nearest_year(ctx, mo, d, (m["mod"] or "").lower()), True
    if y is None:
        return _finish(m, None, True, "dated")
    try:
        return _finish(m, _day(date(y, mo, d)), relative, "absolute" if not relative else "dated")
    except ValueError:
        return None


def _named_date(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    mo = MONTHS[m["m"].lower().rstrip(".")]
    d = int(m["d"])
    d2 = int(m["d2"]) if m["d2"] else None
    if m["y"]:
        y, relative = int(m["y"]), False
    else:
        y, relative = _nearest_year(ctx, mo, d, (m["mod"] or "").lower()), True
    if y is None:
        return _finish(m, None, True, "dated")
    try:
        low = date(y, mo, d)
        high = date(y, mo, d2) if d2 else low
    except ValueError:
        return None
    if high < low:
        return None
    if d2:
        return _Found(m.start(), m.end(), None, low, high, relative, "dated")
    return _finish(m, _day(low), relative, "absolute" if not relative else "dated")


def _month_year_rule(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    mo = MONTHS[m["m"].lower().rstrip(".")]
    return _finish(m, _month(int(m["y"]), mo), False, "absolute", m["part"], "month")


def _bare_month(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    word = m["m"]
    if not m["bulan"] and not word[0].isupper():
        return None
    after = ctx.text[m.end():]
    if not m["mod"] and re.match(r"\s+(?:[A-Z]|\d)", after):
        return None  # "Juni Rahman", "April 2019" (the month-year rule takes it)
    mod = " ".join((m["mod"] or "").lower().split())
    mo = MONTHS[word.lower()]
    y = _month_year(ctx, mo, mod)
    return _finish(m, _month(y, mo) if y else None, True, "deictic", m["part"], "month")


def _year_rule(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    y = int(m["y"])
    before = ctx.text[: m.start("y")]
    if re.search(r"(?:Nomor|No\.?|Nr\.?)\s*\d+\s+(?:Tahun|tahun)\s+$", before):
        return None  # a law's number: "UU Nomor 30 Tahun 2002"
    if re.search(r"(?:Rp\.?|US\$|\$|€)\s*$", before):
        return None
    if not m["kw"] and not m["part"]:
        prev = re.search(r"(\S+)\s+$", before)
        if prev:
            word = prev.group(1)
            low = word.lower().strip(",(")
            initial = not before[: prev.start()].strip(" \"'“‘(")
            if word[:1].isupper() and not initial and low not in _YEAR_LEADS:
                return None  # part of a name: "Pilpres 2019", "MotoGP 2019", "Nucleo 1985"
            if low.isdigit() or low in _AMOUNT_WORDS:
                return None  # "Liga 1 2019", "sebanyak 2000 undangan": a name or an amount
            nxt = re.match(r"\s+([a-z]+)\b", ctx.text[m.end():])
            if nxt and low not in _YEAR_LEADS and nxt.group(1) not in _YEAR_FOLLOWERS:
                return None  # a number counting what follows it, with nothing saying it is a year
    if m["decade"]:
        return _Found(m.start(), m.end(), None, date(y, 1, 1), date(y + 9, 12, 31), False, "absolute")
    if m["y2"]:
        y2 = int(m["y2"])
        if y2 <= y:
            return None
        return _Found(m.start(), m.end(), None, date(y, 1, 1), date(y2, 12, 31), False, "absolute")
    return _finish(m, _year(y), False, "absolute", m["part"], "year")


def _weekday(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    wd_word = m["wd"]
    mod = " ".join((m["mod"] or "").lower().split())
    if wd_word.lower() == "minggu":
        initial = not ctx.text[: m.start()].strip(" \"'“‘(")
        # lowercase "minggu" is a week; so is a sentence-initial "Minggu lalu/ini/depan"
        if not m["hari"] and (wd_word[0].islower() or (initial and mod)):
            return None
    elif not m["hari"] and wd_word[0].islower():
        return None
    if re.match(r"\s+[A-Z]", ctx.text[m.end():]) and not mod:
        # "Jumat Agung" is a feast, a capitalized word after a bare weekday is rarely a date
        if not re.match(r"\s+(?:WIB|WITA|WIT)\b", ctx.text[m.end():]):
            return None
    if ctx.pub is None:
        return _finish(m, None, True, "deictic")
    wd = WEEKDAYS[wd_word.lower()]
    pub = ctx.pub
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    monday = pub - timedelta(days=pub.weekday())
    if mod in ("lalu", "kemarin"):
        d = pub - timedelta(days=back or 7)
    elif mod in ("pekan lalu", "minggu lalu"):
        d = monday - timedelta(days=7 - wd)
    elif mod in ("depan", "mendatang", "nanti"):
        d = pub + timedelta(days=ahead or 7)
    elif mod in ("pekan depan", "minggu depan"):
        d = monday + timedelta(days=7 + wd)
    elif mod in ("ini", "pekan ini", "minggu ini"):
        d = monday + timedelta(days=wd)
    else:
        d = pub + timedelta(days=ahead) if ctx.future else pub - timedelta(days=back)
    return _finish(m, _day(d), True, "deictic")


def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    unit = m["unit"]
    rel = m["rel"].lower()
    if unit.lower() == "hari" and rel != "ini":
        return None
    if unit == "Minggu" and ctx.text[: m.start()].strip(" \"'“‘("):
        return None  # capitalized mid-sentence: Sunday (the weekday rule)
    if _number_before(ctx.text, m.start("unit") if not m["part"] else m.start()):
        return None  # "tiga bulan lalu", "beberapa pekan lalu": the ago rule, or vague
    if ctx.pub is None:
        return _finish(m, None, True, "deictic")
    step = {"lalu": -1, "kemarin": -1, "ini": 0, "depan": 1, "mendatang": 1}[rel]
    u = unit.lower()
    pub = ctx.pub
    if u == "hari":
        return _finish(m, _day(pub), True, "deictic")
    if u in ("pekan", "minggu"):
        return _finish(m, _week(pub + timedelta(days=7 * step)), True, "deictic", m["part"], "week")
    if u == "bulan":
        d = _add_months(pub.replace(day=1), step)
        return _finish(m, _month(d.year, d.month), True, "deictic", m["part"], "month")
    return _finish(m, _year(pub.year + step), True, "deictic", m["part"], "year")


def _number_before(text: str, pos: int) -> bool:
    prev = re.search(r"([\w-]+)\s+$", text[:pos])
    if not prev:
        return False
    w = prev.group(1).lower()
    return w.isdigit() or parse_number_words([w]) is not None or w in ("belasan", "puluhan", "ratusan")


def _amount(m: re.Match[str]) -> tuple[float, str] | None:
    if m["se"]:
        return se_number(m["se"].lower())
    words = m["num"].lower().split()
    if words[0].isdigit():
        return float(words[0]), m["unit"].lower()
    parsed = parse_number_words(words)
    if parsed is None or parsed.vague or parsed.words != len(words):
        return None
    return parsed.value, m["unit"].lower()


def _shift(pub: date, n: float, unit: str) -> tuple[date, tuple[str, date, date]]:
    """The day `n` units before `pub`, and the calendar unit containing it."""
    k = int(n)
    if unit == "hari":
        d = pub - timedelta(days=k)
        return d, _day(d)
    if unit in ("pekan", "minggu"):
        d = pub - timedelta(days=7 * k)
        return d, _week(d)
    if unit == "bulan":
        d = _add_months(pub, -k)
        return d, _month(d.year, d.month)
    years = 10 * k if unit == "dekade" else k
    d = _add_months(pub, -12 * years)
    return d, _year(d.year)


def _ago(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    amount = _amount(m)
    if amount is None or amount[0] != int(amount[0]) or amount[1] not in ("hari", "pekan", "minggu", "bulan",
                                                                          "tahun", "dekade"):
        return None
    if ctx.pub is None:
        return _finish(m, None, True, "deictic")
    day, span = _shift(ctx.pub, *amount)
    q = " ".join((m["q"] or "").lower().split())
    if q == "lebih dari":
        return _Found(m.start(), m.end(), None, None, day, True, "deictic")
    if q in ("hampir", "kurang dari"):
        return _Found(m.start(), m.end(), None, day, ctx.pub, True, "deictic")
    return _finish(m, span, True, "deictic")


def _within(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    amount = _amount(m)
    if amount is None or amount[1] not in ("hari", "pekan", "minggu", "bulan", "tahun"):
        return None
    if ctx.pub is None:
        return _finish(m, None, True, "deictic")
    day, _ = _shift(ctx.pub, *amount)
    return _Found(m.start(), m.end(), None, day, ctx.pub, True, "deictic")


_ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
             "1": 1, "2": 2, "3": 3, "4": 4}


def _period(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    k = _ORDINALS[m["k"].lower()]
    months = {"semester": 6, "kuartal": 3, "kwartal": 3, "triwulan": 3, "caturwulan": 4}[m["kind"].lower()]
    if k * months > 12:
        return None
    y_word = m["y"].lower()
    if y_word.isdigit():
        y, relative = int(y_word), False
    elif ctx.pub is None:
        return _finish(m, None, True, "deictic")
    else:
        y, relative = ctx.pub.year + {"ini": 0, "lalu": -1, "depan": 1}[y_word], True
    low = date(y, (k - 1) * months + 1, 1)
    high = _add_months(low, months) - timedelta(days=1)
    return _Found(m.start(), m.end(), None, low, high, relative, "deictic" if relative else "absolute")


def _deictic(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    word = " ".join(m["w"].lower().split())
    if word in _DEICTIC_DAYS:
        offset = _DEICTIC_DAYS[word]
    elif word.startswith("kemarin"):
        offset = -1  # "kemarin malam"
    elif word.startswith("besok"):
        offset = 1
    elif word.startswith("malam tadi"):
        offset = -1
    else:
        offset = 0  # "pagi tadi", "tadi siang", "malam ini", "dini hari tadi"
    if ctx.pub is None:
        return _finish(m, None, True, "deictic")
    return _finish(m, _day(ctx.pub + timedelta(days=offset)), True, "deictic")


_I = re.IGNORECASE
_RULES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(rf"\b{_WD_PREFIX}(?:(?P<tgl>tanggal|tgl\.?)\s+)?(?P<open>\()?\s*(?<![\d/.])(?P<d>\d{{1,2}})\s*/\s*"
                rf"(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{4}}|\d{{2}}))?(?![\d/])\s*(?(open)\))"
                rf"(?:\s+(?P<mod>lalu|kemarin|mendatang|nanti))?", _I), _numeric_date),
    (re.compile(rf"\b{_WD_PREFIX}(?P<open>\()?(?P<tgl>)(?<![\d/.])(?P<d>\d{{1,2}})-(?P<m>\d{{1,2}})-(?P<y>\d{{4}})\b"
                rf"(?(open)\))(?P<mod>)", _I), _numeric_date),
    (re.compile(rf"\b{_WD_PREFIX}(?:(?:tanggal|tgl\.?)\s+)?(?<![\d/.,])(?P<d>\d{{1,2}})(?:\s*(?:-|–|—|s\.?d\.?|hingga|"
                rf"sampai|dan)\s*(?P<d2>\d{{1,2}}))?\s+(?P<m>{_ANY_MONTH})\b\.?(?:\s+(?P<y>(?:19|20)\d\d)\b)?"
                rf"(?:\s+(?P<mod>lalu|kemarin|mendatang|nanti|silam|depan))?", _I), _named_date),
    (re.compile(rf"\b{_PART}(?:bulan\s+)?(?P<m>{_ANY_MONTH})\.?\s+(?P<y>(?:19|20)\d\d)\b"
                rf"(?:\s+(?:lalu|kemarin|silam))?", _I), _month_year_rule),
    (re.compile(rf"\b{_PART}(?:(?P<bulan>bulan)\s+)?(?P<m>{_FULL_MONTH})\b"
                rf"(?:\s+(?P<mod>lalu|kemarin|mendatang|nanti|depan|ini|silam|tahun\s+(?:ini|lalu|depan)))?", _I),
     _bare_month),
    (re.compile(rf"(?<![\w.,/-]){_PART}(?:(?P<kw>tahun)\s+)?(?P<y>(?:19|20)\d\d)(?P<decade>-an)?"
                rf"(?:\s*(?:-|–|hingga|sampai)\s*(?P<y2>(?:19|20)\d\d))?(?![\w/]|[.,]\d)"
                rf"(?:\s+(?:lalu|silam|kemarin|mendatang|nanti))?", _I), _year_rule),
    (re.compile(rf"\b(?:(?P<hari>hari)\s+)?(?P<wd>{_WD})\b(?:\s+(?:pagi|siang|sore|malam|petang|dini\s+hari))?"
                rf"(?:\s+(?P<mod>(?:(?:pekan|minggu)\s+)?(?:lalu|kemarin|depan|mendatang|nanti|ini)))?\b", _I),
     _weekday),
    (re.compile(rf"\b{_PART}(?P<unit>hari|pekan|minggu|bulan|tahun)\s+(?P<rel>lalu|kemarin|ini|depan|mendatang)\b",
                _I), _relative_unit),
    (re.compile(rf"\b(?:(?P<q>lebih\s+dari|hampir|sekitar|kurang\s+dari|kurang\s+lebih|sekira)\s+)?"
                rf"(?:(?P<num>\d+\s+|{_NUMWORD})(?P<unit>{_UNIT})|(?P<se>se(?:hari|pekan|minggu|bulan|tahun|dekade)))"
                rf"\s+(?:yang\s+)?(?:lalu|silam)\b", _I), _ago),
    (re.compile(rf"\b(?:dalam|selama)\s+(?:(?P<num>\d+\s+|{_NUMWORD})(?P<unit>{_UNIT})|"
                rf"(?P<se>se(?:hari|pekan|minggu|bulan|tahun)))\s+(?:terakhir|belakangan)\b", _I), _within),
    (re.compile(r"\b(?P<kind>semester|kuartal|kwartal|triwulan|caturwulan)\s+(?P<k>iv|i{1,3}|pertama|kedua|ketiga|"
                r"keempat|[1-4])\s+(?:tahun\s+)?(?P<y>ini|lalu|depan|(?:19|20)\d\d)\b", _I), _period),
    (re.compile(r"\b(?P<w>kemarin\s+lusa|hari\s+ini|besok\s+lusa|(?:kemarin|besok)(?:\s+(?:pagi|siang|sore|malam))?|"
                r"lusa|tadi\s+(?:pagi|siang|sore|malam)|(?:pagi|siang|sore|malam|petang)\s+(?:tadi|ini)|"
                r"dini\s+hari\s+tadi)\b", _I), _deictic),
]

# What each rule above cannot match without, checked on the sentence's lowercased letter runs or its text:
# one pass over the sentence rules out most of the twelve patterns (all of them for most sentences), which
# were a tenth of the article stages' time. Each is a superset of its pattern's own needs (tests check the
# output is the same).
_MONTH_WORDS = frozenset(MONTHS)
_FULL_MONTH_WORDS = frozenset(_FULL_MONTH.split("|"))
_WEEKDAY_WORDS = frozenset(w.replace("'", "") for w in WEEKDAYS) | {"jum"}  # "jum'at" is two runs
_UNIT_WORDS = frozenset(_UNIT.split("|"))
_NEEDS: list[Callable[[str, frozenset[str]], bool]] = [
    lambda text, words: "/" in text,
    lambda text, words: "-" in text,
    lambda text, words: not words.isdisjoint(_MONTH_WORDS),
    lambda text, words: not words.isdisjoint(_MONTH_WORDS),
    lambda text, words: not words.isdisjoint(_FULL_MONTH_WORDS),
    lambda text, words: "19" in text or "20" in text,
    lambda text, words: not words.isdisjoint(_WEEKDAY_WORDS),
    lambda text, words: not words.isdisjoint(_UNIT_WORDS) and not words.isdisjoint(
        {"lalu", "kemarin", "ini", "depan", "mendatang"}),
    lambda text, words: "lalu" in words or "silam" in words,
    lambda text, words: not words.isdisjoint({"dalam", "selama"}) and not words.isdisjoint({"terakhir", "belakangan"}),
    lambda text, words: not words.isdisjoint({"semester", "kuartal", "kwartal", "triwulan", "caturwulan"}),
    lambda text, words: not words.isdisjoint({"kemarin", "besok", "lusa", "tadi", "ini"}),
]
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_RE_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u212a": "k", "\u017f": "s"})


# ------------------------------------------------------------------------------- quotes carry a date

# The end of quoted speech in Indonesian copy: punctuation inside the closing mark ("...," katanya).
_QUOTE_END = re.compile(r"[,.!?…]\s*[”\"]")


def _reanchor_quotes(text: str, found: list[_Found]) -> list[_Found]:
    """Deictic expressions inside a quotation are resolved against the date of its speech tag
    ("... tadi malam," katanya Selasa (17/9/2019)): the speaker said them that day."""
    if len(found) < 2:
        return found
    out = list(found)
    for q in _QUOTE_END.finditer(text):
        close = q.end()
        tag = next((f for f in found if f.start >= close and f.kind in ("absolute", "dated") and f.value
                    and len(f.value) == 10 and f.start - close <= 160), None)
        if tag is None or any(ch in text[close : tag.start] for ch in "“”\""):
            continue
        anchor = date.fromisoformat(tag.value)
        opening = max(text.rfind("“", 0, q.start()), _last_open_straight(text, q.start()))
        for k, f in enumerate(out):
            if f.kind == "deictic" and opening <= f.start and f.end <= q.start() + 1:
                out[k] = _reresolve(text, f, anchor)
    return out


def _last_open_straight(text: str, before: int) -> int:
    pos = text.rfind('"', 0, before)
    return pos if pos >= 0 else -1


def _reresolve(text: str, f: _Found, anchor: date) -> _Found:
    redo = _sentence_at(text[f.start : f.end], anchor)
    if redo is None:
        return f
    return _Found(f.start, f.end, redo.value, redo.low, redo.high, True, f.kind)


def _sentence_at(fragment: str, anchor: date) -> _Found | None:
    ctx = _Ctx(fragment, anchor)
    for pattern, handler in _RULES:
        m = pattern.fullmatch(fragment)
        if m:
            return handler(m, ctx)
    return None

"""Quoted and reported speech with its speaker.

Direct quotes are the words between quotation marks (straight or curly, across sentences: a quote that
runs over three sentences gives one Quote per sentence) that are speech: a speech tag follows the
closing mark ("…," kata Lavrov / ujarnya / demikian pengumuman Big Hit / Lavrov menambahkan), a verb of
saying precedes them in the sentence (Lavrov mengatakan, "…" / apa yang dia sebut sebagai "…"), or they
open the sentence (the quote goes on from the last speaker). A short quoted term or title ("omong kosong",
lagu "Kids") is not speech.

Indirect speech has no quotation marks: X mengatakan (bahwa) …, X yang mengatakan bahwa …, Menurut X, …,
…, kata X. (sentence-final or mid-sentence tag), laporan X bahwa …

Speakers: pronouns (ujarnya, kata dia) and descriptions with "itu" (kata pemimpin Korea Utara itu) point
back, the latter to the name that followed the same description earlier ("pemimpin Korea Utara Kim Jong
Un") or else to the last speaker; appositions name the person ("juru bicara Kemlu, Maria Zakharova,");
names are resolved to canonical entities with `kabar.extract.entities.canonical_speaker` (short forms,
titles, spelling variants). Hand-written: no library handles Indonesian speech attribution.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kabar.extract.entities import canonical_entities, canonical_speaker, fold, heuristic_mentions
from kabar.lang.wordlists import REPORTING_VERBS, SPEECH_VERBS
from kabar.model import Quote, Sentence

# Words that tag a quote after its closing mark, with or without "-nya": kata, ujar, lanjut, tandas, ...
_TAG_WORDS = sorted({v for v in SPEECH_VERBS if not v.endswith("nya")} | {
    "lanjut", "sambung", "tandas", "tutup", "pungkas", "cerita", "tulis", "bilang", "kilah", "sahut", "timpal",
    "seru", "ledek", "tanya", "jawab", "lapor", "bunyi", "aku", "komentar", "ungkap", "urai", "beber", "ucap",
    "tukas", "celetuk", "katakan", "singkat", "akui", "sapa", "teriak", "kelakar", "canda", "keluh", "pinta",
    "harap", "sindir", "kenang", "ajak", "tegasnya",
}, key=len, reverse=True)
_TAG = "|".join(_TAG_WORDS)
# Verbs of saying whose complement is what was said, with or without "bahwa" ...
_SAY = sorted({
    "mengatakan", "menyatakan", "menyebut", "menyebutkan", "mengungkapkan", "mengungkap", "menegaskan",
    "menjelaskan", "menambahkan", "mengklaim", "mengakui", "mengaku", "membantah", "memperingatkan",
    "mengumumkan", "berkata", "bilang", "menuturkan", "menekankan", "mengemukakan",
} | (set(REPORTING_VERBS) - {"menunjukkan", "memperlihatkan", "mencatat", "memperkirakan", "menduga", "menilai",
                               "menyampaikan", "melaporkan"}), key=len, reverse=True)
# ... and verbs that report speech only with "bahwa" ("menilai bahwa", "melaporkan bahwa").
_SAY_BAHWA = sorted({"menilai", "menyampaikan", "melaporkan", "menduga", "memperkirakan", "mencatat", "menunjukkan",
                     "memperlihatkan", "meyakini", "berpendapat", "mengingatkan"}, key=len, reverse=True)
_SAY_ALL = "|".join(sorted(set(_SAY) | set(_SAY_BAHWA), key=len, reverse=True))
_CLAUSE = r"[^.;:!?“”\"]"
_AFTER_CLOSE = re.compile(
    rf"^[\s,.!?…]*(?:(?:demikian|begitu)\s+)?(?P<verb>{_TAG}|{_SAY_ALL})(?P<nya>nya)?\b\s*(?P<who>{_CLAUSE}*)"
    rf"|^[\s,.!?…]*(?:demikian|begitu)\s+(?P<who2>{_CLAUSE}+)", re.I)
_NAME_THEN_VERB = re.compile(rf"^[\s,.!?…]*(?P<who>[A-Z][^,.;:!?“”\"]{{0,60}}?)\s+(?:juga\s+)?(?:{_SAY_ALL})\b")
_BEFORE_OPEN = re.compile(
    rf"(?:^|[,;]\s*)(?P<who>[A-Z][^,.;:!?“”\"]{{0,80}}?)\s+(?:juga\s+|pun\s+|kemudian\s+|lantas\s+)?"
    rf"(?:{_SAY_ALL}|berkata|bilang)\b|\b(?:kata|ujar|tutur|ucap)\s+(?P<who2>[A-Z][^,.;:!?“”\"]{{0,60}}?)\s*[,:]\s*$")
_PRONOUN_BEFORE = re.compile(rf"\b(?:dia|ia|beliau|mereka)\s+(?:sebut|katakan|nyatakan|{_SAY_ALL})\b", re.I)
# Indirect: a subject (after an optional fronted phrase and conjunction), a verb of saying, the content.
_FRONT = (r"(?:(?i:namun|tetapi|sementara(?:\s+itu)?|selain\s+itu|sebelumnya|kemudian|lebih\s+lanjut|adapun|lalu|"
          r"dan|ketika|saat|usai|setelah|bahkan|padahal)\s*,?\s+)?")
_INDIRECT = re.compile(
    rf"^(?:[^,]{{0,70}},\s*)?{_FRONT}(?P<who>{_CLAUSE}{{1,110}}?)\s+(?:juga\s+|pun\s+|telah\s+|sempat\s+|kembali\s+|"
    rf"kemudian\s+|lantas\s+|hanya\s+|sudah\s+)?(?P<verb>{_SAY_ALL})\b(?P<rest>.*)$", re.I)
_YANG_SAID = re.compile(rf"(?P<who>[A-Z][^,.;:!?“”\"]{{1,80}}?)\s+yang\s+(?:{_SAY_ALL})\s+bahwa\s+(?P<what>.+)$")
_MENURUT = re.compile(rf"^{_FRONT}menurut\s+(?P<who>[^,]{{2,90}}?)\s*,\s*(?P<what>.{{12,}})$", re.I)
_TAG_END = re.compile(rf"^(?P<what>.{{15,}}?),\s*(?:{_TAG}|lapor)(?P<nya>nya)?\b\s*(?P<who>[^,.;:!?“”\"]*)"
                      rf"(?:,[^,]{{0,40}})?[.!?]?\s*$", re.I)
_TAG_MID = re.compile(rf"^(?P<a>.{{2,}}?),\s*(?:{_TAG})(?P<nya>nya)?\s+(?P<who>[A-Z][^,.;:!?“”\"]{{1,60}}?|dia|ia|beliau)"
                      rf",\s*(?P<b>.{{10,}})$")
_REPORT_THAT = re.compile(r"\b(?:laporan|klaim|pernyataan|keterangan)\s+(?P<who>[^,.;:!?“”\"]{3,60}?)\s+"
                          r"(?:bahwa|yang\s+menyebut(?:kan)?)\s+(?P<what>.{15,})$", re.I)
# Where a speaker phrase ends: a preposition or time phrase starts what is not the speaker.
_SPEAKER_STOP = re.compile(
    r"(?:^|\s+)(?:kepada|dalam|pada|saat|ketika|seperti|di|menurut|yang|usai|setelah|sebelum|dari|menggunakan|melalui|"
    r"dengan|sambil|seraya|sembari|via|lewat|disambut|ketika|senin|selasa|rabu|kamis|jumat|sabtu|minggu|"
    r"kemarin|hari\s+ini|baru-baru|secara|lagi|pula|juga|kembali|(?:pekan|bulan|tahun)\s+(?:lalu|ini))\b.*$|\s*\(.*$",
    re.I)
# Nouns that stand for their source in a tag: "jelas rilis Kemlu", "demikian pengumuman Big Hit".
_GENERIC = re.compile(r"^(?:rilis|siaran\s+pers|keterangan(?:\s+tertulis)?|pernyataan|pengumuman|laporan|akun|"
                      r"unggahan|cuitan|kicauan|postingan|surat|perkiraan|data|catatan|hasil|penilaian|analisis|"
                      r"kajian|situs|laman|portal|website)\s+(?!dari\b)", re.I)
_PRONOUNS = {"nya", "ia", "dia", "beliau", "mereka", "ujarnya"}
_ANAPHOR = re.compile(r"^(?P<desc>.+?)\s+(?:itu|tersebut|ini)$", re.I)
_CLAUSAL_START = re.compile(r"^(?:bahwa|jika|kalau|apabila)\b\s*", re.I)
# A verb's object that is a noun phrase, not what was said: "melaporkan kedatangan Lavrov".
# Evidence that what follows a verb of saying is a clause: a verb or an auxiliary within its first words.
_AUXILIARIES = {"akan", "telah", "sudah", "sedang", "masih", "tidak", "tak", "belum", "bisa", "dapat", "harus", "perlu",
                "ingin", "adalah", "merupakan", "ada", "hanya", "mampu", "mau", "pernah", "sempat", "menjadi", "jadi",
                "punya", "juga"}
_PREPOSITION_START = re.compile(r"^(?:tentang|soal|mengenai|kepada|pada|di|ke|dari|dengan|untuk|terhadap|atas|sebagai)\b",
                                re.I)
_NOMINAL = re.compile(r"^(?:ke\w+an|pe\w+an|per\w+an|(?:ber|ter)\w+nya)\b", re.I)
# A verb form that ends the subject phrase before a verb of saying: "Lavrov berterima kasih ... dan menyatakan".
_VERBLIKE = re.compile(r"^(?:me[mn]?|meng|meny)[a-z]{3,}$|^(?:ber|ter)[a-z]{4,}$|^di[a-z]{3,}(?:kan|i)?$")
_NOT_VERBS = {"menteri", "mereka", "media", "menara", "berita", "bersaudara", "tersangka", "terdakwa", "terpidana",
              "dirinya", "diri", "dinas", "direktur", "diplomat", "dia", "dini", "dunia", "merdeka", "terhadap",
              "tertentu", "bersama", "dibanding", "dibandingkan", "terkait", "termasuk", "terutama", "berbagai",
              "beberapa", "di"}
_MAX_QUOTE_SENTENCES = 6
_MIN_WORDS = 3
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class _Span:
    """A quotation: (sentence, start) of the opening mark to (sentence, end) of the closing one."""

    first: int
    start: int
    last: int
    end: int


def extract_quotes(sentences: Sequence[Sentence], entities: Sequence[Mapping[str, Any]] | None = None) -> list[Quote]:
    """Direct and indirect quotes of an article's sentences, in order.

    `entities`: the article's (or event's) canonical entities (kabar.extract.entities) to resolve speakers
    to; by default names found in these sentences by the capitalized-run heuristic (no model needed)."""
    texts = [s.text for s in sentences]
    if entities is None:
        text = "\n".join(texts)
        ents = canonical_entities([("", text, heuristic_mentions(sentences))])
    else:
        ents = list(entities)
    resolver = _Resolver(texts, ents)
    spans = _quote_spans(texts)
    by_first: dict[int, list[_Span]] = {}
    for sp in spans:
        by_first.setdefault(sp.first, []).append(sp)
    quoted = {k for sp in spans for k in range(sp.first, sp.last + 1)}
    out: list[Quote] = []
    direct_in: set[int] = set()
    for i, text in enumerate(texts):
        for sp in by_first.get(i, []):
            pieces = _pieces(texts, sp)
            if sum(len(_WORD.findall(p)) for _, p in pieces) < _MIN_WORDS:
                continue  # a quoted term, not speech
            speaker, ok = _direct_speaker(texts, sp, resolver)
            if not ok:
                continue
            for k, piece in pieces:
                if piece:
                    out.append(Quote(sentence=k, speaker=speaker, text=piece, direct=True))
                    direct_in.add(k)
            if speaker:
                resolver.last = speaker
        if i in direct_in or (i in quoted and _mostly_quoted(text)):
            continue
        found = _indirect(text, i, resolver)
        if found:
            speaker, what = found
            out.append(Quote(sentence=i, speaker=speaker, text=what, direct=False))
            if speaker:
                resolver.last = speaker
    out.sort(key=lambda q: q.sentence)
    return out


# ---------------------------------------------------------------------------------- quotation marks


def _quote_spans(texts: list[str]) -> list[_Span]:
    """Pair opening and closing marks across sentences; a straight quote opens or closes by what is on
    either side of it, and by the state when that says nothing."""
    spans: list[_Span] = []
    open_at: tuple[int, int] | None = None
    for i, text in enumerate(texts):
        for m in re.finditer(r"[“”\"]", text):
            ch, pos = m.group(0), m.start()
            kind = {"“": "open", "”": "close"}.get(ch) or _straight(text, pos, open_at is not None)
            if kind == "open":
                open_at = (i, pos)
            elif open_at is not None:
                if i - open_at[0] < _MAX_QUOTE_SENTENCES:
                    spans.append(_Span(open_at[0], open_at[1] + 1, i, pos))
                open_at = None
            elif text[:pos].strip():
                # a closing mark whose opening was lost (scraping): the quote starts with the sentence
                spans.append(_Span(i, 0, i, pos))
    return spans


def _straight(text: str, pos: int, inside: bool) -> str:
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if before in " ([—–-" and after not in " ,.;:!?":
        return "open"
    if before not in " ([" and (after in " ,.;:!?)" or pos + 1 == len(text)):
        return "close"
    return "close" if inside else "open"


def _pieces(texts: list[str], sp: _Span) -> list[tuple[int, str]]:
    out = []
    for k in range(sp.first, sp.last + 1):
        text = texts[k]
        start = sp.start if k == sp.first else 0
        end = sp.end if k == sp.last else len(text)
        piece = text[start:end].strip()
        piece = re.sub(r"^[\s,.;:]+|[\s,;:]+$", "", piece)
        out.append((k, piece))
    return out


def _mostly_quoted(text: str) -> bool:
    return text.lstrip()[:1] in "“\""


# --------------------------------------------------------------------------------------- speakers


class _Resolver:
    """Turns a speaker phrase into a canonical name: pronouns and "itu" descriptions point back."""

    def __init__(self, texts: list[str], entities: list[Mapping[str, Any]]) -> None:
        self.texts = texts
        self.entities = entities
        self.last: str | None = None

    def resolve(self, phrase: str | None, sentence: int) -> str | None:
        if phrase is None:
            return None
        phrase = _clean(phrase)
        if not phrase:
            return None
        if phrase.lower() in _PRONOUNS or phrase.lower() in ("itu", "tersebut", "ini"):
            return self.last  # "ujar dia", "bunyi rilis tersebut"
        m = _ANAPHOR.match(phrase)
        if m and m["desc"][:1].islower():
            return self._described(m["desc"], sentence) or self.last
        return canonical_speaker(phrase, self.entities)

    def _described(self, desc: str, sentence: int) -> str | None:
        """The name that followed the same description earlier: "pemimpin Korea Utara Kim Jong Un"."""
        pat = re.compile(re.escape(desc) + r"\s*,?\s+((?:[A-Z][\w'’-]*\s*){1,4})")
        for k in range(sentence, -1, -1):
            for m in pat.finditer(self.texts[k]):
                written = m.group(1).strip()
                name = canonical_speaker(written, self.entities)
                if name and set(fold(name).split()) < set(fold(written).split()):
                    return written  # the text gives a fuller form than the entity ("Kim Jong Un", "Kim")
                if name:
                    return name
        return None


def _clean(phrase: str) -> str:
    phrase = " ".join(phrase.split()).strip(" ,.;:-–—'\"“”")
    if phrase.lower().startswith(("nya ", "nya,")):
        return "nya"
    phrase = _apposition(phrase)
    phrase = _SPEAKER_STOP.sub("", phrase).strip(" ,")
    phrase = _GENERIC.sub("", phrase)
    phrase = re.sub(r"(?:\s+(?:sekaligus|pun|juga|lalu|kemudian|kembali|lagi|pula|sendiri))+$", "", phrase, flags=re.I)
    return phrase.strip(" ,")


def _apposition(phrase: str) -> str:
    """"juru bicara Kementerian Luar Negeri Rusia, Maria Zakharova, pada hari Rabu" -> the name; "Lavrov,
    Sabtu" -> "Lavrov"."""
    parts = [p.strip() for p in phrase.split(",")]
    if _SPEAKER_STOP.search(re.sub(r"\s*\([^)]*\)", "", parts[0])):
        return parts[0]  # "X di Kantor Y di Duren Tiga, Pancoran, ...": what follows the comma are places
    if len(parts) >= 2 and parts[1][:1].isupper():
        head = parts[0].split()
        second = _SPEAKER_STOP.sub("", parts[1]).strip()
        descriptive = head and (head[0][:1].islower() or head[0].lower() in _TITLEISH or len(head) >= 3)
        if descriptive and second and len(second.split()) <= 5 and not _is_time(second):
            return second
    return parts[0]


_TITLEISH = {"ketua", "kepala", "direktur", "juru", "wakil", "menteri", "gm", "presiden", "sekretaris", "kapolres",
             "kapolda", "kapolri", "koordinator", "pengamat", "pakar", "anggota", "manajer", "pelatih", "ceo"}


def _is_time(text: str) -> bool:
    return bool(re.match(r"(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|\d)", text, re.I))


def _direct_speaker(texts: list[str], sp: _Span, resolver: _Resolver) -> tuple[str | None, bool]:
    """(speaker, is speech) for a quotation."""
    after = texts[sp.last][sp.end + 1 :]
    before = texts[sp.first][: max(sp.start - 1, 0)]
    m = _AFTER_CLOSE.match(after)
    if m:
        if m["who2"]:
            return resolver.resolve(m["who2"], sp.last), True
        if m["nya"] or not m["who"].strip():
            return resolver.last, True
        # "ujar dia", or a tag whose name scraping removed ("ujar saat ditemui"): the last speaker
        return resolver.resolve(m["who"], sp.last) or resolver.last, True
    m = _NAME_THEN_VERB.match(after)
    if m:
        return resolver.resolve(m["who"], sp.last), True
    if _PRONOUN_BEFORE.search(before):
        subject = re.match(rf"^(?:[^,]{{0,60}},\s*)?{_FRONT}((?:[A-Z][\w'’-]*\s+){{1,4}})", before)
        return (resolver.resolve(subject.group(1), sp.first) if subject else resolver.last), True
    m = _BEFORE_OPEN.search(before)
    if m:
        return resolver.resolve(m["who"] or m["who2"], sp.first), True
    if not before.strip(" -–—:") and sp.first > 0 or not before.strip():
        # a quotation opening its sentence goes on from the last speaker (or names none)
        return resolver.last, True
    return None, False


def _indirect(text: str, i: int, resolver: _Resolver) -> tuple[str | None, str] | None:
    """(speaker, what was said) of reported speech in a sentence without a direct quote."""
    m = _MENURUT.match(text)
    if m:
        return resolver.resolve(m["who"], i), _tidy_what(m["what"])
    m = _TAG_MID.match(text)
    if m:
        who = "nya" if m["nya"] else m["who"]
        return resolver.resolve(who, i), _tidy_what(m["b"])
    m = _TAG_END.match(text)
    if m:
        who = "nya" if m["nya"] or not m["who"].strip() else m["who"]
        return resolver.resolve(who, i), _tidy_what(m["what"])
    m = _YANG_SAID.search(text)
    if m:
        return resolver.resolve(m["who"], i), _tidy_what(m["what"])
    m = _INDIRECT.match(text)
    if m:
        said = _said(m["verb"].lower(), m["rest"])
        who = m["who"]
        if said and _subject_like(who):
            return resolver.resolve(_subject(who), i), said
    m = _REPORT_THAT.search(text)
    if m:
        return resolver.resolve(m["who"], i), _tidy_what(m["what"])
    return None


def _said(verb: str, rest: str) -> str | None:
    """What follows a verb of saying, if it is a clause: after "bahwa" (within the next words), after a
    comma, or right after the verb; a noun phrase object ("melaporkan kedatangan Lavrov") is not."""
    rest = rest.strip()
    m = re.search(r"\b(?:bahwa|jika|kalau)\b\s*", rest[:100], re.I)
    second = re.search(rf"\b(?:dan|lalu|kemudian|serta)\s+(?P<verb>{_SAY_ALL})\b(?P<rest>.*)$", rest, re.I)
    if m and not re.search(rf"\b(?:{_SAY_ALL})\b", rest[: m.start()], re.I):
        what = rest[m.end():]
    elif second and (verb in _SAY_BAHWA or _NOMINAL.match(rest)):
        return _said(second["verb"].lower(), second["rest"])  # "melaporkan kedatangan Lavrov dan mengatakan ..."
    elif verb in _SAY_BAHWA or _NOMINAL.match(rest) or _PREPOSITION_START.match(rest):
        return None
    elif rest.startswith(","):
        what = rest[1:]
    elif any(w in _AUXILIARIES or (_VERBLIKE.match(w) and w not in _NOT_VERBS) for w in rest.lower().split()[:8]):
        what = rest
    else:
        return None  # a noun phrase object: "mengumumkan hubungan mereka ke publik"
    what = _tidy_what(_CLAUSAL_START.sub("", what.strip(" ,")))
    return what if len(what.split()) >= 3 else None


def _tidy_what(what: str) -> str:
    return what.strip().rstrip(".").strip(" ,")


def _subject_like(who: str) -> bool:
    words = who.split()
    if not words or len(words) > 14:
        return False
    return not re.search(r"\b(?:tidak|tak|belum|bukan|akan|harus|bisa|dapat|ingin|mau|ada)\b", who, re.I)


def _subject(who: str) -> str:
    """The speaker in a subject phrase: the name in apposition ("Kepala intelijen militer Ukraina, Kyrylo
    Budanov,"), else the phrase up to its first verb ("Lavrov berterima kasih ... dan menyatakan")."""
    who = who.strip(" ,")
    if "," in who:
        parts = [p.strip() for p in who.split(",") if p.strip()]
        if len(parts) >= 2 and parts[-1][:1].isupper() and len(parts[-1].split()) <= 5:
            return parts[-1]
    words = who.split()
    if words and words[0][:1].isupper():
        for k, w in enumerate(words[1:], 1):
            if w.islower() and _VERBLIKE.match(w) and w not in _NOT_VERBS:
                return " ".join(words[:k])
    return who

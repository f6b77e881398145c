"""Who a statement in a sentence is attributed to: "menurut intelijen Ukraina", "kata Lavrov",
"Badan intelijen Korea Selatan mengatakan …", "di tengah laporan intelijen Ukraina bahwa …".

Hand-written patterns over Indonesian reporting constructions; no library covers them.
"""

from __future__ import annotations

import re

from kabar.lang.wordlists import REPORTING_VERBS, SPEECH_VERBS

_REPORTING = "|".join(REPORTING_VERBS)
_SPEECH = "|".join(v for v in SPEECH_VERBS if not v.endswith("nya"))
_CUT = r"[^,.;:!?“”\"()]"

_PATTERNS = [
    re.compile(rf"\b(?:menurut|berdasarkan|merujuk)\s+(?:perkiraan|laporan|data|keterangan|catatan|penilaian|hasil)?"
               rf"\s*({_CUT}{{3,90}})", re.I),
    re.compile(rf"\b(?:laporan|klaim|perkiraan|data)\s+((?:badan\s+)?(?:intelijen|media|pejabat|dinas|otoritas|militer|kementerian){_CUT}{{0,60}}?)\s+(?:bahwa|yang menyebut|tentang|soal|mengenai)\b", re.I),
    re.compile(rf"\b(?:dikutip|mengutip|lapor|dilaporkan)\s+(?:oleh\s+)?({_CUT}{{3,60}})", re.I),
    re.compile(rf"\b(?:{_SPEECH})\s+([A-Z]{_CUT}{{2,80}})"),
    # "…, Kantor Berita Pusat Korea (KCNA) melaporkan pada hari Minggu." at the end of the sentence.
    re.compile(rf",\s*([A-Z][^,.;:!?“”\"]{{2,70}}?)\s+(?:{_REPORTING})\b[^,;]*$"),
]
_SUBJECT = re.compile(rf"^\W*([^,.;:!?“”\"]{{3,90}}?)\s+(?:juga\s+|telah\s+|pun\s+)?(?:{_REPORTING})\b")
# "Kepala intelijen militer Ukraina, Kyrylo Budanov, mengatakan …": the name in apposition is the source.
_APPOSITION = re.compile(
    rf"^\W*[^,.;:!?“”\"]{{3,70}},\s*([A-Z][^,.;:!?“”\"()]{{2,50}}),\s*(?:juga\s+|telah\s+)?(?:{_REPORTING}|{_SPEECH})\b"
)
# Words that end an attribution phrase: what follows is no longer the source.
_TAIL = re.compile(
    r"\s+(?:kepada|dalam|pada|saat|ketika|seperti|di|yang|bahwa|total|sekitar|sebanyak|dengan|setelah|sebelum|"
    r"melalui|untuk|tentang|mengenai|kemarin|(?:bulan|pekan|minggu|tahun|hari)\s+(?:lalu|ini|kemarin)|"
    r"senin|selasa|rabu|kamis|jumat|sabtu|minggu)\b.*$|\s*\(.*$",
    re.I,
)
_LEADING_JUNK = re.compile(r"^(?:hal itu|ini|itu|dia|ia|mereka|kami|saya)$", re.I)


def attribution_of(sentence: str) -> str | None:
    """The source a sentence attributes its statement to, or None."""
    m = _APPOSITION.match(sentence)
    if m and (who := _tidy(m.group(1))):
        return who
    for pat in _PATTERNS:
        m = pat.search(sentence)
        if m:
            who = _tidy(m.group(1))
            if who:
                return who
    m = _SUBJECT.match(sentence)
    if m:
        who = _tidy(m.group(1))
        if who and len(who.split()) <= 8 and who[0].isupper():
            return who
    return None


def _tidy(phrase: str) -> str | None:
    phrase = _TAIL.sub("", phrase.strip()).strip(" -–—'\"")
    words = phrase.split()
    if not words or _LEADING_JUNK.match(phrase) or len(words) > 10:
        return None
    return " ".join(words)

"""Quoted speech and its speaker.

Direct quotes are text between quotation marks with a speech verb next to them ("…," kata Lavrov;
Lavrov mengatakan, "…"); "ujarnya"/"katanya" point back to the last named speaker. Indirect speech is a
reporting verb followed by "bahwa" (X mengatakan bahwa …). Hand-written: no library handles Indonesian
speech attribution.
"""

from __future__ import annotations

import re

from kabar.lang.wordlists import REPORTING_VERBS, SPEECH_VERBS, TITLE_WORDS
from kabar.model import Quote, Sentence

_OPEN_CLOSE = re.compile(r"[“\"]([^“”\"]{12,}?)[”\"]")
_SPEECH_AFTER = re.compile(
    rf"^[\s,.]*(?:{'|'.join(SPEECH_VERBS)})\b\s*(?P<who>[^,.;:!?“”\"]*)", re.I
)
_REPORTING_BEFORE = re.compile(rf"(?P<who>[A-Z][^,.;:!?“”\"]{{1,80}}?)\s+(?:{'|'.join(REPORTING_VERBS)})\s*,?\s*$")
_INDIRECT = re.compile(
    rf"^(?P<who>[A-Z][^,.;:!?“”\"]{{1,80}}?)\s+(?:juga\s+)?(?:{'|'.join(REPORTING_VERBS)})\s+(?:bahwa\s+)?(?P<what>.{{15,}})$"
)
_NAME = re.compile(r"(?:[A-Z][\w'’-]+(?:\s+(?:bin|binti|al|van|von|de|di)?\s*[A-Z][\w'’-]+)*)")
_SPEAKER_STOP = re.compile(
    r"\s+(?:kepada|dalam|pada|saat|ketika|seperti|di|menurut|yang|usai|setelah|sebelum|dari|menggunakan)\b.*$", re.I
)
_PRONOUN_SPEAKERS = {"nya", "ia", "dia", "beliau"}


def extract_quotes(sentences: list[Sentence]) -> list[Quote]:
    quotes: list[Quote] = []
    last_speaker: str | None = None
    for i, sent in enumerate(sentences):
        text = sent.text
        found = False
        for m in _OPEN_CLOSE.finditer(text):
            said = m.group(1).strip().strip(",")
            if len(said.split()) < 3:
                continue  # a quoted term ("omong kosong"), not speech
            speaker = _speaker_after(text[m.end() :]) or _speaker_before(text[: m.start()])
            if speaker in _PRONOUN_SPEAKERS:
                speaker = last_speaker
            elif speaker is None and _continues(text[m.end() :]):
                speaker = last_speaker
            if speaker is None and not _has_speech_verb(text[m.end() :]):
                continue
            quotes.append(Quote(sentence=i, speaker=speaker, text=said, direct=True))
            found = True
            last_speaker = speaker or last_speaker
        if found:
            continue
        m = _INDIRECT.match(text)
        if m:
            who = _clean_speaker(m["who"])
            if who:
                quotes.append(Quote(sentence=i, speaker=who, text=m["what"].rstrip("."), direct=False))
                last_speaker = who
    return quotes


def _speaker_after(rest: str) -> str | None:
    m = _SPEECH_AFTER.match(rest)
    if not m:
        return None
    verb_end = rest[: m.start("who")].strip().lower()
    if verb_end.endswith("nya"):
        return "nya"
    return _clean_speaker(m["who"])


def _speaker_before(head: str) -> str | None:
    m = _REPORTING_BEFORE.search(head)
    return _clean_speaker(m["who"]) if m else None


def _has_speech_verb(rest: str) -> bool:
    return bool(re.match(rf"^[\s,.]*(?:{'|'.join(SPEECH_VERBS)})", rest, re.I))


def _continues(rest: str) -> bool:
    return rest.strip() in {"", ".", ","}


def _clean_speaker(phrase: str | None) -> str | None:
    if not phrase:
        return None
    phrase = _SPEAKER_STOP.sub("", phrase.strip()).strip()
    if not phrase:
        return None
    if phrase.lower() in _PRONOUN_SPEAKERS:
        return phrase.lower()
    # Prefer the trailing proper name: "juru bicara Kementerian Luar Negeri Rusia Maria Zakharova".
    names = _NAME.findall(phrase)
    if names:
        words = names[-1].split()
        tail: list[str] = []
        for w in reversed(words):
            if w.lower() in TITLE_WORDS:
                break
            tail.insert(0, w)
        return " ".join(tail) if tail else names[-1].strip()
    words = phrase.split()
    return " ".join(words[:6]) if words else None

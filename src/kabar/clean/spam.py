"""Injected gambling/SEO spam: brand tokens inserted into sentences, and promotional sentences.

A spam token is found by what it is, not by name: a token out of the Indonesian vocabulary, shaped
like a brand (capitals, digits glued to letters, CamelCase), that carries a gambling morpheme or that
splits a phrase the article uses elsewhere ("Korea XXXX Utara" next to "Korea Utara"). A spam
sentence promotes gambling (gambling words + a call to action) without the words of reporting on it,
so a story about a police raid on a gambling den keeps its sentences."""

from __future__ import annotations

import re

from kabar.clean.lexicon import (
    GAMBLING_WORDS,
    NEWS_WORDS,
    PROMO_WORDS,
    STRONG_MORPHEMES,
    WEAK_MORPHEMES,
    root_words,
)
from kabar.clean.spans import Cut
from kabar.lang.segment import split_sentences
from kabar.lang.stem import stem

# Brand shapes: ALLCAPS of five or more, letters then digits (SLOT88), CamelCase (SlotGacor). Digits then
# a short lower-case unit (166kg, 4G) and "Rp4" are measurements, not brands.
_BRAND = re.compile(
    r"\b(?:[A-Z][A-Z0-9]{4,}|(?!(?:Rp|US|USD|IDR|EUR|SGD|RM|JPY|GBP|AUD)\d)[A-Za-z]{2,}\d+[A-Za-z\d]*|"
    r"\d+[A-Z]{2,}[A-Za-z\d]*|"
    r"[A-Z][a-z]+[A-Z][A-Za-z\d]*)\b"
)
_STRONG = re.compile("|".join(STRONG_MORPHEMES), re.I)
_CAPITALIZED_WEAK = re.compile(
    r"\b[A-Z][a-z]*(?:" + "|".join(w for w in WEAK_MORPHEMES if w.isalpha()) + r")[a-z]*\b"
)
_WORD_AROUND = re.compile(r"[A-Za-z0-9]+")
_WEAK = re.compile("|".join(WEAK_MORPHEMES), re.I)
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'][A-Za-z0-9]+)*")
# Substring tests are C-speed; a regex alternation over the whole lexicon was a third of the run time.
_HINTS = ("togel", "judi", "slot", "gacor", "kasino", "casino", "poker", "taruhan", "maxwin", "jackpot", "sbobet",
          "parlay", "deposit", "scatter")


def _gambling_hint(text: str) -> bool:
    low = text.lower()
    return any(h in low for h in _HINTS)
_CTA = frozenset("""daftar daftarkan klik hubungi buruan segera login link gabung kunjungi main mainkan raih
    dapatkan nikmati ayo yuk sekarang whatsapp wa telegram livechat join register""".split())
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|xyz|vip|site|online|info|id|co|io|me|cc|top|"
                  r"club|live|asia|pro|biz|link|fun)\b", re.I)


def find_spam(raw: str, blocks: list[tuple[int, int]]) -> list[Cut]:
    cuts = _spam_tokens(raw)
    if cuts or _gambling_hint(raw):
        cuts += _spam_sentences(raw, blocks, {(c.start, c.end) for c in cuts})
    return cuts


def _oov(token: str) -> bool:
    low = token.lower()
    roots = root_words()
    if low in roots or not low.isalpha() and low.rstrip("0123456789") in roots:
        return False
    return not low.isalpha() or stem(low) not in roots


def _spam_tokens(raw: str) -> list[Cut]:
    cuts = []
    seen: dict[str, int] = {}
    candidates: dict[int, re.Match[str]] = {m.start(): m for m in _BRAND.finditer(raw)}
    low_raw = raw.lower()
    strong_hits = _STRONG.finditer(raw) if any(w in low_raw for w in STRONG_MORPHEMES) else ()
    for hit in strong_hits:
        left = hit.start()
        while left > 0 and raw[left - 1].isalnum():
            left -= 1
        word = _WORD_AROUND.match(raw, left)
        if word:
            candidates.setdefault(word.start(), word)
    # A capitalized word carrying a weak morpheme ("Matoto") is a candidate too: it passes only if it
    # also splits a proper-noun phrase that the article uses elsewhere.
    for hit in _CAPITALIZED_WEAK.finditer(raw):
        candidates.setdefault(hit.start(), hit)
    for start in sorted(candidates):
        m = candidates[start]
        token = m.group()
        low = token.lower()
        if len(token) < 4 or raw[m.start() - 1 : m.start()] in ("@", "#", ".", "/", "_"):
            continue  # a handle or a hashtag is cited, not injected
        strong = any(s in low and s != low for s in STRONG_MORPHEMES)
        if not strong and not _WEAK.search(low) and not _proper_neighbours(raw, m.start(), m.end()):
            continue  # cheapest test first: most brand-shaped tokens are acronyms in ordinary places
        if not _oov(token) or _in_url(raw, m.start(), m.end()):
            continue
        brand = bool(_BRAND.fullmatch(token))
        if strong:
            if not brand and token[0].islower() and not _breaks_phrase(raw, m.start(), m.end()):
                continue  # "poker" inside a lower-case compound of an ordinary sentence
        elif not brand:
            if not (_weak_at_edge(low) and _breaks_phrase(raw, m.start(), m.end(), proper=True)
                    and len(re.findall(rf"\b{re.escape(token)}\b", raw)) == 1):
                continue
        else:
            # Weak morpheme (TP4D, RumahHokie are real names) or none: the morpheme must end or start
            # the token (PIHOKI, Mitoto365, BASLOT), or the token must split a proper-noun phrase the
            # article uses elsewhere, or sit in a sentence about gambling.
            weak = bool(_WEAK.search(low)) and low not in WEAK_MORPHEMES
            if weak and len(token) >= 5 and _weak_at_edge(low):
                cuts.append(Cut(m.start(), m.end(), "spam-token", " "))
                continue
            if not weak and token.isupper() and token.isalpha() and len(token) < 7:
                continue  # a short capitals-only word is an acronym or a title (KGPAA), not a brand
            count = seen.setdefault(low, len(re.findall(rf"\b{re.escape(token)}\b", raw, re.I)))
            context = weak and _gambling_hint(_sentence_around(raw, m.start(), m.end()).replace(token, " "))
            if not context and (count > 1 or not _breaks_phrase(raw, m.start(), m.end(), proper=True)):
                continue
        cuts.append(Cut(m.start(), m.end(), "spam-token", " "))
    return cuts


def _weak_at_edge(low: str) -> bool:
    core = low.rstrip("0123456789")
    return core != low and any(core.endswith(w) or core.startswith(w) for w in WEAK_MORPHEMES) or any(
        core.endswith(w) and len(core) - len(w) >= 2 for w in WEAK_MORPHEMES)


def _in_url(raw: str, start: int, end: int) -> bool:
    left = raw.rfind(" ", 0, start) + 1
    right = raw.find(" ", end)
    chunk = raw[left : right if right >= 0 else len(raw)]
    return bool(_URL.search(chunk)) and ("/" in chunk or "." in chunk.strip(".,"))


_NEIGHBOURS = re.compile(r"[A-Z][A-Za-z]+[ \t]+$")


def _proper_neighbours(raw: str, start: int, end: int) -> bool:
    return bool(_NEIGHBOURS.search(raw, max(0, start - 30), start)) and bool(re.match(r"[ \t]+[A-Z][a-z]", raw[end:end + 4]))


def _sentence_around(raw: str, start: int, end: int) -> str:
    left = max(raw.rfind(".", 0, start), raw.rfind("\n", 0, start)) + 1
    right = min(x for x in (raw.find(". ", end), raw.find("\n", end), len(raw)) if x >= 0)
    return raw[left:right]


def _breaks_phrase(raw: str, start: int, end: int, *, proper: bool = False) -> bool:
    """The words on both sides of the token stand next to each other elsewhere in the article
    (with `proper`, both must be capitalized: a name split in two, "Korea XXXX Utara")."""
    before = re.search(r"([A-Za-z]{2,})[ \t]+$", raw[max(0, start - 40) : start])
    after = re.match(r"[ \t]+([A-Za-z]{2,})", raw[end : end + 40])
    if not before or not after:
        return False
    if proper and not (before.group(1)[0].isupper() and after.group(1)[0].isupper()):
        return False
    pair = re.compile(rf"\b{re.escape(before.group(1))}[ \t]+{re.escape(after.group(1))}\b", re.I)
    return pair.search(raw) is not None


def _spam_sentences(raw: str, blocks: list[tuple[int, int]], token_spans: set[tuple[int, int]]) -> list[Cut]:
    cuts = []
    for b0, b1 in blocks:
        block = raw[b0:b1]
        if not _gambling_hint(block) and not any(b0 <= s < b1 for s, _ in token_spans):
            continue
        sentences = [(b0 + s0, b0 + s1) for s0, s1 in split_sentences(block)]
        # A short paragraph is judged whole: promotion spreads over "Cari situs ...? Gabung X ...!"
        if len(sentences) <= 3 and _is_promo(raw, b0, b1, token_spans):
            cuts.append(Cut(b0, b1, "spam-sentence", "\n"))
            continue
        for start, end in sentences:
            if _is_promo(raw, start, end, token_spans):
                cuts.append(Cut(start, end, "spam-sentence", " "))
    return cuts


def _is_promo(raw: str, start: int, end: int, token_spans: set[tuple[int, int]]) -> bool:
    text = raw[start:end]
    words = [w.lower() for w in _WORD.findall(text)]
    if any(w in NEWS_WORDS for w in words):
        return False
    brands = sum(1 for s, _ in token_spans if start <= s < end)
    gambling = sum(w in GAMBLING_WORDS for w in words) + brands + sum(
        1 for w in words if any(m in w and m != w for m in STRONG_MORPHEMES))
    cta = sum(w in _CTA for w in words)
    promo = sum(w in PROMO_WORDS for w in words) + bool(_URL.search(text)) + brands
    return gambling >= 1 and cta >= 1 and promo >= 1 and (gambling >= 2 or promo >= 2)

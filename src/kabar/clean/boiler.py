"""Datelines, bylines and agency tags, trailers, photo captions and teaser headings.

Rules, not a model: each is a pattern of newsroom typography that trafilatura (which works on HTML
structure) cannot see once the page is text, as in the dumps and in the samples."""

from __future__ import annotations

import re

from kabar.clean.spans import Cut
from kabar.lang.segment import split_sentences

Block = tuple[int, int]

# --- datelines: "SEOUL -", "Pyongyang, Suarathailand-", "JAKARTA, KOMPAS.com -", "TEMPO.CO, Jakarta -",
# "Jakarta (ANTARA) -", "MEDAN (Waspada):" at the start of the body.
_PLACE = r"(?:[A-Z][A-Za-z'.]*|[A-Z]{2,}(?:\.[A-Z]{2,})*)"
_OUTLET = r"(?:[A-Za-z0-9][\w-]*(?:\.[A-Za-z]{2,}){1,3}|[A-Z][\w]*)"
_DATELINE = re.compile(
    rf"(?:{_PLACE}(?:[ ]{_PLACE}){{0,3}}|{_OUTLET})"  # place or outlet
    rf"(?:[ ]?\([A-Za-z][\w .]{{1,30}}\))?"  # (ANTARA)
    rf"(?:,[ ]?(?:{_OUTLET}(?:[ ]{_PLACE}){{0,2}}|{_PLACE}(?:[ ]{_PLACE}){{0,2}}))?"  # , KOMPAS.com / , Jakarta
    r"(?:[ ]?\([A-Za-z][\w .]{1,30}\))?"
    r"[ ]?(?:-{1,2}|–|—|:|\|)[ ]"
)
_NOT_PLACE = frozenset("""Menteri Presiden Ketua Kepala Wakil Direktur Gubernur Bupati Wali Kapolri Kapolda Kapolres
    Dalam Pada Saat Selain Namun Sementara Kemudian Sebelumnya Menurut Ia Dia Mereka Kami Ini Itu Hal Yang""".split())

# --- bylines and agency tags
# "(rul/imk)", "(cr-2/pojoksumut)", "(pm/trb)" close a paragraph anywhere; a bare "(bbn)", "(ant)", "(*)"
# only closes the article: mid-text a short word in brackets is usually a gloss "(paha)" or "(PKB)".
_SLASH_TAG = re.compile(r"[ \t]*\((?:[a-z]{1,6}[\d-]*[a-z\d]*(?:/[a-z][\w.-]{1,20}){1,3}|[a-z]{2,5}/[A-Z]{2,5})\)\.?[ \t]*$")
_END_TAG = re.compile(
    r"[ \t]*\((?:[a-z]{2,4}|[a-z]{2,3}-?\d{1,2}|\*+|ANT|ANTARA|Antara|AFP|AP|Reuters|REUTERS|dpa|red|Red)\)\.?[ \t]*$"
)
_SIGNED = re.compile(r"[ \t]*\((?:[A-Z][a-z]+\.?(?:[ ][A-Z][a-z.]*){1,3})\)[ \t]*$")
_BYLINE_LINE = re.compile(
    r"^(?:(?:Reporter|Editor|Penulis|Pewarta|Penyunting|Redaktur|Fotografer|Kontributor|Laporan wartawan|"
    r"Laporan [Rr]eporter|Koresponden|Writer|Reporting by|Editing by|Sumber foto|Teks|Foto dan teks)\b[^\n]{0,80}|"
    r"(?:Oleh|By)\s*:[^\n]{2,60}|(?:Oleh|By) [A-Z][a-z]+(?: [A-Z][a-z.]*){0,3})$"
)
_BYLINE_INLINE = re.compile(r"(?:^|(?<=[.!?\"”]))[ \t]*(?:Reporter|Editor|Penulis|Pewarta|Penyunting)[ \t]*:[^\n]{2,60}$")
_CAPS_LINE = re.compile(r"^[A-Z][A-Z.'&\- ]{2,40}(?:[ ]?[|/][ ]?[A-Z][A-Z.'&\- ]{1,30})*\.?$")

# --- trailers: read-more, source, social and app prompts. Matched at the start of a block.
_TRAILER_START = re.compile(
    r"^[(\[]?(?:"
    r"Baca (?:juga|pula|selengkapnya|artikel)|Baca berita (?:lain|selengkapnya|terkait|terbaru|menarik)|Baca\s*:|Artikel terkait\s*:|Lihat juga|Simak breaking news|Simak juga|Simak video|Saksikan (?:juga|video)|"
    r"Tonton (?:juga|video)|Video pilihan|Berita terkait\s*:|Artikel terkait\s*:|Berita lainnya\s*:|"
    r"Sumber\s*:|Sumber berita\s*:|Dapatkan (?:update|berita|informasi|info)|Ikuti (?:kami|berita|update|terus|"
    r"juga|kanal|channel|akun|instagram|twitter|saluran)|Follow (?:us|kami|akun|instagram|twitter)|"
    r"Jangan lupa (?:follow|ikuti|subscribe|like|bagikan|share)|Yuk,? (?:follow|ikuti|subscribe|gabung|join)|"
    r"Download (?:aplikasi|app)|Unduh aplikasi|Artikel ini (?:telah )?(?:tayang|terbit|sudah tayang)|"
    r"Klik (?:di ?sini|halaman|link|tautan|untuk)|Scroll (?:ke bawah|untuk)|Halaman (?:selanjutnya|berikutnya)|"
    r"Cek berita|Gabung (?:ke|di) (?:grup|kanal|channel)|Bagikan artikel|Share (?:this|artikel)|"
    r"Read more|Related\s*:|Read also|Sebarkan pada|Sebarkan ke|Berita lain terkait|"
    r"(?:ADVERTISEMENT|Advertisement|Iklan|SCROLL TO (?:CONTINUE|RESUME) WITH CONTENT)$|"
    r"Copyright|Hak [Cc]ipta|©|#GrowFearless|#[A-Za-z]+ with"
    r")", re.I
)
_TRAILER_ANYWHERE = re.compile(
    r"\(\s*Baca (?:juga|pula)\s*:[^()]{0,200}\)|"  # sindonews' inline "(Baca juga: ...)"
    # a video the text cannot carry, or a pointer to another page; "Simak ulasan berikut ini" that leads
    # into the article's own list stays
    # (capitalized at the start of a sentence: "melihat video" inside a story sentence is not a prompt)
    r"(?:^|(?<=[.!?] ))(?:(?:Simak|Saksikan|Tonton|Lihat)(?: juga)? [Vv]ideo\b[^.\n]{0,100}?(?:[.!:]|$)|"
    r"(?:Simak|Baca|Cek|Lihat)\b[^.\n]{0,60}?\b(?:di [Ss]ini|di link (?:ini|berikut)|di tautan (?:ini|berikut)|"
    r"selengkapnya di)\b[^.\n]{0,30}[.!]?)",
    re.M,
)
_SOCIAL_LINE = re.compile(r"^(?:Instagram|Twitter|Facebook|TikTok|YouTube|IG|FB|X|Line|WhatsApp)\s*:\s*@?\S+$", re.I)
# A line that is only a handle is the credit of an embedded post whose content was dropped.
_HANDLE_LINE = re.compile(r"^@[\w.]{2,30}$")
# A paragraph that is only an agency or reporter tag: "(ant)", "(tim)", "(rul/imk)".
_TAG_LINE = re.compile(r"^\((?:[a-z]{2,6}|[a-z]{1,6}[\d-]*[a-z\d]*(?:/[a-z][\w.-]{1,20}){1,3})\)\.?$")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")

# --- captions: a photo credit in parentheses, or "Foto: ..." lines.
# A photo credit names the photo ("Foto", "Dok.") or its agency and photographer with a slash or a handle:
# "(REUTERS/Name)", "(Instagram@x)". A bare "(AFP)" is as often the Australian Federal Police.
_CREDIT = re.compile(
    r"\((?:(?:Dok\.?|Dokumentasi|Foto|FOTO|Photo|Ilustrasi|ANTARA ?FOTO|AP ?Photo|Tangkapan layar|Screenshot|"
    r"Sumber foto|Kredit foto|Photo credit)\b[^()]{0,160}|"
    r"(?:ANTARA|REUTERS|Reuters|AP|AFP|Getty(?: Images)?|Instagram|IG|Twitter|YouTube|Youtube|Facebook|TikTok)"
    r"\s*[/@:][^()]{1,160}|Shutterstock|Getty Images|iStock(?:photo)?|Istimewa|Freepik|Unsplash|Pexels)\)",
)
_CAPTION_LINE = re.compile(
    r"^(?:Foto|FOTO|Photo|Ilustrasi|Keterangan foto|Keterangan gambar|Caption)\s*(?::|\||[-–—] )", re.I
)

_DANGLING_INTRO = re.compile(r"^(?=(?:\S+\s+){0,19}\S+$)(?:Berikut\b.*|.*\b(?:berikut(?: ini)?|selengkapnya)\s*):$")
_TERMINAL = re.compile(r"""[.!?…]["”’')\]]*$|["”]$""")
_FUNCTION_WORDS = frozenset("""di ke dari dan atau yang untuk pada dengan dalam oleh ini itu akan tak tidak bagi
    sebagai soal vs jadi si sang para kah pun of the and to in a for on""".split())


def find_boiler(raw: str, blocks: list[Block]) -> list[Cut]:
    cuts: list[Cut] = []
    body_start = _dateline(raw, blocks, cuts)
    for i, (start, end) in enumerate(blocks):
        text = raw[start:end]
        if _trailer_block(raw, start, end, text, cuts):
            continue
        if _caption(raw, start, end, text, cuts):
            continue
        if i > body_start and 0 < i < len(blocks) - 1 and _teaser_heading(text, raw, blocks, i):
            cuts.append(Cut(start, end, "teaser-heading", "\n"))
            continue
        _tags(raw, start, end, text, cuts)
        if any(w in text for w in ("Baca", "Simak", "Saksikan", "Tonton", "Lihat", "Cek", "baca juga")):
            for m in _TRAILER_ANYWHERE.finditer(text):
                cuts.append(Cut(start + m.start(), start + m.end(), "trailer", " "))
    _closing_lines(raw, blocks, cuts)
    return cuts


def _dateline(raw: str, blocks: list[Block], cuts: list[Cut]) -> int:
    """Cut the dateline; blocks before it (a deck or a teaser above the body) go too. Returns its block."""
    for i, (start, end) in enumerate(blocks[:3]):
        m = _DATELINE.match(raw, start, end)
        if not m or m.end() - start > 70 or raw[start:end].split(" ", 1)[0].strip(",") in _NOT_PLACE:
            continue
        head = raw[start : m.end()]
        if len(head.split()) > 7 or sum(w[:1].islower() for w in head.split()) > 0:
            continue
        # "Pasca- ," is a hyphenated word cut by a dropped link: a dash glued to the word needs an
        # outlet after a comma before it ("Pyongyang, Suarathailand-").
        if re.search(r"\w[-–—]+[ ]$", head) and "," not in head and "(" not in head:
            continue
        # "MEDAN (Waspada):" has its agency in brackets; without one, "GTA: San Andreas" or "PSG: Cavani"
        # is a label, not a dateline.
        # Malaysian papers write "KUALA LUMPUR:" at the very start; that is allowed in the first block.
        if head.rstrip().endswith(":") and "(" not in head and not (
            i == 0 and re.fullmatch(r"[A-Z]{4,}(?: [A-Z]{2,}){0,2}:", head.strip())
        ):
            continue
        # Below the first block only an unmistakable dateline counts (a place in capitals, an outlet
        # after a comma, an agency in brackets), as "Liga Primer - " may start an ordinary line.
        if i > 0 and not re.match(r"[A-Z]{3,}|[^,(]+[,(]", head):
            continue
        for j in range(i):  # what stands above the dateline is a heading or a deck, not body
            b0, b1 = blocks[j]
            if len(raw[b0:b1].split()) <= 40:
                cuts.append(Cut(b0, b1, "teaser-heading", "\n"))
        cuts.append(Cut(start, m.end(), "dateline", ""))
        return i
    return 0


def _trailer_block(raw: str, start: int, end: int, text: str, cuts: list[Cut]) -> bool:
    if _TRAILER_START.match(text) or _SOCIAL_LINE.match(text) or _URL_LINE.match(text):
        if len(text.split()) > 30:  # a long paragraph that opens with a prompt: only the prompt's sentence,
            s0, s1 = split_sentences(text)[0]  # and only the prompt itself if that sentence is long too
            if len(text[s0:s1].split()) > 25:
                m = _TRAILER_START.match(text) or _SOCIAL_LINE.match(text) or _URL_LINE.match(text)
                s1 = m.end() if m else s0
            cuts.append(Cut(start + s0, start + s1, "trailer", "\n"))
        else:
            cuts.append(Cut(start, end, "trailer", "\n"))
        return True
    return False


def _caption(raw: str, start: int, end: int, text: str, cuts: list[Cut]) -> bool:
    if _HANDLE_LINE.match(text):
        cuts.append(Cut(start, end, "caption", "\n"))
        return True
    m = _CAPTION_LINE.match(text)
    if m:
        # "Foto: Instagram nikitamirzanimawardi_17" may run into the next paragraph when the scrape
        # lost the break: a long block keeps what follows the credit's first phrase.
        if len(text.split()) <= 12:
            cuts.append(Cut(start, end, "caption", "\n"))
            return True
        credit = re.match(r"[^,.;]{0,80}", text[m.end():])
        cuts.append(Cut(start, start + m.end() + (credit.end() if credit else 0), "caption", "\n"))
        return False
    credits = list(_CREDIT.finditer(text)) if "(" in text else []
    if not credits:
        return False
    last = credits[-1]
    tail = text[last.end():].strip(" .,;")
    if not tail and len(text.split()) <= 50 and not text.lstrip().startswith(("\"", "“")):
        cuts.append(Cut(start, end, "caption", "\n"))  # the whole block is a caption ending in its credit
        return True
    for m in credits:
        cuts.append(Cut(start + m.start(), start + m.end(), "caption", " "))
    return False


def _tags(raw: str, start: int, end: int, text: str, cuts: list[Cut]) -> None:
    if _TAG_LINE.match(text):
        cuts.append(Cut(start, end, "byline", "\n"))
        return
    m = _SLASH_TAG.search(text) if text.endswith((")", ").")) else None
    if m:
        cuts.append(Cut(start + m.start(), end, "byline", ""))
    m = _BYLINE_INLINE.search(text) if ":" in text else None
    if m:
        cuts.append(Cut(start + m.start(), end, "byline", "\n"))
    if _BYLINE_LINE.match(text) and len(text.split()) <= 12:
        cuts.append(Cut(start, end, "byline", "\n"))


def _closing_lines(raw: str, blocks: list[Block], cuts: list[Cut]) -> None:
    """At the very end: an agency or reporter name in capitals ("ANTARA", "PRIBADI WICAKSONO",
    "DEFENSEONE | TASS"), a signature "(Dahlan Iskan)". Blocks already cut (a trailer after the
    byline) are looked past."""
    gone = {(c.start, c.end) for c in cuts if c.joiner == "\n"}
    tail = [b for b in blocks if b not in gone][-3:]
    # "Berikut unggahannya:" / "Berikut 5 berita populer selengkapnya:" closing the text introduces a
    # list or an embed that is not there any more.
    if len(tail) > 1 and _DANGLING_INTRO.search(raw[tail[-1][0]:tail[-1][1]]):
        cuts.append(Cut(tail[-1][0], tail[-1][1], "trailer", "\n"))
        tail = tail[:-1]
    for start, end in reversed(tail):
        text = raw[start:end]
        if _CAPS_LINE.match(text) and len(text.split()) <= 6 and not _TERMINAL.search(text.rstrip(".")):
            cuts.append(Cut(start, end, "byline", "\n"))
            continue
        m = _SIGNED.search(text) or _END_TAG.search(text)
        if m:
            cuts.append(Cut(start + m.start(), end, "byline", ""))
        break


def _common_capitalized(words: list[str]) -> int:
    from kabar.clean.lexicon import root_words
    from kabar.lang.stem import stem

    roots = root_words()
    count = 0
    for w in words:
        w = w.strip("?!.,:;\"'“”")
        if w[:1].isupper() and not w.isupper() and w.isalpha():
            low = w.lower()
            count += low in roots or stem(low) in roots
    return count


def _teaser_heading(text: str, raw: str, blocks: list[Block], i: int) -> bool:
    """A short title-case line between paragraphs that asks or teases ("Rusia Semakin Bergantung pada
    Korea Utara?"), as opposed to a one-line paragraph or a list item."""
    if len(text) > 140:
        return False
    words = text.split()
    if not 2 <= len(words) <= 14 or text[0] in "\"“'‘(-•*0123456789" or ":" in text:
        return False
    if _TERMINAL.search(text) and not text.endswith(("?", "!")):
        return False
    content = [w for w in words if w.lower().strip("?!,") not in _FUNCTION_WORDS]
    if len(content) < 2:
        return False
    caps = sum(w[0].isupper() for w in content)
    if caps / len(content) < 0.75:
        return False
    start, end = blocks[i]
    if text.endswith(("?", "!")):
        if "," in text:  # "Kenapa,mempunyai ...?": a story sentence damaged by a dropped link
            return False
        # Title case capitalizes common words ("Semakin Bergantung ... Utara"); a question asked in the
        # story capitalizes only names ("Bagaimana dengan Menteri BUMN?").
        if caps < len(content) or _common_capitalized(words[1:]) < 2:
            return False
    # Without a question or exclamation, a short title-case line may be a name in a list or a line cut
    # short by a dropped link ("Kepala Balai Taman Nasional,[name],mengatakan"): a heading stands on a
    # line of its own, has every content word capitalized, reads as a phrase (with a function word:
    # "Peran Kagama untuk Pemerataan Kesehatan"), and has no digits.
    elif (
        len(words) < 4 or len(content) == len(words) or caps < len(content) or any(c.isdigit() for c in text)
        or raw[end : end + 1] not in ("\n", "") or raw[start - 1 : start] not in ("\n", "")
    ):
        return False
    if not _TERMINAL.search(raw[blocks[i - 1][0] : blocks[i - 1][1]]):
        return False
    prev_len = len(raw[blocks[i - 1][0] : blocks[i - 1][1]].split())
    next_len = len(raw[blocks[i + 1][0] : blocks[i + 1][1]].split())
    return prev_len >= 8 and next_len >= 8

"""Entities of an article or an event: name mentions merged into canonical entities with aliases.

Mentions come from the shipped NER model (kabar.extract.ner, `load_ner().entities(text)`); if the model is
not shipped, from runs of capitalized words (type MISC). Canonicalization, within and across articles:

- surfaces are tidied: punctuation at the ends, leading lowercase descriptors ("agen berita negara Rusia
  TASS"), and for people the title words before the name ("Menlu Rusia Sergei Lavrov" -> "Sergei Lavrov");
  a mention that is a descriptor plus a name seen alone elsewhere is that name ("Rusia TASS" -> "TASS",
  "Korea Utara Kim Jong Un" -> "Kim Jong Un", a frequent NER run-on);
- spelling variants and transliterations merge: names compare on a folded key (case, accents, y/i,
  doubled letters: Sergei/Sergey, Zelensky/Zelenskyy), then person-name tokens within one edit
  (Mohammad/Muhammad);
- short forms of people join the one full name they start or end ("Lavrov", "Kim Jong", "Kim"); a
  short form that fits two different people stays apart;
- acronyms join their expansion: the initials of the expansion's capitalized words (PBB = Perserikatan
  Bangsa-Bangsa, KPK = Komisi Pemberantasan Korupsi, AS = Amerika Serikat) or an acronym in parentheses
  right after a name in the text ("Kantor Berita Pusat Korea (KCNA)"); a single word in parentheses after
  a person's name is a nickname ("Joko Widodo (Jokowi)").

The canonical name of an entity is its fullest surface (most words; an expansion rather than its
acronym), then the one most articles use. Hand-written: no library canonicalizes Indonesian news names.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cachetools import LRUCache

from kabar.lang.wordlists import TITLE_WORDS
from kabar.model import Article, Mention, Sentence

# Honorifics and person titles before a name, beyond TITLE_WORDS (which also holds institutions and
# countries that precede names in news copy).
_HONORIFICS = frozenset(
    """pak bu bapak ibu sang saudara saudari mr mrs ms dr drs dra ir prof h hj kh habib haji hajjah
    letjen mayjen brigjen brigadir kolonel kombes akbp kompol ipda iptu aiptu aipda bripka irjen komjen
    marsekal laksamana laksda mayor kapten letnan serda sertu pratu kapolsek kapolres kapolda kapolri kasat
    kasatreskrim kabid humas kadiv kabag plt pj wakapolri wakapolda kajari kajati kajagung jaksa hakim
    menpora menkumham mendagri menkeu menkes mendikbud menhan menlu mensos menteri dirut direktur ketum
    ketua eksekutif umum wakil gubernur wagub bupati wabup walikota wali camat lurah kades pangdam danrem
    dandim panglima pimpinan pemimpin komisaris pengamat pakar politikus aktivis selebgram artis penyanyi
    aktor aktris pelatih pemain kiper striker gelandang pembalap presenter""".split()
)
_NAME_TITLES = TITLE_WORDS | _HONORIFICS
_PARTICLES = {"bin", "binti", "al", "van", "von", "de", "di", "da", "dos", "le", "la", "du", "del", "ibn", "abu"}
# Capitalized words that open sentences or are dates, never names on their own.
_NOT_NAMES = {
    "pada", "dalam", "saat", "sementara", "menurut", "kunjungan", "sebelumnya", "sebelum", "selain", "itu", "hal",
    "kami", "saya", "mereka", "ia", "dia", "kedua", "meski", "namun", "tetapi", "sabtu", "minggu", "senin",
    "selasa", "rabu", "kamis", "jumat", "juni", "juli", "agustus", "november", "oktober", "januari", "februari",
    "maret", "april", "mei", "september", "desember", "di", "dan", "ini", "yang", "untuk", "dengan", "dari",
    "ke", "karena", "jika", "kalau", "setelah", "sejak", "hingga", "bahkan", "lalu", "kemudian", "tak", "tidak",
    "ada", "apa", "siapa", "bagaimana", "kenapa", "mengapa", "baca", "simak", "foto", "video", "sumber",
    "ketika", "walau", "meskipun", "sedangkan", "sehingga", "agar", "bila", "apabila", "usai", "seusai",
}
_CAPSEQ = re.compile(r"(?<![\w])(?:[A-Z][\w'’.-]*|[A-Z]{2,})(?:\s+(?:(?:bin|binti|al|van|von|de|da|dos)\s+)?"
                     r"(?:[A-Z][\w'’-]*|[A-Z]{2,}))*")
_PAREN_ALIAS = re.compile(r"((?:[A-Z][\w'’-]*\s+){0,8}[A-Z][\w'’-]*)\s*\(\s*([A-Z][\w'’&.-]{1,14})\s*\)")
_EDGE_JUNK = re.compile(r"^[^\w]+|[^\w.]+$|(?<=\w)\.$")
_MIN_LEN = 2
_CACHE_SIZE = 4096


# --------------------------------------------------------------------------------------- mentions


def article_mentions(article: Article) -> list[Mention]:
    """Names in the article's sentences, from the NER model when shipped, else capitalized runs.

    Tagged once, by the extract stage, and stored with the article (`Article.mentions`); articles stored
    before that are tagged here, cached per article (id and text) so an event re-analyzed after each new
    member does not re-tag."""
    if article.mentions is not None:
        return article.mentions
    key = (article.id, hash(article.text), hash(article.title))  # the title is tagged too
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    found = sentence_mentions(article.text, article.sentences)
    if article.title and not article.text.startswith(article.title):
        # the title often names in full whom the text calls by a short name ("Roy", "Vebby"); its
        # mentions have sentence -1 and offsets into the title
        title = [Sentence(0, len(article.title), article.title)]
        found += [Mention(m.text, m.type, -1, m.start, m.end) for m in sentence_mentions(article.title, title)]
    _CACHE[key] = found
    return found


_CACHE: LRUCache[tuple[str, int, int], list[Mention]] = LRUCache(_CACHE_SIZE)


def sentence_mentions(text: str, sentences: Sequence[Sentence]) -> list[Mention]:
    """Mentions in `sentences` (offsets into `text`): NER if the model is shipped, else the heuristic."""
    tagger = _tagger()
    if tagger is None:
        return heuristic_mentions(sentences)
    # One call per article: the tagger decodes all its sentences in one batch (kabar.extract.ner).
    starts = [s.start for s in sentences]
    out: list[Mention] = []
    for m in tagger.entities_in_spans(text, [(s.start, s.end) for s in sentences]):
        i = bisect_right(starts, m.start) - 1
        out.append(Mention(m.text, m.type, i, m.start, m.end))
    return out


def heuristic_mentions(sentences: Sequence[Sentence]) -> list[Mention]:
    """Runs of capitalized words (type MISC); a lone capitalized word opening a sentence is skipped."""
    from kabar.lang.wordlists import stopwords

    stop = stopwords()
    out: list[Mention] = []
    for i, sent in enumerate(sentences):
        for m in _CAPSEQ.finditer(sent.text):
            words = m.group(0).split()
            while words and (words[0].lower().strip(".") in _NOT_NAMES or words[0].lower() in stop):
                words.pop(0)
            while words and words[-1].lower().strip(".") in _NOT_NAMES:
                words.pop()
            if not words or (m.start() == 0 and len(m.group(0).split()) == 1):
                continue
            for name in _split_titles(words):
                name = name.rstrip(".")
                if len(name) < 3:
                    continue
                start = sent.text.find(name, m.start())
                out.append(Mention(name, "MISC", i, sent.start + start, sent.start + start + len(name)))
    return out


def _split_titles(words: list[str]) -> list[str]:
    """A run "Kapolres Malang Kota AKBP Dony Alexander" is an institution and, after the last title word,
    a person: both, apart."""
    last_title = max((k for k, w in enumerate(words) if w.lower().strip(".,") in _NAME_TITLES), default=-1)
    if 0 <= last_title < len(words) - 1 and any(w.lower() not in _NAME_TITLES for w in words[:last_title]):
        return [" ".join(words[:last_title + 1]), " ".join(words[last_title + 1 :])]
    return [" ".join(words)]


_TAGGER_STATE: dict[str, Any] = {}


def _tagger() -> Any:
    """The NER model, or None when it is not shipped (then names come from the heuristic)."""
    if "tagger" not in _TAGGER_STATE:
        try:
            from kabar.extract.ner import load_ner

            _TAGGER_STATE["tagger"] = load_ner()
        except (FileNotFoundError, ImportError, OSError):
            _TAGGER_STATE["tagger"] = None
    return _TAGGER_STATE["tagger"]


# ---------------------------------------------------------------------------------- name surfaces


@lru_cache(maxsize=100_000)
def fold(name: str) -> str:
    """Comparison key of a name: case, accents, y/i and doubled letters folded ("Sergey" ~ "Sergei")."""
    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[^\w\s-]", "", s).replace("y", "i").replace("-", " ")
    s = re.sub(r"(\w)\1+", r"\1", s)
    return " ".join(s.split())


def tidy(surface: str, etype: str = "") -> str:
    """A mention as a name: edge punctuation and leading lowercase descriptors off; for people (and
    untyped runs) the title words before the name too."""
    s = _EDGE_JUNK.sub("", " ".join(surface.split()))
    words = s.split()
    while len(words) > 1 and words[0][:1].islower() and words[0].lower() not in _PARTICLES:
        words.pop(0)
    if etype in ("PER", "MISC", ""):
        words = strip_titles(words)
    if words and words[-1].lower() in ("itu", "tersebut", "ini"):
        words.pop()
    return " ".join(words)


def strip_titles(words: list[str]) -> list[str]:
    """Title words before a person's name off ("Menteri Luar Negeri Rusia Sergei Lavrov" -> the name),
    unless nothing would be left (then it is an institution: "Kementerian Luar Negeri Rusia")."""
    k = 0
    while k < len(words) and (words[k].lower().strip(".,()") in _NAME_TITLES or words[k].startswith("(")):
        k += 1
    rest = words[k:]
    return rest if rest and rest[0][:1].isupper() else words


def initials(name: str) -> str:
    """PBB for "Perserikatan Bangsa-Bangsa", KPK for "Komisi Pemberantasan Korupsi": the first letter of
    each capitalized word (and of each part of a hyphenated one); "dan", "untuk", ... are skipped."""
    out = []
    for word in name.split():
        for part in word.split("-"):
            if part[:1].isupper():
                out.append(part[0])
    return "".join(out)


def is_acronym(word: str) -> bool:
    return 2 <= len(word) <= 8 and word.isalpha() and word.isupper()


def _edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopped early past `limit` (a few short tokens: a library is overkill)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _same_token(a: str, b: str) -> bool:
    """Two folded name tokens spelled alike: equal, or one edit apart in a long token, not at its end
    (Indonesian names change gender in the last vowel: Putra/Putri, Dewa/Dewi)."""
    if a == b:
        return True
    return min(len(a), len(b)) >= 6 and a[-1] == b[-1] and a[0] == b[0] and _edit_distance(a, b, 1) <= 1


def _variant(a: str, b: str) -> bool:
    """Folded multi-word person names that are spelling variants of each other, or the same name with and
    without a middle initial ("Laode M Syarif" / "Laode Syarif")."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb):
        short, long = sorted((ta, tb), key=len)
        middle = [t for t in long[1:-1] if t not in short]
        return (len(short) >= 2 and short[0] == long[0] and short[-1] == long[-1]
                and all(len(t) == 1 for t in middle) and len(long) - len(short) == len(middle))
    return all(_same_token(x, y) for x, y in zip(ta, tb, strict=True))


# --------------------------------------------------------------------------------- canonicalization


@dataclass(slots=True)
class _Surface:
    """All mentions of one folded name: its spellings, types and articles."""

    spellings: Counter[str]
    types: Counter[str]
    articles: set[str]
    count: int = 0

    @property
    def name(self) -> str:
        return max(self.spellings, key=lambda n: (self.spellings[n], n))


class _Groups:
    """Union-find over folded surface keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def canonical_entities(items: Iterable[tuple[str, str, Sequence[Mention]]]) -> list[dict[str, Any]]:
    """Canonical entities from (article id, article text, mentions) triples, with every article they
    occur in; EntityOut keys {name, type, aliases, articles} plus `mentions` (how many)."""
    surfaces: dict[str, _Surface] = {}
    aliases: list[tuple[str, str, str]] = []  # (long name, alias, kind) from "(ACR)" in the texts
    for aid, text, mentions in items:
        for m in mentions:
            name = tidy(m.text, m.type)
            if not _usable(name):
                continue
            s = surfaces.setdefault(fold(name), _Surface(Counter(), Counter(), set()))
            s.spellings[name] += 1
            s.types[m.type] += 1
            s.articles.add(aid)
            s.count += 1
        aliases += _parenthesized(text)
    _reduce_descriptors(surfaces)
    groups = _Groups()
    for key in surfaces:
        groups.find(key)
    _merge_variants(surfaces, groups)
    _merge_acronyms(surfaces, groups, aliases)
    _merge_short_forms(surfaces, groups)
    members: dict[str, list[str]] = defaultdict(list)
    for key in surfaces:
        members[groups.find(key)].append(key)
    return [_entity([surfaces[k] for k in keys]) for keys in members.values()]


def _usable(name: str) -> bool:
    if len(name) < _MIN_LEN or not any(ch.isalpha() for ch in name) or not name[:1].isupper():
        return False
    return name.lower() not in _NOT_NAMES


def _parenthesized(text: str) -> list[tuple[str, str, str]]:
    out = []
    for m in _PAREN_ALIAS.finditer(text):
        long_name, short = m.group(1), m.group(2).rstrip(".")
        words = long_name.split()
        if is_acronym(short):
            # the expansion is the run of words whose initials spell the acronym, if any; else all of it
            for k in range(len(words)):
                if initials(" ".join(words[k:])) == short:
                    long_name = " ".join(words[k:])
                    break
            out.append((tidy(long_name, "ORG"), short, "acronym"))
        elif short[:1].isupper() and short[1:].islower() and len(words) >= 2:
            out.append((tidy(long_name, "PER"), short, "nickname"))
    return out


def _reduce_descriptors(surfaces: dict[str, _Surface]) -> None:
    """A mention that is descriptor words plus a name seen alone elsewhere is that name: "Rusia TASS",
    "Korea Utara Kim Jong Un" (NER runs a place into the name after it)."""
    for key in sorted(surfaces, key=lambda k: -len(k.split())):
        s = surfaces.get(key)
        words = s.name.split() if s else []
        for k in range(1, len(words)):
            tail_key = fold(" ".join(words[k:]))
            head = words[:k]
            head_surface = surfaces.get(fold(" ".join(head)))
            # the head must describe (a place, an institution, titles), not be a first name: "Rusli Habibie"
            # is not "Habibie"
            head_known = (head_surface is not None and _kind(head_surface) in ("LOC", "ORG")) or all(
                w.lower() in _NAME_TITLES for w in head)
            if tail_key in surfaces and tail_key != key and head_known:
                tail = surfaces[tail_key]
                tail.types.update(s.types)
                tail.articles |= s.articles
                tail.count += s.count
                del surfaces[key]
                break


def _kind(s: _Surface) -> str:
    return _majority(s.types, len(s.name.split()))


def _majority(types: Counter[str], words: int) -> str:
    """Majority type; on a tie a multi-word name is a person first, a single word a place or an
    organisation first (NER's typical slip is a lone place tagged PER)."""
    order = ({"PER": 0, "ORG": 1, "LOC": 2} if words > 1 else {"LOC": 0, "ORG": 1, "PER": 2})
    return min(types, key=lambda t: (-types[t], order.get(t, 5), t))


def _merge_variants(surfaces: dict[str, _Surface], groups: _Groups) -> None:
    people = [k for k, s in surfaces.items() if _kind(s) in ("PER", "MISC")]
    by_edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for k in people:
        t = k.split()
        by_edges[(t[0][:1], t[-1][-1:])].append(k)  # variants share the first and the last letter
    for keys in by_edges.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if _variant(a, b):
                    groups.union(a, b)


def _merge_acronyms(surfaces: dict[str, _Surface], groups: _Groups, aliases: list[tuple[str, str, str]]) -> None:
    for long_name, short, _ in aliases:
        sk = fold(short)
        words = fold(long_name).split()
        # the name is the longest run ending before the parenthesis that is a known surface
        lk = next((" ".join(words[k:]) for k in range(len(words)) if " ".join(words[k:]) in surfaces), None)
        if lk and sk in surfaces:
            groups.union(lk, sk)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for k, s in surfaces.items():
        if len(s.name.split()) >= 2:
            by_initials[initials(s.name)].append(k)
    for k, s in surfaces.items():
        if is_acronym(s.name):
            cands = {groups.find(c) for c in by_initials.get(s.name, [])}
            if len(cands) == 1:
                groups.union(cands.pop(), k)


def _merge_short_forms(surfaces: dict[str, _Surface], groups: _Groups) -> None:
    """A person's short form joins the one longer person name it starts or ends ("Kim Jong", then
    "Kim", join "Kim Jong Un"); a one-word organisation joins the one longer organisation it starts
    ("Bloomberg" -> "Bloomberg News")."""
    people = {k for k, s in surfaces.items() if _kind(s) in ("PER", "MISC") and len(k.split()) >= 2}
    orgs = {k for k, s in surfaces.items() if _kind(s) == "ORG" and len(k.split()) >= 2}
    for k in sorted(surfaces, key=lambda k: -len(k.split())):  # longer short forms first
        s = surfaces[k]
        words = k.split()
        if is_acronym(s.name):
            continue
        kind = _kind(s)
        if kind in ("PER", "MISC") or s.types.get("PER", 0) or _only_person_token(k, people):
            # a one-word short form may stand for a name of any length; a longer one lacks one word at most
            # ("Kim Jong" / "Kim Jong Un", not "Didi Kempot" / "Konangan Concert Didi Kempot")
            most = 9 if len(words) == 1 else len(words) + 1
            owners = {groups.find(p) for p in people
                      if len(words) < len(p.split()) <= most and _affix(words, p.split())}
        elif kind == "ORG" and len(words) == 1 and k not in _NAME_TITLES:
            owners = {groups.find(o) for o in orgs if o.split()[0] == k}
        else:
            continue
        owners.discard(groups.find(k))
        if len(owners) == 1:
            groups.union(owners.pop(), k)


def _only_person_token(key: str, people: set[str]) -> bool:
    """A single word typed as a place or an organisation that is the surname of a person named in full
    (NER tags a lone "Shoigu" as ORG): it is that person."""
    return len(key.split()) == 1 and any(p.split()[-1] == key for p in people)


def _affix(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return long[:n] == short or long[-n:] == short


def _entity(group: list[_Surface]) -> dict[str, Any]:
    types: Counter[str] = Counter()
    articles: set[str] = set()
    for s in group:
        types.update(s.types)
        articles |= s.articles

    def fullness(s: _Surface) -> tuple:
        # an expansion over its acronym, a full name over a short form, then the form most articles use
        return (not is_acronym(s.name), len(s.name.split()) > 1, len(s.articles), len(s.name.split()), s.count,
                s.name)

    best = max(group, key=fullness)
    etype = _majority(types, len(best.name.split()))
    names = sorted({n for s in group for n in s.spellings} - {best.name})
    return {"name": best.name, "type": etype, "aliases": names, "articles": sorted(articles),
            "mentions": sum(s.count for s in group)}


# ------------------------------------------------------------------------------------ public views


def article_entities(article: Article) -> list[dict[str, Any]]:
    """Canonical entities of one article (EntityOut keys plus `mentions`), most mentioned first."""
    ents = canonical_entities([(article.id, article.text, article_mentions(article))])
    ents.sort(key=lambda e: (-e["mentions"], e["name"]))
    return ents


def event_entities(articles: Iterable[Article], min_articles: int = 2, limit: int | None = 40) -> list[dict[str, Any]]:
    """Canonical entities across an event's articles that at least `min_articles` of them mention
    (EntityOut keys), most widely reported first; at most `limit`. To resolve quote speakers, ask for
    all of them (min_articles=1, limit=None): a speaker may be quoted by one outlet only."""
    ents = canonical_entities((a.id, a.text, article_mentions(a)) for a in articles)
    ents = [e for e in ents if len(e["articles"]) >= min_articles]
    ents.sort(key=lambda e: (-len(e["articles"]), -e["mentions"], e["name"]))
    return [{k: e[k] for k in ("name", "type", "aliases", "articles")} for e in ents[:limit]]


def canonical_speaker(name: str | None, entities: Sequence[Mapping[str, Any]]) -> str | None:
    """The canonical entity a speaker phrase names, else the phrase without its titles.

    "juru bicara Kementerian Luar Negeri Rusia Maria Zakharova" -> "Maria Zakharova" (the person named in
    it wins over the institution); "Budanov" -> "Kyrylo Budanov" (short form); "kantor berita negara
    TASS" -> "TASS"; "Sergey Lavrov" -> "Sergei Lavrov" when that is the event's canonical spelling."""
    if not name:
        return name
    phrase = " ".join(name.split()).strip(" ,.;:-–—'\"“”")
    if not phrase:
        return None
    index = _index(entities)
    key = fold(phrase)
    if key in index:
        return index[key]["name"]
    words = strip_titles(phrase.split())
    tail = _name_tail(words)
    if len(tail) < len(words):
        tail = _head_checked(words, tail)
    key = fold(" ".join(tail))
    if key in index:
        return index[key]["name"]
    inside = _named_inside(phrase, entities)
    if inside is not None:
        return inside
    short = _expand_short(tail, entities)
    if short is not None:
        return short
    if is_acronym(" ".join(tail)):
        cands = {e["name"] for e in entities if initials(e["name"]) == " ".join(tail) and len(e["name"].split()) > 1}
        if len(cands) == 1:
            return cands.pop()
    return " ".join(tail)


def _index(entities: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    index: dict[str, Mapping[str, Any]] = {}
    for e in entities:
        for n in [e["name"], *e.get("aliases", [])]:
            index.setdefault(fold(n), e)
    return index


def _named_inside(phrase: str, entities: Sequence[Mapping[str, Any]]) -> str | None:
    """A person named inside the phrase (the rightmost), else an organisation that ends it ("kantor
    berita negara TASS"); a place inside a longer phrase is a modifier ("Badan intelijen Korea Selatan")."""
    folded = f" {fold(phrase)} "
    words = phrase.split()
    best: tuple[int, int, str] | None = None
    for e in entities:
        if e.get("type") not in ("PER", "ORG"):
            continue
        for n in [e["name"], *e.get("aliases", [])]:
            k = fold(n)
            if not k:
                continue
            pos = folded.rfind(f" {k} ")
            if pos < 0:
                continue
            end = pos + len(k) + 1
            if e["type"] == "ORG" and end != len(folded) - 1:
                continue
            if e["type"] == "PER" and not _titles_before(words, len(folded[:pos].split())):
                continue  # "penggemar Bruno", "kuasa hukum Ratna": someone related to the person
            rank = (1 if e["type"] == "PER" else 0, end)
            if best is None or rank > best[:2]:
                best = (*rank, e["name"])
    return best[2] if best else None


def _titles_before(words: list[str], n: int) -> bool:
    """The first `n` words of a phrase are titles, names or acronyms: they describe the person after them."""
    return all(w.lower().strip(".,()") in _NAME_TITLES or w[:1].isupper() for w in words[:n])


def _name_tail(words: list[str]) -> list[str]:
    """The name at the end of a speaker phrase: the trailing run of capitalized words that are not title
    words or acronyms of institutions ("Kepala BPS Suhariyanto" -> "Suhariyanto"); the phrase if none."""
    tail: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        low = w.lower().strip(".,()")
        acronym = is_acronym(w) and len(w) > 2
        if acronym and not tail and k > 0 and words[k - 1].islower():
            return [w]  # "kantor berita negara TASS": the acronym is the name
        if (w[:1].isupper() or low in _PARTICLES) and low not in _NAME_TITLES and not acronym:
            tail.insert(0, w)
        else:
            break
    while tail and tail[0].lower() in _PARTICLES:
        tail.pop(0)
    return tail or words


def _head_checked(words: list[str], tail: list[str]) -> list[str]:
    """The name at the end of a phrase stands for the speaker when what precedes it are titles ("Kepala
    BPS Suhariyanto"), a lowercase descriptor of an acronym ("kantor berita negara TASS"), or it is a full
    name of two words or more; a single capitalized word after a common noun modifies it ("pejabat Barat")."""
    head = words[: len(words) - len(tail)]
    if len(tail) >= 2 or all(w.lower().strip(".,()") in _NAME_TITLES or is_acronym(w) for w in head):
        return tail
    if is_acronym(tail[0]) and head[-1].islower():
        return tail
    return words


def _expand_short(words: list[str], entities: Sequence[Mapping[str, Any]]) -> str | None:
    """The one person (or untyped name) whose name starts or ends with these words."""
    if not words:
        return None
    key = fold(" ".join(words)).split()
    owners = set()
    for e in entities:
        if e.get("type") not in ("PER", "MISC"):
            continue
        # a person's name has few words; a longer untyped run is an institution with a name in it
        longest = 4 if e["type"] == "PER" else 3
        for n in [e["name"], *e.get("aliases", [])]:
            k = fold(n).split()
            if len(key) < len(k) <= longest and _affix(key, k):
                owners.add(e["name"])
    return owners.pop() if len(owners) == 1 else None

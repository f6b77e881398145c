"""Copy detection: candidates from MinHash LSH (and from the clusterer's nearest articles), each pair
verified by exact shingle overlap and sentence alignment, then typed and directed.

A copy link is a pair; articles are never chained into connected components (three articles that share
one quote are three unlinked articles, not a group).

Kinds, tried in this order:
- exact: same text once case, punctuation and spacing are ignored;
- near: word 3-shingle Jaccard >= 0.8 (a copy with small edits);
- partial: >= 80% of the smaller article's shingles are in the other (a verbatim excerpt), or, after
  sentence alignment, the copy is mostly made of the original's sentences but covers less than 80% of it;
- paraphrase: sentence alignment covers >= 80% of both sides (a whole-article rewrite);
- translation: the two are in different languages and multilingual sentence embeddings align them.
"""

from __future__ import annotations

import heapq
import pickle
import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from rensa import RMinHash, RMinHashLSH

from kabar.cluster.vectors import background_idf
from kabar.dedup.align import AlignedPair, SentenceIndex, align_features, make_weight, sentence_features
from kabar.dedup.fingerprint import (
    NUM_PERM,
    containment,
    jaccard,
    minhash,
    shingles,
    text_hash,
)
from kabar.dedup.wording import reused_pairs
from kabar.model import Article, CopyLink

LSH_BANDS = 32  # 32 bands x 4 rows: pairs with Jaccard >= ~0.4 become candidates
NEAR_JACCARD = 0.8
VERBATIM_CONTAINMENT = 0.8
MIN_SHINGLES = 25  # a verbatim excerpt shorter than this (a sentence or two) is a quote, not a copy
MIN_ALIGNED = 3  # fewer shared sentences (a shared quote) is not a copy
STRONG_SIM = 0.6  # pairs this close count towards MIN_ALIGNED; weaker in-order pairs only add coverage
MIN_REUSED_WORDING = 2  # aligned pairs that also share their wording outside quotes (see dedup.wording)
COPY_COVERAGE = 0.5  # share of the copy's sentences aligned to the original
PARAPHRASE_COVERAGE = 0.8  # both sides this covered: a whole-article rewrite
TRANSLATION_SIM = 0.65  # embedding cosine of a sentence and its translation (unrelated: < 0.4 measured)
MIN_SHARED_NAMES = 3  # names and figures two translations must share before embeddings are computed
# Indonesian and Malay are one written language for this purpose (language id confuses them).
_LANGUAGE_GROUP = {"ms": "id"}
_NAME_OR_NUMBER = re.compile(r"\b(?:[A-Z][\w-]{2,}|\d+(?:[.,]\d+)*)")


def index_time(published: str | None) -> str:
    """An article's publication time as the index compares it (ISO, to the second; "" if undated, which
    sorts first). Copy candidates come oldest first by it, then by article id."""
    return published[:19] if published else ""


class CopyDetector:
    def __init__(self, window_days: float | None = None) -> None:
        """With `window_days` (a live service), articles published more than that before the newest one
        are forgotten (see forget_before), so memory stays flat: each indexed article holds ~2.7 KB for as
        long as it is indexed. Copies are found close in time: no copy link on the 22k corpus spans more
        than 14 days."""
        self.lsh = RMinHashLSH(threshold=0.4, num_perm=NUM_PERM, num_bands=LSH_BANDS)
        self.keys: dict[int, str] = {}  # LSH key -> article id
        self.window_days = window_days
        self._dated: list[tuple[str, int]] = []  # (published, LSH key): a heap, the oldest first
        self._published: dict[int, str] = {}  # LSH key -> publication time of its article ("" if undated)
        self._next_key = 0

    def add_signature(self, article_id: str, signature: bytes, published: str | None = None) -> None:
        """Index a stored signature again (on resume)."""
        self._insert(article_id, pickle.loads(signature), published)  # our own store's bytes (index())

    def _insert(self, article_id: str, m: RMinHash, published: str | None) -> None:
        key, self._next_key = self._next_key, self._next_key + 1
        self.lsh.insert(key, m)
        self.keys[key] = article_id
        when = self._published[key] = index_time(published)
        if self.window_days is not None and when:
            heapq.heappush(self._dated, (when, key))

    def window_start(self, newest: str | None) -> str | None:
        """The earliest publication time (ISO) the window keeps when `newest` is the newest article's;
        None without a window or a readable time."""
        if self.window_days is None or not newest:
            return None
        try:
            return (datetime.fromisoformat(newest[:19]) - timedelta(days=self.window_days)).isoformat()
        except ValueError:
            return None

    def forget_before(self, newest: str | None) -> int:
        """Drop the articles published more than the window before `newest` from the index; how many."""
        cutoff, n = self.window_start(newest), 0
        if cutoff is None:
            return 0
        while self._dated and self._dated[0][0] < cutoff:
            _, key = heapq.heappop(self._dated)
            self.lsh.remove(key)
            del self.keys[key]
            del self._published[key]
            n += 1
        return n

    def fingerprint(self, article: Article) -> tuple[RMinHash, set[str]]:
        sh = shingles(article.text)
        return minhash(sh), sh

    def lsh_candidates(self, m: RMinHash, published: str | None = None) -> list[str]:
        """Indexed articles that may share much text with `m`'s, oldest first; with a window, only those
        within it of `published` (the article's time). Neither the index's key order nor when it last
        forgot old articles matters, so a run resumed from stored signatures finds what one pass finds."""
        keys = self.lsh.query(m)
        start = self.window_start(published)
        if start is not None:
            keys = [k for k in keys if not self._published[k] or self._published[k] >= start]
        return [self.keys[k] for k in sorted(keys, key=lambda k: (self._published[k], self.keys[k]))]

    def index(self, article_id: str, m: RMinHash, published: str | None = None) -> bytes:
        """Add to the LSH index; return the bytes to store so a later run can rebuild the index."""
        self._insert(article_id, m, published)
        # rensa has no constructor from a digest; its objects pickle (about 0.7 KB each).
        return pickle.dumps(m)


def sentence_index(article: Article) -> SentenceIndex:
    """The article's sentences indexed for alignment: build it once when the article is compared with many."""
    return SentenceIndex([sentence_features(s) for s in article.sentences], make_weight(background_idf()))


def classify_pair(older: Article, newer: Article, older_shingles: set[str] | None = None,
                  newer_shingles: set[str] | None = None, newer_index: SentenceIndex | None = None
                  ) -> CopyLink | None:
    """Decide whether one article copies the other; `older` arrived first. None if not a copy.
    `newer_shingles` and `newer_index` (see sentence_index), when given, are the newer article's."""
    if _text_hash(older.text) == _text_hash(newer.text):
        n = min(len(older.sentences), len(newer.sentences))
        return _directed(older, newer, "exact", 1.0, [(i, i) for i in range(n)], 1.0, 1.0)
    if different_languages(older, newer):
        return classify_translation(older, newer)
    sa = older_shingles if older_shingles is not None else shingles(older.text)
    sb = newer_shingles if newer_shingles is not None else shingles(newer.text)
    jac = jaccard(sa, sb)
    index = newer_index if newer_index is not None else sentence_index(newer)
    pairs = align_features([sentence_features(s) for s in older.sentences], index)
    aligned = [(p.a, p.b) for p in pairs]
    cov_old, cov_new = _coverage(pairs, older, newer)
    cont = containment(sa, sb)
    if jac >= NEAR_JACCARD or (cont >= VERBATIM_CONTAINMENT and min(len(sa), len(sb)) >= MIN_SHINGLES):
        # Verbatim: each side's share of shingles found in the other says which one is contained.
        shared = len(sa & sb)
        kind, score = ("near", jac) if jac >= NEAR_JACCARD else ("partial", cont)
        return _directed(older, newer, kind, round(score, 3), aligned, shared / len(sa), shared / len(sb))
    return _aligned_link(older, newer, pairs, cov_old, cov_new, None)


@lru_cache(maxsize=4096)
def _text_hash(text: str) -> str:
    """text_hash, remembered: placement compares each new article with several candidates, mostly the
    same recent articles, and hashing both texts of every pair was a sixth of verification (profile).
    A str caches its own hash, so looking up the same text object again is cheap."""
    return text_hash(text)


def _aligned_link(older: Article, newer: Article, pairs: list[AlignedPair], cov_old: float, cov_new: float,
                  kind: str | None) -> CopyLink | None:
    """A copy by sentence alignment: at least MIN_ALIGNED close pairs (a shared quote or two is not a
    copy), and the copy mostly made of the original's sentences. When times are known the copy is the
    later one, so it must be the covered one (or the earlier one must be nearly all inside it: an
    expanded re-publication)."""
    strong = [p for p in pairs if p.score >= STRONG_SIM]
    if len(strong) < MIN_ALIGNED:
        return None
    if kind != "translation" and reused_pairs([s.text for s in older.sentences], [s.text for s in newer.sentences],
                                              [(p.a, p.b) for p in pairs]) < MIN_REUSED_WORDING:
        return None  # same facts and quotes, own words: two reports of one event, not a copy
    order = _time_order(older.published, newer.published)
    if order:
        later_cov, earlier_cov = (cov_new, cov_old) if order < 0 else (cov_old, cov_new)
        if later_cov < COPY_COVERAGE and earlier_cov < PARAPHRASE_COVERAGE:
            return None
    elif max(cov_old, cov_new) < COPY_COVERAGE:
        return None
    mean = sum(p.score for p in pairs) / len(pairs)
    if kind is None:
        kind = "paraphrase" if min(cov_old, cov_new) >= PARAPHRASE_COVERAGE else "partial"
    aligned = [(p.a, p.b) for p in pairs]
    return _directed(older, newer, kind, round(mean * max(cov_old, cov_new), 3), aligned, cov_old, cov_new)


def _coverage(pairs: list[AlignedPair], older: Article, newer: Article) -> tuple[float, float]:
    """Share of each article's text (in characters, sentences of four words or more) that is aligned:
    characters rather than sentences, so a dropped lead paragraph weighs what it says."""
    return _covered(older, {p.a for p in pairs}), _covered(newer, {p.b for p in pairs})


def _covered(a: Article, aligned: set[int]) -> float:
    sizes = [(i, len(s.text)) for i, s in enumerate(a.sentences) if len(s.text.split()) >= 4]
    total = sum(n for _, n in sizes)
    return sum(n for i, n in sizes if i in aligned) / total if total else 0.0


def _group(lang: str | None) -> str | None:
    return _LANGUAGE_GROUP.get(lang, lang) if lang else None


def different_languages(a: Article, b: Article) -> bool:
    ga, gb = _group(a.language), _group(b.language)
    return ga is not None and gb is not None and ga != gb


def shared_names(a: Article, b: Article) -> int:
    """Capitalized words and figures both texts contain: they survive translation, so a translated copy
    shares many of them; a cheap test before any embedding is computed."""
    na = {m.lower().replace(",", ".") for m in _NAME_OR_NUMBER.findall(a.text)}
    nb = {m.lower().replace(",", ".") for m in _NAME_OR_NUMBER.findall(b.text)}
    return len(na & nb)


def classify_translation(older: Article, newer: Article, min_sim: float = TRANSLATION_SIM) -> CopyLink | None:
    """A translated copy: sentences aligned one-to-one by multilingual embedding cosine (USE v3)."""
    from kabar.dedup import embed

    if shared_names(older, newer) < MIN_SHARED_NAMES or not embed.available():
        return None
    ia = [i for i, s in enumerate(older.sentences) if len(s.text.split()) >= 4]
    ib = [j for j, s in enumerate(newer.sentences) if len(s.text.split()) >= 4]
    if len(ia) < MIN_ALIGNED or len(ib) < MIN_ALIGNED:
        return None
    ea = embed.embed([s.text for s in older.sentences], key=older.id)
    eb = embed.embed([s.text for s in newer.sentences], key=newer.id)
    sim = ea[ia] @ eb[ib].T
    candidates = sorted(((float(sim[x, y]), ia[x], ib[y]) for x, y in zip(*(sim >= min_sim).nonzero(), strict=True)),
                        reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[AlignedPair] = []
    for score, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append(AlignedPair(i, j, round(score, 3)))
    pairs.sort(key=lambda p: p.a)
    cov_old, cov_new = _coverage(pairs, older, newer)
    return _aligned_link(older, newer, pairs, cov_old, cov_new, "translation")


def _directed(older: Article, newer: Article, kind: str, score: float, aligned: list[tuple[int, int]],
              cov_old: float, cov_new: float) -> CopyLink:
    """The original is the earlier one when times are known; else the copy is the one more covered by the
    other (a copy is made of the original's sentences; the original has more of its own), with the shorter
    one taken as the copy on a small margin (rewrites trim); else the direction is unknown."""
    order = _time_order(older.published, newer.published)
    if order < 0:
        return CopyLink(older.id, newer.id, kind, score, aligned, "time")
    if order > 0:
        return CopyLink(newer.id, older.id, kind, score, [(b, a) for a, b in aligned], "time")
    n_old, n_new = len(older.sentences), len(newer.sentences)
    margin = cov_new - cov_old
    if margin >= 0.15 or (margin >= 0.05 and n_new < n_old):
        return CopyLink(older.id, newer.id, kind, score, aligned, "containment")
    if -margin >= 0.15 or (-margin >= 0.05 and n_old < n_new):
        return CopyLink(newer.id, older.id, kind, score, [(b, a) for a, b in aligned], "containment")
    return CopyLink(older.id, newer.id, kind, score, aligned, "unknown")


def _time_order(a: str | None, b: str | None) -> int:
    """-1 if `a` is known to be earlier, 1 if later, 0 if unknown or equal. A date without a time of day
    is only earlier than another day: "2019-09-16" says nothing against "2019-09-16T09:31"."""
    if not a or not b:
        return 0
    da, db = a[:10], b[:10]
    if da != db:
        return -1 if da < db else 1
    if len(a) <= 10 or len(b) <= 10 or a == b:
        return 0
    return -1 if a < b else 1


def best_original(links: Iterable[CopyLink], article_id: str) -> CopyLink | None:
    """The strongest link in which `article_id` is the copy."""
    own = [lk for lk in links if lk.copy == article_id]
    return max(own, key=lambda lk: lk.score, default=None)

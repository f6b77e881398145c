"""Copy detection: candidates from MinHash LSH (and from the clusterer's nearest articles), each pair
verified by exact shingle overlap and sentence alignment, then typed and directed.

A copy link is a pair; articles are never chained into connected components.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable

from rensa import RMinHash, RMinHashLSH

from kabar.cluster.vectors import background_idf
from kabar.dedup.align import align_sentences
from kabar.dedup.fingerprint import (
    NUM_PERM,
    containment,
    jaccard,
    minhash,
    shingles,
    text_hash,
)
from kabar.model import Article, CopyLink

LSH_BANDS = 32  # 32 bands x 4 rows: pairs with Jaccard >= ~0.4 become candidates
NEAR_JACCARD = 0.8
VERBATIM_CONTAINMENT = 0.8
MIN_ALIGNED = 3  # fewer shared sentences (a shared quote) is not a copy
COPY_COVERAGE = 0.5  # share of the copy's sentences aligned to the original
PARAPHRASE_COVERAGE = 0.8  # both sides this covered: a whole-article rewrite


class CopyDetector:
    def __init__(self) -> None:
        self.lsh = RMinHashLSH(threshold=0.4, num_perm=NUM_PERM, num_bands=LSH_BANDS)
        self.keys: list[str] = []  # LSH key (int) -> article id

    def add_signature(self, article_id: str, signature: bytes) -> None:
        """Index a stored signature again (on resume)."""
        self.lsh.insert(len(self.keys), pickle.loads(signature))  # our own store's bytes, written by index()
        self.keys.append(article_id)

    def fingerprint(self, article: Article) -> tuple[RMinHash, set[str]]:
        sh = shingles(article.text)
        return minhash(sh), sh

    def lsh_candidates(self, m: RMinHash) -> list[str]:
        return [self.keys[k] for k in self.lsh.query(m)]

    def index(self, article_id: str, m: RMinHash) -> bytes:
        """Add to the LSH index; return the bytes to store so a later run can rebuild the index."""
        self.lsh.insert(len(self.keys), m)
        self.keys.append(article_id)
        # rensa has no constructor from a digest; its objects pickle (about 0.7 KB each).
        return pickle.dumps(m)


def classify_pair(older: Article, newer: Article, older_shingles: set[str] | None = None,
                  newer_shingles: set[str] | None = None) -> CopyLink | None:
    """Decide whether one article copies the other; `older` arrived first. None if not a copy."""
    if text_hash(older.text) == text_hash(newer.text):
        n = min(len(older.sentences), len(newer.sentences))
        return _directed(older, newer, "exact", 1.0, [(i, i) for i in range(n)], 1.0, 1.0)
    sa = older_shingles if older_shingles is not None else shingles(older.text)
    sb = newer_shingles if newer_shingles is not None else shingles(newer.text)
    jac = jaccard(sa, sb)
    pairs = align_sentences(older.sentences, newer.sentences, background_idf())
    aligned = [(p.a, p.b) for p in pairs]
    cov_old = len(pairs) / max(1, _countable(older))
    cov_new = len(pairs) / max(1, _countable(newer))
    if jac >= NEAR_JACCARD:
        return _directed(older, newer, "near", round(jac, 3), aligned, cov_old, cov_new)
    cont = containment(sa, sb)
    if cont >= VERBATIM_CONTAINMENT:
        return _directed(older, newer, "partial", round(cont, 3), aligned, cov_old, cov_new)
    if len(pairs) < MIN_ALIGNED or max(cov_old, cov_new) < COPY_COVERAGE:
        return None
    mean = sum(p.score for p in pairs) / len(pairs)
    kind = "paraphrase" if min(cov_old, cov_new) >= PARAPHRASE_COVERAGE else "partial"
    return _directed(older, newer, kind, round(mean * max(cov_old, cov_new), 3), aligned, cov_old, cov_new)


def _countable(a: Article) -> int:
    return sum(1 for s in a.sentences if len(s.text.split()) >= 4)


def _directed(older: Article, newer: Article, kind: str, score: float, aligned: list[tuple[int, int]],
              cov_old: float, cov_new: float) -> CopyLink:
    """The original is the earlier one when times are known, else the one the other is contained in."""
    if older.published and newer.published and older.published != newer.published:
        if older.published <= newer.published:
            return CopyLink(older.id, newer.id, kind, score, aligned, "time")
        return CopyLink(newer.id, older.id, kind, score, [(b, a) for a, b in aligned], "time")
    # Containment: the copy is the one more covered by the other; a rewrite that trims is also shorter,
    # which lets a smaller coverage margin decide.
    n_old, n_new = len(older.sentences), len(newer.sentences)
    margin = cov_new - cov_old
    if margin >= 0.15 or (margin >= 0.05 and n_new < n_old):
        return CopyLink(older.id, newer.id, kind, score, aligned, "containment")
    if -margin >= 0.15 or (-margin >= 0.05 and n_old < n_new):
        return CopyLink(newer.id, older.id, kind, score, [(b, a) for a, b in aligned], "containment")
    return CopyLink(older.id, newer.id, kind, score, aligned, "unknown")


def best_original(links: Iterable[CopyLink], article_id: str) -> CopyLink | None:
    """The strongest link in which `article_id` is the copy."""
    own = [lk for lk in links if lk.copy == article_id]
    return max(own, key=lambda lk: lk.score, default=None)

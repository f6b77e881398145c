"""Cited extractive summaries: the most central, non-redundant sentences of an event, each citing
every article that carries it (or a close rewrite of it).

Sentences that say the same thing in several articles are grouped around a representative; a group's
score is its centrality to the event (cosine to the centroid of all sentences), boosted by how many
outlets carry it and by lead position. Selection is greedy with a redundancy cut (MMR-like).
"""

from __future__ import annotations

from kabar.cluster.vectors import Vector, add_into, cosine, normalize_vector, tfidf
from kabar.lang.stem import content_terms
from kabar.model import Article, SummarySentence

SAME_SENTENCE = 0.6  # cosine at which two sentences count as one statement (for citations)
REDUNDANT = 0.45
MIN_WORDS = 6
MAX_ARTICLES = 40  # per event: the earliest ones carry the statements; later ones add cites only via groups


class _Group:
    __slots__ = ("rep", "vec", "members", "first_key")

    def __init__(self, rep: str, vec: Vector, member: tuple[str, int], key: tuple) -> None:
        self.rep = rep
        self.vec = vec
        self.members = [member]
        self.first_key = key


def summarize(articles: list[Article], max_sentences: int = 5, max_words: int = 160) -> list[SummarySentence]:
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))[:MAX_ARTICLES]
    groups: list[_Group] = []
    centroid: Vector = {}
    for order, art in enumerate(ordered):
        for pos, sent in enumerate(art.sentences):
            if len(sent.text.split()) < MIN_WORDS:
                continue
            vec = tfidf(content_terms(sent.text))
            if not vec:
                continue
            centroid = add_into(centroid, vec, max_terms=600)
            best, best_sim = None, 0.0
            for g in groups:
                sim = cosine(vec, g.vec)
                if sim > best_sim:
                    best, best_sim = g, sim
            if best is not None and best_sim >= SAME_SENTENCE:
                if all(m[0] != art.id for m in best.members):
                    best.members.append((art.id, pos))
            else:
                groups.append(_Group(sent.text, vec, (art.id, pos), (order, pos)))
    if not groups:
        return []
    unit_centroid = normalize_vector(centroid)
    n_articles = len(ordered)

    def score(g: _Group) -> float:
        support = len(g.members) / n_articles
        lead = 1.0 / (1.0 + 0.15 * g.first_key[1])
        return cosine(g.vec, unit_centroid) * (1.0 + support) * (0.7 + 0.3 * lead)

    chosen: list[_Group] = []
    words = 0
    for g in sorted(groups, key=score, reverse=True):
        if len(chosen) >= max_sentences:
            break
        if any(cosine(g.vec, c.vec) >= REDUNDANT for c in chosen):
            continue
        n = len(g.rep.split())
        if chosen and words + n > max_words:
            continue
        chosen.append(g)
        words += n
    chosen.sort(key=lambda g: g.first_key)
    return [SummarySentence(text=g.rep, cites=sorted({m[0] for m in g.members})) for g in chosen]

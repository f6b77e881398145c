"""Cited extractive summaries: the most central, non-redundant sentences of an event, each citing
every article that carries it (or a close rewrite of it).

Sentences that say the same thing in several articles are grouped around a representative; a group's
score is its centrality to the event (mean cosine to all sentences), boosted by how many
outlets carry it and by lead position. Selection is greedy with a redundancy cut (MMR-like).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from kabar.cluster.vectors import Vector, tfidf
from kabar.lang.stem import sentence_terms
from kabar.model import Article, SummarySentence

SAME_SENTENCE = 0.6  # cosine at which two sentences count as one statement (for citations)
REDUNDANT = 0.45
MIN_WORDS = 6
MAX_ARTICLES = 40  # per event: the earliest ones carry the statements; later ones add cites only via groups


def summarize(articles: list[Article], max_sentences: int = 5, max_words: int = 160) -> list[SummarySentence]:
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))[:MAX_ARTICLES]
    units: list[tuple[int, int, str, Vector]] = []  # (article order, position, text, vector)
    for order, art in enumerate(ordered):
        for pos, sent in enumerate(art.sentences):
            if len(sent.text.split()) < MIN_WORDS:
                continue
            vec = tfidf(list(sentence_terms(sent.text)))
            if vec:
                units.append((order, pos, sent.text, vec))
    if not units:
        return []
    sim = _similarity(units)
    # Group statements: each sentence joins the earliest representative it matches (not transitively,
    # so citations never chain through intermediate rewrites).
    rep_of = list(range(len(units)))
    reps: list[int] = []
    for i in range(len(units)):
        match = next((r for r in reps if sim[i, r] >= SAME_SENTENCE and units[r][0] != units[i][0]), None)
        if match is None:
            reps.append(i)
        else:
            rep_of[i] = match
    members: dict[int, set[int]] = {r: set() for r in reps}
    for i, r in enumerate(rep_of):
        members[r].add(units[i][0])
    centrality = np.asarray(sim.mean(axis=1)).ravel()
    n_articles = len(ordered)

    def score(r: int) -> float:
        support = len(members[r]) / n_articles
        lead = 1.0 / (1.0 + 0.15 * units[r][1])
        return float(centrality[r]) * (1.0 + support) * (0.7 + 0.3 * lead)

    chosen: list[int] = []
    words = 0
    for r in sorted(reps, key=score, reverse=True):
        if len(chosen) >= max_sentences:
            break
        if any(sim[r, c] >= REDUNDANT for c in chosen):
            continue
        n = len(units[r][2].split())
        if chosen and words + n > max_words:
            continue
        chosen.append(r)
        words += n
    chosen.sort(key=lambda r: units[r][:2])
    return [
        SummarySentence(text=units[r][2], cites=sorted({ordered[o].id for o in members[r]})) for r in chosen
    ]


def _similarity(units: list[tuple[int, int, str, Vector]]) -> np.ndarray:
    """Dense cosine matrix of the sentence vectors (they are L2-normalized)."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, (_, _, _, vec) in enumerate(units):
        for t, w in vec.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(w)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(units), len(vocab)))
    return (x @ x.T).toarray()

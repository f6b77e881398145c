"""Cited extractive summaries: the most salient, non-redundant sentences, each citing every article that
carries it (or a close rewrite of it with the same figures).

Two modes share one scorer (`kabar.summarize.salience`, fitted on IndoSum):
- single document (`summarize_sentences`): one article in, its best sentences out (in article order);
  this is what `kabar eval summary` measures against LEAD-3;
- multiple documents (`summarize`): an event's articles; sentences that say the same thing in several
  articles are grouped into one statement (TF-IDF cosine >= SAME_SENTENCE, aligned by the dedup stage's
  sentence alignment, no figure changed), which scores its members' mean salience plus a bonus for how
  many outlets carry it, and cites all of them.

Selection is greedy by score with a redundancy cut (MMR-like) under a sentence and word budget; the
result is ordered as a reader expects: by the statements' mean relative position in the articles that
carry them (leads first), then by publication.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kabar.cluster.vectors import Vector
from kabar.model import Article, SummarySentence
from kabar.reconcile.drift import sentence_drift
from kabar.reconcile.similar import SAME_SENTENCE, aligned, cosine_matrix, sentence_vector
from kabar.summarize.features import centroid, opens_with_back_reference, paragraphs_of, sentence_features
from kabar.summarize.salience import salience

__all__ = ["SAME_SENTENCE", "cited_summary", "document_features", "summarize", "summarize_sentences"]

# Cosine to an already chosen sentence above which a candidate adds nothing. Within one article, news
# sentences share names and words with the lead yet add to it: the cut that did not hurt on IndoSum
# (folds 1-2) is high. Across articles a sentence that close is a paraphrase of the chosen one.
REDUNDANT = 0.85
REDUNDANT_ACROSS = 0.45
MIN_WORDS = 4  # shorter "sentences" are datelines, captions, sign-offs
MAX_ARTICLES = 40  # per event: the earliest ones carry the statements; later ones add cites only via groups
# Multi-document only, hand-set (there is no Indonesian multi-document gold to fit them on):
SUPPORT_WEIGHT = 0.7  # log-odds per e-fold of outlets carrying a statement
BACK_REFERENCE_PENALTY = 1.0  # a sentence opening with "Hal itu", "Ia" dangles among other outlets' sentences


def document_features(sentences: Sequence[str], paragraph_of: Sequence[int] | None = None,
                      vectors: Sequence[Vector] | None = None, center: Vector | None = None) -> np.ndarray:
    """Feature rows of one article's sentences; `center` defaults to the article's own centroid."""
    vecs = list(vectors) if vectors is not None else [sentence_vector(s) for s in sentences]
    paras = list(paragraph_of) if paragraph_of is not None else list(range(len(sentences)))
    return sentence_features(sentences, paras, vecs, centroid(vecs) if center is None else center)


def summarize_sentences(sentences: Sequence[str], paragraph_of: Sequence[int] | None = None, *,
                        target_words: int | None = 55, max_words: int | None = None,
                        max_sentences: int | None = None) -> list[int]:
    """Single-document summary: indices of the chosen sentences, in article order. Sentences are taken
    by salience until `target_words` is reached (the last may overrun it), never past `max_words`
    (the first sentence excepted) or `max_sentences`."""
    if not sentences:
        return []
    vecs = [sentence_vector(s) for s in sentences]
    scores = salience(document_features(sentences, paragraph_of, vecs))
    words = [len(s.split()) for s in sentences]
    candidates = [i for i in np.argsort(-scores, kind="stable").tolist() if words[i] >= MIN_WORDS]
    sim = cosine_matrix(vecs)
    chosen = _select(candidates, words, sim, target_words, max_words, max_sentences, lambda a, b: REDUNDANT)
    return sorted(chosen)


@dataclass(slots=True)
class _Unit:
    doc: int  # article order (by publication)
    pos: int  # sentence index in its article
    rel: float  # relative position in its article
    text: str
    vec: Vector
    score: float = 0.0


@dataclass(slots=True)
class _Statement:
    rep: int  # unit index of the representative (earliest) sentence
    members: list[int] = field(default_factory=list)
    docs: set[int] = field(default_factory=set)


def summarize(articles: list[Article], max_sentences: int = 5, max_words: int = 160) -> list[SummarySentence]:
    """Multi-document cited summary of an event's articles (one article works too)."""
    ordered = sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))[:MAX_ARTICLES]
    return cited_summary(ordered, max_sentences, max_words)


def cited_summary(ordered: Sequence[Article], max_sentences: int, max_words: int,
                  group_of: Callable[[Article], object] | None = None, max_per_group: int | None = None,
                  group_rank: Callable[[object], object] | None = None) -> list[SummarySentence]:
    """Statements of `ordered` (articles by publication) chosen and cited. With `group_of` (e.g. the
    event of an article, for a story summary) at most `max_per_group` statements come from one group,
    and the summary is ordered by `group_rank` of the group first (e.g. the event's date)."""
    units, statements, sim = statements_of(ordered)
    if not statements:
        return []
    n_docs = len(ordered)

    def score(st: _Statement) -> float:
        # The mean, not the best: a partial copy opens with what is deep in its original, and its lead
        # position should not promote the statement.
        mean = sum(units[m].score for m in st.members) / len(st.members)
        if n_docs == 1:
            return mean
        dangling = BACK_REFERENCE_PENALTY if opens_with_back_reference(units[st.rep].text) else 0.0
        return mean + SUPPORT_WEIGHT * math.log(len(st.docs)) - dangling

    ranked = sorted(statements, key=lambda st: -score(st))
    group = {st.rep: (group_of(ordered[units[st.rep].doc]) if group_of else None) for st in ranked}
    reps = [st.rep for st in ranked]
    words = {u: len(units[u].text.split()) for u in reps}
    def redundant(a: int, b: int) -> float:
        # Within an article, or between groups (two events of a story are two pieces of news), only a
        # near copy is redundant; between articles of one event a paraphrase is.
        same_doc = units[a].doc == units[b].doc
        return REDUNDANT if same_doc or group[a] != group[b] else REDUNDANT_ACROSS

    chosen_reps = _select(reps, words, sim, None, max_words, max_sentences, redundant,
                          group if max_per_group is not None else None, max_per_group)
    by_rep = {st.rep: st for st in statements}
    chosen = [by_rep[r] for r in chosen_reps]

    def reading_order(st: _Statement) -> tuple:
        rel = sum(units[m].rel for m in st.members) / len(st.members)
        first = (group_rank(group[st.rep]),) if group_rank else ()
        return (*first, rel, units[st.rep].doc, units[st.rep].pos)

    chosen.sort(key=reading_order)
    return [
        SummarySentence(text=units[st.rep].text, cites=sorted({ordered[d].id for d in st.docs})) for st in chosen
    ]


def statements_of(ordered: Sequence[Article]) -> tuple[list[_Unit], list[_Statement], np.ndarray | None]:
    """Sentence units of the articles (scored), grouped into statements, and their cosine matrix."""
    units: list[_Unit] = []
    per_doc: list[tuple[list[str], list[int], list[Vector], list[int]]] = []
    for d, art in enumerate(ordered):
        texts = [s.text for s in art.sentences]
        paras = paragraphs_of(art.text, [s.start for s in art.sentences]) if art.text else list(range(len(texts)))
        vecs = [sentence_vector(t) for t in texts]
        idx = []
        for pos, text in enumerate(texts):
            if len(text.split()) >= MIN_WORDS and vecs[pos]:
                idx.append(len(units))
                units.append(_Unit(d, pos, pos / max(1, len(texts)), text, vecs[pos]))
            else:
                idx.append(-1)
        per_doc.append((texts, paras, vecs, idx))
    if not units:
        return [], [], None
    center = centroid([u.vec for u in units])  # central to the event, not just to one article
    for texts, paras, vecs, idx in per_doc:
        if not texts:
            continue
        scores = salience(sentence_features(texts, paras, vecs, center))
        for pos, u in enumerate(idx):
            if u >= 0:
                units[u].score = float(scores[pos])
    sim = cosine_matrix([u.vec for u in units])
    statements = _group(units, sim)
    return units, statements, sim


def _group(units: list[_Unit], sim) -> list[_Statement]:
    """Each sentence joins the earliest statement whose representative it matches (TF-IDF cosine at
    least SAME_SENTENCE, aligned by `kabar.dedup.align`, same figures) and that has no sentence of its
    article yet; not transitively, so a citation never chains through intermediate rewrites."""
    statements: list[_Statement] = []
    of_rep: dict[int, _Statement] = {}
    dense = np.asarray(sim)
    for i, u in enumerate(units):
        match = None
        for r in np.flatnonzero(dense[i, :i] >= SAME_SENTENCE - 1e-9).tolist():
            st = of_rep.get(r)
            if st is None or u.doc in st.docs:
                continue
            if not aligned(units[r].text, u.text) or sentence_drift(units[r].text, u.text, strict=True):
                continue  # sharing a few names is not saying the same; nor is a rewrite that changed a figure
            match = st
            break
        if match is None:
            match = _Statement(rep=i)
            statements.append(match)
            of_rep[i] = match
        match.members.append(i)
        match.docs.add(u.doc)
    return statements


def _select(candidates: Sequence[int], words: Sequence[int] | dict[int, int], sim, target_words: int | None,
            max_words: int | None, max_sentences: int | None, redundant: Callable[[int, int], float],
            group: dict[int, object] | None = None, max_per_group: int | None = None) -> list[int]:
    """Greedy: best first, skipping what repeats a chosen sentence, breaks the word budget or is one
    too many from its group."""
    dense = np.asarray(sim)
    chosen: list[int] = []
    per_group: dict[object, int] = {}
    total = 0
    for c in candidates:
        if group is not None and max_per_group is not None and per_group.get(group[c], 0) >= max_per_group:
            continue
        if max_sentences is not None and len(chosen) >= max_sentences:
            break
        if target_words is not None and total >= target_words:
            break
        if any(dense[c, x] >= redundant(c, x) for x in chosen):
            continue
        n = words[c]
        if max_words is not None and chosen and total + n > max_words:
            continue
        chosen.append(c)
        total += n
        if group is not None:
            per_group[group[c]] = per_group.get(group[c], 0) + 1
    return chosen

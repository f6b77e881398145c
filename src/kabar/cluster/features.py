"""What the clusterer looks at: an article's signals and the features of an (article, cluster) pair.

Following Miranda et al. (EMNLP 2018), candidates are ranked and a calibrated model decides whether to
join the best one. The features are similarities of several views (whole text, title, names plain and
IDF-weighted), the figures shared and unseen, time gap, calendar day and cluster size; the weights are
learned by tools/train_cluster.py and shipped as JSON (a level may leave some features at weight 0).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kabar.cluster.vectors import OnlineIdf, Vector, cosine, tfidf
from kabar.lang.english import english_terms
from kabar.lang.stem import content_terms, stem
from kabar.lang.wordlists import stopwords
from kabar.model import Article

FEATURES = ("cos_body", "cos_body_max", "cos_title", "cos_title_max", "names", "names_title", "log_gap_h",
            "log_size", "margin", "names_idf", "nums_shared", "nums_new", "same_day")
_CAP = re.compile(r"(?<=[^.!?\n“\"]\s)([A-Z][A-Za-z'-]+|[A-Z]{2,}\b)")
# Figures that tell one happening from another of the same kind (a score, a rate, an index level, a toll):
# digit groups with a separator, or of two digits or more; single digits are too common to say anything.
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,:/-]\d+)+|(?<![\w.,])\d{2,}(?![\w])")


@dataclass(slots=True)
class Signal:
    """An article as the clusterer sees it."""

    id: str
    published: str | None
    body: Vector
    title: Vector
    names: frozenset[str]
    title_names: frozenset[str]
    terms: tuple[str, ...] = ()
    name_idf: dict[str, float] | None = None  # IDF of each name when the article arrived (rare names weigh more)
    numbers: frozenset[str] = frozenset()  # figures in the title and lead


def article_signal(article: Article, idf: OnlineIdf | None = None) -> Signal:
    lead = " ".join(s.text for s in article.sentences[:6])
    sw = stopwords()
    names = frozenset(n for n in (stem(m.lower()) for m in _CAP.findall(lead)) if n not in sw and len(n) > 2)
    title_terms = english_terms(article.title) if article.language == "en" else content_terms(article.title)
    numbers = frozenset(_NUMBER.findall(f"{article.title}\n{lead}"))
    return Signal(
        id=article.id,
        published=article.published,
        body=tfidf(article.terms, idf=idf),
        title=tfidf(title_terms, idf=idf),
        names=names,
        title_names=frozenset(t for t in title_terms if t in names),
        terms=tuple(article.terms),
        name_idf={n: (idf.get(n) if idf is not None else 1.0) for n in names},
        numbers=numbers,
    )


def pair_features(sig: Signal, centroid: Vector, title_centroid: Vector, names: Counter[str],
                  recent: list[tuple[Vector, Vector]], gap_hours: float | None, size: int,
                  numbers: Counter[str] | None = None, last: str | None = None) -> dict[str, float]:
    body_max = max((cosine(sig.body, b) for b, _ in recent), default=0.0)
    title_max = max((cosine(sig.title, t) for _, t in recent), default=0.0)
    total = sum(names.values()) or 1
    shared = [n for n in sig.names if n in names]
    name_idf = sig.name_idf or {}
    idf_total = sum(name_idf.values())
    nums_shared = sum(1 for x in sig.numbers if numbers and x in numbers)
    return {
        "cos_body": cosine(sig.body, centroid),
        "cos_body_max": body_max,
        "cos_title": cosine(sig.title, title_centroid),
        "cos_title_max": title_max,
        # share of the article's names the cluster already knows, weighted by how central they are
        "names": (len(shared) / len(sig.names)) if sig.names else 0.0,
        "names_title": (sum(names[n] for n in sig.title_names if n in names) / total) if sig.title_names else 0.0,
        "log_gap_h": math.log1p(gap_hours) if gap_hours is not None else 2.0,
        "log_size": math.log(size + 1),
        "margin": 0.0,  # filled in by the ranker: best minus second-best cos_body
        # the same share, each name weighted by its IDF: "Habibie" says more than "Jakarta"
        "names_idf": (sum(name_idf[n] for n in shared if n in name_idf) / idf_total) if idf_total else 0.0,
        # figures the cluster already carries vs figures it has not seen (another day's index, score, rate)
        # (as shares, smoothed so an article without figures scores 0: counts grow with article length)
        "nums_shared": nums_shared / (len(sig.numbers) + 1),
        "nums_new": (len(sig.numbers) - nums_shared) / (len(sig.numbers) + 1),
        # recurring reports (market closes, daily tallies) share a template but not a calendar day
        "same_day": (1.0 if sig.published[:10] == last[:10] else 0.0) if sig.published and last else 0.5,
    }


@dataclass(frozen=True)
class JoinModel:
    """Logistic regression over FEATURES; `threshold` is the join probability calibrated on dev."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    means: tuple[float, ...]
    scales: tuple[float, ...]

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias
        for name, w, mu, sd in zip(FEATURES, self.weights, self.means, self.scales, strict=True):
            z += w * (feats[name] - mu) / sd
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "weights": list(self.weights), "bias": self.bias,
                "threshold": self.threshold, "means": list(self.means), "scales": list(self.scales)}

    @classmethod
    def from_json(cls, data: dict) -> JoinModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("cluster model was trained on other features; rerun tools/train_cluster.py")
        return cls(tuple(data["weights"]), data["bias"], data["threshold"], tuple(data["means"]),
                   tuple(data["scales"]))


@cache
def _shipped() -> dict:
    path = resources.files("kabar.resources").joinpath("cluster_model.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def shipped_models() -> dict[str, JoinModel]:
    """{'event': …, 'story': …} from resources/cluster_model.json, or {} if not trained yet."""
    return {level: JoinModel.from_json(m) for level, m in _shipped().get("models", {}).items()}


def shipped_merge_threshold() -> float | None:
    """The calibrated merge threshold shipped with the models (None: merging off)."""
    return _shipped().get("merge_threshold")

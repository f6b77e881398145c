"""What the clusterer looks at: an article's signals and the features of an (article, cluster) pair.

Following Miranda et al. (EMNLP 2018), candidates are ranked and a calibrated model decides whether to
join the best one. The features are similarities of several views (whole text, title, names), time
gap and cluster size; the weights are learned by tools/train_cluster.py and shipped as JSON.
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
            "log_size", "margin")
_CAP = re.compile(r"(?<=[^.!?\n“\"]\s)([A-Z][A-Za-z'-]+|[A-Z]{2,}\b)")


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


def article_signal(article: Article, idf: OnlineIdf | None = None) -> Signal:
    lead = " ".join(s.text for s in article.sentences[:6])
    sw = stopwords()
    names = frozenset(n for n in (stem(m.lower()) for m in _CAP.findall(lead)) if n not in sw and len(n) > 2)
    title_terms = english_terms(article.title) if article.language == "en" else content_terms(article.title)
    return Signal(
        id=article.id,
        published=article.published,
        body=tfidf(article.terms, idf=idf),
        title=tfidf(title_terms, idf=idf),
        names=names,
        title_names=frozenset(t for t in title_terms if t in names),
        terms=tuple(article.terms),
    )


def pair_features(sig: Signal, centroid: Vector, title_centroid: Vector, names: Counter[str],
                  recent: list[tuple[Vector, Vector]], gap_hours: float | None, size: int) -> dict[str, float]:
    body_max = max((cosine(sig.body, b) for b, _ in recent), default=0.0)
    title_max = max((cosine(sig.title, t) for _, t in recent), default=0.0)
    total = sum(names.values()) or 1
    shared = [n for n in sig.names if n in names]
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
def shipped_models() -> dict[str, JoinModel]:
    """{'event': …, 'story': …} from resources/cluster_model.json, or {} if not trained yet."""
    path = resources.files("kabar.resources").joinpath("cluster_model.json")
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {level: JoinModel.from_json(m) for level, m in data["models"].items()}

"""What the clusterer looks at: an article's signals and the features of an (article, cluster) pair.

Following Miranda et al. (EMNLP 2018), candidates are ranked and a calibrated model decides whether to
join the best one. The features are similarities of several views (whole text, title, names plain and
IDF-weighted), the people and organisations the NER tagged at ingest and the main quoted speaker, the
figures shared and unseen, time gap, calendar day and cluster size; the weights are learned by
tools/train_cluster.py and shipped as JSON, each level's model naming the features it uses.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from kabar.cluster.vectors import OnlineIdf, Vector, cosine, tfidf
from kabar.lang.english import english_terms
from kabar.lang.stem import content_terms, stem
from kabar.lang.wordlists import stopwords
from kabar.model import Article

FEATURES = ("cos_body", "cos_body_max", "cos_title", "cos_title_max", "names", "names_title", "log_gap_h",
            "log_size", "margin", "names_idf", "nums_shared", "nums_new", "same_day", "ents", "ents_cover",
            "ents_title", "speaker_same", "speaker_other")
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
    # PER/ORG name tokens from the NER mentions tagged at ingest, weighted by mentions x IDF (sum 1)
    entities: dict[str, float] = field(default_factory=dict)
    title_entities: frozenset[str] = frozenset()  # the same tokens, of the title's mentions
    speaker: str | None = None  # the most quoted speaker (a name's last token): one person's statements


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
        **_entity_signals(article, idf),
    )


_WORD = re.compile(r"[^\W\d_][\w'-]+")


@lru_cache(maxsize=200_000)
def _name_tokens(text: str) -> tuple[str, ...]:
    """Stemmed name tokens of a mention, cached: an article names the same people many times."""
    sw = stopwords()
    return tuple(t for t in (stem(w.lower()) for w in _WORD.findall(text)) if len(t) > 2 and t not in sw)


def _entity_signals(article: Article, idf: OnlineIdf | None) -> dict:
    """Who the article is about and who speaks in it, from the NER mentions and quotes tagged at ingest.

    People and organisations only: places (Papua, Jakarta) are shared by every facet of a day's news.
    A name token weighs by how often the article mentions it times its IDF, so the main actors dominate."""
    if not article.mentions:  # None (not tagged) or no names
        return {}
    counts: Counter[str] = Counter()
    title: set[str] = set()
    person: set[str] = set()
    for m in article.mentions:
        if m.type not in ("PER", "ORG"):
            continue
        tokens = _name_tokens(m.text)
        counts.update(tokens)
        if m.sentence == -1:
            title.update(tokens)
        if m.type == "PER":
            person.update(tokens)
    weights = {t: c * (idf.get(t) if idf is not None else 1.0) for t, c in counts.items()}
    total = sum(weights.values())
    # The main speaker counts only if a token of the attribution is a person the NER found ("Presiden klub
    # itu" is a description, not a name); the last such token keys it ("Simon McMenemy" = "McMenemy").
    spoken: Counter[str] = Counter()
    for q in article.quotes:
        if q.speaker:
            named = [t for t in _name_tokens(q.speaker) if t in person]
            if named:
                spoken[named[-1]] += 1
    return {"entities": {t: w / total for t, w in weights.items()} if total else {},
            "title_entities": frozenset(title), "speaker": spoken.most_common(1)[0][0] if spoken else None}


def pair_features(sig: Signal, centroid: Vector, title_centroid: Vector, names: Counter[str],
                  recent: list[tuple[Vector, Vector]], gap_hours: float | None, size: int,
                  numbers: Counter[str] | None = None, last: str | None = None,
                  entities: Counter[str] | None = None, speakers: Counter[str] | None = None,
                  cos_body: float | None = None) -> dict[str, float]:
    """`cos_body`, the article's cosine with `centroid`, if the caller has it already (the ranker does)."""
    body_max = max((cosine(sig.body, b) for b, _ in recent), default=0.0)
    title_max = max((cosine(sig.title, t) for _, t in recent), default=0.0)
    total = sum(names.values()) or 1
    shared = [n for n in sig.names if n in names]
    name_idf = sig.name_idf or {}
    idf_total = math.fsum(name_idf.values())
    nums_shared = sum(1 for x in sig.numbers if numbers and x in numbers)
    return {
        "cos_body": cosine(sig.body, centroid) if cos_body is None else cos_body,
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
        "names_idf": (math.fsum(name_idf[n] for n in shared if n in name_idf) / idf_total) if idf_total else 0.0,
        # figures the cluster already carries vs figures it has not seen (another day's index, score, rate)
        # (as shares, smoothed so an article without figures scores 0: counts grow with article length)
        "nums_shared": nums_shared / (len(sig.numbers) + 1),
        "nums_new": (len(sig.numbers) - nums_shared) / (len(sig.numbers) + 1),
        # recurring reports (market closes, daily tallies) share a template but not a calendar day
        "same_day": (1.0 if sig.published[:10] == last[:10] else 0.0) if sig.published and last else 0.5,
        **_entity_features(sig, entities, speakers),
    }


def _entity_features(sig: Signal, entities: Counter[str] | None, speakers: Counter[str] | None) -> dict[str, float]:
    ents = sig.entities
    # key-set intersections run in C (as in vectors.cosine): this is called for every candidate; their
    # order follows the hash seed, hence fsum (see vectors.cosine)
    shared = ents.keys() & entities.keys() if ents and entities else ()
    said = speakers or ()
    return {
        # share of the article's people/organisations (by weight) the cluster already has
        "ents": math.fsum([ents[t] for t in shared]),
        # share of the cluster's name mentions that are about names the article has: its main actors
        "ents_cover": math.fsum([entities[t] for t in shared]) / (math.fsum(entities.values()) or 1.0) if shared else 0.0,
        "ents_title": len(sig.title_entities & entities.keys()) / len(sig.title_entities)
        if sig.title_entities and entities else 0.0,
        # statements of one person form one event; a different main speaker points to another facet
        "speaker_same": 1.0 if sig.speaker and sig.speaker in said else 0.0,
        "speaker_other": 1.0 if sig.speaker and said and sig.speaker not in said else 0.0,
    }


@dataclass(frozen=True)
class JoinModel:
    """Logistic regression over `features` (names from FEATURES); `threshold` is the join probability
    calibrated on dev. A model names its own features, so one trained before a feature was added still loads."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    features: tuple[str, ...] = FEATURES
    # The range each feature had in training: a value beyond it is clipped to it, so the linear model does
    # not extrapolate (English topic clusters grow to hundreds of articles, dev stories stay under ~100).
    lows: tuple[float, ...] | None = None
    highs: tuple[float, ...] | None = None
    # (feature, weight / scale, mean, low, high) of the features with a weight: probability() is on the hot path
    _terms: tuple[tuple[str, float, float, float, float], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = len(self.features)
        if not len(self.weights) == len(self.means) == len(self.scales) == n:
            raise ValueError("cluster model: features, weights, means and scales differ in length")
        lows, highs = self.lows or (-math.inf,) * n, self.highs or (math.inf,) * n
        terms = tuple((f, w / sd, mu, lo, hi) for f, w, mu, sd, lo, hi
                      in zip(self.features, self.weights, self.means, self.scales, lows, highs, strict=True) if w)
        object.__setattr__(self, "_terms", terms)

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias
        for name, w, mu, lo, hi in self._terms:
            z += w * (min(hi, max(lo, feats[name])) - mu)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def weight(self, feature: str) -> float:
        """The learned weight of `feature` (0 if the model does not use it)."""
        return self.weights[self.features.index(feature)] if feature in self.features else 0.0

    def to_json(self) -> dict:
        return {"features": list(self.features), "weights": list(self.weights), "bias": self.bias,
                "threshold": self.threshold, "means": list(self.means), "scales": list(self.scales),
                **({"lows": list(self.lows), "highs": list(self.highs)} if self.lows and self.highs else {})}

    @classmethod
    def from_json(cls, data: dict) -> JoinModel:
        unknown = [f for f in data["features"] if f not in FEATURES]
        if unknown:
            raise ValueError(f"cluster model uses features this version does not compute ({', '.join(unknown)}); "
                             "rerun tools/train_cluster.py")
        return cls(tuple(data["weights"]), data["bias"], data["threshold"], tuple(data["means"]),
                   tuple(data["scales"]), tuple(data["features"]),
                   tuple(data["lows"]) if "lows" in data else None, tuple(data["highs"]) if "highs" in data else None)


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


def shipped_split_threshold() -> float | None:
    """The calibrated split threshold shipped with the models (None: splitting off)."""
    return _shipped().get("split_threshold")

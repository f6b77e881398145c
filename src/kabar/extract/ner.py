"""Indonesian named-entity recognition: a linear-chain CRF (python-crfsuite) shipped in resources/ner.

Why a CRF and not a transformer: no Indonesian NER model can be downloaded here, the machine has no GPU,
and the batch mode must tag millions of sentences. A CRF with good lexical features, word clusters and
corpus statistics learned from unlabeled news gets close to IndoBERT-base on the IndoNLU sets (see
`kabar.eval.ner`) while tagging thousands of sentences per second on one core.

The model is trained by `tools/train_ner.py`; the feature function below is shared by training and
inference so the two cannot drift apart. The resources are:

- `model.crfsuite`  the CRF (labels in BIO over PER, ORG, LOC, EVT, FNB).
- `lexicon.tsv.gz`  per lowercase word: k-means cluster ids at several granularities (from context
  vectors of the unlabeled clickid-2019 corpus) and how often the word is capitalized / all caps
  mid-sentence in that corpus. The latter is what lets the model find names in lowercased text.
- `gazetteer.tsv.gz` entity strings seen in the training data with their majority type.
- `meta.json`       what the model was trained on and how it scored (written by the trainer).
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kabar.lang.segment import TOKEN, split_sentences

# TOKEN drops punctuation; NER needs it (commas and brackets delimit names, the training data has
# punctuation tokens), so one token per punctuation character is added.
NER_TOKEN = re.compile(TOKEN.pattern + r"|[^\w\s]", re.UNICODE)

LABELS = ("PER", "ORG", "LOC", "EVT", "FNB")

# Cap on the per-word feature cache: enough for a news vocabulary, bounded for batch runs.
_CACHE_LIMIT = 300_000


@dataclass(slots=True, frozen=True)
class EntityMention:
    """One entity occurrence: `text == source[start:end]`, type one of LABELS."""

    start: int
    end: int
    type: str
    text: str


class PhraseTable:
    """Lowercase token sequences with a tag each, matched greedily longest-first in a sentence."""

    __slots__ = ("phrases", "prefixes", "maxlen")

    def __init__(self, phrases: dict[tuple[str, ...], str] | None = None) -> None:
        self.phrases = phrases or {}
        # Every proper prefix of a key, so a match attempt stops as soon as no phrase can continue.
        self.prefixes = frozenset(key[:n] for key in self.phrases for n in range(1, len(key)))
        self.maxlen = max((len(k) for k in self.phrases), default=0)

    def __len__(self) -> int:
        return len(self.phrases)

    def match(self, lows: Sequence[str]) -> list[str | None]:
        """Per token "B-tag" / "I-tag" inside a matched phrase, None elsewhere."""
        n = len(lows)
        out: list[str | None] = [None] * n
        if not self.phrases:
            return out
        i = 0
        while i < n:
            best = 0
            best_tag = ""
            for j in range(i + 1, min(n, i + self.maxlen) + 1):
                key = tuple(lows[i:j])
                tag = self.phrases.get(key)
                if tag is not None:
                    best, best_tag = j - i, tag
                if key not in self.prefixes:
                    break
            if best:
                out[i] = "B-" + best_tag
                for k in range(i + 1, i + best):
                    out[k] = "I-" + best_tag
                i += best
            else:
                i += 1
        return out


@dataclass(slots=True)
class Lexicon:
    """Word-level knowledge the features consult; all keys are lowercase."""

    clusters: dict[str, tuple[str, ...]]  # word -> cluster ids, coarse to fine
    caprat: dict[str, str]  # word -> bucket of mid-sentence capitalization rate
    uprat: dict[str, str]  # word -> bucket of mid-sentence ALL-CAPS rate
    gazetteer: PhraseTable  # training entities -> type
    phrases: PhraseTable  # runs of capitalized words frequent in the unlabeled corpus (tag "P")

    def with_gazetteer(self, gazetteer: dict[tuple[str, ...], str]) -> Lexicon:
        """Same clusters, rates and phrases, another gazetteer (the trainer swaps in jackknifed ones)."""
        return Lexicon(self.clusters, self.caprat, self.uprat, PhraseTable(gazetteer), self.phrases)


def rate_bucket(hits: int, total: int) -> str:
    """Coarse bucket of a rate so that rare words do not get confident-looking values."""
    if total < 3:
        return "n"
    r = hits / total
    if r < 0.02:
        return "0"
    if r < 0.3:
        return "1"
    if r < 0.7:
        return "2"
    if r < 0.97:
        return "3"
    return "4"


def read_lexicon(directory: Path) -> Lexicon:
    """Load lexicon.tsv.gz, gazetteer.tsv.gz and phrases.tsv.gz from `directory` (any may be missing)."""
    clusters: dict[str, tuple[str, ...]] = {}
    caprat: dict[str, str] = {}
    uprat: dict[str, str] = {}
    lex_path = directory / "lexicon.tsv.gz"
    if lex_path.exists():
        with gzip.open(lex_path, "rt", encoding="utf-8") as f:
            for line in f:
                word, clus, cap, up = line.rstrip("\n").split("\t")
                if clus:
                    clusters[word] = tuple(clus.split(","))
                if cap != "n":
                    caprat[word] = cap
                if up != "n":
                    uprat[word] = up
    return Lexicon(
        clusters,
        caprat,
        uprat,
        PhraseTable(read_phrases(directory / "gazetteer.tsv.gz")),
        PhraseTable(read_phrases(directory / "phrases.tsv.gz")),
    )


def read_phrases(path: Path) -> dict[tuple[str, ...], str]:
    """tag<TAB>space-separated lowercase tokens, one phrase a line; {} if the file is missing."""
    phrases: dict[tuple[str, ...], str] = {}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                tag, phrase = line.rstrip("\n").split("\t")
                phrases[tuple(phrase.split(" "))] = tag
    return phrases


def _shape(tok: str, cased: bool) -> str:
    """Collapsed word shape: 'Lavrov' -> 'Xx', 'KPK' -> 'X', '6.000' -> 'd.d'; caseless when not cased."""
    out: list[str] = []
    for ch in tok:
        if ch.isalpha():
            c = ("X" if ch.isupper() else "x") if cased else "a"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out[:6])


_AFFIX_MIN = 4  # affix features only for words long enough to have an affix and a stem


def _word_features(tok: str, cased: bool, lex: Lexicon) -> tuple[str, ...]:
    """Features of the token alone; cached because news vocabularies are Zipfian."""
    low = tok.lower()
    feats = ["w=" + low, "ls=" + _shape(tok, False)]
    if cased:
        feats.append("sh=" + _shape(tok, True))
        if len(tok) > 1 and tok.isupper():
            feats.append("allcap")
    if len(low) >= _AFFIX_MIN and low.isalpha():
        # Indonesian morphology is affixal (me-/di-/ber-/ter-/pe-..., -kan/-an/-i/-nya): fixed-width
        # prefixes and suffixes cover these and also name endings (-wati, -to, -ono).
        feats += ["p2=" + low[:2], "p3=" + low[:3], "s2=" + low[-2:], "s3=" + low[-3:]]
        if len(low) >= 6:
            feats += ["p4=" + low[:4], "s4=" + low[-4:]]
    clus = lex.clusters.get(low)
    if clus is not None:
        feats += [f"c{i}={c}" for i, c in enumerate(clus)]
    else:
        feats.append("c=none")
    feats.append("cr=" + lex.caprat.get(low, "n"))
    feats.append("ur=" + lex.uprat.get(low, "n"))
    return tuple(feats)


class FeatureCache:
    """Per-(token, casedness) word features, bounded, shared by threads (dict ops are atomic)."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.cache: dict[tuple[str, bool], tuple[str, ...]] = {}

    def get(self, tok: str, cased: bool) -> tuple[str, ...]:
        key = (tok, cased)
        feats = self.cache.get(key)
        if feats is None:
            if len(self.cache) > _CACHE_LIMIT:
                self.cache.clear()
            feats = _word_features(tok, cased, self.lex)
            self.cache[key] = feats
        return feats


def is_cased(tokens: Sequence[str]) -> bool:
    """Whether the sentence uses letter case at all (NERP, some headlines and posts are all lowercase)."""
    return any(ch.isupper() for tok in tokens for ch in tok)


def sentence_features(
    tokens: Sequence[str], lex: Lexicon, cache: FeatureCache | None = None, scheme: str | None = None
) -> list[list[str]]:
    """CRF attributes for every token of one sentence.

    A sentence with no upper-case letter at all (NERP is lowercased; so are some headlines and social
    posts) gets no case features: otherwise the cased training data would teach the model that a
    lowercase word is never a name. The corpus capitalization rate (`cr=`) stands in for case there.

    `scheme` names the annotation guideline to follow (one per training dataset). Every feature is
    emitted twice, plain and conjoined with the scheme ("frustratingly easy domain adaptation",
    Daume 2007): the plain weights learn what the datasets agree on, the conjoined ones where a
    dataset's guideline differs (NER-UGM and idner-news-2k label the same sentences differently;
    NERGrit leaves events untagged, NERP tags them). On the dev splits this is worth +1 to +10 F1.
    """
    feats = _sentence_features(tokens, lex, cache or FeatureCache(lex))
    if scheme:
        suffix = "@" + scheme
        feats = [f + [x + suffix for x in f] for f in feats]
    return feats


def _sentence_features(tokens: Sequence[str], lex: Lexicon, cache: FeatureCache) -> list[list[str]]:
    cased = is_cased(tokens)
    n = len(tokens)
    lows = [t.lower() for t in tokens]
    words = [cache.get(t, cased) for t in tokens]
    gaz = lex.gazetteer.match(lows)
    phr = lex.phrases.match(lows)
    # Cheap neighbour summaries: the lowercase form, a mid-size cluster and the capitalization bucket.
    clus1 = [_pick(w, "c1=") for w in words]
    shapes = [_pick(w, "sh=" if cased else "ls=") for w in words]
    crs = [_pick(w, "cr=") for w in words]
    clus2 = [_pick(w, "c2=") for w in words]
    out: list[list[str]] = []
    for i in range(n):
        f = ["b", "lc" if not cased else "cs"]
        f.extend(words[i])
        # A capital letter means little at the start of a sentence and a lot in the middle: a linear
        # model cannot form that conjunction itself.
        f.append("sp=" + shapes[i] + ("|0" if i == 0 else "|m"))
        left = shapes[i - 1] if i else "^"
        right = shapes[i + 1] if i < n - 1 else "$"
        f.append(f"sw={left}|{shapes[i]}|{right}")
        if gaz[i]:
            f.append("g=" + gaz[i])
        if phr[i]:
            # Position inside a capitalized corpus phrase, with "L" for its last token: in lowercase
            # text (NERP) this is the only hint where a multi-word name ends.
            last = i == n - 1 or phr[i + 1] is None or phr[i + 1].startswith("B")
            f.append("ph=" + phr[i][0] + ("L" if last else ""))
        if i == 0:
            f.append("BOS")
        else:
            p = lows[i - 1]
            f += ["-1w=" + p, "-1c=" + clus1[i - 1], "-1s=" + shapes[i - 1], "-1cr=" + crs[i - 1]]
            f.append("-1c2=" + clus2[i - 1])
            f.append("-1w|w=" + p + "|" + lows[i])
            if gaz[i - 1]:
                f.append("-1g=" + gaz[i - 1])
            if i > 1:
                f += ["-2w=" + lows[i - 2], "-2c=" + clus1[i - 2]]
        if i == n - 1:
            f.append("EOS")
        else:
            nx = lows[i + 1]
            f += ["+1w=" + nx, "+1c=" + clus1[i + 1], "+1s=" + shapes[i + 1], "+1cr=" + crs[i + 1]]
            f.append("+1c2=" + clus2[i + 1])
            f.append("w|+1w=" + lows[i] + "|" + nx)
            if gaz[i + 1]:
                f.append("+1g=" + gaz[i + 1])
            if i < n - 2:
                f += ["+2w=" + lows[i + 2], "+2c=" + clus1[i + 2]]
        out.append(f)
    return out


def _pick(feats: tuple[str, ...], prefix: str) -> str:
    for f in feats:
        if f.startswith(prefix):
            return f[len(prefix) :]
    return "-"


def bio_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end_exclusive, type) chunks of a BIO sequence, with conlleval's rules.

    An I- tag after O or after another type starts a new chunk (conlleval does the same), so a model
    that forgets the B- is scored, and decoded, the way the published numbers were.
    """
    spans: list[tuple[int, int, str]] = []
    start = -1
    cur = ""
    for i, lab in enumerate(labels):
        if lab == "O" or not lab:
            if cur:
                spans.append((start, i, cur))
            cur = ""
            continue
        prefix, _, etype = lab.partition("-")
        if prefix == "B" or etype != cur:
            if cur:
                spans.append((start, i, cur))
            start, cur = i, etype
    if cur:
        spans.append((start, len(labels), cur))
    return spans


def tokenize_with_offsets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) character offsets of NER tokens in text[start:end], as offsets into `text`."""
    end = len(text) if end is None else end
    return [m.span() for m in NER_TOKEN.finditer(text, start, end)]


class NerTagger:
    """A loaded CRF plus its lexicon. Thread-safe: one crfsuite Tagger per thread.

    `meta["schemes"]` lists the annotation schemes the model was trained with (see
    `sentence_features`); `meta["default_scheme"]` says which one to follow for ordinary cased text
    and which for all-lowercase text when the caller does not name one.
    """

    def __init__(self, model_path: Path, lex: Lexicon, meta: dict | None = None) -> None:
        import pycrfsuite  # imported here so importing kabar.extract does not require it

        self._pycrfsuite = pycrfsuite
        self.model_path = model_path
        self.lex = lex
        self.meta = meta or {}
        self.schemes: tuple[str, ...] = tuple(self.meta.get("schemes", ()))
        defaults = self.meta.get("default_scheme", {})
        self.default_cased: str | None = defaults.get("cased")
        self.default_lower: str | None = defaults.get("lower")
        self._cache = FeatureCache(lex)
        self._local = threading.local()

    def _tagger(self):  # -> pycrfsuite.Tagger (no type stubs)
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = self._pycrfsuite.Tagger()
            tagger.open(str(self.model_path))
            self._local.tagger = tagger
        return tagger

    def scheme_for(self, tokens: Sequence[str], scheme: str | None = None) -> str | None:
        """The scheme to follow: the one asked for, else the default for the sentence's casing."""
        if scheme is None:
            return self.default_cased if is_cased(tokens) else self.default_lower
        if scheme not in self.schemes:
            raise ValueError(f"unknown NER scheme {scheme!r}; the model knows {self.schemes}")
        return scheme

    def tag(self, tokens: list[str], scheme: str | None = None) -> list[str]:
        """BIO labels for one pre-tokenized sentence (e.g. from a CoNLL file).

        `scheme`: follow one training dataset's annotation guideline ("nergrit", "nerp", "nerui", ...).
        By default: for cased text the scheme with the best mean F1 on the cased dev splits (chosen
        by tools/train_ner.py, stored in meta.json; NER-UI's news guideline for the shipped model),
        for lowercase text NERP's, the only guideline learned on lowercase text.
        """
        if not tokens:
            return []
        feats = sentence_features(tokens, self.lex, self._cache, self.scheme_for(tokens, scheme))
        return list(self._tagger().tag(feats))

    def entities(self, text: str, scheme: str | None = None) -> list[EntityMention]:
        """Entity mentions in raw text, with exact character offsets into `text`.

        Sentences come from kabar.lang.segment.split_sentences so a name never spans a sentence
        break; tokens from NER_TOKEN (kabar's word pattern plus single punctuation characters).
        """
        out: list[EntityMention] = []
        for s_start, s_end in split_sentences(text):
            offsets = tokenize_with_offsets(text, s_start, s_end)
            if not offsets:
                continue
            labels = self.tag([text[a:b] for a, b in offsets], scheme)
            for t0, t1, etype in bio_spans(labels):
                a, b = offsets[t0][0], offsets[t1 - 1][1]
                out.append(EntityMention(a, b, etype, text[a:b]))
        return out


def resource_dir() -> Path:
    """Where the shipped model lives (inside the installed package)."""
    return Path(str(resources.files("kabar") / "resources" / "ner"))


@lru_cache(maxsize=4)
def load_ner(directory: Path | None = None) -> NerTagger:
    """The shipped NER model, loaded once per process (lexicon loading takes ~0.5 s)."""
    directory = directory or resource_dir()
    model = directory / "model.crfsuite"
    if not model.exists():
        raise FileNotFoundError(f"NER model missing: {model} (build it with tools/train_ner.py)")
    meta_path = directory / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return NerTagger(model, read_lexicon(directory), meta)

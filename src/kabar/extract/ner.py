"""Indonesian named-entity recognition: a linear-chain CRF (python-crfsuite) shipped in resources/ner.

Why a CRF and not a transformer: no Indonesian NER model can be downloaded here, the machine has no GPU,
and the batch mode must tag millions of sentences. A CRF with good lexical features, word clusters and
corpus statistics learned from unlabeled news gets close to IndoBERT-base on the IndoNLU sets (see
`kabar.eval.ner`) while tagging thousands of sentences per second on one core.

The model is trained by `tools/train_ner.py` with the feature function `sentence_features`, and
`NerTagger(fast=False)` tags through crfsuite with it. The default inference path reads the model's
weights and sums them from blocks cached per distinct token (`EmissionScores`), then decodes all
sentences of a text in one batched `viterbi`: same tags, several times faster (the tests compare the
two paths on real text; bench/bench_ner.py measures both). The resources are:

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
import struct
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np

from kabar.lang.segment import TOKEN, split_sentences

# TOKEN drops punctuation; NER needs it (commas and brackets delimit names, the training data has
# punctuation tokens), so one token per punctuation character is added.
NER_TOKEN = re.compile(TOKEN.pattern + r"|[^\w\s]", re.UNICODE)

LABELS = ("PER", "ORG", "LOC", "EVT", "FNB")

# Cap on the per-word feature cache: enough for a news vocabulary, bounded for batch runs.
_CACHE_LIMIT = 300_000
# Cap on each LRU of EmissionScores: a token's cached blocks take ~1 kB, so ~50 MB at most.
_SCORE_CACHE_LIMIT = 50_000


@dataclass(slots=True, frozen=True)
class EntityMention:
    """One entity occurrence: `text == source[start:end]`, type one of LABELS."""

    start: int
    end: int
    type: str
    text: str


class PhraseTable:
    """Lowercase token sequences with a tag each, matched greedily longest-first in a sentence."""

    __slots__ = ("phrases", "prefixes", "starts", "maxlen")

    def __init__(self, phrases: dict[tuple[str, ...], str] | None = None) -> None:
        self.phrases = phrases or {}
        # Every proper prefix of a key, so a match attempt stops as soon as no phrase can continue.
        self.prefixes = frozenset(key[:n] for key in self.phrases for n in range(1, len(key)))
        # First token -> (tag of the phrase that is just this token, whether longer phrases start
        # with it): most tokens start no phrase, and one look-up says so.
        self.starts = {key[0]: (self.phrases.get(key[:1]), key[:1] in self.prefixes) for key in self.phrases}
        self.maxlen = max((len(k) for k in self.phrases), default=0)

    def __len__(self) -> int:
        return len(self.phrases)

    def match(self, lows: Sequence[str]) -> list[str | None]:
        """Per token "B-tag" / "I-tag" inside a matched phrase, None elsewhere."""
        n = len(lows)
        out: list[str | None] = [None] * n
        if not self.phrases:
            return out
        starts = self.starts
        free = 0  # first token not inside an earlier match
        # Only tokens that start some phrase can start a match (most tokens start none).
        for i in [i for i, w in enumerate(lows) if w in starts]:
            if i < free:
                continue
            one, longer = starts[lows[i]]
            best, best_tag = (0, "") if one is None else (1, one)
            for j in range(i + 2, min(n, i + self.maxlen) + 1) if longer else ():
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
                free = i + best
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


# --- inference fast path ------------------------------------------------------------------------
#
# Hand-written CRF scoring and Viterbi (numpy) over the weights of the crfsuite model; crfsuite still
# trains, and `NerTagger(fast=False)` still tags through it (the reference the tests compare with).
# Why: profiled on CLICK-ID articles, tagging through pycrfsuite spent about half its time building
# ~64 feature strings per token in Python and the other half in crfsuite reading them (every string
# is converted, copied and hashed; Viterbi itself is a few per cent). pycrfsuite takes only strings,
# so no cache helps on its side: passing only the ~45 attributes per token the model knows, from
# cached blocks, was measured at 1.7x at best. Here the features of `sentence_features` are grouped
# into blocks that depend on one token alone (its own features, and what it adds to its neighbours
# at -2, -1, +1, +2), and each block is cached per distinct token as the sum of its weights: the
# scores of all sentences of a text are a handful of array operations plus the few attributes that
# join two tokens (word bigram, shape trigram, gazetteer and phrase tags), and one Viterbi decodes
# them together. The same weights are summed in another order, so scores can differ from
# crfsuite's in the last bits; tags agree (tests/extract/test_ner.py and bench/bench_ner.py compare
# both paths on thousands of real sentences). Rates: bench/results/ner.json.

_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


@dataclass(slots=True, frozen=True)
class CrfWeights:
    """The weights of a crfsuite CRF1d model: `state[attributes[a], y]` and `transitions[y_prev, y]`."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: np.ndarray  # (n_attributes, n_labels)
    transitions: np.ndarray  # (n_labels, n_labels)


def _cqdb_strings(buf: bytes, offset: int, path: Path) -> list[str]:
    """The strings of a crfsuite CQDB chunk at `offset`, in id order (layout in crfsuite's cqdb.c)."""
    chunk = memoryview(buf)[offset:]
    if bytes(chunk[:4]) != b"CQDB":
        raise ValueError(f"{path}: no string dictionary at offset {offset}")
    # Header: chunk id, size, flag, byte order, number of ids, offset of the id -> record array.
    n_ids, bwd_offset = struct.unpack_from("<II", chunk, 16)
    out = []
    for rec in struct.unpack_from(f"<{n_ids}I", chunk, bwd_offset):
        (size,) = struct.unpack_from("<I", chunk, rec + 4)  # record: id, key size with its NUL, key
        out.append(str(chunk[rec + 8 : rec + 7 + size], "utf-8"))
    return out


def read_crf_weights(path: Path) -> CrfWeights:
    """Read a crfsuite CRF1d model file (layout in crfsuite's crf1d_model.c).

    Hand-written: pycrfsuite exposes the weights only through `Tagger.info()`, which parses a text
    dump of the whole model (seconds); a test checks that the two agree.
    """
    buf = path.read_bytes()
    if len(buf) < 48 or buf[:4] != b"lCRF":
        raise ValueError(f"{path}: not a crfsuite CRF1d model")
    (size,) = struct.unpack_from("<I", buf, 4)
    if size != len(buf):
        raise ValueError(f"{path}: truncated crfsuite model ({len(buf)} bytes, header says {size})")
    try:
        return _parse_crf(buf, path)
    except (struct.error, IndexError, UnicodeDecodeError) as exc:  # offsets or sizes past the end
        raise ValueError(f"{path}: truncated or corrupt crfsuite model ({exc})") from exc


def _parse_crf(buf: bytes, path: Path) -> CrfWeights:
    # Header: magic, size, type, version, num_features, num_labels, num_attrs, then the offsets of
    # the features, label dictionary and attribute dictionary (uint32 little-endian each).
    off_features, off_labels, off_attrs = struct.unpack_from("<III", buf, 28)
    labels = _cqdb_strings(buf, off_labels, path)
    attrs = _cqdb_strings(buf, off_attrs, path)
    if buf[off_features : off_features + 4] != b"FEAT":
        raise ValueError(f"{path}: no feature table at offset {off_features}")
    (n_features,) = struct.unpack_from("<I", buf, off_features + 8)
    feats = np.frombuffer(buf, dtype=_FEATURE, count=n_features, offset=off_features + 12)
    state = np.zeros((len(attrs), len(labels)))
    transitions = np.zeros((len(labels), len(labels)))
    is_state = feats["type"] == 0  # 1 = transition
    state[feats["src"][is_state], feats["dst"][is_state]] = feats["weight"][is_state]
    trans = feats[~is_state]
    transitions[trans["src"], trans["dst"]] = trans["weight"]
    return CrfWeights(tuple(labels), {a: i for i, a in enumerate(attrs)}, state, transitions)


# Rows of TokenBlocks.scores: where a token's weights go in a sentence.
_FIRST, _INNER, _LEFT1, _LEFT2, _RIGHT1, _RIGHT2 = range(6)


class TokenBlocks(NamedTuple):
    """What one token contributes to a sentence's label scores, by position (rows above)."""

    low: str
    shape: str  # the shape neighbours see (cased or caseless, as the sentence)
    scores: np.ndarray  # (6 * n_labels,) the rows above, flat: own features at the start /
    # elsewhere; what it adds to the tokens after it (-1..., -2... features) and before it (+1..., +2...)


class EmissionScores:
    """Per-token label scores of `sentence_features` under a model's weights, from cached blocks.

    Bounded LRU caches (functools.lru_cache, thread-safe) per (token, casedness, scheme) and per
    two-token attribute; one instance serves every thread of a tagger.
    """

    def __init__(self, lex: Lexicon, weights: CrfWeights, cache_size: int = _SCORE_CACHE_LIMIT) -> None:
        self.lex = lex
        self.weights = weights
        self.blocks = lru_cache(maxsize=cache_size)(self._blocks)
        self.single = lru_cache(maxsize=cache_size)(self._single)
        # "p|w" of every known word-bigram attribute, plain or conjoined (a superset when a word holds
        # "@"): most bigrams are unknown, and one look-up here says so.
        pairs = set()
        for attr in weights.attributes:
            if attr.startswith(("-1w|w=", "w|+1w=")):
                rest = attr.partition("=")[2]
                pairs.update((rest, rest.rpartition("@")[0]))
        self.pairs = frozenset(pairs)
        # Every known attribute without its scheme, likewise a superset: one look-up rules out both
        # the plain and the conjoined form of an unknown feature.
        self.stems = frozenset(a for attr in weights.attributes for a in (attr, attr.rpartition("@")[0]))
        self._zero = np.zeros(len(weights.labels))

    def _sum(self, feats: list[str], suffix: str) -> np.ndarray:
        """Summed weights of `feats` and of each conjoined with the scheme (zeros if none is known)."""
        index = self.weights.attributes
        rows = [index[f] for f in feats if f in index]
        if suffix:
            rows += [index[g] for g in (f + suffix for f in feats) if g in index]
        return self.weights.state[rows].sum(axis=0) if rows else self._zero

    def _single(self, attr: str, suffix: str) -> np.ndarray:
        return self._sum([attr], suffix)

    def _blocks(self, tok: str, cased: bool, suffix: str) -> TokenBlocks:
        words = _word_features(tok, cased, self.lex)
        low = tok.lower()
        shape = _pick(words, "sh=" if cased else "ls=")
        c1, cr, c2 = _pick(words, "c1="), _pick(words, "cr="), _pick(words, "c2=")
        own = ["b", "cs" if cased else "lc", *words]
        blocks = (
            [*own, f"sp={shape}|0"],
            [*own, f"sp={shape}|m"],
            [f"-1w={low}", f"-1c={c1}", f"-1s={shape}", f"-1cr={cr}", f"-1c2={c2}"],
            [f"-2w={low}", f"-2c={c1}"],
            [f"+1w={low}", f"+1c={c1}", f"+1s={shape}", f"+1cr={cr}", f"+1c2={c2}"],
            [f"+2w={low}", f"+2c={c1}"],
        )
        # One gather for all six blocks: (block, attribute row) of every known attribute.
        index, stems = self.weights.attributes, self.stems
        which: list[int] = []
        rows: list[int] = []
        for k, feats in enumerate(blocks):
            for f in feats:
                if f not in stems:  # most attributes of a rare word: neither form is known
                    continue
                for attr in (f, f + suffix) if suffix else (f,):
                    row = index.get(attr)
                    if row is not None:
                        which.append(k)
                        rows.append(row)
        scores = np.zeros((len(blocks), len(self._zero)))
        np.add.at(scores, which, self.weights.state[rows])
        return TokenBlocks(low, shape, scores.ravel())

    def __call__(self, tokens: Sequence[str], scheme: str | None = None) -> np.ndarray:
        """(len(tokens), n_labels) scores; `tokens` must not be empty."""
        return self.many([tokens], [scheme])[0]

    def many(self, sentences: Sequence[Sequence[str]], schemes: Sequence[str | None]) -> list[np.ndarray]:
        """Scores of several non-empty sentences, each under its scheme: the array work is done once
        for all their tokens (the sentences of an article), not once per sentence."""
        if not sentences:
            return []
        blocks, single, pairs, lex = self.blocks, self.single, self.pairs, self.lex
        toks: list[TokenBlocks] = []
        starts: list[int] = []
        trigrams: list[np.ndarray] = []
        rare: list[tuple[int, np.ndarray]] = []  # (token row, scores) of attributes most tokens lack
        for tokens, scheme in zip(sentences, schemes, strict=True):
            cased = is_cased(tokens)
            suffix = "@" + scheme if scheme else ""
            start = len(toks)
            sent = [blocks(t, cased, suffix) for t in tokens]
            toks += sent
            starts.append(start)
            n = len(sent)
            # Attributes of two or three tokens: the shape trigram at every token, then the rarer ones.
            shapes = ["^", *(tb.shape for tb in sent), "$"]
            trigrams += [single(f"sw={shapes[i]}|{shapes[i + 1]}|{shapes[i + 2]}", suffix) for i in range(n)]
            found: list[tuple[int, str]] = [(0, "BOS"), (n - 1, "EOS")]
            lows = [tb.low for tb in sent]
            for i in range(1, n):
                pair = lows[i - 1] + "|" + lows[i]
                if pair in pairs:
                    found += [(i, "-1w|w=" + pair), (i - 1, "w|+1w=" + pair)]
            for i, tag in enumerate(lex.gazetteer.match(lows)):
                if tag:
                    found.append((i, "g=" + tag))
                    if i:
                        found.append((i - 1, "+1g=" + tag))
                    if i < n - 1:
                        found.append((i + 1, "-1g=" + tag))
            phr = lex.phrases.match(lows)
            for i, tag in enumerate(phr):
                if tag:
                    last = i == n - 1 or phr[i + 1] is None or phr[i + 1].startswith("B")  # type: ignore[union-attr]
                    found.append((i, "ph=" + tag[0] + ("L" if last else "")))
            rare += [(start + i, single(attr, suffix)) for i, attr in found]
        total, n_labels = len(toks), len(self._zero)
        a = np.concatenate([tb.scores for tb in toks]).reshape(total, 6, n_labels)
        # Position of every token in its sentence, and tokens left in it: which neighbours exist.
        first = np.zeros(total, dtype=bool)
        first[starts] = True
        ends = [*starts[1:], total]
        pos = np.arange(total) - np.repeat(starts, [e - s for s, e in zip(starts, ends, strict=True)])
        left = np.repeat(np.array(ends) - 1, [e - s for s, e in zip(starts, ends, strict=True)]) - np.arange(
            total
        )
        e = np.where(first[:, None], a[:, _FIRST], a[:, _INNER])
        # A weight times 0.0 is 0.0 and times 1.0 is itself: masks keep neighbours within sentences.
        e[1:] += a[:-1, _LEFT1] * (pos[1:] >= 1)[:, None]
        e[2:] += a[:-2, _LEFT2] * (pos[2:] >= 2)[:, None]
        e[:-1] += a[1:, _RIGHT1] * (left[:-1] >= 1)[:, None]
        e[:-2] += a[2:, _RIGHT2] * (left[:-2] >= 2)[:, None]
        e += np.concatenate(trigrams).reshape(total, n_labels)
        np.add.at(
            e, [row for row, _ in rare], np.concatenate([v for _, v in rare]).reshape(len(rare), n_labels)
        )
        return np.split(e, starts[1:])


def viterbi(emissions: Sequence[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """Best label index sequence of each sentence, all sentences decoded in one batch.

    crfsuite's crf1d Viterbi (no start/end transitions; the first maximum wins a tie), vectorized
    over sentences: sorted longest first, step t updates only the sentences still running.
    """
    if not emissions:
        return []
    order = sorted(range(len(emissions)), key=lambda s: -len(emissions[s]))
    lengths = [len(emissions[s]) for s in order]
    if len(order) == 1:
        x = emissions[0][None]
    else:
        x = np.zeros((len(order), lengths[0], transitions.shape[0]))
        for row, s in enumerate(order):
            x[row, : lengths[row]] = emissions[s]
    alpha = x[:, 0].copy()
    back: list[list[list[int]]] = [[]]  # back[t][row][label] = best previous label
    alive = len(order)
    best_of = np.maximum.reduce
    for t in range(1, lengths[0]):
        while lengths[alive - 1] <= t:
            alive -= 1
        scores = alpha[:alive, :, None] + transitions  # [sentence, previous label, label]
        back.append(scores.argmax(axis=1).tolist())
        np.add(best_of(scores, axis=1), x[:alive, t], out=alpha[:alive])
    out: list[list[int]] = [[] for _ in order]
    for row, s in enumerate(order):
        y = int(alpha[row].argmax())
        path = [y]
        for t in range(lengths[row] - 1, 0, -1):
            y = back[t][row][y]
            path.append(y)
        path.reverse()
        out[s] = path
    return out


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
    """A loaded CRF plus its lexicon. Thread-safe: the fast path shares thread-safe LRU caches, the
    reference path opens one crfsuite Tagger per thread.

    `meta["schemes"]` lists the annotation schemes the model was trained with (see
    `sentence_features`); `meta["default_scheme"]` says which one to follow for ordinary cased text
    and which for all-lowercase text when the caller does not name one.

    `fast=False` tags through crfsuite with every feature from `sentence_features`, as training
    does, instead of the cached scores (`EmissionScores`) and the batched `viterbi`: same tags,
    slower; the baseline of bench/bench_ner.py and the reference of the tests.
    """

    def __init__(self, model_path: Path, lex: Lexicon, meta: dict | None = None, fast: bool = True) -> None:
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
        self.weights = read_crf_weights(model_path) if fast else None
        self.scores = EmissionScores(lex, self.weights) if self.weights is not None else None
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
        return self.tag_many([tokens], scheme)[0]

    def tag_many(self, sentences: Sequence[list[str]], scheme: str | None = None) -> list[list[str]]:
        """`tag` for several sentences at once (one batched Viterbi on the fast path)."""
        if self.weights is None or self.scores is None:
            return [self._tag_reference(toks, scheme) for toks in sentences]
        todo = [i for i, toks in enumerate(sentences) if toks]
        emissions = self.scores.many(
            [sentences[i] for i in todo], [self.scheme_for(sentences[i], scheme) for i in todo]
        )
        names = self.weights.labels
        out: list[list[str]] = [[] for _ in sentences]
        for i, path in zip(todo, viterbi(emissions, self.weights.transitions), strict=True):
            out[i] = [names[y] for y in path]
        return out

    def _tag_reference(self, tokens: list[str], scheme: str | None) -> list[str]:
        if not tokens:
            return []
        feats = sentence_features(tokens, self.lex, self._cache, self.scheme_for(tokens, scheme))
        return list(self._tagger().tag(feats))

    def entities(self, text: str, scheme: str | None = None) -> list[EntityMention]:
        """Entity mentions in raw text, with exact character offsets into `text`.

        Sentences come from kabar.lang.segment.split_sentences so a name never spans a sentence
        break; tokens from NER_TOKEN (kabar's word pattern plus single punctuation characters).
        """
        return self.entities_in_spans(text, split_sentences(text), scheme)

    def entities_in_spans(
        self, text: str, spans: Iterable[tuple[int, int]], scheme: str | None = None
    ) -> list[EntityMention]:
        """`entities` over sentence spans the caller already has ((start, end) offsets into `text`),
        e.g. an Article's sentences: no second sentence split, one call per article."""
        sentences = [tokenize_with_offsets(text, start, end) for start, end in spans]
        tagged = self.tag_many([[text[a:b] for a, b in offsets] for offsets in sentences], scheme)
        out: list[EntityMention] = []
        for offsets, labels in zip(sentences, tagged, strict=True):
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

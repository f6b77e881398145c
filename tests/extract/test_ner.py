"""NER: the shipped CRF loads from the package, tags real news with exact offsets, and keeps its scores.

The eval gate runs the real NERGrit and NERP test splits (IndoNLU) through `evaluate_ner` against the
floors pinned in src/kabar/eval/floors.json (the `ner` section, what `kabar eval ner` is held to), so a
feature or tokenizer regression fails here. The fast inference path (`EmissionScores` + `viterbi`
over the model's weights) is checked against the reference, crfsuite fed by the feature function
that training uses: the same scores and the same tags on real sentences.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from kabar.eval.ner import evaluate_ner, load_split, score
from kabar.extract.ner import (
    LABELS,
    EmissionScores,
    EntityMention,
    NerTagger,
    PhraseTable,
    bio_spans,
    load_ner,
    read_crf_weights,
    resource_dir,
    sentence_features,
    split_sentences,
    tokenize_with_offsets,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLES = SHARED / "samples" / "lavrov-wonsan-2025"
NER_DATA = SHARED / "data" / "ner"

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples not present")
needs_data = pytest.mark.skipif(not NER_DATA.is_dir(), reason="../shared/data/ner not present")

MAX_SHIPPED_FILE = 5e6  # the package guideline for one shipped file


def _floors() -> dict[str, float]:
    """{split: F1 floor} from floors.json's `ner` keys ("splits_<split>_f1", as `kabar eval` flattens)."""
    floors = json.loads(resources.files("kabar.eval").joinpath("floors.json").read_text())["ner"]
    return {k.removeprefix("splits_").removesuffix("_f1"): v for k, v in floors.items()}


def _sample_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}


def _found(mentions: list[EntityMention]) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in mentions}


def test_model_ships_inside_the_package() -> None:
    ner = load_ner()
    assert ner.model_path.parent == resource_dir()
    assert ner.model_path.is_file() and ner.model_path.suffix == ".crfsuite"
    assert load_ner() is ner  # cached: loading the lexicon once per process
    assert {"nergrit", "nerp", "idner"} <= set(ner.schemes)
    for path in resource_dir().iterdir():
        assert path.stat().st_size <= MAX_SHIPPED_FILE, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB"


@needs_samples
def test_lavrov_sentence() -> None:
    text = next(t for t in _sample_texts().values() if "Sergei Lavrov memuji" in t)
    sentence = text[text.index("Menteri Luar Negeri Rusia Sergei Lavrov memuji") :].split("\n")[0]
    found = _found(load_ner().entities(sentence))
    assert ("Sergei Lavrov", "PER") in found
    assert ("Korea Utara", "LOC") in found
    assert ("Rusia", "LOC") in found


@needs_samples
def test_sample_articles_entities_and_exact_offsets() -> None:
    ner = load_ner()
    per: set[str] = set()
    loc: set[str] = set()
    for name, text in _sample_texts().items():
        mentions = ner.entities(text)
        assert mentions, name
        for m in mentions:
            assert text[m.start : m.end] == m.text, (name, m)
            assert m.type in LABELS
            assert m.text == m.text.strip() and "\n" not in m.text
            # Entities start and end on token boundaries, never inside a word.
            assert m.start == 0 or not (text[m.start - 1].isalnum() and text[m.start].isalnum())
            assert m.end == len(text) or not (text[m.end - 1].isalnum() and text[m.end].isalnum())
        assert [m.start for m in mentions] == sorted(m.start for m in mentions)
        per |= {m.text for m in mentions if m.type == "PER"}
        loc |= {m.text for m in mentions if m.type == "LOC"}
    assert {"Sergei Lavrov", "Kim Jong Un"} <= per
    assert {"Pyongyang", "Korea Utara", "Wonsan"} <= loc


def test_offsets_survive_odd_spacing_and_unicode() -> None:
    text = "  Kemarin,\u00a0Presiden  Joko Widodo  tiba di Surabaya.\n\nMenlu Retno Marsudi bertemu  Lavrov di Moskow. "
    mentions = load_ner().entities(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    found = _found(mentions)
    assert ("Joko Widodo", "PER") in found
    assert ("Surabaya", "LOC") in found
    assert ("Moskow", "LOC") in found


def test_tag_gives_one_bio_label_per_token() -> None:
    tokens = "Kunjungan Lavrov ke Pyongyang merupakan bagian dari dialog strategis .".split()
    labels = load_ner().tag(tokens)
    assert len(labels) == len(tokens)
    assert all(lab == "O" or (lab[:2] in ("B-", "I-") and lab[2:] in LABELS) for lab in labels)
    assert labels[tokens.index("Pyongyang")] == "B-LOC"
    assert labels[tokens.index("Lavrov")] == "B-PER"
    assert load_ner().tag([]) == []


def test_lowercase_text_uses_the_lowercase_scheme() -> None:
    ner = load_ner()
    tokens = "presiden joko widodo meresmikan bandara baru di surabaya pada senin .".split()
    assert ner.scheme_for(tokens) == "nerp"
    spans = {(" ".join(tokens[a:b]), t) for a, b, t in bio_spans(ner.tag(tokens))}
    assert ("joko widodo", "PER") in spans
    assert ("surabaya", "LOC") in spans


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown NER scheme"):
        load_ner().tag(["Jakarta"], scheme="conll2003")


def test_bio_spans_follow_conlleval() -> None:
    assert bio_spans(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    # I- after O or after another type opens a new entity, as in conlleval.
    assert bio_spans(["O", "I-ORG", "I-ORG", "I-LOC"]) == [(1, 3, "ORG"), (3, 4, "LOC")]
    assert bio_spans(["B-PER", "B-PER"]) == [(0, 1, "PER"), (1, 2, "PER")]


def test_score_needs_exact_span_and_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    assert score(gold, gold)["f1"] == 1.0
    partial = score(gold, [["B-PER", "O", "O", "B-ORG"]])  # short span, wrong type: both wrong
    assert (partial["correct"], partial["pred"], partial["gold"]) == (0, 2, 2)
    half = score(gold, [["B-PER", "I-PER", "O", "O"]])
    assert half["precision"] == 1.0 and half["recall"] == 0.5
    # Types the dataset does not annotate are ignored on both sides.
    assert score(gold, [["B-PER", "I-PER", "O", "B-LOC"]], types=("PER",))["gold"] == 1


@needs_data
def test_loaders_map_labels() -> None:
    grit = load_split(NER_DATA, "nergrit/test")
    nerp = load_split(NER_DATA, "nerp/test")
    assert len(grit) == 209 and len(nerp) == 840
    assert {t[2:] for _, tags in grit for t in tags if t != "O"} == {"PER", "ORG", "LOC"}
    assert {t[2:] for _, tags in nerp for t in tags if t != "O"} == {"PER", "ORG", "LOC", "EVT", "FNB"}
    dee = load_split(NER_DATA, "dee/all")
    # DEE has bare types per token (IO); the loader must restore B- so entities start properly.
    for _, tags in dee:
        for prev, cur in zip(["O", *tags], tags, strict=False):
            assert not (cur.startswith("I-") and cur[2:] != prev[2:]), tags


@needs_data
def test_eval_gate_meets_the_pinned_floors() -> None:
    floors = _floors()
    assert {"nergrit/test", "nerp/test"} <= set(floors)
    results = evaluate_ner(NER_DATA, tuple(floors), with_default=False)
    for spec, floor in floors.items():
        f1 = results["splits"][spec]["f1"]
        assert f1 >= floor, f"{spec}: F1 {f1:.3f} < floor {floor}"


# --- the fast path is the reference path minus attributes the model does not know ---------------


def _sentences() -> list[list[str]]:
    """Real sentences: the samples (cased news), then NERGrit (cased) and NERP (lowercase) test."""
    out = []
    for text in _sample_texts().values() if SAMPLES.is_dir() else ():
        out += [[text[a:b] for a, b in tokenize_with_offsets(text, s, e)] for s, e in split_sentences(text)]
    if NER_DATA.is_dir():
        out += [toks for toks, _ in load_split(NER_DATA, "nergrit/test")[:80]]
        out += [toks for toks, _ in load_split(NER_DATA, "nerp/test")[:80]]
    return [toks for toks in out if toks]


def test_weights_read_from_the_model_file_are_crfsuites() -> None:
    import pycrfsuite

    path = load_ner().model_path
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    weights = read_crf_weights(path)
    assert set(weights.labels) == set(info.labels) and "O" in weights.labels
    state = {
        (attr, weights.labels[y]): w
        for attr, row in weights.attributes.items()
        for y, w in enumerate(weights.state[row])
        if w != 0.0
    }
    # The text dump rounds weights to 6 decimals.
    assert state.keys() == info.state_features.keys()
    assert all(abs(state[k] - w) < 1e-6 for k, w in info.state_features.items())
    for (a, b), w in info.transitions.items():
        assert abs(weights.transitions[weights.labels.index(a), weights.labels.index(b)] - w) < 1e-6


def test_reading_a_file_that_is_no_model_names_it(tmp_path: Path) -> None:
    bogus = tmp_path / "model.crfsuite"
    bogus.write_bytes(b"not a model at all, just text" * 4)
    with pytest.raises(ValueError, match=str(bogus)):
        read_crf_weights(bogus)
    bogus.write_bytes(load_ner().model_path.read_bytes()[:-100])  # a cut-off download
    with pytest.raises(ValueError, match="truncated"):
        read_crf_weights(bogus)


@pytest.mark.skipif(not (SAMPLES.is_dir() or NER_DATA.is_dir()), reason="no real sentences")
def test_cached_scores_equal_the_reference_features_summed() -> None:
    ner = load_ner()
    weights = ner.weights
    assert weights is not None and ner.scores is not None
    sentences = _sentences()
    assert len(sentences) > 100
    for k, toks in enumerate(sentences):
        # Every scheme on some sentences, the default one (what entities() uses) on all.
        schemes = [ner.scheme_for(toks)] + ([None, *ner.schemes] if k % 10 == 0 else [])
        for scheme in schemes:
            feats = sentence_features(toks, ner.lex, scheme=scheme)
            ref = np.array(
                [
                    weights.state[[weights.attributes[a] for a in f if a in weights.attributes]].sum(axis=0)
                    for f in feats
                ]
            )
            np.testing.assert_allclose(ner.scores(toks, scheme), ref, rtol=0, atol=1e-9, err_msg=str(toks))


@needs_samples
def test_fast_path_finds_what_crfsuite_finds() -> None:
    ner = load_ner()
    old = NerTagger(ner.model_path, ner.lex, ner.meta, fast=False)
    assert old.weights is None and ner.weights is not None
    for name, text in _sample_texts().items():
        assert ner.entities(text) == old.entities(text), name
    sentences = _sentences()
    assert ner.tag_many(sentences) == [old.tag(toks) for toks in sentences]
    assert ner.tag_many(sentences, "nergrit") == [old.tag(toks, "nergrit") for toks in sentences]
    assert ner.tag_many([[], ["Jakarta"], []]) == [[], old.tag(["Jakarta"]), []]


def test_score_cache_stays_bounded() -> None:
    ner = load_ner()
    assert ner.weights is not None and ner.scores is not None
    small = EmissionScores(ner.lex, ner.weights, cache_size=16)
    text = "Presiden Joko Widodo bertemu Menlu Rusia Sergei Lavrov di Istana Merdeka, Jakarta, pada Senin."
    toks = [text[a:b] for a, b in tokenize_with_offsets(text)]
    first = small(toks, "nerui")
    for _ in range(3):  # evicting and rebuilding blocks gives the same scores
        assert np.array_equal(small(toks, "nerui"), first)
    assert small.blocks.cache_info().currsize <= 16
    assert np.array_equal(first, ner.scores(toks, "nerui"))


@needs_samples
def test_entities_in_given_spans_match_entities() -> None:
    ner = load_ner()
    for text in _sample_texts().values():
        spans = split_sentences(text)
        assert ner.entities_in_spans(text, spans) == ner.entities(text)
        # One span at a time, as kabar.extract.entities tags an Article's sentences.
        one_by_one = [m for span in spans for m in ner.entities_in_spans(text, [span])]
        assert one_by_one == ner.entities(text)


def test_phrase_table_matches_longest_first_left_to_right() -> None:
    table = PhraseTable(
        {
            ("joko",): "PER",
            ("joko", "widodo"): "PER",
            ("bank", "indonesia"): "ORG",
            ("bank", "indonesia", "cabang", "surabaya"): "ORG",
            ("jakarta",): "LOC",
        }
    )
    lows = "presiden joko widodo ke bank indonesia cabang jakarta joko joko widodo".split()
    assert table.match(lows) == [
        None, "B-PER", "I-PER", None, "B-ORG", "I-ORG", None, "B-LOC", "B-PER", "B-PER", "I-PER",
    ]  # fmt: skip
    assert table.match([]) == [] and PhraseTable().match(["jakarta"]) == [None]

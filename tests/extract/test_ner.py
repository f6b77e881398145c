"""NER: the shipped CRF loads from the package, tags real news with exact offsets, and keeps its scores.

The eval gate runs the real NERGrit and NERP test splits (IndoNLU) through `evaluate_ner`; the floors
sit a little under what tools/train_ner.py measured, so a feature or tokenizer regression fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.eval.ner import evaluate_ner, load_split, score
from kabar.extract.ner import LABELS, EntityMention, bio_spans, load_ner, resource_dir

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLES = SHARED / "samples" / "lavrov-wonsan-2025"
NER_DATA = SHARED / "data" / "ner"

needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples not present")
needs_data = pytest.mark.skipif(not NER_DATA.is_dir(), reason="../shared/data/ner not present")

# Measured by tools/train_ner.py on the full test splits (see resources/ner/meta.json); floors are
# about two points lower so normal retraining noise passes and a real regression does not.
FLOORS = {"nergrit/test": 0.72, "nerp/test": 0.77}
MIN_SENTENCES_PER_S = 200  # issue 6 target, one core


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
    total = sum(p.stat().st_size for p in resource_dir().iterdir())
    assert total < 15e6, f"NER resources are {total / 1e6:.1f} MB"


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
def test_eval_gate_nergrit_and_nerp_test() -> None:
    results = evaluate_ner(NER_DATA, tuple(FLOORS), with_default=False)
    for spec, floor in FLOORS.items():
        f1 = results["splits"][spec]["f1"]
        assert f1 >= floor, f"{spec}: F1 {f1:.3f} < floor {floor}"
    speed = results["speed"]["sentences_per_s"]
    assert speed >= MIN_SENTENCES_PER_S, f"{speed:.0f} sentences/s"

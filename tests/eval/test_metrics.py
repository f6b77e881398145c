"""Metrics on small examples computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import pytest

from kabar.eval.metrics import (
    IndonesianTokenizer,
    bcubed,
    clustering_scores,
    document_pair_prf,
    nmi,
    pairwise,
    pan_granularity,
    pan_scores,
    plagdet_score,
    rouge,
)

# gold: {a,b,c} {d,e}; predicted: {a,b} {c,d,e}
GOLD = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
PRED = {"a": "P1", "b": "P1", "c": "P2", "d": "P2", "e": "P2"}


def test_bcubed_hand_computed():
    # per item (P, R): a,b (1, 2/3); c (1/3, 1/3); d,e (2/3, 1) -> P = R = (11/3)/5 = 11/15
    p, r, f = bcubed(GOLD, PRED)
    assert p == pytest.approx(11 / 15)
    assert r == pytest.approx(11 / 15)
    assert f == pytest.approx(11 / 15)


def test_bcubed_is_not_symmetric_in_its_parts():
    # pred {a,b,c,d,e}: every item's cluster has 5 members -> P = (3*3/5 + 2*2/5)/5 = 13/25, R = 1
    p, r, _ = bcubed(GOLD, dict.fromkeys(GOLD, "X"))
    assert (p, r) == (pytest.approx(13 / 25), pytest.approx(1.0))


def test_pairwise_hand_computed():
    # gold pairs 3+1=4, predicted pairs 1+3=4, shared: ab, de -> 2
    assert pairwise(GOLD, PRED) == pytest.approx((0.5, 0.5, 0.5))


def test_none_gold_and_extra_predictions_are_ignored():
    gold = dict(GOLD, f="NONE", g=None)
    pred = dict(PRED, f="P1", g="P1", z="P1")  # would spoil P1 if scored
    assert bcubed(gold, pred) == pytest.approx(bcubed(GOLD, PRED))
    assert pairwise(gold, pred) == pytest.approx(pairwise(GOLD, PRED))
    assert clustering_scores(gold, pred)["n"] == 5


def test_missing_prediction_counts_as_singleton():
    pred = {k: v for k, v in PRED.items() if k != "c"}  # c unplaced: alone, as in {a,b} {c} {d,e}
    assert bcubed(GOLD, pred) == pytest.approx(bcubed(GOLD, dict(PRED, c="alone")))
    assert pairwise(GOLD, pred) == pytest.approx((1.0, 0.5, 2 / 3))  # 2 of 2 predicted pairs right


def test_singletons():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    pred = {k: k for k in gold}
    # BCubed R = (3 * 1/3 + 1) / 4 = 1/2, P = 1 -> F1 = 2/3; no predicted pair -> pairwise all 0
    assert bcubed(gold, pred) == pytest.approx((1.0, 0.5, 2 / 3))
    assert pairwise(gold, pred) == (0.0, 0.0, 0.0)


def test_nmi_ignores_label_names():
    renamed = {k: {"G1": 7, "G2": "x"}[v] for k, v in GOLD.items()}
    assert nmi(GOLD, renamed) == pytest.approx(1.0)
    assert nmi(GOLD, PRED) < 1.0


# ------------------------------------------------------------------------------------------- PAN

S1 = ("susp1", 0, 100, "src1", 0, 100)
S2 = ("susp2", 0, 200, "src1", 500, 200)  # never detected
R1 = ("susp1", 0, 50, "src1", 0, 50)  # inside S1
R2 = ("susp1", 60, 60, "src1", 60, 60)  # overlaps S1 on 60..100 on both sides
R3 = ("susp1", 0, 100, "src2", 0, 100)  # right passage, wrong source: not a detection


def test_pan_macro_hand_computed():
    s = pan_scores([S1, S2], [R1, R2, R3])
    # recall: S1 covered (50+40) + (50+40) of 200 chars = 0.9, S2 0 -> 0.45
    assert s.recall == pytest.approx(0.45)
    # precision: R1 100/100, R2 (40+40)/120, R3 0 -> (1 + 2/3 + 0)/3 = 5/9
    assert s.precision == pytest.approx(5 / 9)
    # S1 is detected by R1 and R2, S2 by none -> 2
    assert s.granularity == pytest.approx(2.0)
    # F1 = 2 * 0.45 * 5/9 / (0.45 + 5/9) = 0.5 / (181/180) = 90/181; / log2(3)
    assert s.plagdet == pytest.approx((90 / 181) / math.log2(3))
    assert s.plagdet == pytest.approx(0.313722, abs=1e-6)


def test_pan_micro_hand_computed():
    s = pan_scores([S1, S2], [R1, R2, R3], average="micro")
    # detected chars: susp1 [0,120) = 120; src1 [0,50)+[60,120) = 110; src2 100 -> 330
    # case chars: susp1 100 + susp2 200 + src1 [0,100)+[500,700) 300 -> 600; found 90 + 90 = 180
    assert s.precision == pytest.approx(180 / 330)
    assert s.recall == pytest.approx(180 / 600)


def test_pan_reference_script_values():
    # Values from the unit tests of PAN's pan09 measures script.
    a7 = ("tref2", 0, 100, "sref2", 0, 100)
    a9 = ("tref2", 50, 100, "sref2", 50, 100)
    a10 = ("tref2", 25, 75, "sref2", 25, 75)
    assert pan_scores([a7], [a9]).recall == pytest.approx(0.5)
    assert pan_scores([a7], [a10]).recall == pytest.approx(0.75)
    assert pan_scores([a7], [a9, a10]).recall == pytest.approx(0.75)
    assert pan_granularity([a7], [a9, a10]) == 2


def test_pan_edge_cases():
    assert pan_scores([], []) == pytest.approx((1.0, 1.0, 1.0, 1.0))
    assert pan_scores([S1], []) == pytest.approx((0.0, 0.0, 1.0, 0.0))
    assert pan_scores([S1], [S1]) == pytest.approx((1.0, 1.0, 1.0, 1.0))
    assert plagdet_score(1.0, 1.0, 3.0) == pytest.approx(0.5)  # 1 / log2(4)
    # longer tuples (datasets.PlagCase carries kind and obfuscation) are read by their first 6 fields
    assert pan_scores([(*S1, "artificial", "none")], [R1]).recall == pytest.approx(0.5)
    with pytest.raises(ValueError):
        pan_scores([S1], [S1], average="weighted")


def test_document_pairs():
    # gold pairs (susp1,src1) (susp2,src1); detected (susp1,src1) (susp1,src2) -> 1 of 2 each way
    assert document_pair_prf([S1, S2], [R1, R2, R3]) == pytest.approx((0.5, 0.5, 0.5))
    assert document_pair_prf([("susp1", "src1")], [("susp1", "src1")]) == (1.0, 1.0, 1.0)


# ----------------------------------------------------------------------------------------- ROUGE


def test_indonesian_tokenizer():
    tok = IndonesianTokenizer().tokenize
    assert tok("Harga BBM naik Rp 10.000, kata Jokowi.") == [
        "harga",
        "bbm",
        "naik",
        "rp",
        "10.000",
        "kata",
        "jokowi",
    ]
    assert tok("Ia dicari-cari ( Pak Danang ) .") == ["ia", "dicari-cari", "pak", "danang"]
    assert tok("Café Müller") == ["café", "müller"]


def test_rouge_hand_computed():
    r = rouge(["A b c"], ["a b d ."])
    assert r["rouge1"] == pytest.approx((2 / 3, 2 / 3, 2 / 3))  # a, b of 3 tokens each
    assert r["rouge2"].f1 == pytest.approx(0.5)  # "a b" of {ab, bc} / {ab, bd}
    assert r["rougeL"].f1 == pytest.approx(2 / 3)
    # the mean is over pairs: a perfect pair and a disjoint one average to 0.5
    assert rouge(["x y", "p q"], ["x y", "r s"])["rouge1"].f1 == pytest.approx(0.5)


def test_rouge_default_tokenizer_drops_non_ascii():
    assert rouge(["ü ö"], ["ü ö"], tokenizer="id")["rouge1"].f1 == 1.0
    assert rouge(["ü ö"], ["ü ö"], tokenizer="default")["rouge1"].f1 == 0.0

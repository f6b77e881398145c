"""The extraction gold set is well formed and `evaluate_extract` scores it (floors a little under what
was measured on dev; the held-out numbers are in src/kabar/eval/gold/extract/README.md)."""

from __future__ import annotations

import pytest

from kabar.eval.extract import SETS, evaluate_extract, read_gold


def test_gold_records_are_well_formed():
    records = read_gold()
    assert len(records) >= 60 and {r["set"] for r in records} == set(SETS)
    for r in records:
        assert r["published"] and r["text"]
        for item in r["quantities"] + r["times"] + r["quotes"]:
            assert item["text"] in r["text"], (r["id"], item["text"])


@pytest.fixture(scope="module")
def dev_results():
    return evaluate_extract(sets=("dev",))


@pytest.mark.parametrize(
    "metric, floor",
    [("times_normalized", 0.93), ("quotes", 0.95), ("quotes_speaker_lenient", 0.93), ("quantities_exact", 0.82)],
)
def test_dev_floors(dev_results, metric, floor):
    assert dev_results["dev"]["detached"] == 0
    assert dev_results["dev"][metric]["f1"] >= floor


def test_report_prints(dev_results, capsys):
    from kabar.eval.extract import print_extract_report

    print_extract_report(dev_results, examples=2)
    out = capsys.readouterr().out
    assert "time expressions (normalized)" in out and "quotes + speaker (exact)" in out

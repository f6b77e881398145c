"""The gold sets of `kabar eval clean` score at the issue's targets (keep >= 99.5%, junk >= 95%)."""

from __future__ import annotations

from kabar.eval.clean import evaluate_clean, print_clean_report


def test_gold_sets_meet_the_targets(capsys):
    results = evaluate_clean()
    assert results["real"]["articles"] >= 150 and results["html"]["pages"] >= 50
    for part in ("real", "html", "overall"):
        assert results[part]["keep"] >= 0.995, (part, results[part])
        assert results[part]["junk_recall"] >= 0.93, (part, results[part])
    assert results["overall"]["junk_recall"] >= 0.95
    assert results["html"]["gambling_news_story_kept"] == 1.0
    print_clean_report(results)
    assert "OVERALL" in capsys.readouterr().out

"""The gold sets of `kabar eval clean` score at the issue's targets (keep >= 99.5%, junk >= 95%)."""

from __future__ import annotations

from kabar.eval.clean import evaluate_clean, print_clean_report


def test_gold_sets_meet_the_targets(capsys):
    results = evaluate_clean()
    assert results["real"]["articles"] + results["heldout"]["articles"] >= 150 and results["html"]["pages"] >= 50
    assert results["real"]["stale_articles"] == results["heldout"]["stale_articles"] == 0
    for part in ("real", "heldout", "html", "overall"):
        assert results[part]["keep"] >= 0.995, (part, results[part])
    # The held-out set is small (47 junk tokens): a floor against regressions, not the target.
    assert results["heldout"]["junk_recall"] >= 0.75
    assert results["real"]["junk_recall"] >= 0.93 and results["html"]["junk_recall"] >= 0.95
    assert results["overall"]["junk_recall"] >= 0.95
    assert results["html"]["gambling_news_story_kept"] == 1.0
    print_clean_report(results)
    assert "OVERALL" in capsys.readouterr().out

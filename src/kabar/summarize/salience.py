"""How likely a sentence is to belong in a summary: a logistic regression over `features.FEATURES`.

The weights below were fitted by `python -m kabar.summarize.salience` on IndoSum dev folds 1-2 (first
occurrences, 1,465 articles, extractive oracle labels), which `kabar eval summary` then leaves out of
its report. A dozen general weights, not a model file: they print, read and diff as code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kabar.summarize.features import FEATURES

# Fitted by `python -m kabar.summarize.salience` (folds 1-2); regenerate rather than edit by hand.
WEIGHTS = {
    "lead": -1.1903,
    "log_position": -1.8423,
    "relative_position": -0.7439,
    "paragraph_lead": 1.0832,
    "paragraph_first": 0.2515,
    "log_words": 0.0635,
    "short": 0.5314,
    "centrality": 1.7388,
    "lead_similarity": -0.7085,
    "speech": -0.2388,
    "quoted": -1.5014,
    "digits": 0.1394,
}
INTERCEPT = 1.1852

_W = np.array([WEIGHTS[f] for f in FEATURES])


def salience(rows: np.ndarray) -> np.ndarray:
    """Log-odds that each sentence (a row of features) is in the summary."""
    if rows.size == 0:
        return np.zeros(0)
    return rows @ _W + INTERCEPT


def fit(rows: np.ndarray, labels: np.ndarray, c: float = 1.0) -> tuple[dict[str, float], float]:
    """Logistic regression (scikit-learn) of oracle labels on features: (weights, intercept)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=5000).fit(rows, labels)
    return {f: round(float(w), 4) for f, w in zip(FEATURES, model.coef_[0], strict=True)}, round(
        float(model.intercept_[0]), 4
    )


def training_rows(root: Path | str | None = None, folds: Sequence[int] = (1, 2)) -> tuple[np.ndarray, np.ndarray]:
    """Features and oracle labels of the IndoSum dev articles of `folds`, prepared as in evaluation."""
    from kabar.eval.summary import iter_documents
    from kabar.summarize.central import document_features

    xs, ys = [], []
    for doc in iter_documents(root, folds=folds, exclude_folds=()):
        if not doc.sentences:
            continue
        xs.append(document_features(doc.sentences, doc.paragraph_of))
        ys.append(np.array(doc.oracle, dtype=int))
    return np.vstack(xs), np.concatenate(ys)


def main(argv: Sequence[str] | None = None) -> int:
    root = argv[0] if argv else None
    rows, labels = training_rows(root)
    weights, intercept = fit(rows, labels)
    print(f"# {len(labels)} sentences, {int(labels.sum())} in oracle summaries")
    print("WEIGHTS = {")
    for f, w in weights.items():
        print(f'    "{f}": {w},')
    print("}")
    print(f"INTERCEPT = {intercept}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

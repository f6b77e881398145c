"""Regression: sentence alignment depended on the process's hash seed. Two sentences of a real 22k-corpus
copy pair (Kompas and Tempo on the locked asylum-seekers' shelter, 20 Sep 2019) are equally close to one
sentence of the copy; their Dice weights were summed in set order, so the last bits, and which of the two
was aligned, changed with the seed (1 run in 10). The alignment must be the same under every seed."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import gzip, json, sys, tempfile
from kabar.dedup.detect import classify_pair
from kabar.eval.datasets import shared_data_root
from kabar.ingest import IngestLog, iter_articles
from kabar.pipeline import Pipeline
from kabar.stages import article_stages

want = ("09520011/ini-alasan-pemprov-dki-gembok", "1250417/alasan-dki-gembok-pagar")
with gzip.open(shared_data_root() / "corpus" / "clickid-2019.jsonl.gz", "rt", encoding="utf-8") as fh:
    rows = {w: line for line in fh for w in want if w in line}
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out:
    out.write("".join(rows[w] for w in want))
older, newer = Pipeline(article_stages())(iter_articles([out.name], IngestLog(), fmt="jsonl"))
link = classify_pair(older, newer)
print(link.kind, link.sentences)
"""


def _alignment(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True).stdout


def test_copy_alignment_does_not_depend_on_the_hash_seed():
    runs = {_alignment(str(seed)) for seed in range(1, 13)}
    assert len(runs) == 1, runs
    assert next(iter(runs)).startswith("partial [(1, 0), (2, 1)")

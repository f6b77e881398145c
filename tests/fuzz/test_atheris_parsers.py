"""Coverage-guided fuzzing of the parsers (feed, HTML, WARC, JSONL) with atheris, bounded: each runs in a
child process for KABAR_FUZZ_RUNS inputs (default 1000) or KABAR_FUZZ_SECONDS (default 4 s), whichever
comes first. A crash fails the test and shows the input libFuzzer saved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fuzz_inputs import seed_inputs

pytest.importorskip("atheris")  # in the test extra; its wheels lag behind new Python releases
HARNESS = Path(__file__).with_name("atheris_harness.py")
RUNS = int(os.environ.get("KABAR_FUZZ_RUNS", "1000"))
SECONDS = int(os.environ.get("KABAR_FUZZ_SECONDS", "4"))


@pytest.mark.parametrize("fmt", ["feed", "html", "warc", "jsonl"])
def test_parser_survives_coverage_guided_fuzzing(tmp_path, fmt):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, seed in enumerate(seed_inputs()[fmt]):
        (corpus / f"seed{i}").write_bytes(seed)
    cmd = [sys.executable, str(HARNESS), fmt, f"-runs={RUNS}", f"-max_total_time={SECONDS}", "-max_len=20000",
           "-rss_limit_mb=1024", "-timeout=10", f"-artifact_prefix={tmp_path}/", "-print_final_stats=1", str(corpus)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=SECONDS * 10 + 60, cwd=tmp_path)
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert done.returncode == 0 and not crashes, f"{fmt}: {crashes}\n{done.stderr[-4000:]}"
    assert "Done" in done.stderr or "stat::number_of_executed_units" in done.stderr, done.stderr[-2000:]

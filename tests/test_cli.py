"""The `kabar` command as a user runs it: exit codes, messages, idempotent re-runs."""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from kabar.eval.datasets import shared_data_root

REPO = Path(__file__).resolve().parents[1]

KABAR = [sys.executable, "-m", "kabar.cli"]


def kabar(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KABAR, *args], capture_output=True, input=stdin, timeout=300)


def counts(db: Path) -> dict:
    from kabar.store.sqlite import SQLiteStore

    with SQLiteStore(db) as s:
        return s.counts()


def test_run_twice_adds_nothing(tmp_path, samples_dir):
    db = tmp_path / "k.db"
    first = kabar("run", str(samples_dir), "--db", str(db))
    assert first.returncode == 0, first.stderr.decode()
    before = counts(db)
    assert before["articles"] == 5 and before["stories"] == 1
    second = kabar("run", str(samples_dir), "--db", str(db))
    assert second.returncode == 0
    assert counts(db) == before
    assert b"(0 new)" in second.stdout


def test_malformed_jsonl_line_is_reported_and_skipped(tmp_path, sample_files):
    lines = []
    for i, path in enumerate(sample_files.values()):
        lines.append(json.dumps({"id": f"s{i}", "source": f"outlet{i}", "text": path.read_text()}))
    lines.insert(2, '{"id": "broken", "text": "unterminated')
    src = tmp_path / "dump.jsonl"
    src.write_text("\n".join(lines) + "\n")
    db = tmp_path / "k.db"
    res = kabar("run", str(src), "--db", str(db))
    err = res.stderr.decode()
    assert res.returncode == 1
    assert f"{src}:3" in err and "malformed JSON" in err
    assert "Traceback" not in err
    assert counts(db)["articles"] == 5


def test_jsonl_gz_and_stdin(tmp_path, sample_files):
    text = next(iter(sample_files.values())).read_text()
    gz = tmp_path / "one.jsonl.gz"
    with gzip.open(gz, "wt") as fh:
        fh.write(json.dumps({"url": "https://example.id/a/1", "title": "Judul", "text": text}) + "\n")
    db = tmp_path / "k.db"
    assert kabar("run", str(gz), "--db", str(db)).returncode == 0
    res = kabar("run", "-", "--db", str(db), stdin=text.encode())
    assert res.returncode == 0, res.stderr.decode()
    assert counts(db)["articles"] == 2  # same text, but one is keyed by URL and one by its text


def test_bad_files_get_clear_messages(tmp_path, sample_files):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blob.bin").write_bytes(bytes(range(256)) * 40)
    latin = next(iter(sample_files.values())).read_text().replace("—", "-").replace("“", '"').replace("”", '"')
    (inputs / "latin1.txt").write_bytes((latin + " Café ñandú").encode("cp1252", errors="replace"))
    db = tmp_path / "k.db"
    res = kabar("run", str(inputs), "--db", str(db))
    err = res.stderr.decode()
    assert "Traceback" not in err
    assert re.search(r"empty\.txt: error: empty", err)
    assert re.search(r"blob\.bin: error: binary", err)
    assert re.search(r"latin1\.txt: warning: not valid UTF-8.*decoded as", err)
    assert res.returncode == 1
    assert counts(db)["articles"] == 1  # the cp1252 file was read


def test_missing_input_and_missing_db(tmp_path):
    res = kabar("run", str(tmp_path / "nope"), "--db", str(tmp_path / "k.db"))
    assert res.returncode == 3 and b"no such file" in res.stderr
    res = kabar("stories", "--db", str(tmp_path / "absent.db"))
    assert res.returncode == 3 and b"does not exist" in res.stderr


def test_every_verb_has_help():
    for verb in ("run", "stories", "export", "report", "eval"):
        res = kabar(verb, "--help")
        assert res.returncode == 0 and b"Usage" in res.stdout, verb


def test_readme_main_job_runs_on_the_samples(tmp_path):
    """README's first command is `make demo`; run the kabar lines of that Makefile recipe as written."""
    readme = (REPO / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    recipe = re.search(r"^demo:.*?\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.M).group(1)
    vars_ = {"BIN": str(Path(sys.executable).parent), "SAMPLES": str(REPO.parent / "shared/samples/lavrov-wonsan-2025"),
             "DB": str(tmp_path / "kabar.db")}
    for line in recipe.strip().splitlines():
        cmd = re.sub(r"\$\((\w+)\)", lambda m: vars_[m.group(1)], line.strip())
        res = subprocess.run(shlex.split(cmd), capture_output=True, cwd=tmp_path, timeout=300)
        assert res.returncode == 0, (cmd, res.stderr.decode())
    report = (tmp_path / "kabar-report.html").read_text()
    assert report.count('href="#a-') >= 5


def test_stories_lists_the_largest_first_with_their_counts(tmp_path, samples_dir):
    # the five-outlet sample is one story; two articles of another day's news make smaller ones
    dev = shared_data_root() / "eval" / "clickid-events-dev" / "articles.jsonl"
    other = tmp_path / "other.jsonl"
    other.write_text("".join(dev.read_text(encoding="utf-8").splitlines(keepends=True)[:2]), encoding="utf-8")
    db = tmp_path / "k.db"
    assert kabar("run", str(samples_dir), str(other), "--db", str(db)).returncode == 0
    res = subprocess.run([*KABAR, "stories", "--db", str(db), "--limit", "1"], capture_output=True, timeout=300,
                         env={**os.environ, "COLUMNS": "250"})
    text = res.stdout.decode()
    assert res.returncode == 0, res.stderr.decode()
    total = counts(db)["stories"]
    assert total >= 2 and f"{total} stories in" in text and "(the 1 largest)" in text
    rows = [line for line in text.splitlines() if line.startswith("│")]
    assert len(rows) == 1
    cells = [c.strip() for c in rows[0].strip("│").split("│")]
    assert cells[2:5] == ["1", "5", "5"]  # events, articles, outlets of the sample's story
    assert "Lavrov" in cells[1]


def test_export_streams_the_whole_store_as_the_export_document(tmp_path, samples_db):
    from kabar.export import export_json
    from kabar.schema import Export
    from kabar.store.sqlite import SQLiteStore

    out = tmp_path / "all.json"
    res = kabar("export", "--db", str(samples_db), "-o", str(out))
    assert res.returncode == 0, res.stderr.decode()
    assert not (tmp_path / "all.json.partial").exists()
    streamed = json.loads(out.read_text(encoding="utf-8"))
    Export.model_validate(streamed)
    with SQLiteStore(samples_db) as store:
        assert streamed == json.loads(export_json(store))  # the same document as built whole
    # one record per line: a large export can be read (and grepped) line by line
    assert sum(1 for line in out.read_text(encoding="utf-8").splitlines() if line.startswith('{"id"')) == (
        len(streamed["articles"]) + len(streamed["events"]) + len(streamed["stories"]))


def test_export_of_an_unknown_story_fails_and_writes_nothing(tmp_path, samples_db):
    out = tmp_path / "one.json"
    res = kabar("export", "--db", str(samples_db), "--story", "s-nope", "-o", str(out))
    assert res.returncode == 3 and b"no story 's-nope'" in res.stderr
    assert not out.exists() and not (tmp_path / "one.json.partial").exists()


def test_a_stage_that_fails_is_reported_and_loses_no_article(tmp_path, samples_dir):
    """A bug in one extractor (here: time expressions raise on every article) does not stop the run."""
    db = tmp_path / "k.db"
    code = ("import sys, kabar.stages as s\n"
            "def bug(sentences, published):\n"
            "    raise KeyError('de\\u017fember')\n"
            "s.extract_times = bug\n"
            "from kabar.cli import main\n"
            "sys.argv = ['kabar', *sys.argv[1:]]\n"
            "main()\n")
    res = subprocess.run([sys.executable, "-c", code, "run", str(samples_dir), "--db", str(db)],
                         capture_output=True, timeout=300)
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "a stage failed on 5 article(s), kept without its work (extract KeyError: 5)" in err
    assert "000_e1314db362a467ff.txt" in err and "stage extract: KeyError: 'deſember'" in err
    assert counts(db)["articles"] == 5 and counts(db)["events"] >= 1

"""Crash safety: `kabar run` killed with SIGKILL mid-ingest and again mid-placement, then run again, loses
nothing committed, duplicates nothing, and finishes: every input article stored once, placed in exactly
one event that lists it, each event in one story, every event analyzed, the search index complete.

Real process, real corpus (the first KABAR_CRASH_ARTICLES articles of CLICK-ID, default 320), bounded:
each run is watched through the database file and killed as soon as it is inside the phase wanted. A
killed run must not leave processes behind (ingest workers): they would hold memory and the database."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from kabar.clean import clean_article
from kabar.engine import BATCH
from kabar.ingest import IngestLog, iter_articles

ARTICLES = int(os.environ.get("KABAR_CRASH_ARTICLES", "320"))
KABAR = [str(Path(sys.executable).with_name("kabar"))]
SHARED = Path(os.environ.get("KABAR_SHARED", Path(__file__).resolve().parents[2].parent / "shared"))
CORPUS = SHARED / "data" / "corpus" / "clickid-2019.jsonl.gz"


@pytest.fixture(scope="module")
def big_input(tmp_path_factory) -> Path:
    assert CORPUS.exists(), f"corpus not found at {CORPUS}"
    path = tmp_path_factory.mktemp("crash") / "articles.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, ARTICLES))
    return path


def _count(db: Path, sql: str) -> int:
    """A reader's view of the run's committed state (WAL: never blocks the writer)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # the database or its tables are not created yet
        return 0


def _marked_processes(mark: str) -> list[int]:
    """Processes whose environment carries `mark`: a run and every process it started (workers too)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if f"KABAR_CRASH_MARK={mark}".encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _reap_orphans(mark: str, seconds: float = 15) -> list[int]:
    """Wait for what a killed run started to go away; kill (by pid) and return whatever is still there."""
    deadline = time.monotonic() + seconds
    while (left := _marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


def _run_and_kill(db: Path, inputs: Path, committed_sql: str, at_least: int, below: int, log: Path) -> int:
    """Start `kabar run`, SIGKILL it once `committed_sql` counts at least `at_least` (but fewer than
    `below`, i.e. inside the phase); return the count just before the kill. The processes it started
    (ingest workers) must go away with it."""
    mark = uuid.uuid4().hex
    with open(log, "ab") as err:
        proc = subprocess.Popen([*KABAR, "run", str(inputs), "--db", str(db), "--quiet"], stdout=err, stderr=err,
                                env=os.environ | {"KABAR_CRASH_MARK": mark})
        try:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                seen = _count(db, committed_sql)
                if at_least <= seen < below:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait(timeout=30)
                    orphans = _reap_orphans(mark)
                    assert not orphans, f"the killed run left {len(orphans)} processes running (killed now)"
                    return seen
                assert proc.poll() is None, f"run ended before it could be killed ({seen} counted): {log.read_text()}"
                time.sleep(0.05)
            raise AssertionError("the run never reached the phase to kill it in")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            _reap_orphans(mark, seconds=0)


def _expected_ids(inputs: Path) -> set[str]:
    """The ids the input should produce: every article whose text survives cleaning (the rest is dropped)."""
    log = IngestLog()
    ids = {a.id for a in map(clean_article, iter_articles([str(inputs)], log)) if a.text.strip()}
    assert not log.errors, log.errors
    return ids


def test_sigkill_mid_ingest_and_mid_placement_loses_and_duplicates_nothing(tmp_path, big_input):
    db = tmp_path / "k.db"
    log = tmp_path / "runs.log"
    expected = _expected_ids(big_input)
    assert len(expected) > BATCH + 100  # room to be killed after the first committed batch

    # 1. Killed while storing articles (a run places each batch once it is stored, so some may be placed
    #    already): what was committed (whole batches) stays.
    stored = _run_and_kill(db, big_input, "SELECT count(*) FROM articles", BATCH, len(expected), log)
    assert _count(db, "SELECT count(*) FROM articles") == stored
    assert _count(db, "SELECT count(*) FROM articles WHERE placed=1") <= stored
    # 2. Run again, killed while placing articles into events.
    placed = _run_and_kill(db, big_input, "SELECT count(*) FROM articles WHERE placed=1", BATCH, len(expected), log)
    assert _count(db, "SELECT count(*) FROM articles WHERE placed=1") == placed
    assert placed <= _count(db, "SELECT count(*) FROM articles") <= len(expected)
    # 3. Run again: it completes, adding what the killed runs had not stored yet.
    before = _count(db, "SELECT count(*) FROM articles")
    done = subprocess.run([*KABAR, "run", str(big_input), "--db", str(db)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"({len(expected) - before} new)" in done.stdout, done.stdout

    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    articles = {r["id"]: r for r in con.execute("SELECT id, seq, event, story, placed FROM articles")}
    assert set(articles) == expected  # every input article, exactly once (ids are unique by schema)
    assert all(r["placed"] == 1 and r["event"] and r["story"] for r in articles.values())

    events = {r["id"]: r for r in con.execute("SELECT id, story, articles, dirty, summary FROM events")}
    membership = Counter(a for e in events.values() for a in json.loads(e["articles"]))
    assert set(membership) == expected and max(membership.values()) == 1  # each article in exactly one event
    for eid, e in events.items():
        for a in json.loads(e["articles"]):
            assert articles[a]["event"] == eid and articles[a]["story"] == e["story"]
        assert e["dirty"] == 0 and e["summary"] is not None, eid  # analyzed after the last change
    stories = {r["id"]: json.loads(r["events"]) for r in con.execute("SELECT id, events FROM stories")}
    story_of = Counter(ev for evs in stories.values() for ev in evs)
    assert set(story_of) == set(events) and max(story_of.values()) == 1
    assert all(eid in stories[e["story"]] for eid, e in events.items())

    pairs = [(r[0], r[1]) for r in con.execute("SELECT original, copy FROM copies")]
    assert len(set(pairs)) == len(pairs) and not {(b, a) for a, b in pairs} & set(pairs)
    assert all(a in articles and b in articles and a != b for a, b in pairs)
    indexed = {r[0] for r in con.execute("SELECT rowid FROM articles_fts")}
    assert indexed == {r["seq"] for r in articles.values()}  # search index: every article, once
    con.close()

"""Property tests over every reader: arbitrary bytes and structured-but-hostile inputs never raise out of
`iter_articles`; each problem is reported as `FILE[:LINE]: level: message` naming the input; valid
records among bad ones are all kept.

Bounded: KABAR_FUZZ_EXAMPLES examples per test (default 25), no deadline, no example database."""

from __future__ import annotations

import itertools
import json
import os

import pytest
from fuzz_inputs import (
    HOSTILE_JSON,
    csvs,
    feeds,
    html_pages,
    jsonl_line,
    maybe_gzip,
    read_and_check,
    record,
    valid_record,
    warcs,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("KABAR_FUZZ_EXAMPLES", "25"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_names = itertools.count()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _write(workdir, suffix: str, data: bytes):
    path = workdir / f"in{next(_names)}{suffix}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".json", ".csv", ".html", ".rss", ".warc", ".gz", ""])
@BOUNDED
@given(data=st.binary(max_size=2000), gz=st.integers(0, 2))
def test_arbitrary_bytes_never_escape(workdir, suffix, data, gz):
    read_and_check(_write(workdir, suffix, maybe_gzip(data, gz)))


@pytest.mark.parametrize("fmt", ["text", "jsonl", "json", "csv", "html", "feed", "warc"])
@BOUNDED
@given(data=st.binary(max_size=1000))
def test_forced_format_on_arbitrary_bytes(workdir, fmt, data):
    """--format skips sniffing, so every reader meets bytes that are not its format."""
    read_and_check(_write(workdir, ".in", data), fmt=fmt)


@BOUNDED
@given(lines=st.lists(st.one_of(valid_record.map(lambda r: ("ok", r)), record.map(lambda r: ("any", r)),
                                st.binary(max_size=60).map(lambda b: ("bytes", b)),
                                st.sampled_from(HOSTILE_JSON).map(lambda b: ("bytes", b))), min_size=1, max_size=12),
       gz=st.integers(0, 1))
def test_jsonl_keeps_every_valid_line_and_names_each_bad_one(workdir, lines, gz):
    body = [jsonl_line(x) if kind != "bytes" else x.replace(b"\n", b" ").replace(b"\r", b" ") for kind, x in lines]
    path = _write(workdir, ".jsonl", maybe_gzip(b"\n".join(body) + b"\n", gz))
    articles, log = read_and_check(path)
    kept = {a.origin for a in articles}
    for lineno, (kind, _) in enumerate(lines, 1):
        where = f"{path}:{lineno}"
        if kind == "ok":  # a valid record is never lost, whatever its neighbours
            assert where in kept, (where, log.problems)
        elif where not in kept and body[lineno - 1].strip():
            # A line that gave no article says why, under its own line number.
            assert any(p.origin == where and p.level == "error" for p in log.problems), (where, log.problems)


@BOUNDED
@given(items=st.lists(st.one_of(valid_record.map(lambda r: ("ok", r)), record.map(lambda r: ("any", r)),
                                st.one_of(st.integers(), st.none(), st.text(max_size=5)).map(lambda r: ("not", r))),
                      max_size=8))
def test_json_array_keeps_every_valid_item(workdir, items):
    path = _write(workdir, ".json", json.dumps([x for _, x in items]).encode())
    articles, log = read_and_check(path)
    kept = {a.origin for a in articles}
    errors = {p.origin for p in log.problems if p.level == "error"}
    for i, (kind, _) in enumerate(items):
        where = f"{path}[{i}]"
        if kind == "ok":
            assert where in kept, (where, log.problems)
        elif kind == "not":
            assert where in errors, (where, log.problems)
        else:
            assert (where in kept) != (where in errors), (where, log.problems)


@pytest.mark.parametrize(("suffix", "strategy"), [(".html", html_pages()), (".rss", feeds()), (".warc", warcs()),
                                                  (".csv", csvs())])
@BOUNDED
@given(data=st.data(), gz=st.integers(0, 2))
def test_structured_hostile_inputs(workdir, suffix, strategy, data, gz):
    read_and_check(_write(workdir, suffix, maybe_gzip(data.draw(strategy), gz)))

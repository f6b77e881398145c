"""Staged input: every new article once, back in the store's placement order, whatever the input order."""

from __future__ import annotations

import dataclasses
import gzip
import itertools
import json

from kabar.eval.datasets import shared_data_root
from kabar.ingest import IngestLog, iter_articles
from kabar.ingest.staged import StagedArticles
from kabar.store.sqlite import SQLiteStore

CORPUS = shared_data_root() / "corpus" / "clickid-2019.jsonl.gz"


def _corpus_articles(tmp_path, n: int = 300):
    """Every 50th corpus article (the file is by outlet, so not in publication order), one without a date."""
    src = tmp_path / "in.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh, src.open("w", encoding="utf-8") as out:
        rows = [json.loads(line) for line in itertools.islice(fh, 0, 50 * n, 50)]
        rows[7].pop("published", None)
        out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return list(iter_articles([str(src)], IngestLog()))


def _all(staged: StagedArticles):
    return [a for positions in staged.chunks(64) for a in staged.load(positions)]


def test_staged_articles_come_back_whole_in_publication_order(tmp_path):
    articles = _corpus_articles(tmp_path)
    assert [a.published for a in articles] != sorted(a.published or "~" for a in articles)  # not sorted as read
    with StagedArticles(articles, lambda ids: set(), chunk=37) as staged:
        got = _all(staged)
        assert staged.first_published == min(a.published for a in articles if a.published)
    assert len(got) == len(articles) and got[-1].published is None  # undated last
    assert [a.published for a in got[:-1]] == sorted(a.published for a in articles if a.published)
    by_id = {a.id: a for a in articles}
    assert all(dataclasses.asdict(a) == dataclasses.asdict(by_id[a.id]) for a in got)


def test_staged_order_is_the_stores_placement_order(tmp_path):
    """Ties in `published` keep input order, as the store's `unplaced_ids` (published, then arrival) does."""
    articles = _corpus_articles(tmp_path)
    for a in articles[::3]:
        a.published = "2019-09-15T10:00:00"
    with SQLiteStore(tmp_path / "k.db") as store:
        store.add_articles(articles)
        with StagedArticles(articles, lambda ids: set()) as staged:
            assert [a.id for a in _all(staged)] == store.unplaced_ids()


def test_stored_and_repeated_articles_are_left_out(tmp_path):
    articles = _corpus_articles(tmp_path, 60)
    stored = {a.id for a in articles[:10]}
    again = [dataclasses.replace(articles[20], title="a later copy with the same id")]
    with StagedArticles(articles + again, lambda ids: stored & set(ids), chunk=7) as staged:
        got = _all(staged)
    assert len(staged) == len(got) == 50
    assert not stored & {a.id for a in got}
    assert [a.title for a in got if a.id == articles[20].id] == [articles[20].title]  # the first one kept


def test_empty_input(tmp_path):
    with StagedArticles([], lambda ids: set()) as staged:
        assert len(staged) == 0 and _all(staged) == [] and staged.first_published is None


def test_a_full_disk_is_a_clear_error(tmp_path, monkeypatch):
    """Writing to /dev/full fails as a full disk does: the error names the folder and what to do."""
    import tempfile

    import pytest

    from kabar.ingest import staged

    articles = _corpus_articles(tmp_path, 40)
    monkeypatch.setattr(staged.tempfile, "TemporaryFile", lambda **kw: open("/dev/full", "w+b"))  # noqa: SIM115
    with pytest.raises(staged.StagingError, match=f"cannot stage the input in {tempfile.gettempdir()}.*TMPDIR"):
        StagedArticles(articles, lambda ids: set())


def test_kabar_run_reports_a_missing_temporary_folder(tmp_path, monkeypatch, samples_dir):
    import tempfile

    from typer.testing import CliRunner

    from kabar.cli import EXIT_FAIL, app

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    res = CliRunner().invoke(app, ["run", str(samples_dir), "--db", str(tmp_path / "k.db"), "--quiet"])
    assert res.exit_code == EXIT_FAIL
    assert f"cannot stage the input in {tmp_path / 'gone'}" in res.output and "TMPDIR" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)

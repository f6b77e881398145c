"""One battery of store tests, run against SQLite and against a real PostgreSQL (see conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from kabar import engine
from kabar.export import export_json
from kabar.ingest import IngestLog
from kabar.model import (
    Article,
    Claim,
    CopyLink,
    Event,
    Fact,
    Quantity,
    Quote,
    Sentence,
    Span,
    Story,
    SummarySentence,
)
from kabar.store import is_postgres_url, open_store
from kabar.store.base import Store
from kabar.store.sqlite import SQLiteStore


def make_article(i: int, published: str | None = "2019-09-{day:02d}T10:00:00+07:00", source: str = "kompas",
                 text: str | None = None, raw_prefix: str = "RAW ") -> Article:
    text = text or f"Menteri Luar Negeri bertemu {i} duta besar di Jakarta. Sebanyak 6.000 tentara dikerahkan."
    return Article(
        id=f"a{i:04d}", source=source, url=f"https://{source}.example/{i}", title=f"Berita nomor {i}",
        published=published.format(day=1 + i % 28) if published else None,
        raw_text=raw_prefix + text, text=text, language="id",
        removed=[Span(0, len(raw_prefix), raw_prefix, "boilerplate")],
        sentences=[Sentence(0, text.index(".") + 1, text[: text.index(".") + 1])],
        terms=["menteri", "luar", "negeri", str(i)],
        quantities=[Quantity(0, 6000.0, None, None, "", "tentara", "6.000 tentara", attributed_to="TASS")],
        quotes=[Quote(0, "Lavrov", "kami datang", direct=True)],
        meta={"input_id": i, "tags": ["a", "b"]}, origin=f"in.jsonl:{i}",
    )


# articles ---------------------------------------------------------------------------------------------
def test_add_articles_is_idempotent_and_round_trips(store: Store):
    arts = [make_article(i) for i in range(5)]
    assert store.add_articles(arts[:3]) == 3
    assert store.add_articles(arts) == 2  # only the two not stored yet
    assert store.add_articles(arts) == 0
    assert store.add_articles([]) == 0
    assert store.get_article("a0001") == make_article(1)
    store.add_articles([make_article(9, raw_prefix="RAW\x00")])  # binary junk in the raw input
    got = store.get_article("a0009")
    assert got.raw_text.replace("\ufffd", "\x00") == make_article(9, raw_prefix="RAW\x00").raw_text
    assert got.removed == make_article(9, raw_prefix="RAW\x00").removed  # offsets into the raw text still hold
    assert store.get_article("nope") is None
    assert store.counts()["articles"] == 6


def test_insert_articles_names_what_it_stored(store: Store):
    """The overlapped run places from memory exactly the articles this call stored; the rest (stored by an
    earlier batch, a duplicate within the batch, another process) are read back as stored."""
    first = make_article(3, text="Versi pertama. Sebanyak 6.000 tentara dikerahkan.")
    assert store.insert_articles([make_article(1), make_article(2)]) == ["a0001", "a0002"]
    again = [make_article(5), make_article(2), first, make_article(3), make_article(4)]
    assert store.insert_articles(again) == ["a0005", "a0003", "a0004"]  # the given order, first of two kept
    assert store.get_article("a0003") == first
    assert store.insert_articles(again) == [] and store.insert_articles([]) == []
    assert store.counts()["articles"] == 5


def test_iter_articles_keeps_insertion_order_and_requested_order(store: Store, monkeypatch):
    store.add_articles([make_article(i) for i in (3, 1, 2)])
    assert [a.id for a in store.iter_articles()] == ["a0003", "a0001", "a0002"]
    assert [a.id for a in store.iter_articles(["a0002", "missing", "a0003"])] == ["a0002", "a0003"]


def test_unplaced_in_publication_order_undated_last(store: Store):
    store.add_articles([make_article(5), make_article(2), make_article(9, published=None), make_article(3)])
    assert store.unplaced_ids() == ["a0002", "a0003", "a0005", "a0009"]


def test_placement_is_batched_until_commit(store: Store, open_db):
    store.add_articles([make_article(i) for i in range(3)])
    store.place_article("a0000", "e-1", "s-1", b"\x00\x01sig")
    assert store.placement_of("a0000") == ("e-1", "s-1")  # a connection sees its own pending writes
    other = open_db()
    assert other.placement_of("a0000") == (None, None)  # … others do not, until commit
    assert other.counts()["placed"] == 0
    store.commit()
    assert other.placement_of("a0000") == ("e-1", "s-1")
    assert list(other.signatures()) == [("a0000", make_article(0).published, b"\x00\x01sig")]
    assert list(other.placed_terms()) == ["menteri luar negeri 0"]
    assert other.unplaced_ids() == ["a0001", "a0002"]


def test_signatures_can_be_read_from_a_date_on(store: Store):
    store.add_articles([make_article(i) for i in range(3)] + [make_article(3, published=None)])
    for i in range(4):
        store.place_article(f"a{i:04d}", "e-1", "s-1", bytes([i]))
    store.commit()
    assert [aid for aid, _, _ in store.signatures()] == ["a0000", "a0001", "a0002", "a0003"]
    # published 2019-09-01/02/03 (+07:00); the undated one is always read
    assert [(aid, sig) for aid, _, sig in store.signatures("2019-09-02")] == [("a0001", b"\x01"), ("a0002", b"\x02"),
                                                                             ("a0003", b"\x03")]


def test_document_frequencies_are_kept_for_exactly_the_placed_articles(store: Store, open_db):
    store.add_articles([make_article(i) for i in range(3)])
    assert store.document_frequencies() is None
    store.place_article("a0000", "e-1", "s-1", None)
    store.place_article("a0001", "e-1", "s-1", None)
    store.save_document_frequencies(2, {"menteri": 2, "nol": 1}, {"nol": 1})
    assert open_db().document_frequencies() is None  # with the batch that placed them, not before
    store.commit()
    assert open_db().document_frequencies() == (2, {"menteri": 2, "nol": 1}, {"nol": 1})
    store.place_article("a0002", "e-1", "s-1", None)  # placed without saving them: stale, so not given
    store.commit()
    assert store.document_frequencies() is None


def test_move_articles_changes_only_their_event_and_commits_with_the_batch(store: Store, open_db):
    """A split (cluster.split) moves some articles of an event to a new one of the same story."""
    store.add_articles([make_article(i) for i in range(4)])
    for i in range(4):
        store.place_article(f"a{i:04d}", "e-1", "s-1", b"sig")
    store.commit()
    store.move_articles(["a0001", "a0003"], "e-2")
    assert store.placement_of("a0001") == ("e-2", "s-1")  # the story stays; the writer sees it at once
    assert open_db().placement_of("a0001") == ("e-1", "s-1")  # others after the commit
    store.commit()
    other = open_db()
    assert [other.placement_of(f"a{i:04d}") for i in range(4)] == [
        ("e-1", "s-1"), ("e-2", "s-1"), ("e-1", "s-1"), ("e-2", "s-1")]
    store.move_articles([], "e-3")  # nothing to move: no error, no change
    store.move_articles(["nope"], "e-3")  # an unknown article is not created
    store.commit()
    assert store.counts()["articles"] == 4 and store.placement_of("nope") == (None, None)

def test_uncommitted_placement_is_lost_on_close(store_url):
    with open_store(store_url) as s:
        s.add_articles([make_article(1)])
        s.place_article("a0001", "e-1", "s-1", None)
    with open_store(store_url) as s:
        assert s.counts()["placed"] == 0 and s.counts()["articles"] == 1


# copy links, events, stories --------------------------------------------------------------------------
def test_copy_links_replace_and_filter(store: Store):
    store.add_copy_links([CopyLink("a1", "a2", "near", 0.9, [(0, 0), (1, 2)], "time"),
                          CopyLink("a3", "a4", "partial", 0.5, [], "unknown")])
    store.add_copy_links([CopyLink("a1", "a2", "exact", 1.0, [(0, 0)], "time")])
    store.commit()
    assert store.copy_links() == [CopyLink("a1", "a2", "exact", 1.0, [(0, 0)], "time"),
                                  CopyLink("a3", "a4", "partial", 0.5, [], "unknown")]
    assert [c.copy for c in store.copy_links(["a4"])] == ["a4"]
    assert store.copy_links(["zz"]) == []
    assert store.counts()["copies"] == 2


def test_events_stories_state_and_analysis(store: Store):
    state = {"centroid": {"menteri": 0.5}, "n": 1, "first": "2019-09-01", "last": None}
    store.save_story(Story("s-2", "Cerita dua", ["e-2"]), {"n": 1})
    store.save_story(Story("s-1", "Cerita", ["e-1"]), {"n": 1})
    store.save_event(Event("e-1", "s-1", "Judul", ["a1"], "2019-09-02"), state)
    store.save_event(Event("e-2", "s-2", "Dua", ["a2"], "2019-09-01"), state)
    store.commit()
    assert store.dirty_events() == ["e-1", "e-2"]
    store.save_event(Event("e-1", "s-1", "Judul baru", ["a1", "a3"], "2019-09-02"), {**state, "n": 2})
    store.save_story(Story("s-2", "Cerita dua", ["e-2", "e-3"]), {"n": 2})  # an update keeps the first position
    store.commit()
    assert [(e.id, st["n"]) for e, st in store.iter_event_states()] == [("e-1", 2), ("e-2", 1)]
    assert [(s.id, s.events) for s, _ in store.iter_story_states()] == [("s-2", ["e-2", "e-3"]), ("s-1", ["e-1"])]
    assert [s.id for s in store.stories()] == ["s-2", "s-1"]
    assert [e.id for e in store.events()] == ["e-2", "e-1"]  # first published first
    assert [e.id for e in store.events(limit=1)] == ["e-2"] and [e.id for e in store.events(1, 1)] == ["e-1"]
    assert store.events(limit=5, offset=2) == []

    event = store.get_event("e-1")
    event.summary = [SummarySentence("Kalimat.", ["a1", "a3"])]
    event.facts = [Fact("tentara", "", "conflict", [Claim("a1", 6000.0, None, None, "6.000", "TASS")])]
    event.quotes = [{"speaker": "Lavrov", "text": "kami", "articles": ["a1"]}]
    event.entities = [{"name": "Lavrov", "type": "PER", "aliases": [], "articles": ["a1"]}]
    store.save_event_analysis(event)
    assert store.dirty_events() == ["e-2"]
    assert store.get_event("e-1") == event
    store.rename_story("s-1", "Nama baru")
    store.commit()
    assert store.get_story("s-1").title == "Nama baru"
    assert store.get_story("nope") is None and store.get_event("nope") is None
    assert store.counts()["events"] == 2 and store.counts()["stories"] == 2


def test_cluster_states_can_be_read_from_a_date_on(store: Store):
    """An incremental run reads only the clusters its articles can join (engine.load_clusterer): those whose
    last article is not older than a date, and the undated; in the order they were first stored."""
    for i, last in enumerate(["2019-09-01T10:00:00", None, "2019-09-20T08:00:00", "2019-09-19"]):
        store.save_event(Event(f"e-{i}", f"s-{i}", "t", [f"a{i}"], last), {"n": 1, "last": last})
        store.save_story(Story(f"s-{i}", "t", [f"e-{i}"]), {"n": 1, "last": last})
    store.commit()
    assert [e.id for e, _ in store.iter_event_states()] == ["e-0", "e-1", "e-2", "e-3"]
    assert [e.id for e, _ in store.iter_event_states("2019-09-19")] == ["e-1", "e-2", "e-3"]
    assert [s.id for s, _ in store.iter_story_states("2019-09-20")] == ["s-1", "s-2"]
    # a cluster that takes a later article moves forward with it
    store.save_event(Event("e-0", "s-0", "t", ["a0", "a9"], "2019-09-01T10:00:00"),
                     {"n": 2, "last": "2019-09-21T00:00:00"})
    store.commit()
    assert [e.id for e, _ in store.iter_event_states("2019-09-20")] == ["e-0", "e-1", "e-2"]


def test_schema_version_is_checked(store_url):
    with open_store(store_url) as s:
        if is_postgres_url(store_url):
            s.db.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
        else:
            s.db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
        s.commit()
    with pytest.raises(RuntimeError, match="newer"):
        open_store(store_url)


def test_open_store_chooses_by_url(tmp_path):
    with open_store(tmp_path / "x.db") as s:
        assert isinstance(s, SQLiteStore)
    assert is_postgres_url("postgresql://u@h/db") and is_postgres_url("postgres://h/db")
    assert not is_postgres_url("kabar.db") and not is_postgres_url(tmp_path / "postgresql:")


# the whole pipeline ------------------------------------------------------------------------------------
@pytest.fixture()
def samples_in_store(store, samples_dir) -> Store:
    log = IngestLog()
    engine.run([str(samples_dir)], store, log)
    assert not log.errors
    return store


def test_pipeline_gives_the_same_export_as_sqlite(samples_in_store, samples_store):
    assert json.loads(export_json(samples_in_store)) == json.loads(export_json(samples_store))
    assert samples_in_store.counts() == samples_store.counts()


def test_interrupted_placement_resumes(store_url, samples_dir, monkeypatch, samples_store):
    monkeypatch.setattr(engine, "BATCH", 2)

    def die_after_first_batch(phase, done, total):
        if phase == "place" and done >= 2:
            raise KeyboardInterrupt

    with open_store(store_url) as s, pytest.raises(KeyboardInterrupt):
        engine.run([str(samples_dir)], s, IngestLog(), progress=die_after_first_batch)
    with open_store(store_url) as s:
        assert s.counts()["placed"] == 2
        stats = engine.run([str(samples_dir)], s, IngestLog())
        assert stats.new == 0 and stats.placed == 3
        assert s.counts() == samples_store.counts()
        assert json.loads(export_json(s)) == json.loads(export_json(samples_store))


def _fill_more(s: Store) -> None:
    s.add_articles([make_article(i, source=["kompas", "tempo"][i % 2]) for i in range(4)])
    s.add_articles([make_article(7, published=None)])


def test_listings_agree_with_sqlite_and_the_generic_implementation(samples_in_store, tmp_path, samples_db):
    """The same answers as the SQLite store on the same data; the same sets as the plain implementation
    in the base class (which breaks ties differently)."""
    import shutil

    s = samples_in_store
    shutil.copy(samples_db, tmp_path / "ref.db")
    ref = SQLiteStore(tmp_path / "ref.db")
    for db in (s, ref):
        _fill_more(db)
    for kw in ({}, {"source": "kompas"}, {"since": "2019-09-02", "until": "2019-09-04"}, {"limit": 3, "offset": 1}):
        assert s.list_articles(**kw) == ref.list_articles(**kw) == Store.list_articles(s, **kw), kw
    for kw in ({}, {"since": "2025-01-01"}, {"source": "nope"}, {"source": "kompas"}):
        assert s.story_rows(**kw) == ref.story_rows(**kw), kw
        total, rows = s.story_rows(**kw)
        assert total == Store.story_rows(s, **kw)[0]
    assert s.outlet_rows() == ref.outlet_rows() == Store.outlet_rows(s)
    assert s.outlet_rows("tempo") == ref.outlet_rows("tempo") == Store.outlet_rows(s, "tempo")
    assert s.sources() == ref.sources() == Store.sources(s)
    assert s.outlet_links() == ref.outlet_links() == Store.outlet_links(s)
    src = s.outlet_links()[0].copy_source
    assert s.outlet_links(src) == ref.outlet_links(src) == Store.outlet_links(s, src)
    for q in ("menteri 6.000", "pasukan Korea", "Lavrov"):
        mine, theirs = s.search(q, limit=100), ref.search(q, limit=100)
        assert mine.total == theirs.total and mine.terms == theirs.terms, q
        assert {h.article.id for h in mine.hits} == {h.article.id for h in theirs.hits}, q
    ref.close()


def test_search_stems_numbers_filters_and_is_injection_safe(samples_in_store):
    s = samples_in_store
    s.add_articles([make_article(1, source="tempo"), make_article(2, source="kompas", published=None)])
    res = s.search("Menteri 6000")  # a figure spelled without the thousands dot finds 6.000
    assert res.terms == ["menteri", "6000"] and res.total == len(res.hits) >= 2
    assert {"a0001", "a0002"} <= {h.article.id for h in res.hits}
    assert [h.score for h in res.hits] == sorted((h.score for h in res.hits), reverse=True)
    assert [h.article.id for h in s.search("menteri 6.000", source="tempo").hits] == ["a0001"]
    assert [h.article.id for h in s.search("menteri", since="2019-09-02", until="2019-09-03").hits] == ["a0001"]
    assert s.search("dikerahkan").total >= 2 and s.search("dikerahkan").terms == ["kerah"]  # stemmed
    for hostile in ("\"'); DROP TABLE articles; --", "a | b & !c :* <-> (", "NEAR(x y) OR title:z"):
        assert s.search(hostile).total >= 0
    assert s.counts()["articles"] == 7
    assert s.search("").total == 0 and s.search("zzzqqq").total == 0
    generic = Store.search(s, "pasukan Korea", limit=100)  # the same hits as the plain implementation
    assert {h.article.id for h in s.search("pasukan Korea", limit=100).hits} == {h.article.id for h in generic.hits}
    page = s.search("menteri", limit=1, offset=1)
    assert len(page.hits) == 1 and page.hits[0].article.id == s.search("menteri", limit=2).hits[1].article.id


# concurrency --------------------------------------------------------------------------------------------
_INGEST = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from kabar import engine
    from kabar.ingest import IngestLog
    from kabar.store import open_store
    engine.BATCH = 10  # many small transactions, so the two writers interleave
    url, path, go = sys.argv[1:4]
    with open_store(url) as store:
        while not Path(go).exists():
            time.sleep(0.01)
        stats = engine.ingest([path], store, IngestLog())
    print(stats.new)
""")


def _two_at_once(script: str, store_url: str, tmp_path: Path) -> list[str]:
    """`script` run by two processes, on one.jsonl and two.jsonl in `tmp_path`, released at the same moment;
    their outputs, once both have succeeded."""
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", script, store_url, str(tmp_path / f"{n}.jsonl"), str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in ("one", "two")]
    time.sleep(0.5)
    go.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    return [o for o, _ in outs]


def _flood(i: int, town: int, day: int) -> str:
    """Article `i` (a JSONL line): a flood in town number `town`, on `day` September 2019."""
    return json.dumps({"id": f"x{i}", "source": ["kompas", "detik"][i % 2], "url": f"https://n.example/{i}",
                       "title": f"Banjir melanda kota {town}", "published": f"2019-09-{day:02d}",
                       "text": f"Banjir besar melanda kota nomor {town} pada pagi hari. Warga mengungsi ke "
                               f"tempat aman. Sebanyak {town * 10} rumah terendam air setinggi satu meter."})


def test_two_processes_ingesting_at_once_lose_nothing_and_duplicate_nothing(store_url, tmp_path):
    def record(i: int) -> str:
        return _flood(i, i, 1 + i % 28)

    # 120 records each, 60 shared, read in opposite orders (the worst case for lock ordering).
    first, second = range(0, 120), range(180, 60, -1)
    for name, ids in (("one", first), ("two", second)):
        (tmp_path / f"{name}.jsonl").write_text("\n".join(record(i) for i in ids) + "\n")
    with open_store(store_url):  # create the schema up front, as `kabar run` on a new database would
        pass
    outs = _two_at_once(_INGEST, store_url, tmp_path)
    union = set(first) | set(second)
    assert sum(int(o.split()[-1]) for o in outs) == len(union)  # every article counted new exactly once
    with open_store(store_url) as s:
        assert s.counts()["articles"] == len(union)
        stored = [a.meta.get("id") or a.url for a in s.iter_articles()]
        assert len(stored) == len(set(stored)) == len(union)


def test_placement_waits_for_another_process_placing(store_url, open_db):
    if not is_postgres_url(store_url):
        pytest.skip("the placement lock is PostgreSQL's (SQLite users run one `kabar run` per file)")
    a, b = open_db(), open_db()
    a.add_articles([make_article(1)])
    assert a.unplaced_ids() == ["a0001"]  # a now places
    got: list[list[str]] = []
    t = threading.Thread(target=lambda: got.append(b.unplaced_ids()))
    t.start()
    time.sleep(0.3)
    assert not got  # b waits …
    a.place_article("a0001", "e-1", "s-1", None)
    a.commit()
    a.close()  # … until a is done
    t.join(10)
    assert got == [[]]


_RUN = _INGEST.replace("engine.ingest([path], store, IngestLog())", "engine.run([path], store, IngestLog())")


def test_two_runs_at_once_place_every_article_once(store_url, tmp_path):
    """Two `kabar run`s into one PostgreSQL database, on overlapping inputs: each places its batches as it
    stores them (engine.ingest_and_place), so the placement lock must be taken before the clusters are
    loaded, or the second would place into clusters it read before the first changed them."""
    if not is_postgres_url(store_url):
        pytest.skip("the placement lock is PostgreSQL's (SQLite users run one `kabar run` per file)")

    def record(i: int) -> str:
        return _flood(i, i % 9, 1 + i % 5)  # nine towns: many articles of one event

    # Events to join exist before both start: a stale copy of one, saved, would drop the other's articles.
    seed, first, second = range(200, 230), range(0, 60), range(90, 30, -1)
    for name, ids in (("seed", seed), ("one", first), ("two", second)):
        (tmp_path / f"{name}.jsonl").write_text("\n".join(record(i) for i in ids) + "\n")
    with open_store(store_url) as store:
        engine.run([str(tmp_path / "seed.jsonl")], store, IngestLog())
    _two_at_once(_RUN, store_url, tmp_path)
    union = set(seed) | set(first) | set(second)
    with open_store(store_url) as s:
        counts = s.counts()
        assert counts["articles"] == counts["placed"] == len(union)
        listed = [a for e in s.events() for a in e.articles]
        assert len(listed) == len(set(listed)) == len(union)  # every article in exactly one event …
        for e in s.events():
            assert all(s.placement_of(a)[0] == e.id for a in e.articles)  # … the one it is placed in
            assert e.story in {st.id for st in s.stories()}


def test_an_older_schema_is_upgraded_in_place(store_url):
    from kabar.store.base import SCHEMA_VERSION

    if SCHEMA_VERSION < 2:
        pytest.skip("no older schema to upgrade from")
    with open_store(store_url) as s:  # make it look like a schema-1 database with one article and two events
        s.add_articles([make_article(1)])
        s.db.execute("ALTER TABLE articles DROP COLUMN times")
        for i, last in enumerate(["2019-09-01T10:00:00", "2019-09-20T08:00:00"]):
            s.save_event(Event(f"e-{i}", "s-0", "t", [f"a{i}"], last), {"n": 1, "last": last})
        s.db.execute("DROP INDEX events_last")
        s.db.execute("ALTER TABLE events DROP COLUMN last_published")
        s.db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        s.commit()
    with open_store(store_url) as s:
        assert s.get_article("a0001").times == []
        assert s.add_articles([make_article(2)]) == 1 and s.get_article("a0002") == make_article(2)
        version = s.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert int(version[0] if not isinstance(version, dict) else version["value"]) == SCHEMA_VERSION
        assert [e.id for e, _ in s.iter_event_states("2019-09-10")] == ["e-1"]  # 4: last_published filled

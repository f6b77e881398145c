"""SQLite store: one file, WAL, versioned schema."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kabar.model import Article, CopyLink, Event, Story
from kabar.parallel import chunked
from kabar.store.base import (
    EVENT_STATE_COLUMNS,
    MAX_QUERY_TERMS,
    PLACEMENT_COLUMNS,
    SCHEMA_VERSION,
    WATCH_SOURCE_COLS,
    WATCH_URL_COLS,
    OutletLink,
    OutletRow,
    SearchHit,
    SearchResult,
    Store,
    StoryRow,
    WatchSource,
    WatchUrl,
    analysis_columns,
    article_from_row,
    article_row,
    event_from_row,
    event_row,
    placement_article_from_row,
    search_terms,
    story_row,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL, url TEXT, title TEXT NOT NULL, published TEXT, language TEXT,
  raw_text TEXT NOT NULL, text TEXT NOT NULL, removed TEXT, sentences TEXT, terms TEXT,
  quantities TEXT, quotes TEXT, times TEXT, mentions TEXT, meta TEXT, origin TEXT,
  event TEXT, story TEXT, placed INTEGER NOT NULL DEFAULT 0, signature BLOB,
  ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS articles_unplaced ON articles(placed, published, seq);
CREATE INDEX IF NOT EXISTS articles_event ON articles(event);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS copies (
  original TEXT NOT NULL, copy TEXT NOT NULL, kind TEXT NOT NULL, score REAL NOT NULL,
  sentences TEXT NOT NULL, direction TEXT NOT NULL,
  PRIMARY KEY (original, copy)
);
CREATE INDEX IF NOT EXISTS copies_copy ON copies(copy);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY, story TEXT, title TEXT NOT NULL, first_published TEXT,
  state TEXT NOT NULL, articles TEXT NOT NULL, dirty INTEGER NOT NULL DEFAULT 1,
  summary TEXT, quotes TEXT, facts TEXT, entities TEXT,
  last_published TEXT  -- schema 4: the state's "last", indexed (see iter_event_states)
);
CREATE TABLE IF NOT EXISTS stories (
  id TEXT PRIMARY KEY, title TEXT NOT NULL, events TEXT NOT NULL, state TEXT NOT NULL,
  last_published TEXT
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
-- Full-text index over stemmed title and clean text (kabar.store.base.search_terms), rowid = articles.seq.
-- Contentless: the text lives in `articles`; the index holds only the terms.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, body, content='', tokenize='unicode61');
-- kabar watch (schema 3): polled sources and the article URLs they gave, pending or fetched.
CREATE TABLE IF NOT EXISTS watch_sources (
  url TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT, parent TEXT, etag TEXT, last_modified TEXT, last_poll TEXT,
  last_success TEXT, last_error TEXT, last_error_at TEXT, errors_in_a_row INTEGER NOT NULL DEFAULT 0,
  backoff_until REAL NOT NULL DEFAULT 0, polls INTEGER NOT NULL DEFAULT 0, links INTEGER NOT NULL DEFAULT 0,
  articles INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS watch_urls (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL UNIQUE, fetch_url TEXT NOT NULL, source TEXT NOT NULL, status TEXT NOT NULL,
  title TEXT, published TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL DEFAULT 0,
  content_hash TEXT, article TEXT, error TEXT, first_seen TEXT, fetched_at TEXT
);
CREATE INDEX IF NOT EXISTS watch_urls_due ON watch_urls(status, next_try, seq);
CREATE INDEX IF NOT EXISTS watch_urls_hash ON watch_urls(content_hash);
"""
# the columns of an article as article_row writes them (not seq, placement, signature: analysis reads rows)
_ARTICLE_SELECT = ", ".join(article_row(Article(id="", source="", url=None, title="", published=None, raw_text="")))
_FTS_WEIGHTS = (3.0, 1.0)  # bm25 weight of a title term vs a body term


class SQLiteStore(Store):
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30.0)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=30000")
        self._migrate()

    def _migrate(self) -> None:
        with self.db:
            self.db.executescript(_SCHEMA)
            row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None:
                self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.path}: database schema version {row[0]} is newer than this kabar ({SCHEMA_VERSION})"
                )
            elif int(row[0]) < SCHEMA_VERSION:
                self._upgrade(int(row[0]))
            for table in ("events", "stories"):  # after _upgrade: an older table gets the column there
                self.db.execute(f"CREATE INDEX IF NOT EXISTS {table}_last ON {table}(last_published)")
            # Databases made before the search index existed get it filled here, once.
            self._index_new_articles()

    def _upgrade(self, version: int) -> None:
        """Migrate an older database in place (inside the open transaction)."""
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        if version < 2 and "times" not in columns:
            self.db.execute("ALTER TABLE articles ADD COLUMN times TEXT")
        if "mentions" not in columns:  # 3: NER mentions tagged at ingest (NULL: tagged on first use)
            self.db.execute("ALTER TABLE articles ADD COLUMN mentions TEXT")
        # 3: the watch_sources and watch_urls tables, created by _SCHEMA (IF NOT EXISTS) just before.
        for table in ("events", "stories"):  # 4: last_published, from the stored clustering state
            if "last_published" not in {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN last_published TEXT")
                self.db.execute(f"UPDATE {table} SET last_published = json_extract(state, '$.last')")
        self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),))

    def _index_new_articles(self) -> None:
        """Add to the full-text index the articles stored after the last indexed one (call in a transaction).

        Articles are only ever appended (seq grows), so comparing the highest seq indexed with the highest
        stored finds what is missing with two index look-ups."""
        last = self.db.execute("SELECT rowid FROM articles_fts ORDER BY rowid DESC LIMIT 1").fetchone()
        newest = self.db.execute("SELECT max(seq) FROM articles").fetchone()[0]
        last_seq = last[0] if last else 0
        if newest is None or newest <= last_seq:
            return
        rows = self.db.execute("SELECT seq, title, text FROM articles WHERE seq > ? ORDER BY seq", (last_seq,))
        while batch := rows.fetchmany(500):
            self.db.executemany(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                [(seq, " ".join(search_terms(title)), " ".join(search_terms(text))) for seq, title, text in batch],
            )

    # articles -----------------------------------------------------------------------------------
    def insert_articles(self, articles: Iterable[Article]) -> list[str]:
        rows = [article_row(a) for a in articles]
        if not rows:
            return []
        cols = list(rows[0])
        sql = f"INSERT OR IGNORE INTO articles ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})"
        new: list[str] = []
        with self.db:
            for row in rows:  # one statement per row: its rowcount says whether this row was stored
                if self.db.execute(sql, row).rowcount:
                    new.append(row["id"])
            if new:  # inside the same write transaction, so no other writer can interleave
                self._index_new_articles()
        return new

    def get_article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return article_from_row(dict(row)) if row else None

    def iter_articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        if ids is None:
            for row in self.db.execute("SELECT * FROM articles ORDER BY seq"):
                yield article_from_row(dict(row))
            return
        for chunk in chunked(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows = {r["id"]: r for r in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk)}
            for i in chunk:
                if i in rows:
                    yield article_from_row(dict(rows[i]))

    def iter_article_rows(self, ids: Sequence[str]) -> Iterator[dict[str, Any]]:
        for chunk in chunked(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = {r["id"]: r for r in self.db.execute(f"SELECT {_ARTICLE_SELECT} FROM articles WHERE id IN ({marks})",
                                                        chunk)}
            for i in chunk:
                if i in rows:
                    yield dict(rows[i])

    def iter_placement_articles(self, ids: Sequence[str]) -> Iterator[Article]:
        cols = ", ".join(PLACEMENT_COLUMNS)
        for chunk in chunked(ids, 500):
            marks = ",".join("?" * len(chunk))
            rows = {r["id"]: r for r in self.db.execute(f"SELECT {cols} FROM articles WHERE id IN ({marks})", chunk)}
            for i in chunk:
                if i in rows:
                    yield placement_article_from_row(rows[i])

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunked(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def unplaced_ids(self) -> list[str]:
        # Publication order; undated articles keep their arrival order, after the dated ones.
        sql = "SELECT id FROM articles WHERE placed=0 ORDER BY published IS NULL, published, seq"
        return [r[0] for r in self.db.execute(sql)]

    def save_document_frequencies(self, n: int, df: dict[str, int], pending: dict[str, int]) -> None:
        for key, value in (("df_articles", str(n)), ("df", json.dumps(df, ensure_ascii=False)),
                           ("df_pending", json.dumps(pending, ensure_ascii=False))):
            self.db.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                            (key, value))

    def document_frequencies(self) -> tuple[int, dict[str, int], dict[str, int] | None] | None:
        row = self.db.execute("SELECT value FROM meta WHERE key='df_articles'").fetchone()
        placed = self.db.execute("SELECT count(*) FROM articles WHERE placed=1").fetchone()[0]
        if row is None or int(row[0]) != placed:
            return None
        pending = self.db.execute("SELECT value FROM meta WHERE key='df_pending'").fetchone()
        return (placed, json.loads(self.db.execute("SELECT value FROM meta WHERE key='df'").fetchone()[0]),
                json.loads(pending[0]) if pending else None)

    def placed_terms(self) -> Iterator[str]:
        for row in self.db.execute("SELECT terms FROM articles WHERE placed=1"):
            yield row[0] or ""

    def placement_of(self, article_id: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT event, story FROM articles WHERE id=?", (article_id,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def place_article(self, article_id: str, event: str, story: str, signature: bytes | None) -> None:
        self.db.execute(
            "UPDATE articles SET event=?, story=?, placed=1, signature=? WHERE id=?",
            (event, story, signature, article_id),
        )

    def commit(self) -> None:
        self.db.commit()

    # copy links ---------------------------------------------------------------------------------
    def add_copy_links(self, links: Iterable[CopyLink]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?, ?, ?)",
            [(c.original, c.copy, c.kind, c.score, json.dumps(c.sentences), c.direction) for c in links],
        )

    def copy_links(self, article_ids: Iterable[str] | None = None) -> list[CopyLink]:
        if article_ids is None:
            rows = self.db.execute("SELECT * FROM copies ORDER BY original, copy").fetchall()
        else:
            ids = list(article_ids)
            rows = []
            for chunk in chunked(ids, 400):
                marks = ",".join("?" * len(chunk))
                rows += self.db.execute(
                    f"SELECT * FROM copies WHERE original IN ({marks}) OR copy IN ({marks})", chunk + chunk
                ).fetchall()
            rows = list({(r["original"], r["copy"]): r for r in rows}.values())
        return [
            CopyLink(r["original"], r["copy"], r["kind"], r["score"], [tuple(p) for p in json.loads(r["sentences"])],
                     r["direction"])
            for r in rows
        ]

    # clustering state -----------------------------------------------------------------------------
    def signatures(self, since: str | None = None) -> Iterator[tuple[str, str | None, bytes]]:
        sql = "SELECT id, published, signature FROM articles WHERE placed=1 AND signature IS NOT NULL"
        if since:
            sql += " AND (published IS NULL OR published >= ?)"
        rows = self.db.execute(sql + " ORDER BY seq", (since,) if since else ())
        for row in rows:
            yield row[0], row[1], row[2]

    def save_event(self, event: Event, state: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO events (id, story, title, first_published, state, articles, dirty, last_published) "
            "VALUES (?,?,?,?,?,?,1,?) ON CONFLICT(id) DO UPDATE SET story=excluded.story, title=excluded.title, "
            "first_published=excluded.first_published, state=excluded.state, articles=excluded.articles, dirty=1, "
            "last_published=excluded.last_published",
            event_row(event, state),
        )

    def save_story(self, story: Story, state: dict[str, Any]) -> None:
        self.db.execute(
            "INSERT INTO stories (id, title, events, state, last_published) VALUES (?,?,?,?,?) ON CONFLICT(id) "
            "DO UPDATE SET title=excluded.title, events=excluded.events, state=excluded.state, "
            "last_published=excluded.last_published",
            story_row(story, state),
        )

    def iter_event_states(self, active_since: str | None = None) -> Iterator[tuple[Event, dict[str, Any]]]:
        where, args = _active(active_since)
        for r in self.db.execute(f"SELECT {EVENT_STATE_COLUMNS} FROM events {where} ORDER BY rowid", args):
            yield event_from_row(r), json.loads(r["state"])

    def iter_story_states(self, active_since: str | None = None) -> Iterator[tuple[Story, dict[str, Any]]]:
        where, args = _active(active_since)
        for r in self.db.execute(f"SELECT * FROM stories {where} ORDER BY rowid", args):
            yield Story(r["id"], r["title"], json.loads(r["events"])), json.loads(r["state"])

    def dirty_events(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM events WHERE dirty=1 ORDER BY id")]

    def save_event_analysis(self, event: Event) -> None:
        with self.db:
            cols = analysis_columns(event)
            self.db.execute(
                "UPDATE events SET summary=?, quotes=?, facts=?, entities=?, title=?, dirty=0 WHERE id=?",
                (cols["summary"], cols["quotes"], cols["facts"], cols["entities"], event.title, event.id),
            )

    # reading ------------------------------------------------------------------------------------
    def get_event(self, event_id: str) -> Event | None:
        r = self.db.execute("SELECT * FROM events WHERE id=?", (event_id,)).fetchone()
        return event_from_row(r) if r else None

    def events(self, limit: int | None = None, offset: int = 0) -> list[Event]:
        rows = self.db.execute("SELECT * FROM events ORDER BY first_published IS NULL, first_published, id "
                               "LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset))
        return [event_from_row(r) for r in rows]

    def get_story(self, story_id: str) -> Story | None:
        r = self.db.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
        return Story(r["id"], r["title"], json.loads(r["events"])) if r else None

    def stories(self) -> list[Story]:
        return [Story(r["id"], r["title"], json.loads(r["events"])) for r in self.db.execute("SELECT * FROM stories")]

    def rename_story(self, story_id: str, title: str) -> None:
        self.db.execute("UPDATE stories SET title=? WHERE id=?", (title, story_id))

    def counts(self) -> dict[str, int]:
        q = self.db.execute
        return {
            "articles": q("SELECT count(*) FROM articles").fetchone()[0],
            "placed": q("SELECT count(*) FROM articles WHERE placed=1").fetchone()[0],
            "copies": q("SELECT count(*) FROM copies").fetchone()[0],
            "events": q("SELECT count(*) FROM events").fetchone()[0],
            "stories": q("SELECT count(*) FROM stories").fetchone()[0],
            "sources": q("SELECT count(DISTINCT source) FROM articles").fetchone()[0],
        }

    # listings, outlets and search ---------------------------------------------------------------------
    def story_rows(self, *, since: str | None = None, until: str | None = None, source: str | None = None,
                   limit: int = 50, offset: int = 0) -> tuple[int, list[StoryRow]]:
        where, args = _article_filter(None, since, until)
        if source is not None:
            where.append("story IN (SELECT story FROM articles WHERE source = ?)")
            args.append(source)
        matching = f"SELECT DISTINCT story FROM articles WHERE story IS NOT NULL AND {' AND '.join(where or ['1'])}"
        total = self.db.execute(f"SELECT count(*) FROM ({matching})", args).fetchone()[0]
        page = self.db.execute(
            f"SELECT story, count(*) n, count(DISTINCT source) outlets, min(published) first, max(published) last "
            f"FROM articles WHERE story IN ({matching}) GROUP BY story "
            f"ORDER BY n DESC, last IS NULL, last DESC, story LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        ids = [r["story"] for r in page]
        if not ids:
            return total, []
        marks = ",".join("?" * len(ids))
        stories = {r["id"]: r for r in self.db.execute(f"SELECT id, title, events FROM stories WHERE id IN ({marks})", ids)}
        days: dict[str, dict[str, int]] = {i: {} for i in ids}
        for r in self.db.execute(
            f"SELECT story, substr(published, 1, 10) day, count(*) FROM articles WHERE story IN ({marks}) "
            "AND published IS NOT NULL GROUP BY story, day ORDER BY day", ids,
        ):
            days[r[0]][r[1]] = r[2]
        rows = []
        for r in page:
            st = stories.get(r["story"])
            title, n_events = (st["title"], len(json.loads(st["events"]))) if st else (r["story"], 0)
            rows.append(StoryRow(r["story"], title, n_events, r["n"], r["outlets"], r["first"], r["last"],
                                 days[r["story"]]))
        return total, rows

    def sources(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT source FROM articles ORDER BY source")]

    def outlet_rows(self, source: str | None = None) -> list[OutletRow]:
        where, args = ("", []) if source is None else ("WHERE source = ?", [source])
        sql = (
            "SELECT source, count(*) n, sum(EXISTS (SELECT 1 FROM copies c WHERE c.copy = a.id)) copies, "
            f"min(published) first, max(published) last FROM articles a {where} GROUP BY source "
            "ORDER BY n DESC, source"
        )
        return [OutletRow(r[0], r[1], r[2] or 0, r[3], r[4]) for r in self.db.execute(sql, args)]

    def outlet_links(self, source: str | None = None) -> list[OutletLink]:
        where, args = ("", []) if source is None else ("WHERE o.source = ? OR a.source = ?", [source, source])
        sql = (
            "SELECT o.source, a.source, c.kind, count(*) n FROM copies c JOIN articles a ON a.id = c.copy "
            f"JOIN articles o ON o.id = c.original {where} GROUP BY 1, 2, 3 ORDER BY n DESC, 1, 2, 3"
        )
        return [OutletLink(*r) for r in self.db.execute(sql, args)]

    def list_articles(self, *, source: str | None = None, since: str | None = None, until: str | None = None,
                      limit: int = 50, offset: int = 0) -> tuple[int, list[Article]]:
        where, args = _article_filter(source, since, until)
        cond = " AND ".join(where or ["1"])
        total = self.db.execute(f"SELECT count(*) FROM articles WHERE {cond}", args).fetchone()[0]
        # The page's ids first, then its rows: sorting whole rows (texts and all) to return one page took
        # 1.1 s at offset 20,000 of a 22k-article store; sorting ids, 0.04 s.
        ids = [r[0] for r in self.db.execute(
            f"SELECT id FROM articles WHERE {cond} ORDER BY published IS NULL, published DESC, id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )]
        return total, list(self.iter_articles(ids))

    def search(self, query: str, *, source: str | None = None, since: str | None = None,
               until: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
        terms = list(dict.fromkeys(search_terms(query)))[:MAX_QUERY_TERMS]
        if not terms:
            return SearchResult(0, [], [])
        # Every term quoted: user input never reaches FTS5's query syntax (AND/OR/NEAR/column filters).
        match = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        where, args = _article_filter(source, since, until, prefix="a.")
        cond = " AND ".join(["articles_fts MATCH ?", *where])
        base = f"FROM articles_fts f JOIN articles a ON a.seq = f.rowid WHERE {cond}"
        total = self.db.execute(f"SELECT count(*) {base}", [match, *args]).fetchone()[0]
        rows = self.db.execute(
            f"SELECT a.*, bm25(articles_fts, ?, ?) AS score {base} ORDER BY score, a.seq LIMIT ? OFFSET ?",
            [*_FTS_WEIGHTS, match, *args, limit, offset],
        ).fetchall()
        # bm25() is lower-is-better; the interface promises higher-is-better.
        hits = [SearchHit(article_from_row(dict(r)), -float(r["score"])) for r in rows]
        return SearchResult(total, terms, hits)

    # live ingestion state (kabar watch) ------------------------------------------------------------------
    def save_watch_source(self, source: WatchSource) -> None:
        updates = ", ".join(f"{c}=excluded.{c}" for c in WATCH_SOURCE_COLS if c != "url")
        with self.db:
            self.db.execute(
                f"INSERT INTO watch_sources ({', '.join(WATCH_SOURCE_COLS)}) VALUES ({', '.join(':' + c for c in WATCH_SOURCE_COLS)}) "
                f"ON CONFLICT(url) DO UPDATE SET {updates}", asdict(source))

    def watch_source(self, url: str) -> WatchSource | None:
        r = self.db.execute(f"SELECT {', '.join(WATCH_SOURCE_COLS)} FROM watch_sources WHERE url=?", (url,)).fetchone()
        return WatchSource(**dict(r)) if r else None

    def watch_sources(self) -> list[WatchSource]:
        rows = self.db.execute(f"SELECT {', '.join(WATCH_SOURCE_COLS)} FROM watch_sources ORDER BY url")
        return [WatchSource(**dict(r)) for r in rows]

    def add_watch_urls(self, urls: Iterable[WatchUrl]) -> int:
        rows = [asdict(u) for u in urls]
        if not rows:
            return 0
        with self.db:
            before = self.db.total_changes
            self.db.executemany(
                f"INSERT OR IGNORE INTO watch_urls ({', '.join(WATCH_URL_COLS)}) VALUES ({', '.join(':' + c for c in WATCH_URL_COLS)})",
                rows)
            return self.db.total_changes - before

    def save_watch_url(self, url: WatchUrl) -> None:
        sets = ", ".join(f"{c}=:{c}" for c in WATCH_URL_COLS if c != "url")
        with self.db:
            self.db.execute(f"UPDATE watch_urls SET {sets} WHERE url=:url", asdict(url))

    def watch_url(self, url: str) -> WatchUrl | None:
        r = self.db.execute(f"SELECT {', '.join(WATCH_URL_COLS)} FROM watch_urls WHERE url=?", (url,)).fetchone()
        return WatchUrl(**dict(r)) if r else None

    def due_watch_urls(self, now: float, limit: int) -> list[WatchUrl]:
        rows = self.db.execute(
            f"SELECT {', '.join(WATCH_URL_COLS)} FROM watch_urls WHERE status='pending' AND next_try<=? ORDER BY seq LIMIT ?",
            (now, limit))
        return [WatchUrl(**dict(r)) for r in rows]

    def watch_hash_owner(self, content_hash: str) -> WatchUrl | None:
        r = self.db.execute(f"SELECT {', '.join(WATCH_URL_COLS)} FROM watch_urls WHERE content_hash=? AND status='done' "
                            "ORDER BY seq LIMIT 1", (content_hash,)).fetchone()
        return WatchUrl(**dict(r)) if r else None

    def watch_url_counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for source, status, n in self.db.execute("SELECT source, status, count(*) FROM watch_urls GROUP BY 1, 2"):
            counts.setdefault(source, {})[status] = n
        return counts

    def close(self) -> None:
        self.db.close()

    def merge_cluster(self, level: str, gone: str, into: str) -> None:
        if level == "event":
            self.db.execute("UPDATE articles SET event=? WHERE event=?", (into, gone))
            self.db.execute("DELETE FROM events WHERE id=?", (gone,))
        else:
            self.db.execute("UPDATE articles SET story=? WHERE story=?", (into, gone))
            self.db.execute("UPDATE events SET story=? WHERE story=?", (into, gone))
            self.db.execute("DELETE FROM stories WHERE id=?", (gone,))

    def move_articles(self, article_ids: list[str], event: str) -> None:
        self.db.executemany("UPDATE articles SET event=? WHERE id=?", [(event, a) for a in article_ids])

    def cluster_history(self, level: str, cluster_id: str) -> list[dict[str, Any]]:
        table = "events" if level == "event" else "stories"
        r = self.db.execute(f"SELECT state FROM {table} WHERE id=?", (cluster_id,)).fetchone()
        return list(json.loads(r[0]).get("history", [])) if r else []


def _article_filter(source: str | None, since: str | None, until: str | None,
                    prefix: str = "") -> tuple[list[str], list[Any]]:
    """SQL conditions on an article's outlet and publication time (`since` inclusive, `until` exclusive)."""
    where: list[str] = []
    args: list[Any] = []
    for cond, value in ((f"{prefix}source = ?", source), (f"{prefix}published >= ?", since),
                        (f"{prefix}published < ?", until)):
        if value is not None:
            where.append(cond)
            args.append(value)
    return where, args


def _active(since: str | None) -> tuple[str, tuple[str, ...]]:
    return ("WHERE last_published IS NULL OR last_published >= ?", (since,)) if since else ("", ())

"""Where batch results go: JSONL or Parquet files (one set per kind), and optionally a Kabar store."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kabar.model import Claim, CopyLink, Event, Fact, Story, SummarySentence
from kabar.store.base import Store, article_from_row

KINDS = ("article", "copy", "event", "story")
# Columns of the Parquet tables; nested values (lists of dicts) are stored as JSON text.
_SCALAR = {
    "article": ("id", "source", "url", "title", "published", "language", "text", "event", "story"),
    "copy": ("original", "copy", "kind", "score", "direction"),
    "event": ("id", "story", "title", "first_published"),
    "story": ("id", "title"),
}


def flat_record(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A Parquet-friendly record: scalars as they are, anything nested as a JSON string."""
    out = {k: payload.get(k) for k in _SCALAR[kind]}
    for k, v in payload.items():
        if k not in out and k not in ("raw_text", "signature", "state"):
            out[k] = v if isinstance(v, str | int | float | type(None)) else json.dumps(v, ensure_ascii=False)
    return out


class JsonlWriter:
    """One JSONL file per kind under `folder`: articles.jsonl, copies.jsonl, events.jsonl, stories.jsonl."""

    NAMES = {"article": "articles", "copy": "copies", "event": "events", "story": "stories"}

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.files = {k: open(folder / f"{n}.jsonl", "w", encoding="utf-8") for k, n in self.NAMES.items()}

    def write(self, kind: str, payload: str) -> None:
        self.files[kind].write(payload + "\n")

    def close(self) -> None:
        for fh in self.files.values():
            fh.close()


class StoreLoader:
    """Writes batch results into a Store, committing every `batch` rows (articles before their placement)."""

    def __init__(self, store: Store, batch: int = 500) -> None:
        self.store, self.batch = store, batch
        self.articles: list[dict[str, Any]] = []
        self.rows = 0

    def write(self, kind: str, payload: str) -> None:
        obj = json.loads(payload)
        if kind == "article":
            self.articles.append(obj)
            if len(self.articles) >= self.batch:
                self._flush_articles()
        elif kind == "copy":
            self.store.add_copy_links([CopyLink(obj["original"], obj["copy"], obj["kind"], obj["score"],
                                                [tuple(p) for p in obj["sentences"]], obj["direction"])])
        elif kind == "event":
            event = _event(obj)
            self.store.save_event(event, obj["state"])
            self.store.save_event_analysis(event)  # clears the dirty flag: the analysis came with it
        elif kind == "story":
            self.store.save_story(Story(obj["id"], obj["title"], obj["events"]), obj["state"])
        self.rows += 1
        if self.rows % self.batch == 0:
            self.store.commit()

    def _flush_articles(self) -> None:
        self.store.add_articles(article_from_row(r) for r in self.articles)
        for r in self.articles:
            if r.get("event"):
                self.store.place_article(r["id"], r["event"], r["story"], bytes.fromhex(r["signature"]) or None)
        self.articles.clear()

    def close(self) -> None:
        self._flush_articles()
        self.store.commit()


def _event(obj: dict[str, Any]) -> Event:
    return Event(
        id=obj["id"], story=obj["story"], title=obj["title"], articles=obj["articles"],
        first_published=obj["first_published"],
        summary=[SummarySentence(**s) for s in obj.get("summary", [])],
        quotes=obj.get("quotes", []),
        facts=[Fact(f["subject"], f["unit"], f["status"], [Claim(**c) for c in f["claims"]])
               for f in obj.get("facts", [])],
        entities=obj.get("entities", []),
    )


def write_all(rows: Iterable[dict[str, Any]], sinks: list[JsonlWriter | StoreLoader]) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for row in rows:
        if row["kind"] not in counts:  # per-window statistics rows
            continue
        counts[row["kind"]] += 1
        for sink in sinks:
            sink.write(row["kind"], row["payload"])
    return counts

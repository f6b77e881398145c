"""Helpers shared by the web tests: the dated copy of the samples and ingesting through the API."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789"
# The samples carry no dates or outlet names; this copy of them gives each a day and an outlet so the
# date and outlet filters have something to filter.
SAMPLE_DATES = {"000": "2025-07-13T09:00:00", "001": "2025-07-12T08:00:00", "002": "2025-07-12T10:30:00",
                "003": "2025-07-12T12:00:00", "004": "2025-07-13T07:15:00"}


def sample_articles(sample_files: dict[str, Path]) -> list[dict[str, str]]:
    return [
        {"text": path.read_text(encoding="utf-8"), "source": f"outlet-{key}.example",
         "url": f"https://outlet-{key}.example/news/{path.stem}", "published": SAMPLE_DATES[key]}
        for key, path in sorted(sample_files.items())
    ]


def ingest(client: TestClient, articles: list[dict], token: str = TOKEN) -> dict:
    r = client.post("/api/ingest", json={"articles": articles}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return r.json()


def loaded_without_loss(db: Path | str, log: Path, clients: int = 10, seconds: float = 5) -> set[str]:
    """bench/bench_load.py, short: `kabar serve` over `db` (a SQLite file or a PostgreSQL URL) as a real process,
    `clients` mixing ingests with reads for `seconds`. Asserts no request failed, the server logged no
    traceback and every acknowledged article is placed; returns the acknowledged ids."""
    import asyncio
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from bench_load import TOKEN as LOAD_TOKEN
    from bench_load import Server, corpus_articles, missing_articles, run_load

    with Server(db, log=log) as server:
        result = asyncio.run(run_load(server.url, LOAD_TOKEN, clients=clients, seconds=seconds,
                                      articles=corpus_articles()))
    text = log.read_text(errors="replace")
    assert not result.errors, (result.errors[:5], text[-3000:])
    assert "Traceback" not in text, text[-3000:]
    assert result.acknowledged and result.latencies["search"] and result.latencies["story_page"]
    assert missing_articles(db, result.acknowledged) == []
    return result.acknowledged

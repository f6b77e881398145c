"""`kabar serve --db postgresql://…`: the web UI and the JSON API over a PostgreSQL store seeded by the
pipeline (kabar.engine.run), the same pages as over SQLite, ingest with the token, and clear errors."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from web_helpers import TOKEN, ingest, loaded_without_loss, sample_articles

from kabar.store import redact_db
from kabar.web import create_app


def test_pages_and_api_over_postgres(pg_samples_url):
    client = TestClient(create_app(pg_samples_url, None))
    stories = client.get("/api/stories").json()
    assert len(stories) == 1 and stories[0]["article_count"] == 5 and stories[0]["outlet_count"] == 5
    story = stories[0]["id"]
    index = client.get("/")
    assert index.status_code == 200 and f'href="/stories/{story}"' in index.text

    doc = client.get(f"/api/stories/{story}").json()
    page = client.get(f"/stories/{story}")
    assert page.status_code == 200 and '<tbody class="conflict">' in page.text  # the troop counts differ
    cites = set(re.findall(r'<a class="cite" href="/articles/([0-9a-f]+)"', page.text))
    assert cites and cites <= {a["id"] for a in doc["articles"]}

    copy = doc["copies"][0]
    article = client.get(f"/articles/{copy['copy']}")
    assert article.status_code == 200 and "This article copies" in article.text
    assert f'href="/copies/{copy["original"]}/{copy["copy"]}"' in article.text
    compare = client.get(f"/copies/{copy['original']}/{copy['copy']}")
    assert compare.status_code == 200 and "<del>" in compare.text

    # PostgreSQL's tsvector search finds what SQLite's FTS5 finds: stems and both spellings of numbers
    hits = client.get("/api/search", params={"q": "mengirim tentara"}).json()
    assert hits["terms"] == ["kirim", "tentara"] and hits["total"] >= 2
    assert client.get("/api/search", params={"q": "6.000"}).json()["total"] >= 2
    html = client.get("/search", params={"q": "mengirim"}).text
    assert re.search(r"<mark>(mengirim\w*|pengiriman|dikirim\w*)</mark>", html)


def test_postgres_serves_what_sqlite_serves(pg_samples_url, samples_db):
    """The same samples through the same pipeline: the JSON of the story is the same from either store."""
    pg, lite = (TestClient(create_app(db, None)) for db in (pg_samples_url, str(samples_db)))
    story = lite.get("/api/stories").json()[0]["id"]
    assert pg.get("/api/stories").json() == lite.get("/api/stories").json()
    assert pg.get(f"/api/stories/{story}").json() == lite.get(f"/api/stories/{story}").json()
    assert pg.get("/api/outlets").json() == lite.get("/api/outlets").json()


def test_ingest_with_the_token_into_postgres(pg_server, sample_files):
    url = pg_server.fresh_url()
    client = TestClient(create_app(url, TOKEN))
    articles = sample_articles(sample_files)
    no_token = client.post("/api/ingest", json={"articles": articles[:1]})
    assert no_token.status_code == 401
    first = ingest(client, articles[1:])
    assert first["new"] == 4 and first["placed"] == 4 and first["copies"] == 0
    second = ingest(client, articles)  # only 000 is new: the rewrite of 002, found against what is stored
    assert second["new"] == 1 and second["placed"] == 1 and second["copies"] == 1
    counts = client.get("/api/health").json()["counts"]
    assert counts["articles"] == 5 and counts["stories"] == 1
    # what the API stored is what a new app (a new connection) reads back
    again = TestClient(create_app(url, None))
    story = again.get("/api/stories").json()[0]
    assert story["days"] == {"2025-07-12": 3, "2025-07-13": 2}
    assert again.get(f"/stories/{story['id']}").status_code == 200


def test_serve_without_psycopg_says_what_to_install():
    """With the `postgres` extra missing, `kabar serve --db postgresql://…` exits 3 with one line naming
    the extra (no traceback), and the password in the URL is not printed."""
    code = ("import sys; sys.modules['psycopg'] = None\n"  # what `import psycopg` does when it is not installed
            "from kabar.cli import main\n"
            "sys.argv = ['kabar', 'serve', '--db', 'postgresql://kabar:s3cret@127.0.0.1:1/kabar']\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    assert "pip install 'kabar[postgres]'" in done.stderr and "Traceback" not in done.stderr
    assert "s3cret" not in done.stderr + done.stdout


@pytest.mark.parametrize("command", ["serve", "stories"])
def test_an_unreachable_server_fails_clearly(command):
    """Every command opens its store the same way (cli._open_store): one line, exit 3, no password."""
    done = subprocess.run([sys.executable, "-m", "kabar.cli", command, "--db",
                           "postgresql://kabar:s3cret@127.0.0.1:1/kabar?connect_timeout=2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 3 and "cannot open database" in done.stderr and "Traceback" not in done.stderr
    assert "s3cret" not in done.stderr


def test_printed_database_urls_hide_passwords():
    assert redact_db("kabar.db") == "kabar.db"
    assert redact_db("postgresql://u:pw@db.example:5432/k") == "postgresql://u:***@db.example:5432/k"
    assert redact_db("postgres://db.example/k?sslmode=require&password=pw") == \
        "postgres://db.example/k?sslmode=require&password=***"
    assert redact_db("postgresql://u@127.0.0.1/k") == "postgresql://u@127.0.0.1/k"


def test_requests_share_a_few_pooled_connections(pg_samples_url):
    """Each request used to open its own PostgreSQL connection (a server process and a schema check)."""
    with TestClient(create_app(pg_samples_url, None)) as client:  # `with`: the app's shutdown closes the pool
        pool = client.app.state.db._pool
        for _ in range(30):
            assert client.get("/api/stories").status_code == 200
        stats = pool.get_stats()
        assert stats["requests_num"] >= 30 and stats["connections_num"] <= 2
    assert pool.closed


def test_concurrent_ingest_and_reads_over_postgres_lose_nothing(pg_server, samples_dir, tmp_path):
    """bench/bench_load.py --postgres, short: `kabar serve` as a real process over PostgreSQL, 10 clients for 5 s
    mixing ingests with reads, so pooled readers and the writer's own connection run at once. No request may
    fail; every acknowledged article is in the store, placed, and listed by its event."""
    from kabar.engine import run
    from kabar.ingest import IngestLog
    from kabar.store import open_store

    url = pg_server.fresh_url()  # its own schema: the load writes into it
    with open_store(url) as store:
        run([str(samples_dir)], store, IngestLog())
    acknowledged = loaded_without_loss(url, tmp_path / "serve.log")
    with open_store(url) as store:
        events: dict[str, list[str]] = {}
        for article_id in acknowledged:
            events.setdefault(store.placement_of(article_id)[0], []).append(article_id)
        for event_id, ids in events.items():
            assert set(ids) <= set(store.get_event(event_id).articles)

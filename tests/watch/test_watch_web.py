"""The sources page and GET /api/sources: read-only, escaped, linked from the navigation."""

from __future__ import annotations

import warnings

from kabar.store.base import WatchSource, WatchUrl
from kabar.store.sqlite import SQLiteStore

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402

from kabar.web import create_app  # noqa: E402

HOSTILE = "<script>alert('x')</script>"


def test_sources_page_and_api(tmp_path):
    db = tmp_path / "k.db"
    with SQLiteStore(db) as store:
        store.save_watch_source(WatchSource("https://a.example/rss", "feed", f"Antara {HOSTILE}", polls=4,
                                            last_success="2026-11-23T10:00:00Z", links=7, articles=5, errors=1,
                                            last_error=f"HTTP 500 {HOSTILE}", last_error_at="2026-11-23T09:00:00Z"))
        store.save_watch_source(WatchSource("javascript:alert(1)", "sitemap"))
        store.add_watch_urls([WatchUrl(f"https://a.example/{n}", f"https://a.example/{n}", "https://a.example/rss")
                              for n in range(3)])
    client = TestClient(create_app(str(db), None))

    page = client.get("/sources")
    assert page.status_code == 200
    html = page.text
    assert HOSTILE not in html and "&lt;script&gt;" in html  # names and errors are escaped
    assert 'href="https://a.example/rss"' in html and 'href="javascript:' not in html
    assert '<a href="/sources">Sources</a>' in client.get("/").text

    api = client.get("/api/sources")
    assert api.status_code == 200
    rows = {r["url"]: r for r in api.json()}
    a = rows["https://a.example/rss"]
    assert (a["links"], a["articles"], a["errors"], a["pending"], a["failed"], a["polls"]) == (7, 5, 1, 3, 0, 4)
    assert a["last_error"] == f"HTTP 500 {HOSTILE}"  # JSON carries the text as it is; the page escapes it
    assert client.post("/api/sources").status_code == 405  # read-only
    assert "/api/sources" in client.get("/openapi.json").json()["paths"]

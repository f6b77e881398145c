"""Limits and guards of the web app (SECURITY.md lists them): every write needs the token, forms cannot
change state (so there is nothing to forge across sites), static files never leave their folder, bodies
are bounded in size and in time, articles in size and number, and an acknowledged article is stored."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount
from web_helpers import TOKEN

from kabar.ingest.base import MAX_ARTICLE_CHARS
from kabar.web import create_app
from kabar.web.api import MAX_INGEST_ARTICLES
from kabar.web.security import BodyLimit

TEMPLATES = Path(create_app.__code__.co_filename).parent / "templates"
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
TEXT = ("Banjir besar melanda Jakarta Utara pada Senin pagi dan merendam ratusan rumah warga di tepi sungai. "
        "Menurut petugas, sekitar 1.000 warga mengungsi ke masjid dan sekolah terdekat.")


@pytest.fixture()
def app(tmp_path):
    return create_app(str(tmp_path / "k.db"), TOKEN)


def _routes(routes, prefix: str = ""):
    """Every (method, path) of the app; FastAPI >= 0.160 keeps included routers nested."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes, prefix + route.include_context.prefix)
        else:
            for method in getattr(route, "methods", None) or ():
                yield method, prefix + route.path


def _write_routes(app) -> list[tuple[str, str]]:
    return sorted({(m, p) for m, p in _routes(app.routes) if m not in READ_METHODS})


def test_every_write_route_needs_the_token(app):
    """Whatever routes are added later: a write without the bearer token is refused before it runs."""
    assert ("GET", "/api/articles/{article_id}") in set(_routes(app.routes))  # the walk sees every route
    writes = _write_routes(app)
    assert ("POST", "/api/ingest") in writes
    client = TestClient(app)
    for method, path in writes:
        url = re.sub(r"\{[^}]+\}", "x", path)
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
            r = client.request(method, url, json={"articles": [{"text": TEXT}]}, headers=headers)
            assert r.status_code == 401, (method, path, headers, r.status_code)
    with TestClient(create_app(str(Path(app.state.db.path).with_name("ro.db")), None)) as read_only:
        for method, path in writes:
            r = read_only.request(method, re.sub(r"\{[^}]+\}", "x", path), json={"articles": [{"text": TEXT}]},
                                  headers={"Authorization": f"Bearer {TOKEN}"})
            assert r.status_code == 403, (method, path)
    assert TestClient(app).get("/api/health").json()["counts"]["articles"] == 0  # nothing was written


def test_forms_only_read_so_there_is_nothing_to_forge():
    """CSRF: the only state change is POST /api/ingest, which needs a header a browser never adds by
    itself; every HTML form is a GET (search and filters)."""
    forms = [(t.name, m) for t in TEMPLATES.glob("*.html") for m in re.findall(r"<form\b[^>]*>", t.read_text())]
    assert forms, "templates have forms (search, filters)"
    for name, tag in forms:
        assert re.search(r'method="get"', tag, re.I), f"{name}: {tag} is not a GET form"


def test_pages_refuse_post(app):
    client = TestClient(app)
    for path in ("/", "/search", "/outlets", "/api"):
        assert client.post(path, data={"q": "x"}).status_code == 405, path


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2fsecurity.py",
    "/static/....//app.py", "/static/%252e%252e/app.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/..%5capp.py", "/static/kabar.css%00.py", "/static/../../../../etc/passwd",
])
def test_static_files_never_leave_their_folder(app, path):
    r = TestClient(app).get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "import" not in r.text and "root:" not in r.text
    assert TestClient(app).get("/static/kabar.css").status_code == 200


def test_article_over_the_size_limit_is_skipped_by_position(app):
    client = TestClient(app)
    big = {"text": ("kata " * (MAX_ARTICLE_CHARS // 5 + 10))}
    r = client.post("/api/ingest", json={"articles": [big, {"text": TEXT}]}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [p["index"] for p in body["skipped"]] == [0] and "limit" in body["skipped"][0]["message"]
    assert body["new"] == 1 and len(body["articles"]) == 1


def test_too_many_articles_in_one_request(app):
    r = TestClient(app).post("/api/ingest", json={"articles": [{"text": TEXT}] * (MAX_INGEST_ARTICLES + 1)},
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413


def test_boilerplate_only_article_is_not_acknowledged(app):
    """An id in `articles` means "stored": an article cleaning empties is listed in `skipped` instead."""
    client = TestClient(app)
    junk = {"text": "Baca juga: Banjir Jakarta Meluas\nSimak video pilihan di bawah ini."}
    r = client.post("/api/ingest", json={"articles": [junk, {"text": TEXT}]},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    body = r.json()
    assert r.status_code == 200 and len(body["articles"]) == 1, body
    assert [p["index"] for p in body["skipped"]] == [0] and "cleaning" in body["skipped"][0]["message"]
    for article_id in body["articles"]:
        assert client.get(f"/api/articles/{article_id}").status_code == 200


def test_a_body_that_never_finishes_arriving_gets_408():
    """Slow-body guard, on the ASGI middleware itself: a client that sends headers and then trickles
    (here: nothing) is answered 408 when the time is up, and the app behind never runs."""
    ran, sent = [], []

    async def app(scope, receive, send):
        ran.append(scope["path"])

    async def never():
        await asyncio.sleep(3600)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/ingest", "headers": [(b"content-length", b"100")]}
    asyncio.run(BodyLimit(app, max_seconds=0.2)(scope, never, send))
    assert not ran and sent[0]["status"] == 408 and b"not received" in sent[1]["body"]


def test_loopback_server_refuses_foreign_host_headers(tmp_path):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example."""
    from kabar.web.app import LOOPBACK_HOSTS

    client = TestClient(create_app(str(tmp_path / "k.db"), TOKEN, allowed_hosts=LOOPBACK_HOSTS))
    assert client.get("/api/health", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/health", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    r = client.post("/api/ingest", json={"articles": [{"text": TEXT}]},
                    headers={"Host": "evil.example", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400


def test_mounts_are_only_the_static_folder(app):
    mounts = [r for r in app.routes if isinstance(r, Mount)]
    assert [m.path for m in mounts] == ["/static"]

"""Article text is hostile input: markup in titles, bodies, URLs and outlet names must come out as text.

Pages are checked for any live markup that could run script (tags, event-handler attributes,
javascript: links); the API must return the strings unchanged, as JSON, never as HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from web_helpers import TOKEN, ingest

from kabar.web import create_app

BODY = (
    "Banjir besar melanda Jakarta Utara pada Senin pagi <script>alert(document.cookie)</script> dan merendam "
    "ratusan rumah warga di tepi sungai.\n"
    '<div onmouseover="alert(2)">Menurut petugas, sekitar 1.000 warga mengungsi ke masjid dan sekolah '
    "<b>terdekat</i> tanpa penutup <a href=\"javascript:alert(3)\">tautan</a>.\n"
    '"><svg onload=alert(4)><img src=x onerror=alert(5)> Gubernur mengatakan bantuan logistik sudah dikirim '
    "ke seluruh posko pengungsian sejak Senin siang.\n"
    "</textarea><iframe src=//evil.example></iframe> {{ 7*7 }} Warga berharap air segera surut agar mereka "
    "dapat kembali ke rumah dan membersihkan lumpur."
)
HOSTILE = [
    {"title": '<script>alert("title")</script> Banjir <img src=x onerror=alert(1)> "quoted" \'single\'',
     "text": BODY, "url": "javascript:alert(6)", "source": '<b>evil</b>.example"><script>alert(7)</script>',
     "published": "2025-01-06T08:00:00"},
    {"title": "Banjir Jakarta: </title><script>alert(8)</script>",
     "text": BODY.replace("Senin", "Selasa") + "\nPetugas menambah pompa air <style>body{display:none}</style>.",
     "url": "https://news.example/banjir?a=1&b=<x>", "source": "news.example", "published": "2025-01-07T09:00:00"},
]

# Tags the hostile articles contain and the templates never use.
FORBIDDEN_TAGS = {"script", "img", "iframe", "style", "textarea", "object", "embed"}


class _Markup(HTMLParser):
    """Collects what a browser would see as markup: tags and their attributes (escaped text is data)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[TestClient, dict]:
    db = tmp_path_factory.mktemp("hostile") / "k.db"
    client = TestClient(create_app(str(db), TOKEN))
    result = ingest(client, HOSTILE)
    assert result["new"] == 2 and not result["skipped"]
    return client, result


def _assert_inert(html: str, where: str) -> None:
    """No tag the page's own templates do not use, no event handler, no javascript: link."""
    parser = _Markup()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in FORBIDDEN_TAGS, f"{where}: live <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"{where}: event handler {name}= on <{tag}>"
            assert not (value or "").strip().lower().startswith("javascript:"), f"{where}: {name}={value!r}"


def test_pages_escape_hostile_text(hostile):
    client, result = hostile
    first, second = result["articles"]
    story = client.get(f"/api/articles/{first}").json()["story"]
    outlet = client.get(f"/api/articles/{first}").json()["source"]
    pages = ["/", f"/stories/{story}", f"/articles/{first}", f"/articles/{second}", "/outlets",
             f"/outlets/{quote(outlet, safe='')}", "/search?q=banjir", "/search?q=" + quote("<script>banjir")]
    links = client.get(f"/api/articles/{second}/copies").json()
    pages += [f"/copies/{c['original']}/{c['copy']}" for c in links]
    for path in pages:
        r = client.get(path)
        assert r.status_code == 200, path
        assert "default-src 'none'" in r.headers["content-security-policy"]
        _assert_inert(r.text, path)
    article = client.get(f"/articles/{first}").text
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article  # the title, shown as text
    assert "&lt;b&gt;evil&lt;/b&gt;.example&#34;&gt;" in article  # the outlet name too
    assert "{{ 7*7 }}" in article  # data is never evaluated as a template
    assert "javascript:alert(6)" in article  # the bad URL is shown as text, not linked
    assert 'href="https://news.example/banjir?a=1&amp;b=&lt;x&gt;"' in client.get(f"/articles/{second}").text


def test_api_returns_hostile_strings_unchanged_as_json(hostile):
    client, result = hostile
    r = client.get(f"/api/articles/{result['articles'][0]}")
    assert r.headers["content-type"] == "application/json" and r.headers["x-content-type-options"] == "nosniff"
    body = r.json()
    assert body["title"] == HOSTILE[0]["title"] and body["url"] == HOSTILE[0]["url"]
    assert body["source"] == HOSTILE[0]["source"]
    found = client.get("/api/search", params={"q": "<script>banjir</script>"}).json()
    assert found["total"] == 2 and found["query"] == "<script>banjir</script>"


def test_hostile_query_strings_on_pages_are_escaped(hostile):
    client, _ = hostile
    r = client.get("/search", params={"q": '"><script>alert(9)</script>', "since": "<img src=x onerror=alert(1)>"})
    assert r.status_code == 200
    _assert_inert(r.text, "/search")
    assert "&#34;&gt;&lt;script&gt;" in r.text
    r = client.get("/stories/" + quote("<script>alert(1)</script>", safe=""))
    assert r.status_code == 404
    _assert_inert(r.text, "404 page")

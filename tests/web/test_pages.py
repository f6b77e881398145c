"""Server-rendered pages: each works without JavaScript, shows what the issue asks, and GET changes nothing."""

from __future__ import annotations

import re

import pytest


def _story(client) -> dict:
    return client.get("/api/stories").json()[0]


def _copy(client) -> dict:
    return client.get(f"/api/stories/{_story(client)['id']}").json()["copies"][0]


def test_no_page_has_a_script_or_inline_style(dated_client):
    story = _story(dated_client)
    c = _copy(dated_client)
    for path in ("/", f"/stories/{story['id']}", f"/articles/{c['copy']}", f"/copies/{c['original']}/{c['copy']}",
                 "/outlets", "/outlets/outlet-000.example", "/search?q=Lavrov", "/api", "/nope"):
        r = dated_client.get(path)
        assert r.status_code == (404 if path == "/nope" else 200), path
        assert r.headers["content-type"].startswith("text/html")
        html = r.text.lower()
        assert "<script" not in html and " style=" not in html and "<style" not in html, path


def test_story_list_counts_filters_and_chart(dated_client):
    html = dated_client.get("/").text
    story = _story(dated_client)
    assert f'href="/stories/{story["id"]}"' in html
    assert "<svg" in html and 'class="bar"' in html  # coverage chart and sparklines
    assert "2025-07-12 – 2025-07-13" in html
    assert "No stories match" in dated_client.get("/?day=2025-07-20").text
    assert story["id"] in dated_client.get("/?since=2025-07-12&until=2025-07-12&source=outlet-002.example").text
    bad = dated_client.get("/?day=kemarin&since=&until=")  # empty form fields are no filter; a bad date is said
    assert bad.status_code == 200 and "is not a date" in bad.text


def test_story_page_has_cited_summary_timeline_facts_and_copy_graph(dated_client):
    story = _story(dated_client)
    doc = dated_client.get(f"/api/stories/{story['id']}").json()
    html = dated_client.get(f"/stories/{story['id']}").text
    cites = re.findall(r'<a class="cite" href="/articles/([0-9a-f]+)"', html)
    assert cites and set(cites) <= {a["id"] for a in doc["articles"]}
    assert 'class="timeline"' in html and "12 Jul 2025" in html
    assert '<tbody class="conflict">' in html and "intelijen Ukraina" in html  # conflicting figure, attributed
    assert "Quotes" in html and "Entities" in html and "Outlets covering it" in html
    c = doc["copies"][0]
    assert f'href="/copies/{c["original"]}/{c["copy"]}"' in html and 'class="graph"' in html
    assert 'class="edge partial"' in html


def test_article_page_shows_removed_spans_and_copy_links(dated_client):
    c = _copy(dated_client)
    arts = {a["id"]: a for a in dated_client.get("/api/articles", params={"limit": 10}).json()}
    spam = next(a for a in arts.values() if any(s["reason"].startswith("spam") for s in a["removed"]))
    html = dated_client.get(f"/articles/{spam['id']}").text
    assert "<details" in html and "INITOGEL" in html and 'class="badge reason"' in html  # removed, on demand
    assert "INITOGEL" not in html.split("<details")[0].split('class="text"')[1]  # not in the clean text
    html = dated_client.get(f"/articles/{c['copy']}").text
    assert f'href="/copies/{c["original"]}/{c["copy"]}"' in html and "This article copies" in html
    assert 'rel="noopener noreferrer nofollow"' in html  # the article's own http(s) URL is a safe link


def test_compare_page_aligns_sentences_and_marks_changed_words(dated_client):
    c = _copy(dated_client)
    html = dated_client.get(f"/copies/{c['original']}/{c['copy']}").text
    assert html.count("<tr>") >= len(c["sentences"]) and "<del>" in html and "<ins>" in html
    assert dated_client.get(f"/copies/{c['copy']}/{c['original']}").status_code == 404  # direction matters


def test_outlet_pages_show_share_and_sources(dated_client):
    c = _copy(dated_client)
    copier = dated_client.get(f"/api/articles/{c['copy']}").json()["source"]
    original = dated_client.get(f"/api/articles/{c['original']}").json()["source"]
    html = dated_client.get("/outlets").text
    assert html.count("100% copied") == 1 and html.count("0% copied") == 5 and 'class="share"' in html
    html = dated_client.get(f"/outlets/{copier}").text
    assert "Copied from" in html and f'href="/outlets/{original}"' in html and "1</b> copying" in html


def test_search_page_highlights_stemmed_matches(dated_client):
    html = dated_client.get("/search", params={"q": "mengirim"}).text
    # mengirim, pengiriman, dikirim share the stem kirim (none contains it as a substring)
    assert re.search(r"<mark>(mengirim\w*|pengiriman|dikirim\w*)</mark>", html)
    assert "stems: kirim" in html
    assert dated_client.get("/search", params={"q": ""}).status_code == 200
    assert "only stopwords" in dated_client.get("/search", params={"q": "yang dan"}).text


@pytest.mark.parametrize("path", ["/", "/search?q=Lavrov", "/outlets", "/api"])
def test_get_pages_do_not_write(dated_client, path):
    before = dated_client.get("/api/health").json()["counts"]
    dated_client.get(path)
    assert dated_client.get("/api/health").json()["counts"] == before


def test_pages_answer_head_and_refuse_post(dated_client):
    assert dated_client.head("/").status_code == 200
    assert dated_client.post("/", data={"q": "x"}).status_code == 405

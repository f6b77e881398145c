"""Server-rendered pages: each works without JavaScript, shows what the issue asks, and GET changes nothing."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from fastapi.testclient import TestClient
from web_helpers import TOKEN, ingest, sample_articles

from kabar.web import create_app


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


def _section(html: str, section_id: str) -> str:
    start = html.index(f'<section id="{section_id}">')
    return html[start : html.index("</section>", start)]


def _items(fragment: str) -> list[tuple[str, list[str]]]:
    """(text, cited article ids) of each <li> of a summary list, the text unescaped as a reader sees it."""
    items = []
    for li in re.findall(r"<li>(.*?)</li>", fragment, re.S):
        cited = re.findall(r'<a class="cite" href="/articles/([0-9a-f]+)"', li)
        items.append((htmllib.unescape(re.sub(r"\s*<a class=\"cite\".*", "", li, flags=re.S)), cited))
    return items


def test_story_page_shows_the_exported_story_summary_timeline_and_facts(samples_client):
    """The story-level digest on the page is the export's StoryOut (same sentences, same citations, same
    facts), over the samples store made by `kabar run`."""
    story_id = _story(samples_client)["id"]
    doc = samples_client.get(f"/api/stories/{story_id}").json()
    exported = doc["stories"][0]
    html = samples_client.get(f"/stories/{story_id}").text

    summary = _items(_section(html, "story-summary"))
    assert len(summary) == len(exported["summary"]) >= 5  # more than the event's summary: the whole story
    for (text, cited), want in zip(summary, exported["summary"], strict=True):
        assert text == want["text"] and set(cited) == set(want["cites"])  # every citation links its article

    (entry,) = exported["timeline"]
    assert entry["lead"]["text"] in htmllib.unescape(html.split("<h2>Timeline</h2>")[1].split("</section>")[0])

    facts = _section(html, "story-facts")
    assert facts.count("<tbody") == len(exported["facts"]) and '<tbody class="conflict">' in facts
    for f in exported["facts"]:
        for c in f["claims"]:
            assert c["text"] in htmllib.unescape(facts)
            assert f'href="/articles/{c["article"]}"' in facts
    assert "intelijen Ukraina" in facts  # conflicting troop counts, each with its attribution
    # One event: its facts are the story's, linked rather than repeated.
    event = html.split('<section class="event"')[1].split("</section>")[0]
    assert 'href="#story-facts"' in event and '<table class="data facts">' not in event


def test_hostile_text_in_the_story_summary_is_escaped(tmp_path, sample_files):
    """Article text that reaches the story summary (and its citations) is shown as text, never markup."""
    hostile = "<img src=x onerror=alert(1)>"
    articles = sample_articles(sample_files)
    for a in articles:  # the sentence of sample 003 that the story summary picks
        a["text"] = a["text"].replace("pada Jumat (11/7), dalam", f"pada Jumat (11/7) {hostile}, dalam")
    client = TestClient(create_app(str(tmp_path / "k.db"), TOKEN))
    ingest(client, articles)
    story_id = _story(client)["id"]
    exported = client.get(f"/api/stories/{story_id}").json()["stories"][0]["summary"]
    assert any(hostile in s["text"] for s in exported)  # the API gives it unchanged, as JSON
    html = client.get(f"/stories/{story_id}").text
    summary = _section(html, "story-summary")
    assert "(11/7) &lt;img src=x onerror=alert(1)&gt;, dalam" in summary
    assert any(hostile in text for text, _ in _items(summary))  # a reader sees exactly what the article says
    assert "<img" not in html


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


def _times(html: str) -> list[str]:
    """The 'Dates mentioned' list of an article page, each item as a reader sees it."""
    fragment = html.split('<section class="times">')[1].split("</section>")[0]
    return [htmllib.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li>(.*?)</li>", fragment, re.S)]


def test_article_page_lists_time_expressions_resolved_against_publication(dated_client):
    """Sample 003, published 12 Jul 2025: each expression as written and the date it stands for."""
    (art,) = dated_client.get("/api/articles", params={"source": "outlet-003.example"}).json()
    assert ("Jumat (11/7)", "2025-07-11") in {(t["text"], t["value"]) for t in art["times"]}  # also in the API
    items = _times(dated_client.get(f"/articles/{art['id']}").text)
    assert "Sabtu (12/7/2025) → 2025-07-12" in items  # written in full
    assert "Jumat (11/7) → 2025-07-11 · relative to the publication date" in items
    assert "November 2024 → 2024-11 (2024-11-01 – 2024-11-30)" in items  # a month: its days too
    assert "Rabu → 2025-07-09 · relative to the publication date" in items
    assert len(items) == len({(t["text"], t["value"], t["low"], t["high"]) for t in art["times"]})  # no repeats
    (other,) = dated_client.get("/api/articles", params={"source": "outlet-001.example"}).json()
    items = _times(dated_client.get(f"/articles/{other['id']}").text)
    assert "lebih dari tiga tahun lalu → until 2022-07-12 · relative to the publication date" in items  # open
    assert "akhir Juni lalu → 2025-06-21 – 2025-06-30 · relative to the publication date" in items  # a range


def test_article_page_says_when_a_time_cannot_be_resolved(samples_client):
    """The samples as `kabar run` reads them carry no publication date: relative expressions stay unresolved,
    and a repeated one is listed once with its count."""
    (story,) = samples_client.get("/api/stories").json()
    doc = samples_client.get(f"/api/stories/{story['id']}").json()
    art = next(a for a in doc["articles"] if any(t["text"] == "Juni lalu" for t in a["times"]))
    items = _times(samples_client.get(f"/articles/{art['id']}").text)
    repeats = sum(t["text"] == "Juni lalu" for t in art["times"])
    assert repeats == 3
    assert "Juni lalu → not resolved: relative, and the article has no publication date · ×3" in items

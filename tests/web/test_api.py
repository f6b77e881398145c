"""The JSON API: shapes of DESIGN §4 (validated by kabar.schema), filters, errors, ingest and its guards."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import TOKEN, ingest, sample_articles

from kabar.schema import (
    ArticleOut,
    CopyOut,
    EventOut,
    Export,
    FactOut,
    OutletDetailOut,
    SearchOut,
    StoryListItemOut,
)
from kabar.web import create_app


def test_health_and_openapi(samples_client):
    r = samples_client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["counts"]["articles"] == 5 and body["ingest_enabled"] is False
    spec = samples_client.get("/openapi.json").json()
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/events/{event_id}", "/api/events/{event_id}/facts",
                 "/api/articles", "/api/articles/{article_id}", "/api/articles/{article_id}/copies", "/api/outlets",
                 "/api/outlets/{source}", "/api/search", "/api/ingest", "/api/health"):
        assert path in spec["paths"], path
    assert not any(p.startswith(("/stories", "/copies")) for p in spec["paths"])  # pages are not API


def test_story_event_article_copies_facts_follow_the_export_contract(samples_client):
    stories = [StoryListItemOut.model_validate(s) for s in samples_client.get("/api/stories").json()]
    assert len(stories) == 1
    s = stories[0]
    assert s.article_count == 5 and s.outlet_count == 5 and len(s.events) == 1
    doc = Export.model_validate(samples_client.get(f"/api/stories/{s.id}").json())
    assert len(doc.articles) == 5 and len(doc.events) == 1 and doc.stories[0].id == s.id
    event = EventOut.model_validate(samples_client.get(f"/api/events/{s.events[0]}").json())
    assert event.summary and all(c in {a.id for a in doc.articles} for line in event.summary for c in line.cites)
    facts = [FactOut.model_validate(f) for f in samples_client.get(f"/api/events/{event.id}/facts").json()]
    assert any(f.status == "conflict" and "tentara" in f.subject for f in facts)  # the troop counts differ
    conflicts = samples_client.get(f"/api/events/{event.id}/facts", params={"status": "conflict"}).json()
    assert conflicts and all(f["status"] == "conflict" for f in conflicts)
    copy = doc.copies[0]
    article = ArticleOut.model_validate(samples_client.get(f"/api/articles/{copy.copy_}").json())
    assert article.event == event.id and article.story == s.id
    links = [CopyOut.model_validate(c) for c in samples_client.get(f"/api/articles/{copy.copy_}/copies").json()]
    assert links[0].original == copy.original and links[0].kind == "partial" and links[0].sentences
    listed = samples_client.get("/api/articles", params={"limit": 2}).json()
    assert len(listed) == 2 and all(ArticleOut.model_validate(a) for a in listed)


def test_outlets_count_originals_and_copies(samples_client):
    outlets = samples_client.get("/api/outlets").json()
    assert len(outlets) == 5 and sum(o["copies"] for o in outlets) == 1
    copier = next(o for o in outlets if o["copies"])
    assert copier["originals"] == copier["articles"] - 1
    detail = OutletDetailOut.model_validate(samples_client.get(f"/api/outlets/{copier['source']}").json())
    assert [x.kind for x in detail.copied_from] == ["partial"] and not detail.copied_by
    original = detail.copied_from[0].original_source
    back = OutletDetailOut.model_validate(samples_client.get(f"/api/outlets/{original}").json())
    assert back.copied_by[0].copy_source == copier["source"]


def test_search_uses_stems_and_numbers(samples_client):
    # "mengirim" and "pengiriman"/"dikirim" share the stem "kirim".
    hits = SearchOut.model_validate(samples_client.get("/api/search", params={"q": "mengirim tentara"}).json())
    assert hits.terms == ["kirim", "tentara"] and hits.total >= 2
    assert all("kirim" in h.snippet.lower() or "tentara" in h.snippet.lower() for h in hits.hits)
    with_dots = samples_client.get("/api/search", params={"q": "6.000"}).json()
    without = samples_client.get("/api/search", params={"q": "6000"}).json()
    assert with_dots["total"] == without["total"] >= 2
    assert samples_client.get("/api/search", params={"q": "zzzqqq"}).json()["total"] == 0
    # FTS5 syntax in a query is just words.
    assert samples_client.get("/api/search", params={"q": 'NEAR("a" OR) * title: ^'}).status_code == 200


def test_date_and_outlet_filters(dated_client):
    assert len(dated_client.get("/api/stories", params={"day": "2025-07-12"}).json()) == 1
    assert dated_client.get("/api/stories", params={"day": "2025-07-14"}).json() == []
    assert len(dated_client.get("/api/stories", params={"since": "2025-07-13", "until": "2025-07-20"}).json()) == 1
    assert dated_client.get("/api/stories", params={"until": "2025-07-11"}).json() == []
    assert len(dated_client.get("/api/stories", params={"source": "outlet-003.example"}).json()) == 1
    assert dated_client.get("/api/stories", params={"source": "nobody"}).json() == []
    story = dated_client.get("/api/stories").json()[0]
    assert story["days"] == {"2025-07-12": 3, "2025-07-13": 2}
    assert story["first_published"].startswith("2025-07-12") and story["last_published"].startswith("2025-07-13")
    arts = dated_client.get("/api/articles", params={"day": "2025-07-13"}).json()
    assert len(arts) == 2 and arts[0]["published"] >= arts[1]["published"]  # newest first
    found = dated_client.get("/api/search", params={"q": "Lavrov", "source": "outlet-001.example"}).json()
    assert found["total"] == 1 and found["hits"][0]["source"] == "outlet-001.example"
    assert dated_client.get("/api/search", params={"q": "Lavrov", "since": "2025-07-13"}).json()["total"] == 2


def test_errors_are_json_with_the_right_status(samples_client):
    assert samples_client.get("/api/stories/nope").status_code == 404
    assert samples_client.get("/api/events/nope").json() == {"detail": "no such event"}
    assert samples_client.get("/api/articles/nope/copies").status_code == 404
    assert samples_client.get("/api/outlets/nope").status_code == 404
    assert samples_client.get("/api/stories", params={"limit": 0}).status_code == 422
    assert samples_client.get("/api/stories", params={"day": "12/07/2025"}).status_code == 422
    assert samples_client.get("/api/search").status_code == 422


def test_ingest_needs_a_configured_token_and_the_right_one(tmp_path, sample_files):
    article = sample_articles(sample_files)[:1]
    closed = TestClient(create_app(str(tmp_path / "a.db"), None))
    assert closed.post("/api/ingest", json={"articles": article}).status_code == 403
    assert closed.post("/api/ingest", json={"articles": article},
                       headers={"Authorization": "Bearer anything"}).status_code == 403
    app = TestClient(create_app(str(tmp_path / "b.db"), TOKEN))
    r = app.post("/api/ingest", json={"articles": article})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert app.post("/api/ingest", json={"articles": article},
                    headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert app.post("/api/ingest", json={"articles": article},
                    headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert app.get("/api/health").json()["counts"]["articles"] == 0


def test_ingest_runs_the_pipeline_and_is_idempotent(store_url, sample_files):
    client = TestClient(create_app(store_url, TOKEN))  # a new SQLite file, or a new PostgreSQL schema
    articles = sample_articles(sample_files)
    first = ingest(client, articles + [{"text": "   "}])
    assert first["received"] == 6 and first["new"] == 5 and first["placed"] == 5 and first["copies"] == 1
    assert [p["index"] for p in first["skipped"]] == [5]
    again = ingest(client, articles)
    assert again["new"] == 0 and again["placed"] == 0 and again["articles"] == first["articles"]
    counts = client.get("/api/health").json()["counts"]
    assert counts["articles"] == 5 and counts["stories"] == 1
    assert client.get("/api/search", params={"q": "Wonsan"}).json()["total"] >= 3  # indexed on ingest
    bad = client.post("/api/ingest", json={"articles": [{"title": "no text"}]},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 422


def test_request_body_limit(tmp_path):
    client = TestClient(create_app(str(tmp_path / "k.db"), TOKEN, max_body=2000))
    big = {"articles": [{"text": "kata " * 1000}]}
    r = client.post("/api/ingest", json=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 413

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(10):
            yield b" " * 500

    r = client.post("/api/ingest", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}",
                                                              "Content-Type": "application/json"})
    assert r.status_code == 413


def test_security_headers_on_every_response(samples_client):
    for path in ("/", "/api/health", "/api/nope", "/static/kabar.css"):
        r = samples_client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp  # no script may run at all
        assert r.headers["x-content-type-options"] == "nosniff"


def test_regression_day_filter_rejects_numeric_timestamps(samples_client):
    """schemathesis found `?day=1.1e-308` accepted (pydantic read it as a Unix timestamp): the API
    promises YYYY-MM-DD only."""
    for bad in ("1.1125369292536007e-308", "1700000000", "2019-02-30", "10-09-2019"):
        assert samples_client.get(f"/api/articles?day={bad}").status_code == 422, bad
        assert samples_client.get(f"/api/stories?since={bad}").status_code == 422, bad
    assert samples_client.get("/api/articles?day=2025-07-12").status_code == 200


def test_events_listing_pages_through_the_store_in_first_publication_order(tmp_path):
    # Regression: /api/events decoded every event of the store to return one page (1.6 s at 22k articles).
    from itertools import islice

    from kabar.engine import ingest_articles, place
    from kabar.eval.datasets import iter_clickid_articles
    from kabar.store.sqlite import SQLiteStore

    db = tmp_path / "dev.db"
    with SQLiteStore(db) as store:
        ingest_articles(islice(iter_clickid_articles(), 40), store)
        place(store)
        every = [e.id for e in store.events()]
    client = TestClient(create_app(str(db), None))
    assert len(every) > 10
    paged = [e["id"] for k in range(0, len(every) + 7, 7)
             for e in client.get("/api/events", params={"limit": 7, "offset": k}).json()]
    assert paged == every
    firsts = [EventOut.model_validate(e).first_published or "~" for e in client.get("/api/events").json()]
    assert firsts == sorted(firsts)

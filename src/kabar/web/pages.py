"""Server-rendered pages. Every page works without JavaScript; GET never changes anything.

Pages read the store through the same library functions as the CLI and the report
(kabar.report.story_context, the store's listing/search methods)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from kabar.model import Article, Event
from kabar.report import format_number, story_context
from kabar.web.api import date_bounds
from kabar.web.db import Database
from kabar.web.svg import copy_graph, coverage_chart
from kabar.web.text import (
    best_snippet,
    highlight,
    paragraphs,
    removed_segments,
    safe_url,
    time_rows,
    word_diff,
)

PER_PAGE = 25
GET = ["GET", "HEAD"]  # HEAD too: link checkers and `curl -I` should not see 405
TEMPLATES = Path(__file__).parent / "templates"


def when(iso: str | None) -> str:
    """'2025-07-12T10:05:00+07:00' → '12 Jul 2025 10:05'; what does not parse is shown as it is."""
    if not iso:
        return "undated"
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    text = f"{dt.day} {dt:%b %Y}"
    return f"{text} {dt:%H:%M}" if len(iso) > 10 else text


def _environment() -> Environment:
    # autoescape=True for every template, whatever its extension: article text is hostile input.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(num=format_number, when=when, day=lambda iso: (iso or "")[:10] or "undated", safe_url=safe_url,
                       seg=lambda s: quote(str(s), safe=""))
    env.filters["counted"] = lambda n, one, many=None: f"{n} {one if n == 1 else (many or one + 's')}"
    env.globals["query"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")})
    return env


templates = Jinja2Templates(env=_environment())
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Page = Annotated[int, Query(ge=1, le=1_000_000)]
Text = Annotated[str, Query(max_length=500)]


def _render(request: Request, name: str, status: int = 200, **ctx: Any) -> Response:
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def _db(request: Request) -> Database:
    return request.app.state.db


def _days(day: str, since: str, until: str) -> tuple[tuple[str | None, str | None], list[str]]:
    """Date filters from a GET form, where an empty field means no filter; bad dates become messages."""
    parsed: dict[str, date | None] = {}
    problems = []
    for name, value in (("day", day), ("since", since), ("until", until)):
        try:
            parsed[name] = date.fromisoformat(value) if value.strip() else None
        except ValueError:
            parsed[name] = None
            problems.append(f"'{value}' is not a date (YYYY-MM-DD); the {name} filter is ignored")
    return date_bounds(parsed["day"], parsed["since"], parsed["until"]), problems


def _pages(total: int, page: int) -> dict[str, int]:
    last = max(1, -(-total // PER_PAGE))
    return {"page": min(page, last), "last": last, "total": total}


@router.api_route("/", methods=GET)
def index(request: Request, day: Text = "", since: Text = "", until: Text = "", source: Text = "",
          page: Page = 1) -> Response:
    (lo, hi), problems = _days(day, since, until)
    with _db(request).store() as store:
        total, rows = store.story_rows(since=lo, until=hi, source=source or None, limit=PER_PAGE,
                                       offset=(page - 1) * PER_PAGE)
        outlets = store.sources()
        counts = store.counts()
    overall: dict[str, int] = {}
    for r in rows:
        for d, n in r.days.items():
            overall[d] = overall.get(d, 0) + n
    return _render(
        request, "index.html", rows=rows, sparks={r.id: coverage_chart(r.days, 140, 26, max_slot=140) for r in rows},
        chart=coverage_chart(overall), outlets=outlets, counts=counts, problems=problems, pages=_pages(total, page),
        filters={"day": day, "since": since, "until": until, "source": source},
    )


@router.api_route("/stories/{story_id}", methods=GET)
def story_page(request: Request, story_id: str) -> Response:
    with _db(request).store() as store:
        try:
            ctx = story_context(store, story_id)
        except KeyError:
            raise HTTPException(404, "No such story.") from None
    arts = ctx["articles"]
    days: dict[str, int] = {}
    for a in arts:
        if a.published:
            days[a.published[:10]] = days.get(a.published[:10], 0) + 1
    # The story's summary, timeline and facts are ctx["digest"]: computed once by story_context with the
    # function the export's StoryOut uses (kabar.summarize.story.build_story_digest), never again here.
    digest = ctx["digest"]
    events = {e.id: e for e in ctx["events"]}
    timeline = [{"entry": t, "articles": _by_time(events[t.event], ctx)} for t in digest.timeline if t.event in events]
    # An event whose facts are the story's (a one-event story) links to them instead of repeating the table.
    same_facts = {e.id for e in ctx["events"] if e.facts and e.facts == digest.facts}
    copied = {c.copy for c in ctx["copies"]}
    return _render(request, "story.html", chart=coverage_chart(days), timeline=timeline, copied=copied,
                   same_facts=same_facts, graph=copy_graph(arts, ctx["numbers"], ctx["copies"]), **ctx)


def _by_time(event: Event, ctx: dict[str, Any]) -> list[Article]:
    """The event's articles, earliest first (undated last, then in citation order)."""
    by_id, numbers = ctx["by_id"], ctx["numbers"]
    return sorted((by_id[i] for i in event.articles if i in by_id),
                  key=lambda a: (a.published is None, a.published or "", numbers[a.id]))


@router.api_route("/articles/{article_id}", methods=GET)
def article_page(request: Request, article_id: str) -> Response:
    with _db(request).store() as store:
        a = store.get_article(article_id)
        if a is None:
            raise HTTPException(404, "No such article.")
        event_id, story_id = store.placement_of(a.id)
        event = store.get_event(event_id) if event_id else None
        story = store.get_story(story_id) if story_id else None
        links = store.copy_links([a.id])
        others = {o.id: o for o in store.iter_articles({i for c in links for i in (c.original, c.copy)} - {a.id})}
    return _render(
        request, "article.html", a=a, event=event, story=story, paragraphs=paragraphs(a.text), times=time_rows(a.times),
        removed=removed_segments(a.raw_text, a.removed),
        copies_of=[(c, others.get(c.original)) for c in links if c.copy == a.id],
        copied_by=[(c, others.get(c.copy)) for c in links if c.original == a.id],
    )


@router.api_route("/copies/{original_id}/{copy_id}", methods=GET)
def compare_page(request: Request, original_id: str, copy_id: str) -> Response:
    with _db(request).store() as store:
        link = next((c for c in store.copy_links([copy_id]) if c.original == original_id and c.copy == copy_id), None)
        original, copy = store.get_article(original_id), store.get_article(copy_id)
    if link is None or original is None or copy is None:
        raise HTTPException(404, "No such copy link.")
    rows = []
    for i, j in link.sentences:
        if i < len(original.sentences) and j < len(copy.sentences):
            left, right = word_diff(original.sentences[i].text, copy.sentences[j].text)
            rows.append({"i": i, "j": j, "left": left, "right": right})
    aligned = {j for _, j in link.sentences}
    unaligned = [(j, s.text) for j, s in enumerate(copy.sentences) if j not in aligned]
    return _render(request, "compare.html", link=link, original=original, copy=copy, rows=rows, unaligned=unaligned)


@router.api_route("/outlets", methods=GET)
def outlets_page(request: Request) -> Response:
    with _db(request).store() as store:
        rows = store.outlet_rows()
    return _render(request, "outlets.html", rows=rows)


@router.api_route("/outlets/{source:path}", methods=GET)
def outlet_page(request: Request, source: str, page: Page = 1) -> Response:
    with _db(request).store() as store:
        row = next(iter(store.outlet_rows(source)), None)
        if row is None:
            raise HTTPException(404, "No such outlet.")
        links = store.outlet_links(source)
        total, arts = store.list_articles(source=source, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
        copies = {c.copy for c in store.copy_links([a.id for a in arts])}
    return _render(
        request, "outlet.html", o=row, articles=arts, copies=copies, pages=_pages(total, page),
        copied_from=[x for x in links if x.copy_source == source],
        copied_by=[x for x in links if x.original_source == source],
    )


@router.api_route("/search", methods=GET)
def search_page(request: Request, q: Text = "", source: Text = "", since: Text = "", until: Text = "",
                page: Page = 1) -> Response:
    (lo, hi), problems = _days("", since, until)
    with _db(request).store() as store:
        result = None
        placements = {}
        if q.strip():
            result = store.search(q, source=source or None, since=lo, until=hi, limit=PER_PAGE,
                                  offset=(page - 1) * PER_PAGE)
            placements = {h.article.id: store.placement_of(h.article.id) for h in result.hits}
        outlets = store.sources()

    hits = [
        {"a": h.article, "title": highlight(h.article.title, result.terms), "story": placements[h.article.id][1],
         "snippet": highlight(best_snippet(h.article, result.terms), result.terms)}
        for h in (result.hits if result else [])
    ]
    return _render(request, "search.html", q=q, result=result, hits=hits, outlets=outlets, problems=problems,
                   pages=_pages(result.total if result else 0, page),
                   filters={"q": q, "source": source, "since": since, "until": until})


@router.api_route("/api", methods=GET)
def api_page(request: Request) -> Response:
    spec = request.app.openapi()
    ops = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "description": (op.get("description") or "").split("\n\n")[0],
         "params": [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]}
        for path, methods in spec["paths"].items() for method, op in methods.items()
    ]
    return _render(request, "api.html", ops=ops)


def install_error_pages(app: FastAPI) -> None:
    """HTML error pages for the pages, JSON errors for the API (FastAPI's defaults)."""

    def is_page(request: Request) -> bool:
        path = request.url.path
        return not (path.startswith(("/api/", "/openapi", "/static/")))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not is_page(request):
            return await http_exception_handler(request, exc)
        return _render(request, "error.html", status=exc.status_code, status_code=exc.status_code, message=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if not is_page(request):
            return await request_validation_exception_handler(request, exc)
        message = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        return _render(request, "error.html", status=422, status_code=422, message=message)

"""The watched sources of `kabar watch`: a read-only page (/sources) and GET /api/sources."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel

from kabar.store.base import WatchSource
from kabar.web.pages import GET, templates


class WatchSourceOut(BaseModel):
    url: str
    kind: str
    name: str | None
    last_poll: str | None
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    errors_in_a_row: int
    polls: int
    links: int  # article URLs found in the feed or sitemap
    articles: int  # new articles stored from it
    errors: int
    pending: int
    failed: int


api_router = APIRouter(prefix="/api", tags=["api"])
page_router = APIRouter(include_in_schema=False)


def _rows(request: Request) -> list[WatchSourceOut]:
    with request.app.state.db.store() as store:
        sources, counts = store.watch_sources(), store.watch_url_counts()
    return [_out(s, counts.get(s.url, {})) for s in sources]


def _out(s: WatchSource, counts: dict[str, int]) -> WatchSourceOut:
    return WatchSourceOut(url=s.url, kind=s.kind, name=s.name, last_poll=s.last_poll, last_success=s.last_success,
                          last_error=s.last_error, last_error_at=s.last_error_at, errors_in_a_row=s.errors_in_a_row,
                          polls=s.polls, links=s.links, articles=s.articles, errors=s.errors,
                          pending=counts.get("pending", 0), failed=counts.get("failed", 0))


@api_router.get("/sources", response_model=list[WatchSourceOut])
def list_sources(request: Request) -> list[WatchSourceOut]:
    """Feeds and sitemaps polled by `kabar watch`: last success and error, links, articles, pending URLs."""
    return _rows(request)


@page_router.api_route("/sources", methods=GET)
def sources_page(request: Request) -> Response:
    return templates.TemplateResponse(request, "sources.html", {"rows": _rows(request)})

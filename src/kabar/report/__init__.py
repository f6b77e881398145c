"""Story reports: a self-contained HTML page (inline CSS, no scripts) or Markdown.

Article text is untrusted: the HTML template is rendered with autoescaping on.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from kabar.model import Event
from kabar.store.base import Store
from kabar.summarize.story import build_story_digest


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("kabar.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = format_number
    env.filters["safe_url"] = safe_url
    env.filters["md"] = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    return env


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a `javascript:` URL from an article stays text."""
    if not url:
        return None
    try:
        return url.strip() if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None
    except ValueError:
        return None


def format_number(v: float | None) -> str:
    """Indonesian style: 6.000 and 2,5."""
    if v is None:
        return "—"
    if abs(v - round(v)) < 1e-6:
        return f"{round(v):,}".replace(",", ".")
    return f"{v:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def story_context(store: Store, story_ref: str) -> dict[str, Any]:
    """Everything a story report shows. `story_ref` is a story id or 'top' (the largest story)."""
    if story_ref == "top":  # the store's listing query: reading every story's events took seconds at 22k
        top = store.story_rows(limit=1)[1]
        story_ref = top[0].id if top else story_ref
    story = store.get_story(story_ref)
    if story is None:
        raise KeyError(story_ref)
    events = [e for e in (store.get_event(i) for i in story.events) if e]
    events.sort(key=Event.chronological)
    article_ids = [a for e in events for a in e.articles]
    articles = {a.id: a for a in store.iter_articles(article_ids)}
    numbers = {aid: n for n, aid in enumerate(article_ids, 1)}  # citation numbers [1], [2] …
    for e in events:  # cite in reading order: [1][2][3]
        for s in e.summary:
            s.cites.sort(key=lambda a: numbers.get(a, 0))
        for q in e.quotes:
            q["articles"].sort(key=lambda a: numbers.get(a, 0))
    copies = [c for c in store.copy_links(article_ids) if c.original in articles and c.copy in articles]
    copied_ids = {c.copy for c in copies}
    outlets = Counter(a.source for a in articles.values())
    outlet_rows = [
        {"source": src, "articles": n, "copies": sum(1 for a in articles.values() if a.source == src and a.id in copied_ids)}
        for src, n in outlets.most_common()
    ]
    digest = build_story_digest(story.id, events, list(articles.values()), copies)
    for item in digest.summary:
        item.cites.sort(key=lambda a: numbers.get(a, 0))
    return {
        "story": story,
        "digest": digest,
        "events": events,
        "articles": [articles[a] for a in article_ids if a in articles],
        "by_id": articles,
        "numbers": numbers,
        "copies": copies,
        "outlets": outlet_rows,
    }


def render_report(store: Store, story_ref: str, fmt: str = "html") -> tuple[str, str]:
    """(report text, story id)."""
    ctx = story_context(store, story_ref)
    template = _env().get_template("story.html.j2" if fmt == "html" else "story.md.j2")
    return template.render(**ctx), ctx["story"].id

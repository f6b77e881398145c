"""Text helpers for pages: word-level diffs of aligned sentences, search-term highlighting, removed spans,
an article's time expressions.

Each returns plain (text, flag) segments; templates escape the text and wrap flagged pieces in markup,
so no article text is ever turned into HTML here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from urllib.parse import urlsplit

from kabar.model import Article, Span, TimeExpression
from kabar.store.base import search_terms

Segment = tuple[str, bool]
_WORDS = re.compile(r"\S+|\s+")
_CORE = re.compile(r"[\w’'-]+", re.UNICODE)


def _norm(token: str) -> str:
    """Compare words without case and edge punctuation: a moved comma is not a changed word."""
    m = _CORE.search(token.lower())
    return m.group(0) if m else token


def word_diff(a: str, b: str) -> tuple[list[Segment], list[Segment]]:
    """Segments of `a` and of `b`, flagged where words were removed from `a` / added in `b`."""
    ta, tb = _WORDS.findall(a), _WORDS.findall(b)
    wa = [i for i, t in enumerate(ta) if not t.isspace()]
    wb = [i for i, t in enumerate(tb) if not t.isspace()]
    changed_a, changed_b = set(wa), set(wb)
    matcher = SequenceMatcher(None, [_norm(ta[i]) for i in wa], [_norm(tb[i]) for i in wb], autojunk=False)
    for block in matcher.get_matching_blocks():
        changed_a.difference_update(wa[block.a : block.a + block.size])
        changed_b.difference_update(wb[block.b : block.b + block.size])
    return _merge(ta, changed_a), _merge(tb, changed_b)


def _merge(tokens: list[str], flagged: set[int]) -> list[Segment]:
    """Join runs of tokens with the same flag; a space between two flagged words stays flagged."""
    out: list[Segment] = []
    for i, tok in enumerate(tokens):
        flag = i in flagged or (tok.isspace() and i - 1 in flagged and i + 1 in flagged)
        if out and out[-1][1] == flag:
            out[-1] = (out[-1][0] + tok, flag)
        else:
            out.append((tok, flag))
    return out


def highlight(text: str, terms: list[str]) -> list[Segment]:
    """Flag the words of `text` whose search term is among `terms`."""
    wanted = set(terms)
    toks = _WORDS.findall(text)
    flagged = {i for i, tok in enumerate(toks) if not tok.isspace() and wanted.intersection(search_terms(tok))}
    return _merge(toks, flagged)


def best_snippet(article: Article, terms: list[str], max_chars: int = 260) -> str:
    """The sentence (title first) that contains most of the query terms, shortened."""
    wanted = set(terms)
    candidates = [article.title] + [s.text for s in article.sentences]
    if not article.sentences:
        candidates += [p for p in article.text.split("\n") if p.strip()]
    best = max(candidates[1:] or candidates, key=lambda s: len(wanted.intersection(search_terms(s))), default="")
    if len(best) > max_chars:
        best = best[:max_chars].rsplit(" ", 1)[0] + " …"
    return best


def removed_segments(raw: str, removed: list[Span]) -> list[tuple[str, str | None]]:
    """The raw text cut into (text, reason) pieces; reason is None for text that was kept."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    for span in sorted(removed, key=lambda s: (s.start, -s.end)):
        start, end = max(span.start, pos), min(span.end, len(raw))
        if end <= start:  # nested in or overlapping an earlier span: already shown
            continue
        if start > pos:
            out.append((raw[pos:start], None))
        out.append((raw[start:end], span.reason))
        pos = end
    if pos < len(raw):
        out.append((raw[pos:], None))
    return out


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a `javascript:` or `data:` URL from an article stays text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


@dataclass(frozen=True, slots=True)
class TimeRow:
    """A time expression of an article as the article page lists it."""

    text: str  # as written
    resolved: str | None  # the date or range it stands for (resolved_time); None: not resolved
    relative: bool  # resolved (or to be resolved) against the publication date
    count: int  # how often the article says it, with the same meaning


def resolved_time(value: str | None, low: str | None, high: str | None) -> str | None:
    """'2025-07-12'; '2025-06 (2025-06-01 – 2025-06-30)'; '2025-06-21 – 2025-06-30' for a range without a
    value; 'until 2022-07-12' / 'from …' for an open one; None when nothing was resolved."""
    if value is not None:
        return value if low == high or low is None or high is None else f"{value} ({low} – {high})"
    if low and high:
        return f"{low} – {high}"
    if high:
        return f"until {high}"
    return f"from {low}" if low else None


def time_rows(times: Iterable[TimeExpression]) -> list[TimeRow]:
    """One row per distinct expression and meaning, in order of first mention: news repeats "Juni lalu",
    and the list should stay short."""
    rows: dict[tuple[str, str | None, bool], int] = {}
    for t in times:
        key = (t.text, resolved_time(t.value, t.low, t.high), t.relative)
        rows[key] = rows.get(key, 0) + 1
    return [TimeRow(text, resolved, relative, n) for (text, resolved, relative), n in rows.items()]

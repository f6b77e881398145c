"""Boilerplate and spam removal. Every removal is a Span of the raw text with a reason.

Reasons: 'debris' (link-removal commas, emptied quotes, "loading..."), 'dateline', 'byline' (bylines
and agency tags), 'trailer' (read-more, source, social and app prompts), 'caption' (photo captions
and credits), 'teaser-heading' (decks and crossheads that tease), 'spam-token' (an injected brand),
'spam-sentence' (gambling promotion)."""

from __future__ import annotations

from kabar.clean.boiler import find_boiler
from kabar.clean.debris import blocks, find_debris
from kabar.clean.spam import find_spam
from kabar.clean.spans import Cut, compose, merge, to_spans
from kabar.model import Article

__all__ = ["clean_article", "clean_text"]


def clean_text(raw: str) -> tuple[str, list[Cut]]:
    """(clean text, merged cuts) for a raw text; `clean_article` is the entry point for Articles."""
    debris = find_debris(raw)
    segs = blocks(raw, debris)
    cuts = merge(debris + find_boiler(raw, segs) + find_spam(raw, segs))
    return compose(raw, cuts), cuts


def clean_article(article: Article) -> Article:
    """Set `article.text` (clean) and `article.removed` (spans of `article.raw_text`, with reasons)."""
    text, cuts = clean_text(article.raw_text)
    article.text = text
    article.removed = to_spans(article.raw_text, cuts)
    return article

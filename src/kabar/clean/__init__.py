"""Boilerplate and spam removal. Every removal is a Span of the raw text with a reason."""

from __future__ import annotations

from kabar.model import Article


def clean_article(article: Article) -> Article:
    """Set `article.text` (clean) and `article.removed` (spans of `article.raw_text`, with reasons)."""
    article.text = article.raw_text
    article.removed = []
    return article

"""The per-article stages: pure functions of one article, run before anything is stored."""

from __future__ import annotations

from kabar.clean import clean_article
from kabar.extract.entities import article_entities, article_mentions
from kabar.extract.quantities import extract_quantities
from kabar.extract.quotes import extract_quotes
from kabar.extract.timex import extract_times
from kabar.ingest.base import title_from_text
from kabar.lang.english import english_terms
from kabar.lang.langid import detect_language
from kabar.lang.segment import split_sentences
from kabar.lang.stem import content_terms
from kabar.model import Article, Sentence
from kabar.pipeline import FunctionStage, Stage


def keep_raw_text(article: Article) -> Article:
    """When cleaning fails on an article, it goes on with its text as read rather than as empty (which
    would drop it as 'empty after cleaning')."""
    article.text, article.removed = article.raw_text, []
    return article


def retitle(article: Article) -> Article:
    """A title made from the first sentence is made again from the clean text, so a dateline or an
    injected spam token removed by cleaning does not survive in the title."""
    if article.meta.get("title_derived"):
        article.title = title_from_text(article.text) or article.title
    return article


def detect_article_language(article: Article) -> Article:
    lang, _ = detect_language(f"{article.title}\n{article.text}")
    article.language = lang
    return article


def segment_article(article: Article) -> Article:
    text = article.text
    article.sentences = [Sentence(s, e, text[s:e]) for s, e in split_sentences(text)]
    return article


def index_terms(article: Article) -> Article:
    terms = english_terms if article.language == "en" else content_terms
    # The title counts twice: it names the event in few words.
    article.terms = terms(article.title) * 2 + terms(article.text)
    return article


def extract_facts(article: Article) -> Article:
    article.quantities = extract_quantities(article.text, article.sentences)
    article.mentions = article_mentions(article)
    article.quotes = extract_quotes(article.sentences, article_entities(article))
    article.times = extract_times(article.sentences, article.published)
    return article


class DropEmpty(Stage):
    name = "drop_empty"

    def process(self, article: Article) -> Article | None:
        if not article.text.strip():
            self.drop("empty_after_cleaning")
            return None
        return article


def article_stages() -> list[Stage]:
    return [
        FunctionStage("clean", clean_article, on_error=keep_raw_text),
        DropEmpty(),
        FunctionStage("retitle", retitle),
        FunctionStage("language", detect_article_language),
        FunctionStage("segment", segment_article),
        FunctionStage("terms", index_terms),
        FunctionStage("extract", extract_facts),
    ]

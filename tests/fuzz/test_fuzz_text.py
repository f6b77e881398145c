"""Property tests over the text code that sees untrusted article text: normalizer, cleaner, segmenter,
stemmer, number parsing and the whole per-article pipeline. No exception escapes, offsets stay inside
the text, and what the cleaner reports as removed is exactly what is missing from the clean text."""

from __future__ import annotations

import os

from fuzz_inputs import WORDS, any_text, hostile_text, prose
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabar.clean import clean_article, clean_text
from kabar.ingest import InputRejected, make_article
from kabar.lang.langid import detect_language
from kabar.lang.normalize import canonical_url, normalize_text, source_from_url
from kabar.lang.numbers import parse_number, parse_number_words
from kabar.lang.segment import split_sentences, tokenize
from kabar.lang.stem import content_terms, stem
from kabar.pipeline import Pipeline
from kabar.stages import article_stages

EXAMPLES = int(os.environ.get("KABAR_FUZZ_EXAMPLES", "25"))
BOUNDED = settings(max_examples=EXAMPLES * 4, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow])
article_text = st.lists(st.one_of(prose, hostile_text, st.text(max_size=200)), min_size=1, max_size=6).map("\n".join)


@BOUNDED
@given(text=article_text)
def test_normalize_is_idempotent_and_clean(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once and "\x00" not in once and "\n\n\n" not in once
    assert once == once.strip()


@BOUNDED
@given(text=article_text)
def test_clean_spans_are_exactly_what_is_removed(text):
    raw = normalize_text(text)
    clean, cuts = clean_text(raw)
    assert isinstance(clean, str)
    previous_end = 0
    for cut in cuts:
        assert previous_end <= cut.start < cut.end <= len(raw), (cut, len(raw))
        previous_end = cut.end
    article = clean_article(make_article(text=raw, origin="fuzz")) if raw else None
    if article is not None:
        for span in article.removed:
            assert article.raw_text[span.start:span.end] == span.text and span.reason
        # Every kept word of the clean text comes from the raw text, in order (cleaning only removes).
        kept = iter(tokenize(article.raw_text))
        assert all(word in kept for word in tokenize(article.text))


@BOUNDED
@given(text=article_text)
def test_sentence_spans_are_ordered_and_inside_the_text(text):
    spans = split_sentences(text)
    end = 0
    for s, e in spans:
        assert end <= s < e <= len(text) and text[s:e] == text[s:e].strip()
        end = e


@BOUNDED
@given(word=st.one_of(st.sampled_from(WORDS), st.text(max_size=30)), words=st.lists(st.text(max_size=12), max_size=6))
def test_word_level_functions_never_raise(word, words):
    assert isinstance(stem(word), str)
    content_terms(word)
    value = parse_number(word)
    assert value is None or isinstance(value, float)
    parse_number_words(words)
    lang, score = detect_language(word)
    canonical_url(word)
    source_from_url(word)


@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(article_text, min_size=1, max_size=3), title=st.one_of(st.none(), any_text),
       published=st.one_of(st.none(), st.sampled_from(["2025-07-12T09:00:00", "12/07/2025", "besok", "0000-00-00"])))
def test_every_article_stage_survives_hostile_text(texts, title, published):
    """The whole per-article pipeline (clean, language, segment, terms, quantities, quotes, times, NER)."""
    articles = []
    for i, text in enumerate(texts):
        try:
            articles.append(make_article(text=text, title=title, published=published, origin=f"fuzz:{i}"))
        except InputRejected as exc:
            assert "empty" in str(exc)  # the only reason make_article refuses these texts
    for article in Pipeline(article_stages())(articles):
        for sentence in article.sentences:
            assert article.text[sentence.start:sentence.end] == sentence.text
        for q in article.quantities:
            assert q is not None

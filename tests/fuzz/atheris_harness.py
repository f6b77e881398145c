"""Coverage-guided fuzzing (atheris/libFuzzer) of one parser: `python atheris_harness.py FORMAT [libFuzzer
flags] [CORPUS_DIR]`, FORMAT one of feed, html, warc, jsonl (the readers of `kabar run`) or listing (the
feed/sitemap reader of `kabar watch`). Kabar's own modules are instrumented; the libraries under them
(feedparser, lxml, trafilatura, warcio) run as they are.

The property: reading any bytes in that format raises nothing, and every problem names the input. A
violation is an uncaught exception, which libFuzzer reports as a crash with the input that caused it."""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports(include=["kabar"]):
    from kabar.ingest import IngestLog, iter_articles
    from kabar.watch.listing import ListingError, read_listing

FORMAT = sys.argv[1]


def read_listing_one(data: bytes) -> None:
    """`kabar watch` on a fetched feed or sitemap body: a ListingError is the only way to refuse it."""
    try:
        read_listing(data, "https://listing.example/news/", "auto", 1_000_000)
    except ListingError:
        pass


def read_one(data: bytes) -> None:
    log = IngestLog()
    for article in iter_articles(["-"], log, fmt=FORMAT, stdin=io.BytesIO(data)):
        if not article.raw_text.strip():
            raise AssertionError(f"article without text: {article.id}")
    for problem in log.problems:
        if not problem.origin.startswith("<stdin>") or not problem.message.strip():
            raise AssertionError(f"problem does not name its input: {problem}")


if __name__ == "__main__":
    atheris.Setup([sys.argv[0], *sys.argv[2:]], read_listing_one if FORMAT == "listing" else read_one)
    atheris.Fuzz()

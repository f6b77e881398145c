"""Crashes the fuzzers found, one test each, named after the bug: the input is reported with its name
(and line) and skipped, and the good input after it is still read."""

from __future__ import annotations

import json

import pytest

from kabar.ingest import IngestLog, iter_articles

GOOD = ("Menteri Luar Negeri Rusia Sergei Lavrov bertemu dengan mitranya dari Korea Utara di kota pesisir "
        "Wonsan pada hari Sabtu, lapor kantor berita negara TASS.")


def _read(tmp_path, name: str, data: bytes):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "zz_good.jsonl"
    good.write_text(json.dumps({"text": GOOD}) + "\n", encoding="utf-8")
    log = IngestLog()
    articles = list(iter_articles([str(bad), str(good)], log))
    assert [a.raw_text for a in articles][-1:] == [GOOD], "the run must go on after the bad input"
    return articles[:-1], log.errors


def test_lxml_drop_tree_assertion_on_xml_declared_page_with_iframe(tmp_path):
    # trafilatura -> htmldate -> lxml drop_tree raised a bare AssertionError out of the reader.
    arts, errors = _read(tmp_path, "iframe.html", b"<?xml version='1.0'?><html><iframe>")
    assert not arts and len(errors) == 1
    assert errors[0].origin == str(tmp_path / "iframe.html") and "could not be parsed" in errors[0].message


def test_json_nested_deeper_than_the_recursion_limit(tmp_path):
    # json.loads raised RecursionError, which is not a JSONDecodeError, out of both JSON readers.
    deep = b"[" * 100_000 + b"]" * 100_000
    arts, errors = _read(tmp_path, "deep.jsonl", b'{"text": "%s"}\n{"text": %s}\n' % (GOOD.encode(), deep))
    assert len(arts) == 1 and [e.origin for e in errors] == [f"{tmp_path / 'deep.jsonl'}:2"]
    assert "nested too deeply" in errors[0].message
    arts, errors = _read(tmp_path, "deep.json", deep)
    assert not arts and "nested too deeply" in errors[0].message and errors[0].origin.endswith("deep.json")


def test_json_integer_longer_than_4300_digits(tmp_path):
    # CPython refuses int(str) over 4,300 digits with a plain ValueError, which escaped the JSON readers.
    huge = b"9" * 5000
    arts, errors = _read(tmp_path, "bigint.jsonl", b'{"text": "%s", "views": %s}\n' % (GOOD.encode(), huge))
    assert not arts and [e.origin for e in errors] == [f"{tmp_path / 'bigint.jsonl'}:1"]
    assert "4300 digits" in errors[0].message
    arts, errors = _read(tmp_path, "bigint.json", b'[{"text": "x", "n": %s}]' % huge)
    assert not arts and "4300 digits" in errors[0].message


def test_jsonl_file_whose_first_line_starts_with_a_bracket_keeps_its_valid_lines(tmp_path):
    # The sniffer took any file starting with "[" for one JSON array, even a .jsonl one, and the whole
    # file was refused: one bad first line lost every valid line after it.
    lines = b'["not an object"]\n{"text": "%s"}\n[[[\n' % GOOD.replace("Sabtu", "Minggu").encode()
    arts, errors = _read(tmp_path, "first-bad.jsonl", lines)
    assert [a.origin for a in arts] == [f"{tmp_path / 'first-bad.jsonl'}:2"]
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["1", "3"]


def test_url_with_a_port_that_is_not_a_number(tmp_path):
    # canonical_url read urlsplit(url).port, which raises ValueError on "https://host:abc/": one feed item
    # with such a link stopped the whole run (found by atheris in an Atom <link href>).
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Lavrov</title>'
            f'<link href="https://f.example:berita/2"/><content type="text">{GOOD}</content></entry></feed>')
    arts, errors = _read(tmp_path, "port.atom", feed.encode())
    assert not errors and len(arts) == 1 and arts[0].url == "https://f.example:berita/2"
    line = json.dumps({"text": GOOD.replace("Sabtu", "Senin"), "url": "http://j.example:99999/x"})
    arts, errors = _read(tmp_path, "port.jsonl", line.encode())
    assert not errors and len(arts) == 1


def test_lone_surrogate_escape_in_json(tmp_path):
    # json.loads turns "\ud800" into a lone surrogate, which cannot be encoded as UTF-8: hashing the id
    # raised UnicodeEncodeError (and the store would have too). It becomes U+FFFD; the article is kept.
    text = GOOD.replace("Sabtu", "Rabu")
    line = '{"text": "' + text + ' \\ud800", "title": "Judul \\udfff", "catatan": ["\\ud800"]}'
    arts, errors = _read(tmp_path, "surrogate.jsonl", line.encode())
    assert not errors and len(arts) == 1
    assert arts[0].raw_text.endswith("\ufffd") and "\ufffd" in arts[0].title
    json.dumps(arts[0].meta, ensure_ascii=False).encode("utf-8")  # storable


def test_endless_jsonl_line_in_a_small_gzip_is_never_held_whole(tmp_path, monkeypatch):
    # Iterating a stream reads a whole line before its length is checked: a 50 MB line (50 kB gzipped)
    # was held in memory at once. It is now read in bounded pieces and reported by its line number.
    import gzip
    import tracemalloc

    from kabar.ingest import readers

    monkeypatch.setattr(readers, "MAX_LINE_CHARS", 100_000)
    line = json.dumps({"text": GOOD.replace("Sabtu", "Kamis")}).encode()
    data = gzip.compress(line + b"\n" + b'{"text": "' + b"a" * 50_000_000 + b'"}\n' + line.replace(b"Kamis", b"Jumat"))
    tracemalloc.start()
    arts, errors = _read(tmp_path, "endless.jsonl.gz", data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [a.origin.rsplit(":", 1)[1] for a in arts] == ["1", "3"]
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["2"] and "over the limit" in errors[0].message
    assert peak < 20_000_000, f"peak {peak:,} bytes"


FEEDPARSER_KEYERROR = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title><item><title>Lavrov'
                       b"</title><link>h intel></description></item></channettps://f.example/1</link><pubDate>t intel>"
                       b"</description></item></channel></rss>")


def test_feedparser_keyerror_on_a_stray_link_end_tag(tmp_path):
    # feedparser's lenient parser raised KeyError('links') out of feedparser.parse (found by atheris).
    arts, errors = _read(tmp_path, "stray-link.rss", FEEDPARSER_KEYERROR)
    assert not arts and len(errors) == 1 and errors[0].origin.endswith("stray-link.rss")
    assert "could not be parsed" in errors[0].message


def test_watch_listing_crashes_on_feedparser_keyerror_and_unclosed_ipv6_link():
    """One hostile feed or sitemap is a ListingError (reported for that source), or its bad links are
    skipped; it never stops the whole poll of `kabar watch`."""
    from kabar.watch.listing import ListingError, read_listing

    with pytest.raises(ListingError, match="could not be parsed"):
        read_listing(FEEDPARSER_KEYERROR, "https://listing.example/", "auto", 1_000_000)
    good = "<link>https://listing.example/ok</link>"
    for body in (f"<rss><channel><item><link>http://[::1/x</link></item><item>{good}</item></channel></rss>",
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://[::1</loc></url>'
                 "<url><loc>https://listing.example/ok</loc></url></urlset>"):
        listing = read_listing(body.encode(), "https://listing.example/", "auto", 1_000_000)
        assert [i.url for i in listing.items] == ["https://listing.example/ok"]  # the bad link alone is skipped

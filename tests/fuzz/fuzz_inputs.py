"""Hypothesis strategies for hostile inputs in every format Kabar reads, and the property every reader
must keep: no exception escapes, every problem names the input, every article has text.

Shared by the fuzz tests here; the atheris harness (atheris_harness.py) checks the same property."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from hypothesis import strategies as st

from kabar.ingest import IngestLog, iter_articles
from kabar.model import Article

# Indonesian-looking words so that some generated inputs are valid articles and reach the deep code paths.
WORDS = ("Menteri", "Luar", "Negeri", "bertemu", "dengan", "di", "Jakarta", "pada", "hari", "Senin", "6.000",
         "pasukan", "Rp", "1,5", "juta", "kata", "dia", "Baca", "juga:", "Sumber:", "(ANTARA)", "-", "slot88",
         "gacor", "“Kami", "siap,”", "dr.", "No.", "12/7/2025", "WIB", "Foto:", "Lavrov", "Wonsan.", "!", "?",
         # letters re.IGNORECASE matches to ASCII ones (long s, Kelvin sign, dotted I): a month spelled with
         # one was found by the time patterns and then missing from their tables
         "\u017fEPTEMBER", "o\u212atober", "KEMAR\u0130N", "2019", "lalu")
HOSTILE_CHARS = ("\x00", "\ufeff", "\u200b", "\u202e", "\r", "\n\n\n", "\t", "\ufffd", "&amp;", "&#0;",
                 "&lol;", "<", ">", "]]>", "\"", "'", "\\", "\u0301", "Ã©", "â€œ", "_x000D_", "\u2028", "𝕏")

prose = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)
hostile_text = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(HOSTILE_CHARS), st.text(max_size=8)),
                        max_size=80).map(" ".join)
any_text = st.one_of(prose, hostile_text, st.text(max_size=300))
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), any_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                               st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                          max_leaves=8)
FIELDS = ("text", "title", "url", "published", "time", "source", "id", "content", "isi")
record = st.dictionaries(st.sampled_from(FIELDS), st.one_of(any_text, json_value), max_size=7)
valid_record = st.fixed_dictionaries(
    {"text": prose.filter(lambda t: any(c.isalpha() for c in t))},
    optional={"title": prose, "url": st.sampled_from(["https://berita.example/a", "ftp://x", "javascript:alert(1)",
                                                      "http://[::1", "", "https://a.example/2019/13/45/x",
                                                      "https://a.example:port/x", "http://a.example:99999/"]),
              "published": st.one_of(json_scalar, st.sampled_from(["2025-07-12", "31/02/2019", "1e308", "9" * 40])),
              "time": st.one_of(st.sampled_from(["07:02", "99:99", "07:02 WIB"]), json_scalar)},
)


# JSON that is valid or nearly so and still hard to read: deep nesting, huge numbers, odd escapes.
HOSTILE_JSON = (b"[" * 5000 + b"]" * 5000, b'{"text": "a", "n": ' + b"1" * 5000 + b"}", b'{"text": "\\ud800"}',
                b'{"text": ' + b"[" * 3000 + b"]" * 3000 + b"}", b'{"text": 1e999}', b'{"text": NaN}', b"\xef\xbb\xbf{}",
                b'{"text": "a\\u0000b"}', b'{"text": {"text": "a"}}', b'{"__proto__": 1, "text": "ada isi"}')


def jsonl_line(draw_record: dict) -> bytes:
    return json.dumps(draw_record, ensure_ascii=False).encode("utf-8", "surrogatepass")


tags = st.sampled_from(["p", "div", "article", "script", "style", "h1", "title", "meta", "a", "b", "iframe", "svg",
                        "br", "table", "tr", "td", "form", "noscript", "![CDATA[", "!--", "?xml", "!DOCTYPE html"])


@st.composite
def html_pages(draw) -> bytes:
    """Tag soup: a page-ish prefix, then unbalanced tags, entity references and declarations, text."""
    parts = [draw(st.sampled_from(["<!DOCTYPE html><html><head>", "<html>", "<?xml version='1.0'?><html>",
                                   '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><html>',
                                   "<html><head><meta charset='" + draw(st.sampled_from(
                                       ["utf-8", "x-bogus", "utf-16", "iso-8859-1", "", "\x00"])) + "'>"]))]
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            parts.append(f"<{draw(tags)}>")
        elif kind == 1:
            parts.append(f"</{draw(tags)}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&b;", "&a;", "&amp;", "&#x110000;", "&#99999999;", "&nbsp;", "&"])))
        else:
            parts.append(draw(any_text))
    return "".join(parts).encode("utf-8", "surrogatepass")


@st.composite
def feeds(draw) -> bytes:
    items = "".join(
        f"<item><title>{draw(any_text)}</title><link>{draw(st.sampled_from(['https://f.example/1', '', 'x', '<']))}"
        f"</link><pubDate>{draw(st.sampled_from(['Mon, 06 Jan 2025 08:00:00 +0700', 'kemarin', '', '9999']))}</pubDate>"
        f"<description>{draw(st.one_of(any_text, st.just('<![CDATA[<p>' + draw(prose) + '</p>]]>')))}</description>"
        "</item>"
        for _ in range(draw(st.integers(0, 4)))
    )
    doc = draw(st.sampled_from([
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{}</channel></rss>',
        '<feed xmlns="http://www.w3.org/2005/Atom">{}</feed>',
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x "xx">]><rss><channel>{}</channel></rss>',
        "<rss><channel>{}",  # cut off
    ])).format(items)
    return doc.encode("utf-8", "surrogatepass")


@st.composite
def warcs(draw) -> bytes:
    """A WARC of response records with fuzzed payloads and headers, maybe gzipped, maybe cut or flipped."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=draw(st.booleans()))
    for i in range(draw(st.integers(0, 3))):
        payload = draw(st.one_of(html_pages(), st.binary(max_size=200)))
        ctype = draw(st.sampled_from(["text/html; charset=utf-8", "text/html; charset=bogus", "text/html",
                                      "image/png", "text/html; charset=", ""]))
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "200", "abc"]))
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://w.example/{i}", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
    data = buf.getvalue()
    if data and draw(st.booleans()):
        # Record ids and dates are random, so the length varies from run to run: draw a position, not a length.
        cut = draw(st.integers(0, 2**20)) % len(data)
        data = data[:cut] + draw(st.binary(max_size=16)) + data[cut + 1:]
    return data


@st.composite
def csvs(draw) -> bytes:
    sep = draw(st.sampled_from([",", "\t", ";", "|"]))
    header = draw(st.lists(st.sampled_from(FIELDS + ("x", "", '"')), min_size=1, max_size=5))
    rows = [sep.join(draw(st.lists(st.one_of(prose, any_text).map(lambda s: s.replace(sep, " ")),
                                   min_size=0, max_size=len(header) + 1)))
            for _ in range(draw(st.integers(0, 5)))]
    return "\n".join([sep.join(header), *rows]).encode("utf-8", "surrogatepass")


def maybe_gzip(data: bytes, how: int) -> bytes:
    """0: as is; 1: gzipped; 2: gzipped and cut short."""
    if how == 0:
        return data
    packed = gzip.compress(data)
    return packed if how == 1 else packed[: max(2, len(packed) * 2 // 3)]


def read_and_check(path: Path, fmt: str | None = None) -> tuple[list[Article], IngestLog]:
    """Read one input; assert the reader's contract; return what it gave."""
    log = IngestLog()
    articles = list(iter_articles([str(path)], log, fmt=fmt))  # an exception here is the failure
    for problem in log.problems:
        assert problem.origin.startswith(str(path)), f"problem does not name its input: {problem}"
        assert problem.message.strip() and str(problem).startswith(f"{path}"), problem
        assert problem.level in ("error", "warning")
    for a in articles:
        assert a.raw_text.strip() and a.id and a.source and isinstance(a.title, str), a
        assert a.origin.startswith(str(path))
    return articles, log


SEED_TEXT = ("Menteri Luar Negeri Rusia Sergei Lavrov bertemu mitranya dari Korea Utara di Wonsan pada hari Sabtu. "
             "Menurut intelijen, sekitar 6.000 pasukan dikirim. Baca juga: Berita lain.")


def seed_inputs() -> dict[str, list[bytes]]:
    """A few valid inputs per parser, the starting points the coverage-guided fuzzer mutates."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Lavrov di Wonsan</title></head><body>"
            f"<nav><a href='/x'>Nasional</a></nav><article><h1>Lavrov di Wonsan</h1><p>{SEED_TEXT}</p>"
            f"<p>{SEED_TEXT}</p></article></body></html>").encode()
    warc = io.BytesIO()
    writer = WARCWriter(warc, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://w.example/1", "response", payload=io.BytesIO(page),
                                                  http_headers=headers))
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title><item><title>Lavrov</title>'
           f"<link>https://f.example/1</link><pubDate>Sat, 12 Jul 2025 09:00:00 +0700</pubDate>"
           f"<description><![CDATA[<p>{SEED_TEXT}</p>]]></description></item></channel></rss>").encode()
    atom = (f'<feed xmlns="http://www.w3.org/2005/Atom"><title>K</title><entry><title>L</title>'
            f'<link href="https://f.example/2"/><updated>2025-07-12T09:00:00Z</updated>'
            f'<content type="html">&lt;p&gt;{SEED_TEXT}&lt;/p&gt;</content></entry></feed>').encode()
    line = json.dumps({"title": "Lavrov", "url": "https://j.example/1", "published": "2025-07-12", "text": SEED_TEXT})
    return {"feed": [rss, atom], "html": [page], "warc": [warc.getvalue(), gzip.compress(warc.getvalue())],
            "jsonl": [(line + "\n" + line.replace("j.example/1", "j.example/2") + "\n{bad\n").encode()]}

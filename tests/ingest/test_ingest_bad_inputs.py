"""Bad inputs: each is reported with its name and the run goes on to the next input."""

from __future__ import annotations

import gzip

import pytest
from ingest_builders import news_page, write_warc

from kabar.ingest import IngestLog, iter_articles

GOOD = ("Menteri Luar Negeri Rusia Sergei Lavrov bertemu dengan mitranya dari Korea Utara di kota pesisir "
        "Wonsan pada hari Sabtu, lapor kantor berita negara TASS.")


def _run(tmp_path, name: str, data: bytes):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    log = IngestLog()
    arts = list(iter_articles([str(bad), str(good)], log))
    assert arts and arts[-1].raw_text == GOOD, "the run must go on after a bad input"
    return arts[:-1], [p for p in log.errors if p.origin.startswith(str(bad))]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>bom</title><item><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>"""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bomb.xml", BILLION_LAUGHS, "entity bomb"),
        ("scripts.html", b"<html><head><script>var a=1;</script></head><body><script>go()</script></body></html>",
         "no article text"),
        ("nul.txt", b"Berita\x00\x00\x00 biner\x00" * 100, "binary"),
        ("empty.txt", b"   \n", "empty"),
        ("big.txt", b"kata " * (10 * 1024 * 1024), "larger than"),
        ("garbage.gz", b"\x1f\x8b\x08\x00" + b"\xff" * 100, "corrupt"),
    ],
)
def test_bad_input_is_named_and_skipped(tmp_path, name, data, message):
    arts, errors = _run(tmp_path, name, data)
    assert not arts
    assert len(errors) == 1 and message in errors[0].message, errors


def test_external_entity_is_never_fetched(tmp_path):
    feed = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "http://127.0.0.1:9/steal">]>'
            b"<rss><channel><item><title>&x;</title><description>isi</description></item></channel></rss>")
    _, errors = _run(tmp_path, "ext.rss", feed)
    assert "entity" in errors[0].message


def test_broken_html_still_yields_its_text(tmp_path):
    page = news_page("Judul", [GOOD, GOOD.replace("Sabtu", "Minggu")])
    broken = page.replace("</p>", "").replace("</article>", "<div><span>").replace("</html>", "")[:-20]
    arts, errors = _run(tmp_path, "broken.html", broken.encode() + b"\xff\xfe<<<>>>")
    assert not errors and "Wonsan pada hari Sabtu" in arts[0].raw_text


def test_nul_bytes_inside_html_are_dropped(tmp_path):
    page = news_page("Judul", [GOOD]).replace("Lavrov", "Lav\x00rov")
    arts, errors = _run(tmp_path, "nul.html", page.encode())
    assert not errors and "Lavrov bertemu" in arts[0].raw_text


def test_truncated_warc_keeps_records_before_the_cut(tmp_path):
    pages = [(f"https://kabaruji.id/{i}", news_page(f"B{i}", [GOOD + f" Nomor {i}."] * 3)) for i in range(6)]
    full = tmp_path / "full.warc.gz"
    write_warc(full, pages)
    data = full.read_bytes()
    arts, errors = _run(tmp_path, "cut.warc.gz", data[: int(len(data) * 0.7)])
    assert 2 <= len(arts) < 6
    assert len(errors) == 1 and "truncated" in errors[0].message


def test_bad_jsonl_lines_are_skipped_with_their_line_number(tmp_path):
    lines = [b'{"text": "' + GOOD.encode() + b'"}', b"{broken", b'["a list"]', b'{"text": "ada\x00nul"}',
             b'{"title": "no text"}', b'{"text": "' + GOOD.replace("Sabtu", "Senin").encode() + b'"}']
    path = tmp_path / "mixed.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"\n".join(lines) + b"\n")
    arts, errors = _run(tmp_path, "mixed.jsonl.gz", path.read_bytes())
    assert len(arts) == 2
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["2", "3", "4", "5"]
    assert "binary" in errors[2].message


def _entity_bomb_page() -> str:
    """A news page whose DOCTYPE declares a billion-laughs chain (10^9 x "ha" if expanded)."""
    chain = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    page = news_page("Judul &l9;", [GOOD + " &l9;", GOOD.replace("Sabtu", "Minggu")])
    return f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "ha">{chain}]>' + page.removeprefix("<!DOCTYPE html>")


@pytest.mark.parametrize("name", ["bomb.html", "bomb.warc.gz"])
def test_entity_bomb_in_html_and_warc_payloads_is_never_expanded(tmp_path, name):
    """HTML (alone or as a WARC payload) goes through lxml's HTML parser, which does not expand entities
    declared in the document: the page is read as the text it shows, and stays its own size."""
    page = _entity_bomb_page()
    source = tmp_path / "src"
    if name.endswith(".warc.gz"):
        write_warc(source, [("https://kabaruji.id/bom", page)])
    else:
        source.write_text(page, encoding="utf-8")
    arts, errors = _run(tmp_path, name, source.read_bytes())
    assert not errors and len(arts) == 1
    assert "Wonsan pada hari Sabtu" in arts[0].raw_text and "hahaha" not in arts[0].raw_text
    assert len(arts[0].raw_text) < 2 * len(page)

"""Every input format, sniffed from content; real text from the samples wrapped in each format."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from ingest_builders import news_page, write_warc

from kabar.ingest import IngestLog, iter_articles, sniff_format


@pytest.fixture(scope="module")
def sample_texts(samples_dir) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(samples_dir.glob("*.txt"))]


def _read(paths, **kw):
    log = IngestLog()
    arts = list(iter_articles([str(p) for p in paths], log, **kw))
    return arts, log


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.splitlines() if p.strip()]


def test_sniffing_ignores_misleading_extensions(tmp_path, sample_texts):
    page = tmp_path / "page.txt"
    page.write_text(news_page("Lavrov di Wonsan", _paragraphs(sample_texts[4])), encoding="utf-8")
    feed = tmp_path / "feed.xml"
    feed.write_text("<?xml version='1.0'?><rss version='2.0'><channel><title>x</title></channel></rss>")
    assert sniff_format(str(page), page.read_bytes()[:4096]) == "html"
    assert sniff_format(str(feed), feed.read_bytes()[:4096]) == "feed"
    assert sniff_format("dump.dat", b'{"text": "x"}\n') == "jsonl"
    assert sniff_format("dump.dat", b'[{"text": "x"}]') == "json"
    assert sniff_format("a.warc.gz", b"WARC/1.1\r\nWARC-Type: warcinfo") == "warc"
    assert sniff_format("plain", b"SEOUL - Menteri Luar Negeri Rusia") == "text"


def test_html_page_main_text_and_metadata(tmp_path, sample_texts):
    paras = _paragraphs(sample_texts[4])
    path = tmp_path / "lavrov"  # no extension: sniffed
    path.write_text(news_page("Lavrov Bertemu Mitranya di Wonsan", paras, site="Kabar Uji"), encoding="utf-8")
    (art,), log = _read([path])
    assert not log.errors
    assert art.title == "Lavrov Bertemu Mitranya di Wonsan"
    assert art.published == "2025-07-12"
    assert art.meta["sitename"] == "Kabar Uji"
    assert art.raw_text.startswith("SEOUL - Menteri Luar Negeri Rusia")
    assert "Nasional" not in art.raw_text and "Copyright" not in art.raw_text
    assert art.raw_text.count("\n") == len(paras) - 1


def test_html_charset_from_meta_tag(tmp_path):
    page = news_page("Berita", ["Kafé di Jakarta menjual kopi seharga Rp 25.000 per cangkir, kata pemiliknya kepada "
                                "wartawan pada Sabtu pagi di kawasan Menteng."])
    path = tmp_path / "latin.html"
    path.write_bytes(page.replace("utf-8", "windows-1252").encode("cp1252"))
    (art,), _ = _read([path])
    assert "Kafé di Jakarta" in art.raw_text


def test_rss_and_atom_items(tmp_path, sample_texts):
    paras = _paragraphs(sample_texts[3])
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kabar Uji</title>
<item><title>Lavrov ke Korea Utara</title><link>https://kabaruji.id/2025/07/12/lavrov</link>
<pubDate>Sat, 12 Jul 2025 10:00:00 +0700</pubDate><description>Ringkasan singkat.</description>
<content:encoded><![CDATA[{''.join(f'<p>{p}</p>' for p in paras[:3])}]]></content:encoded></item>
<item><title>Kedua</title><link>https://kabaruji.id/b</link><description><![CDATA[<p>{paras[4]}</p>]]></description></item>
<item><title>Kosong</title><link>https://kabaruji.id/c</link></item>
</channel></rss>"""
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Atom</title><link href="https://atom.example/x"/><updated>2025-07-13T08:00:00Z</updated>
<summary type="html">&lt;p&gt;{paras[5]}&lt;/p&gt;</summary></entry></feed>"""
    (tmp_path / "a.rss").write_text(rss, encoding="utf-8")
    (tmp_path / "b.atom").write_text(atom, encoding="utf-8")
    arts, log = _read([tmp_path])
    assert [a.title for a in arts] == ["Lavrov ke Korea Utara", "Kedua", "Atom"]
    first = arts[0]
    assert first.url == "https://kabaruji.id/2025/07/12/lavrov" and first.published == "2025-07-12"
    assert first.raw_text.split("\n") == paras[:3]  # content, not the shorter description
    assert arts[1].raw_text == paras[4] and arts[2].raw_text == paras[5]
    assert [p.origin.endswith("#item3") for p in log.errors] == [True]


def test_warc_gz_response_records(tmp_path, sample_texts):
    pages = [(f"https://kabaruji.id/2025/07/1{i}/berita-{i}", news_page(f"Berita {i}", _paragraphs(t)))
             for i, t in enumerate(sample_texts)]
    warc = tmp_path / "news.warc.gz"
    write_warc(warc, pages)
    arts, log = _read([warc])
    assert not log.errors
    assert [a.url for a in arts] == [u for u, _ in pages]
    assert arts[1].published == "2025-07-11"  # the date in the URL wins
    assert arts[3].raw_text.startswith("Pyongyang – Menteri Luar Negeri (Menlu) Rusia")
    assert all(a.meta.get("crawled") for a in arts)


def test_jsonl_and_csv_with_field_mapping(tmp_path, sample_texts):
    jl = tmp_path / "dump.jsonl.gz"
    with gzip.open(jl, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"isi": sample_texts[0], "judul": "Satu", "tgl": "2025-07-12"}) + "\n")
        fh.write("{not json}\n")
        fh.write(json.dumps({"judul": "tanpa isi"}) + "\n")
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["judul", "isi", "tanggal", "tautan"])
    w.writerow(["Dua", sample_texts[1], "12/07/2025", "https://kabaruji.id/dua"])
    w.writerow(["Tiga", "", "13/07/2025", "https://kabaruji.id/tiga"])
    (tmp_path / "dump.csv").write_text(buf.getvalue(), encoding="utf-8")
    arts, log = _read([jl, tmp_path / "dump.csv"], fields="text=isi,title=judul,published=tgl")
    # A mapped column that a file lacks leaves the field empty; it does not fall back to a default.
    assert [(a.title, a.published) for a in arts] == [("Satu", "2025-07-12"), ("Dua", None)]
    arts, log2 = _read([tmp_path / "dump.csv"], fields={"text": "isi", "published": "tanggal", "url": "tautan"})
    assert [(a.title, a.published, a.url) for a in arts] == [("Dua", "2025-07-12", "https://kabaruji.id/dua")]
    assert any(":2" in p.origin and "malformed JSON" in p.message for p in log.errors)
    assert any(":3" in p.origin for p in log.errors)
    assert len(log2.errors) == 1 and "row skipped" in log2.errors[0].message


def test_stdin_and_unknown_mapping(sample_texts):
    log = IngestLog()
    (art,) = iter_articles(["-"], log, stdin=io.BytesIO(sample_texts[2].encode("utf-8")))
    assert art.raw_text.startswith("Kim bertemu dengan Lavrov") and art.origin == "<stdin>"
    with pytest.raises(ValueError, match="unknown field"):
        list(iter_articles(["-"], log, stdin=io.BytesIO(b"x"), fields="body=isi"))


def test_corpus_reads_whole_with_dates_and_no_mojibake(samples_dir):
    from kabar.eval.datasets import shared_data_root

    log = IngestLog()
    n = with_date = mojibake = 0
    for art in iter_articles([str(shared_data_root() / "corpus" / "clickid-2019.jsonl.gz")], log):
        n += 1
        with_date += art.published is not None
        mojibake += "‚Äù" in art.raw_text or "¬†" in art.raw_text
    assert n == 22026  # 15 rows have an empty text: logged with their line number, not read
    assert len(log.errors) == 15 and all(":" in p.origin for p in log.errors)
    assert with_date == n and mojibake == 0


def test_folder_glob_and_missing_inputs(tmp_path, sample_texts):
    for i, t in enumerate(sample_texts[:2]):
        (tmp_path / f"{i}.txt").write_text(t, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x")
    arts, log = _read([tmp_path / "*.txt", tmp_path / "nope.txt", tmp_path / "*.none"])
    assert len(arts) == 2
    assert [p.message for p in log.errors] == ["no such file or folder", "pattern matches no file"]


def test_normalization_of_unicode(tmp_path):
    raw = "Presiden\u00a0Jokowi\u200b mengatakan ‚ÄúIni merupakan‚Äù langkah\u2011awal „baik‟."
    path = tmp_path / "u.txt"
    path.write_text(raw, encoding="utf-8")
    (art,), _ = _read([path])
    assert art.raw_text == "Presiden Jokowi mengatakan “Ini merupakan” langkah-awal “baik“."


def test_cp1252_text_file_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Menteri itu berkata “cukup” di café Jakarta.".encode("cp1252"))
    (art,), log = _read([path])
    assert "“cukup”" in art.raw_text and "café" in art.raw_text
    assert any("decoded as" in p.message for p in log.problems)


def test_fields_mapping_unknown_column_reports_column(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"content": "ada"}) + "\n")
    _, log = _read([path], fields={"text": "isi"})
    assert "'isi'" in log.errors[0].message


def _size(path: Path) -> int:
    return path.stat().st_size

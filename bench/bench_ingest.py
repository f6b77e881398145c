"""Ingest + clean throughput (articles/s) on the CLICK-ID corpus and on a generated CC-NEWS-like WARC,
side by side with trafilatura alone on the same WARC pages.

    python bench/bench_ingest.py [--pages 2000] [--out bench/results/ingest.json]

The WARC (gzip per record, HTTP response records, as CC-NEWS) is generated from corpus articles wrapped
in a news-site page (navigation, ads, read-more boxes, share bar, comments, footer), into a temporary
directory; it is not kept. One process, run alone: the machine has 2 shared cores.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kabar.clean import clean_article  # noqa: E402
from kabar.eval.datasets import shared_data_root  # noqa: E402
from kabar.ingest import IngestLog, iter_articles  # noqa: E402
from kabar.ingest.html import extract_html  # noqa: E402

CORPUS = shared_data_root() / "corpus" / "clickid-2019.jsonl.gz"
_PARA = re.compile(r"(?<=[.!?\"”])\s*,+\s*(?=[A-Z\"“])")
_NAV = "".join(f'<li><a href="/{c.lower()}">{c}</a></li>' for c in
               "Nasional Politik Hukum Ekonomi Bisnis Olahraga Bola Selebritas Otomotif Tekno Daerah Indeks".split())


def _page(row: dict, rng: random.Random) -> str:
    paras = [p.strip(" ,") for p in _PARA.split(row["text"]) if len(p.strip(" ,")) > 40][:12] or [row["text"]]
    body = []
    for i, p in enumerate(paras):
        body.append(f"<p>{html.escape(p)}</p>")
        if i == 1:
            body.append('<p><strong>Baca juga:</strong> <a href="/x">Harga Cabai Melonjak Jelang Akhir Pekan</a></p>')
        if i == 3:
            body.append('<div class="ads">ADVERTISEMENT</div>')
    comments = "".join(f"<div class='c'><b>Pembaca {k}</b><p>Komentar pembaca nomor {k}.</p></div>" for k in range(3))
    return (f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{html.escape(row['title'])}</title>"
            f"<meta property='og:site_name' content='{row['source']}'>"
            f"<meta property='article:published_time' content='{row.get('published') or '2019-09-15'}'>"
            f"<script>var x={rng.random()};</script></head><body><header><nav><ul>{_NAV}</ul></nav>"
            f"<div class='ads'>Iklan</div></header><main><article><h1>{html.escape(row['title'])}</h1>"
            f"<div class='share'>Bagikan: Facebook Twitter WhatsApp</div>{''.join(body)}<p>(ant)</p></article>"
            f"<aside><h3>Berita Terkait</h3><ul><li><a href='/a'>Berita lain</a></li></ul></aside>"
            f"<section class='comments'>{comments}</section></main><footer>Copyright 2019</footer></body></html>")


def write_warc(path: Path, pages: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(7)
    written = 0
    with open(path, "wb") as fh, gzip.open(CORPUS, "rt", encoding="utf-8") as src:
        writer = WARCWriter(fh, gzip=True)
        for line in src:
            row = json.loads(line)
            if not row.get("text") or len(row["text"]) < 400:
                continue
            payload = _page(row, rng).encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(payload)))], protocol="HTTP/1.1")
            record = writer.create_warc_record(row["url"], "response", payload=io.BytesIO(payload),
                                               http_headers=headers)
            writer.write_record(record)
            written += 1
            if written >= pages:
                break
    return written


def _timed(fn) -> tuple[int, float, float]:
    """(count, wall seconds, CPU seconds): on a shared 2-core machine the CPU time is the steadier figure."""
    start, cpu = time.perf_counter(), time.process_time()
    n = fn()
    return n, time.perf_counter() - start, time.process_time() - cpu


def _rates(n: int, secs: float, cpu: float) -> dict:
    return {"articles": n, "seconds": round(secs, 2), "articles_per_s": round(n / secs, 1),
            "cpu_seconds": round(cpu, 2), "articles_per_cpu_s": round(n / cpu, 1)}


def run_kabar(inputs: list[str], clean: bool = True) -> int:
    log = IngestLog()
    n = 0
    for art in iter_articles(inputs, log):
        if clean:
            clean_article(art)
        n += 1
    return n


def run_trafilatura_alone(warc: Path) -> int:
    """The same pages through trafilatura's extraction only (same options as Kabar's HTML reader)."""
    import trafilatura
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            data = record.content_stream().read()
            doc = trafilatura.bare_extraction(data.decode("utf-8"), with_metadata=True, include_comments=False,
                                              include_tables=False, include_images=False, favor_precision=True)
            n += doc is not None
    return n


def run_kabar_html_only(warc: Path) -> int:
    """Kabar's reader without cleaning, for the cost of cleaning alone."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(warc, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                extract_html(record.content_stream().read().decode("utf-8"), "bench")
                n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "ingest.json"))
    args = ap.parse_args()
    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "platform": platform.platform(), "loadavg_at_start": os.getloadavg()}}
    results["corpus_ingest"] = _rates(*_timed(lambda: run_kabar([str(CORPUS)], clean=False)))
    results["corpus_ingest_clean"] = _rates(*_timed(lambda: run_kabar([str(CORPUS)])))
    print("corpus", results["corpus_ingest"], results["corpus_ingest_clean"], flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        pages = write_warc(warc, args.pages)
        results["warc"] = {"pages": pages, "bytes": warc.stat().st_size}
        for name, fn in (("trafilatura_alone", lambda: run_trafilatura_alone(warc)),
                         ("kabar_ingest_only", lambda: run_kabar_html_only(warc)),
                         ("kabar_ingest_clean", lambda: run_kabar([str(warc)]))):
            results["warc"][name] = _rates(*_timed(fn))
            print(name, results["warc"][name], flush=True)
    results["machine"]["loadavg_at_end"] = os.getloadavg()
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()

"""`kabar eval copies`: text-reuse detection on the Indonesian PAN corpus, the samples, and a corpus.

- PAN (reuse/id-plagiarism-pan): every suspicious document is compared with every source document
  (35 x 30 pairs: the corpus is small, so candidate retrieval is not what is measured here) with
  `dedup.passages.find_reuse`; each reused passage found is a detection with character offsets. Scores:
  document-pair P/R/F1 overall and per obfuscation type, and the PAN character-level precision,
  recall, granularity and plagdet.
- samples: the rewrite 000 of the second half of 002 is found, with its sentences aligned to the right
  sentences; the three articles sharing only a translated quote are not linked.
- corpus (optional, an ingested Kabar database): copy links found in one online pass, by kind and by
  outlet pair, and the outlet view.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from kabar.dedup.passages import document_sentences, find_reuse, reuse_index
from kabar.eval.datasets import PanCorpus, load_pan, shared_data_root
from kabar.eval.metrics import document_pair_prf, pan_scores

PAN_CATEGORIES = ("none", "random-shuffling", "pos-preserving", "semantic-variation", "simulated")


def pan_detections(corpus: PanCorpus) -> list[tuple[str, int, int, str, int, int]]:
    """Detections (susp doc, offset, length, src doc, offset, length) over all document pairs."""
    susp = {d: document_sentences(corpus.text(d)) for d in corpus.suspicious}
    dets: list[tuple[str, int, int, str, int, int]] = []
    for src in corpus.sources:
        src_doc = document_sentences(corpus.text(src))
        index = reuse_index(src_doc)
        for name, doc in susp.items():
            for p in find_reuse(doc, index):
                dets.append((name, p.a_offset, p.a_length, src, p.b_offset, p.b_length))
    return dets


def _doc_prf_by_category(corpus: PanCorpus, detected: set[tuple[str, str]]) -> dict[str, dict[str, float]]:
    """Document-pair P/R/F1 per obfuscation type. A gold pair counts for every type among its cases;
    precision for a type counts the pairs of that type found plus every false alarm (a false alarm has
    no type, so each type is charged with all of them)."""
    gold_pairs: dict[tuple[str, str], set[str]] = {}
    for c in corpus.cases:
        gold_pairs.setdefault((c.susp_doc, c.src_doc), set()).add(c.category)
    false = [p for p in detected if p not in gold_pairs]
    out = {}
    for cat in (*PAN_CATEGORIES, "all"):
        gold = [p for p, cats in gold_pairs.items() if cat == "all" or cat in cats]
        found = [p for p in gold if p in detected]
        prf = document_pair_prf([(s, r) for s, r in gold], [(s, r) for s, r in (*found, *false)])
        out[cat] = {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1, "pairs": len(gold),
                    "found": len(found), "false": len(false)}
    return out


def _detects_any(det: tuple, cases: list[tuple]) -> bool:
    return any(pan_scores([c], [det]).recall > 0 for c in cases if c[0] == det[0] and c[3] == det[3])


def evaluate_pan(root: Path | str | None = None) -> dict[str, Any]:
    corpus = load_pan(root)
    t0 = time.perf_counter()
    dets = pan_detections(corpus)
    elapsed = time.perf_counter() - t0
    detected = {(d[0], d[3]) for d in dets}
    result: dict[str, Any] = {"documents": _doc_prf_by_category(corpus, detected), "seconds": round(elapsed, 1),
                              "detections": len(dets), "gold_cases": len(corpus.cases)}
    chars: dict[str, Any] = {}
    all_cases = [c[:6] for c in corpus.cases]
    for cat in (*PAN_CATEGORIES, "all"):
        cases = [c[:6] for c in corpus.cases if cat == "all" or c.category == cat]
        # Per type: the detections that detect a case of that type, plus the false alarms (those that
        # detect no case at all), so a type is not charged with detections of another type's cases.
        mine = [d for d in dets if _detects_any(d, cases) or not _detects_any(d, all_cases)]
        s = pan_scores(cases, mine)
        chars[cat] = {"precision": s.precision, "recall": s.recall, "granularity": s.granularity,
                      "plagdet": s.plagdet, "cases": len(cases)}
    result["characters"] = chars
    return result


# The rewrite 000 of sample 002, sentence by sentence: the start of each 000 sentence -> the start of the
# 002 sentence it rewrites (read by hand; 000's twelfth sentence is the second half of one 002 sentence).
SAMPLE_REWRITE = {
    "Dalam konferensi pers tersebut": "Dalam konferensi pers tersebut",
    "Ukraina pada Juni lalu": "Ukraina pada bulan Juni",
    "Lavrov juga menyebut Rusia": "Otoritas Rusia akan",
    "Negeri tertutup itu": "Korea Utara membuka kawasan",
    "Selain itu, Lavrov": "Lavrov juga mengatakan Belarus",
    "Kunjungan akhir pekan ini": "Kunjungan akhir pekan ini",
    "Itu menjadi kunjungan ketiga": "Itu adalah kunjungan ketiga",
    "Hubungan kedua negara": "Kedua negara telah mempererat",
    "Rusia dan Korea Utara juga": "Rusia dan Korea Utara juga",
    "Pemerintah Barat menuduh": "Pemerintah Barat menuduh",
    "Penempatan pasukan": "Pengerahan pasukan",
    "Kepala intelijen militer": "Korea Utara kini memasok",
    "“Itu senjata yang bagus": "Korea Utara kini memasok",
    "“Korea Utara punya cadangan": '"Korea Utara memiliki stok',
    "Bloomberg belum bisa": "Bloomberg tidak dapat",
    "Kunjungan Lavrov ke Pyongyang": "Kunjungan Lavrov ke Pyongyang",
    "Menlu Choe Son Hui": "Choe Son Hui bertemu",
    "Sebelum tiba di Pyongyang": "Sebelum Pyongyang, Lavrov",
}
QUOTE_ONLY = ("001", "003", "004")  # share only a translated TASS quote: no link among them


def evaluate_samples(samples_dir: Path) -> dict[str, Any]:
    """The samples through the same ingest and placement as `kabar run`, into a throw-away store."""
    import tempfile

    from kabar.engine import ingest, place
    from kabar.ingest import IngestLog
    from kabar.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp, SQLiteStore(Path(tmp) / "s.db") as store:
        ingest([str(samples_dir)], store, IngestLog())
        place(store)
        arts = {Path(a.origin.split(":")[0]).name[:3]: a for a in store.iter_articles()}
        links = store.copy_links()
    by_pair = {(lk.original, lk.copy): lk for lk in links}
    rewrite = by_pair.get((arts["002"].id, arts["000"].id))
    right = 0
    if rewrite is not None:
        src, cp = arts["002"].sentences, arts["000"].sentences
        for i, j in rewrite.sentences:
            gold = next((v for k, v in SAMPLE_REWRITE.items() if cp[j].text.startswith(k)), None)
            right += gold is not None and src[i].text.startswith(gold)
    quote_links = [lk for lk in links if {lk.original, lk.copy} <= {arts[k].id for k in QUOTE_ONLY}]
    n_copy = len(arts["000"].sentences)
    return {
        "links": len(links),
        "rewrite_found": rewrite is not None,
        "rewrite_kind": rewrite.kind if rewrite else None,
        "rewrite_direction": rewrite.direction if rewrite else None,
        "rewrite_sentences": n_copy,
        "rewrite_aligned": len(rewrite.sentences) if rewrite else 0,
        "rewrite_aligned_right": right,
        "rewrite_right_share": round(right / n_copy, 3) if n_copy else 0.0,
        "quote_only_links": len(quote_links),
    }


def evaluate_corpus(db: Path | str, sample: int = 50, seed: int = 5) -> dict[str, Any]:
    """Copy links of a database placed by `kabar run`: counts by kind and direction, outlet pairs, the
    outlet view, and a `sample` of links for hand-checking (pseudo-random, stable across detector changes)."""
    import hashlib

    from kabar.dedup.provenance import outlet_pairs, outlet_view
    from kabar.store.sqlite import SQLiteStore

    with SQLiteStore(db) as store:
        source_of = {r[0]: r[1] for r in store.db.execute("SELECT id, source FROM articles")}
        links = store.copy_links()
    # The sample is the links with the smallest salted hashes: a link that survives a change of the
    # detector stays in the sample, so a hand-check is redone only for the links that are new.
    picked = sorted(links, key=lambda lk: hashlib.sha1(f"{seed}:{lk.original}:{lk.copy}".encode()).digest())[:sample]
    copies = {lk.copy for lk in links}
    return {
        "articles": len(source_of),
        "links": len(links),
        "copy_articles": len(copies),
        "kinds": dict(Counter(lk.kind for lk in links).most_common()),
        "directions": dict(Counter(lk.direction for lk in links).most_common()),
        "same_outlet_links": sum(source_of.get(lk.original) == source_of.get(lk.copy) for lk in links),
        "outlet_pairs": outlet_pairs(links, source_of),
        "outlets": outlet_view(links, source_of),
        "sample": [{"original": lk.original, "copy": lk.copy, "kind": lk.kind, "score": lk.score} for lk in picked],
    }


def evaluate_copies(root: Path | str | None = None, *, pan: bool = True, samples: bool = True,
                    db: Path | str | None = None) -> dict[str, Any]:
    """All copy-detection measures. `root` is the shared data directory (default: ../shared/data);
    `db`, a database placed by `kabar run`, adds the corpus section (links, outlet pairs, outlet view)."""
    root = Path(root) if root is not None else shared_data_root()
    results: dict[str, Any] = {}
    if pan:
        results["pan"] = evaluate_pan(root)
    if samples:
        results["samples"] = evaluate_samples(root.parent / "samples" / "lavrov-wonsan-2025")
    if db is not None:
        results["corpus"] = evaluate_corpus(db)
    return results


def print_copies_report(results: dict[str, Any]) -> None:
    from rich.table import Table

    from kabar.eval.console import report_console

    console = report_console()
    if "pan" in results:
        pan = results["pan"]
        t = Table(title=f"PAN id-plagiarism: document pairs and characters ({pan['seconds']} s)")
        for col in ("type", "pairs", "found", "false", "doc P", "doc R", "doc F1", "char P", "char R", "gran",
                    "plagdet"):
            t.add_column(col, justify="left" if col == "type" else "right")
        for cat, d in pan["documents"].items():
            c = pan["characters"][cat]
            t.add_row(cat, str(d["pairs"]), str(d["found"]), str(d["false"]), f"{d['precision']:.3f}",
                      f"{d['recall']:.3f}", f"{d['f1']:.3f}", f"{c['precision']:.3f}", f"{c['recall']:.3f}",
                      f"{c['granularity']:.3f}", f"{c['plagdet']:.3f}")
        console.print(t)
    if "samples" in results:
        s = results["samples"]
        console.print(
            f"samples: rewrite 000 of 002 found={s['rewrite_found']} kind={s['rewrite_kind']} "
            f"direction={s['rewrite_direction']}; {s['rewrite_aligned_right']}/{s['rewrite_sentences']} sentences "
            f"aligned to the right source sentence ({s['rewrite_right_share']:.0%}); links among the quote-only "
            f"articles: {s['quote_only_links']}; links in all: {s['links']}", highlight=False)
    if "corpus" in results:
        c = results["corpus"]
        console.print(f"corpus: {c['articles']} articles, {c['links']} copy links ({c['copy_articles']} articles "
                      f"are copies; {c['same_outlet_links']} links within one outlet); kinds {c['kinds']}; "
                      f"direction by {c['directions']}", highlight=False)
        t = Table(title="Outlets: share of articles that are copies, and of whom")
        for col in ("outlet", "articles", "copies", "share", "originals from"):
            t.add_column(col, justify="left" if col in ("outlet", "originals from") else "right")
        for outlet, row in c["outlets"].items():
            src = ", ".join(f"{o} {n}" for o, n in list(row["from"].items())[:4])
            t.add_row(outlet, str(row["articles"]), str(row["copies"]), f"{row['share']:.1%}", src)
        console.print(t)

"""`kabar eval extract`: precision and recall of the quantity, time-expression and quote extractors on
the hand-labeled sentences in `gold/extract/` (built by tools/build_extract_gold.py; its docstring says
how the labels were made, `gold/extract/README.md` gives the labeling rules).

Each gold record is one sentence of a real article (a sample or a CLICK-ID corpus article) with its
article's publication date and the expected items. The article is rebuilt exactly as `kabar run` builds
it (ingest, clean, segment) and the extractors run over the whole article, as in the pipeline, so that
"ujarnya" can point back to a speaker named two sentences earlier; only the items of the gold sentence
are scored. If the cleaner or the segmenter has changed so that the sentence is no longer found, the
extractors run on the sentence alone and the record is counted as `detached`.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kabar.model import Article

GOLD_DIR = Path(__file__).with_name("gold") / "extract"
SETS = ("dev", "test", "test2")
_ID = re.compile(r'"id":\s*"([^"]+)"')


def read_gold(gold_dir: Path | str | None = None, sets: Iterable[str] = SETS) -> list[dict[str, Any]]:
    """The gold records of the named sets, in file order (a missing set is skipped)."""
    gold = Path(gold_dir) if gold_dir else GOLD_DIR
    out: list[dict[str, Any]] = []
    for name in sets:
        path = gold / f"{name}.jsonl"
        if path.exists():
            out += [{**json.loads(line), "set": name} for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip()]
    return out


def load_articles(keys: Iterable[str], shared_root: Path | str | None = None) -> Iterator[tuple[str, Article]]:
    """(key, article) for keys `sample:<file name>` and `corpus:<id>`, cleaned and segmented exactly as
    the pipeline does it; only the corpus lines named are parsed."""
    from kabar.eval.datasets import shared_data_root
    from kabar.ingest import IngestLog, iter_articles
    from kabar.ingest.fields import map_record

    root = Path(shared_root) if shared_root else shared_data_root()
    wanted = set(keys)
    if any(k.startswith("sample:") for k in wanted):
        for art in iter_articles([str(root.parent / "samples" / "lavrov-wonsan-2025")], IngestLog()):
            key = "sample:" + Path(art.origin).name
            if key in wanted:
                yield key, prepare(art)
    ids = {k.split(":", 1)[1]: k for k in wanted if k.startswith("corpus:")}
    if not ids:
        return
    corpus = root / "corpus" / "clickid-2019.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            m = _ID.search(line)
            key = ids.get(m.group(1)) if m else None
            if key:
                yield key, prepare(map_record(json.loads(line), f"{corpus}:{lineno}"))


def prepare(article: Article) -> Article:
    """Clean and segment (the per-article stages before extraction)."""
    from kabar.clean import clean_article
    from kabar.stages import segment_article

    return segment_article(clean_article(article))


# ------------------------------------------------------------------------------------------ scoring


def evaluate_extract(
    gold_dir: Path | str | None = None,
    shared_root: Path | str | None = None,
    *,
    sets: Sequence[str] = SETS,
    examples: int = 8,
) -> dict[str, Any]:
    """P/R of quantities, time expressions and quotes per gold set and overall.

    Quantities match on value (or overlapping text) and are `exact` when low, high and unit agree too;
    the counted noun is reported apart. Time expressions match on overlapping text and are `normalized`
    when value, low and high all agree. Quotes match in the same sentence when their words overlap
    (overlap coefficient >= 0.5); the speaker is `lenient` when one name's words hold the other's
    ("Budanov" / "Kyrylo Budanov") and `exact` when the names are equal (case, accents, y/i folded).
    Speakers are resolved against the article's canonical entities (NER when the model is shipped)."""
    from kabar.extract.entities import article_entities
    from kabar.extract.quantities import extract_quantities
    from kabar.extract.quotes import extract_quotes
    from kabar.extract.timex import extract_times

    started = time.perf_counter()
    records = read_gold(gold_dir, sets)
    articles = dict(load_articles({r["article"] for r in records}, shared_root))
    cache: dict[tuple[str, str | None], tuple] = {}
    per_set: dict[str, _Tally] = {name: _Tally() for name in sets}
    total = _Tally()
    for rec in records:
        art = articles.get(rec["article"])
        sents = art.sentences if art else []
        idx = rec["sentence"]
        if idx >= len(sents) or sents[idx].text != rec["text"]:
            idx = next((k for k, s in enumerate(sents) if s.text == rec["text"]), -1)
        if art is None or idx < 0:  # the cleaner or segmenter changed: score the sentence alone
            from kabar.model import Sentence

            sents, idx, text = [Sentence(0, len(rec["text"]), rec["text"])], 0, rec["text"]
            key = None
            detached = True
        else:
            text, key, detached = art.text, (rec["article"], rec["published"]), False
        if key is None or key not in cache:
            ents = article_entities(art) if art is not None and not detached else None
            got = (extract_quantities(text, sents), extract_times(sents, rec["published"]),
                   extract_quotes(sents, ents))
            if key is not None:
                cache[key] = got
        else:
            got = cache[key]
        quantities = [q for q in got[0] if q.sentence == idx]
        times = [t for t in got[1] if t.sentence == idx]
        quotes = [q for q in got[2] if q.sentence == idx]
        base = sents[idx].start
        for tally in (per_set[rec["set"]], total):
            tally.sentences += 1
            tally.detached += detached
            _score_quantities(tally, rec, quantities, examples)
            _score_times(tally, rec, times, base, examples)
            _score_quotes(tally, rec, quotes, examples)
    results: dict[str, Any] = {name: t.summary() for name, t in per_set.items() if t.sentences}
    results["all"] = total.summary()
    results["seconds"] = round(time.perf_counter() - started, 1)
    return results


class _Tally:
    def __init__(self) -> None:
        self.sentences = 0
        self.detached = 0
        self.counts: dict[str, list[int]] = {}  # metric -> [tp, predicted, gold]
        self.nouns = [0, 0]  # matched quantities with the right counted noun, matched
        self.misses: dict[str, list[str]] = {"quantities": [], "times": [], "quotes": []}

    def add(self, metric: str, tp: int, pred: int, gold: int) -> None:
        c = self.counts.setdefault(metric, [0, 0, 0])
        c[0] += tp
        c[1] += pred
        c[2] += gold

    def miss(self, kind: str, limit: int, line: str) -> None:
        if len(self.misses[kind]) < limit:
            self.misses[kind].append(line)

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"sentences": self.sentences, "detached": self.detached}
        for metric, (tp, pred, gold) in self.counts.items():
            p = tp / pred if pred else 1.0
            r = tp / gold if gold else 1.0
            out[metric] = {"tp": tp, "predicted": pred, "gold": gold, "precision": round(p, 4),
                           "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
        out["quantity_noun_accuracy"] = round(self.nouns[0] / self.nouns[1], 4) if self.nouns[1] else None
        out["misses"] = self.misses
        return out


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _span_in(sentence: str, text: str, taken: list[tuple[int, int]]) -> tuple[int, int]:
    start = sentence.find(text)
    while start >= 0 and any(_overlap((start, start + len(text)), t) for t in taken):
        start = sentence.find(text, start + 1)
    return (start, start + len(text)) if start >= 0 else (-1, -1)


def _score_quantities(t: _Tally, rec: dict, pred: list, limit: int) -> None:
    gold = rec["quantities"]
    used: set[int] = set()
    tp = exact = 0
    for g in gold:
        gspan = _span_in(rec["text"], g["text"], [])
        best = None
        for k, q in enumerate(pred):
            if k in used:
                continue
            qspan = _span_in(rec["text"], q.text, [])
            if _close(q.value, g["value"]) or (gspan[0] >= 0 and qspan[0] >= 0 and _overlap(gspan, qspan)):
                best = k
                if _close(q.value, g["value"]):
                    break
        if best is None:
            t.miss("quantities", limit, f"{rec['id']} missed {g['text']!r}")
            continue
        used.add(best)
        q = pred[best]
        tp += 1
        same = (_close(q.value, g["value"]) and _close(q.low, g["low"]) and _close(q.high, g["high"])
                and q.unit == g["unit"])
        exact += same
        if not same:
            t.miss("quantities", limit, f"{rec['id']} {g['text']!r}: got value={q.value} low={q.low} high={q.high} "
                                        f"unit={q.unit!r}, gold {g['value']}/{g['low']}/{g['high']}/{g['unit']!r}")
        t.nouns[1] += 1
        t.nouns[0] += (q.noun or "").lower() == (g["noun"] or "").lower()
    for k, q in enumerate(pred):
        if k not in used:
            t.miss("quantities", limit, f"{rec['id']} spurious {q.text!r} ({q.value} {q.unit})")
    t.add("quantities", tp, len(pred), len(gold))
    t.add("quantities_exact", exact, len(pred), len(gold))


def _score_times(t: _Tally, rec: dict, pred: list, base: int, limit: int) -> None:
    gold = rec["times"]
    taken: list[tuple[int, int]] = []
    used: set[int] = set()
    tp = norm = 0
    for g in gold:
        gspan = _span_in(rec["text"], g["text"], taken)
        taken.append(gspan)
        hit = next((k for k, x in enumerate(pred) if k not in used and _overlap(gspan, (x.start - base, x.end - base))),
                   None)
        if hit is None:
            t.miss("times", limit, f"{rec['id']} missed {g['text']!r}")
            continue
        used.add(hit)
        x = pred[hit]
        tp += 1
        ok = (x.value, x.low, x.high) == (g["value"], g["low"], g["high"])
        norm += ok
        if not ok:
            t.miss("times", limit, f"{rec['id']} {g['text']!r}: got {x.value} {x.low}..{x.high}, "
                                   f"gold {g['value']} {g['low']}..{g['high']}")
    for k, x in enumerate(pred):
        if k not in used:
            t.miss("times", limit, f"{rec['id']} spurious {x.text!r} -> {x.value}")
    t.add("times", tp, len(pred), len(gold))
    t.add("times_normalized", norm, len(pred), len(gold))


_TOKEN = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _TOKEN.findall(text)}


def _speaker_match(pred: str | None, gold: dict, lenient: bool) -> bool:
    from kabar.extract.entities import fold

    names = [gold["speaker"], *gold.get("speaker_aliases", [])]
    if pred is None or gold["speaker"] is None:
        return pred is None and gold["speaker"] is None
    p = fold(pred)
    for n in names:
        g = fold(n)
        if p == g:
            return True
        if lenient:
            a, b = set(p.split()), set(g.split())
            if a and b and (a <= b or b <= a):
                return True
    return False


def _score_quotes(t: _Tally, rec: dict, pred: list, limit: int) -> None:
    gold = rec["quotes"]
    used: set[int] = set()
    tp = lenient = exact = 0
    for g in gold:
        gw = _words(g["text"])
        best, best_score = None, 0.0
        for k, q in enumerate(pred):
            if k in used:
                continue
            qw = _words(q.text)
            score = len(gw & qw) / min(len(gw), len(qw)) if gw and qw else 0.0
            if score > best_score:
                best, best_score = k, score
        if best is None or best_score < 0.5:
            t.miss("quotes", limit, f"{rec['id']} missed {g['speaker']}: {g['text'][:60]!r}")
            continue
        used.add(best)
        q = pred[best]
        tp += 1
        lenient += _speaker_match(q.speaker, g, True)
        ok = _speaker_match(q.speaker, g, False)
        exact += ok
        if not ok:
            t.miss("quotes", limit, f"{rec['id']} speaker {q.speaker!r}, gold {g['speaker']!r}")
    for k, q in enumerate(pred):
        if k not in used:
            t.miss("quotes", limit, f"{rec['id']} spurious {q.speaker}: {q.text[:60]!r}")
    t.add("quotes", tp, len(pred), len(gold))
    t.add("quotes_speaker_lenient", lenient, len(pred), len(gold))
    t.add("quotes_speaker_exact", exact, len(pred), len(gold))


# ------------------------------------------------------------------------------------------ report

_ROWS = [
    ("quantities", "quantities (value found)"),
    ("quantities_exact", "quantities (value, bounds, unit)"),
    ("times", "time expressions (span)"),
    ("times_normalized", "time expressions (normalized)"),
    ("quotes", "quotes (found)"),
    ("quotes_speaker_lenient", "quotes + speaker (lenient)"),
    ("quotes_speaker_exact", "quotes + speaker (exact)"),
]


def print_extract_report(results: dict[str, Any], examples: int = 0) -> None:
    """Tables of P/R/F1 per set and overall; `examples` misses per extractor and set are listed too."""
    from rich.table import Table

    from kabar.eval.console import report_console

    console = report_console()
    for name, res in results.items():
        if not isinstance(res, dict):
            continue
        note = {"dev": " (used while developing: optimistic)",
                "test": " (held out until first scored, fixes after: see gold/extract/README.md)",
                "test2": " (held out until first scored, one fix after: see gold/extract/README.md)"}.get(name, "")
        table = Table(title=f"extract — {name}: {res['sentences']} sentences{note}"
                            + (f", {res['detached']} detached" if res["detached"] else ""))
        for col in ("measure", "P", "R", "F1", "tp", "pred", "gold"):
            table.add_column(col, justify="left" if col == "measure" else "right")
        for key, label in _ROWS:
            m = res.get(key)
            if m:
                table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                              str(m["tp"]), str(m["predicted"]), str(m["gold"]))
        console.print(table)
        if res.get("quantity_noun_accuracy") is not None:
            console.print(f"counted noun right on matched quantities: {res['quantity_noun_accuracy']:.3f}")
        if examples:
            for kind, lines in res["misses"].items():
                for line in lines[:examples]:
                    console.print(f"  [{kind}] {line}", markup=False)
    if "seconds" in results:
        console.print(f"{results['seconds']} s")

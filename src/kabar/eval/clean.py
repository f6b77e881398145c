"""`kabar eval clean`: how much story text cleaning keeps and how much junk it removes.

Two gold sets (built by tools/build_clean_gold.py, see its docstring for how they were labeled):
- real articles (the samples and CLICK-ID corpus articles): gold removed spans over the raw text; each
  word token of the raw text is story or junk (with the gold reason) and kept or removed by Kabar;
- synthetic HTML pages: the whole pipeline (trafilatura extraction, then cleaning) against the
  expected story text; tokens are aligned (difflib) between the expected and the produced text, and
  every page token that is not story is junk.

Token = a run of letters/digits (\\w+): punctuation-only debris (",,") counts in neither measure; its
removal is reported separately as characters.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from kabar.model import Article

GOLD_DIR = Path(__file__).with_name("gold") / "clean"
_TOKEN = re.compile(r"\w+")
_EXAMPLES = 12


def evaluate_clean(
    gold_dir: Path | str | None = None, shared_root: Path | str | None = None, *, html: bool = True, real: bool = True
) -> dict[str, Any]:
    """Score `kabar.clean` (and, for HTML pages, `kabar.ingest.html`) against the gold sets."""
    gold = Path(gold_dir) if gold_dir else GOLD_DIR
    results: dict[str, Any] = {}
    if real:
        results["real"] = _eval_real(gold, shared_root, "real.jsonl")
        if (gold / "heldout.jsonl").exists():
            results["heldout"] = _eval_real(gold, shared_root, "heldout.jsonl")
    if html:
        results["html"] = _eval_html(gold / "html")
    parts = [results[k]["tokens"] for k in ("real", "heldout", "html") if k in results]
    results["overall"] = _summary(_add(parts))
    return results


# ----------------------------------------------------------------------------------- real articles


def _load_real(gold: Path, shared_root: Path | str | None, name: str) -> Iterable[tuple[dict, Article]]:
    """Gold records with their articles, built exactly as `kabar ingest` builds them (same reader
    functions), reading only the corpus lines the gold names."""
    import gzip

    from kabar.eval.datasets import shared_data_root
    from kabar.ingest import IngestLog, iter_articles
    from kabar.ingest.fields import map_record

    root = Path(shared_root) if shared_root else shared_data_root()
    records = {}
    for line in (gold / name).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        records[rec["key"]] = rec
    if any(k.startswith("sample:") for k in records):
        for art in iter_articles([str(root.parent / "samples" / "lavrov-wonsan-2025")], IngestLog()):
            key = "sample:" + Path(art.origin).name
            if key in records:
                yield records.pop(key), art
    wanted = {k.split(":", 1)[1]: k for k in records}
    corpus = root / "corpus" / "clickid-2019.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            m = _ID.search(line)
            key = wanted.get(m.group(1)) if m else None
            if key:
                yield records.pop(key), map_record(json.loads(line), f"{corpus}:{lineno}")
    if records:
        raise FileNotFoundError(f"{len(records)} gold articles not found in {root} (e.g. {next(iter(records))})")


_ID = re.compile(r'"id":\s*"([^"]+)"')


def _eval_real(gold: Path, shared_root: Path | str | None, name: str) -> dict[str, Any]:
    from kabar.clean import clean_article

    counts: Counter[str] = Counter()
    gold_reason: Counter[str] = Counter()
    gold_reason_removed: Counter[str] = Counter()
    sys_reason: Counter[str] = Counter()
    sys_reason_junk: Counter[str] = Counter()
    lost, missed = [], []
    n = 0
    started = time.perf_counter()
    stale = 0
    for rec, art in _load_real(gold, shared_root, name):
        raw = art.raw_text
        spans = _gold_spans(rec, raw)
        if spans is None:
            stale += 1
            continue
        n += 1
        out = clean_article(replace(art, removed=[]))
        gold_at = _reason_map(raw, spans)
        sys_at = _reason_map(raw, [(s.start, s.end, s.reason) for s in out.removed])
        for m in _TOKEN.finditer(raw):
            mid = (m.start() + m.end()) // 2
            g, s = gold_at.get(mid), sys_at.get(mid)
            if g is None:
                counts["story"] += 1
                counts["story_kept"] += s is None
                if s is not None:
                    sys_reason[s] += 1
                    if len(lost) < _EXAMPLES:
                        lost.append(f"{rec['key']}: {s}: …{raw[max(0, m.start() - 40):m.end() + 40]}…")
            else:
                counts["junk"] += 1
                gold_reason[g] += 1
                if s is not None:
                    counts["junk_removed"] += 1
                    gold_reason_removed[g] += 1
                    sys_reason[s] += 1
                    sys_reason_junk[s] += 1
                elif len(missed) < _EXAMPLES:
                    missed.append(f"{rec['key']}: {g}: {raw[m.start():m.end()]!r} in …{raw[max(0, m.start() - 40):m.end() + 40]}…")
        counts.update(_debris_chars(raw, rec["spans"], out.removed))
    return {
        "articles": n,
        "stale_articles": stale,
        "seconds": round(time.perf_counter() - started, 2),
        "tokens": dict(counts),
        **_summary(counts),
        "per_reason": {
            r: {"gold_tokens": gold_reason[r], "recall": _ratio(gold_reason_removed[r], gold_reason[r]),
                "removed_tokens": sys_reason[r], "precision": _ratio(sys_reason_junk[r], sys_reason[r])}
            for r in sorted(set(gold_reason) | set(sys_reason))
        },
        "debris_chars": {"gold": counts["debris_chars"], "removed": counts["debris_chars_removed"],
                         "recall": _ratio(counts["debris_chars_removed"], counts["debris_chars"])},
        "story_lost_examples": lost,
        "junk_missed_examples": missed,
    }


def _gold_spans(rec: dict, raw: str) -> list[tuple[int, int, str]] | None:
    """The gold spans, relocated by their text if normalization has changed the raw text since the
    gold was made; None when a span's text is no longer there (the article is then left out)."""
    if hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16] == rec["sha"]:
        return [(s, e, r) for s, e, r, _ in rec["spans"]]
    out = []
    for start, _, reason, text in rec["spans"]:
        at = raw.find(text, max(0, start - 300))
        if at < 0:
            return None
        out.append((at, at + len(text), reason))
    return out


def _reason_map(raw: str, spans: list[tuple[int, int, str]]) -> dict[int, str]:
    """Position -> reason for every character inside a span (only token midpoints are looked up)."""
    at: dict[int, str] = {}
    for start, end, reason in spans:
        for i in range(start, end):
            at[i] = reason
    return at


def _debris_chars(raw: str, gold_spans: list, removed: list) -> Counter[str]:
    gold = {i for s, e, r, _ in gold_spans if r == "debris" for i in range(s, e) if not raw[i].isspace()}
    sys = {i for sp in removed for i in range(sp.start, sp.end)}
    return Counter({"debris_chars": len(gold), "debris_chars_removed": len(gold & sys)})


# ------------------------------------------------------------------------------ synthetic HTML pages


def _eval_html(html_dir: Path) -> dict[str, Any]:
    from kabar.clean import clean_article
    from kabar.ingest.base import InputRejected
    from kabar.ingest.html import decode_html, extract_html

    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    gambling: Counter[str] = Counter()
    lost, left = [], []
    pages = 0
    started = time.perf_counter()
    for line in (html_dir / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        pages += 1
        data = (html_dir / rec["file"]).read_bytes()
        try:
            text = clean_article(extract_html(decode_html(data), rec["file"])).text
        except InputRejected:
            text = ""
        gold = _tokens(rec["expected"])
        got = _tokens(text)
        page = _tokens(_visible_text(data))
        matcher = difflib.SequenceMatcher(None, gold, got, autojunk=False)
        matched = sum(b.size for b in matcher.get_matching_blocks())
        junk = max(len(page) - len(gold), 0)
        junk_left = len(got) - matched
        counts.update(story=len(gold), story_kept=matched, junk=junk, junk_removed=max(junk - junk_left, 0))
        if rec.get("gambling_news"):
            gambling.update(story=len(gold), story_kept=matched)
        got_text = " " + " ".join(got) + " "
        for item in rec["junk"]:
            toks = _tokens(item["text"])
            still = bool(toks) and (" " + " ".join(toks) + " ") in got_text and (
                " " + " ".join(toks) + " ") not in (" " + " ".join(gold) + " ")
            kinds[item["kind"]]["blocks"] += 1
            kinds[item["kind"]]["removed"] += not still
            if still and len(left) < _EXAMPLES:
                left.append(f"{rec['file']}: {item['kind']}: {item['text'][:80]}")
        if matched < len(gold) and len(lost) < _EXAMPLES:
            for tag, i1, i2, _, _ in matcher.get_opcodes():
                if tag in ("delete", "replace") and len(lost) < _EXAMPLES:
                    lost.append(f"{rec['file']}: {' '.join(gold[max(0, i1 - 5):i2 + 5])[:160]}")
    return {
        "pages": pages,
        "seconds": round(time.perf_counter() - started, 2),
        "tokens": dict(counts),
        **_summary(counts),
        "per_kind": {k: {"blocks": c["blocks"], "removed": _ratio(c["removed"], c["blocks"])}
                     for k, c in sorted(kinds.items())},
        "gambling_news_story_kept": _ratio(gambling["story_kept"], gambling["story"]),
        "story_lost_examples": lost,
        "junk_left_examples": left,
    }


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _visible_text(data: bytes) -> str:
    """What a reader of the page sees: the body's text without scripts and styles."""
    import lxml.html

    root = lxml.html.fromstring(data)
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    return root.text_content()


# ------------------------------------------------------------------------------------------ summary


def _add(parts: list[dict]) -> Counter[str]:
    total: Counter[str] = Counter()
    for p in parts:
        total.update(p)
    return total


def _ratio(num: float, den: float) -> float:
    return round(num / den, 4) if den else 1.0


def _summary(c: Counter[str] | dict) -> dict[str, float]:
    """keep = story tokens kept / story tokens; junk_recall = junk tokens removed / junk tokens;
    removal_precision = junk tokens removed / all tokens removed."""
    removed = c.get("junk_removed", 0) + c.get("story", 0) - c.get("story_kept", 0)
    return {
        "keep": _ratio(c.get("story_kept", 0), c.get("story", 0)),
        "junk_recall": _ratio(c.get("junk_removed", 0), c.get("junk", 0)),
        "removal_precision": _ratio(c.get("junk_removed", 0), removed),
    }


def print_clean_report(results: dict[str, Any]) -> None:
    """Human-readable report of `evaluate_clean` (targets: keep >= 0.995, junk recall >= 0.95)."""
    def line(name: str, r: dict) -> str:
        return (f"{name:<10} keep {r['keep']:.4f}  junk recall {r['junk_recall']:.4f}  "
                f"removal precision {r['removal_precision']:.4f}")

    for part, title in (("real", "Real articles (development set)"), ("heldout", "Real articles (held-out set)")):
        if part not in results:
            continue
        r = results[part]
        print(f"{title}: {r['articles']} ({r['tokens'].get('story', 0)} story / {r['tokens'].get('junk', 0)} "
              f"junk tokens, {r['seconds']} s)" + (f"; {r['stale_articles']} left out: gold no longer matches "
                                                  "the normalized text" if r["stale_articles"] else ""))
        print("  " + line("tokens", r))
        print(f"  debris characters removed: {r['debris_chars']['recall']:.4f} of {r['debris_chars']['gold']}")
        print("  per reason: gold tokens, recall | tokens removed with this reason, precision")
        for reason, v in r["per_reason"].items():
            print(f"    {reason:<15} {v['gold_tokens']:>6} {v['recall']:.4f} | {v['removed_tokens']:>6} {v['precision']:.4f}")
        _examples("story tokens removed", r["story_lost_examples"])
        _examples("junk tokens missed", r["junk_missed_examples"])
    if "html" in results:
        h = results["html"]
        print(f"Synthetic HTML pages: {h['pages']} (ingest with trafilatura + clean, {h['seconds']} s)")
        print("  " + line("tokens", h))
        print(f"  gambling-news pages, story kept: {h['gambling_news_story_kept']:.4f}")
        print("  per kind of junk block: blocks, share removed")
        for kind, v in h["per_kind"].items():
            print(f"    {kind:<15} {v['blocks']:>4} {v['removed']:.4f}")
        _examples("story text lost", h["story_lost_examples"])
        _examples("junk left", h["junk_left_examples"])
    o = results["overall"]
    ok = o["keep"] >= 0.995 and o["junk_recall"] >= 0.95
    print(line("OVERALL", o) + ("   (targets met)" if ok else "   (targets: keep >= 0.995, junk recall >= 0.95)"))


def _examples(title: str, items: list[str]) -> None:
    if items:
        print(f"  {title} (first {len(items)}):")
        for item in items:
            print("    " + item.replace("\n", " ⏎ "))

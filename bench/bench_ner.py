"""NER tagging speed: the shipped CRF through the old feature path and the new one, on the same articles.

    python bench/bench_ner.py [--articles 500] [--rounds 3] [--out bench/results/ner.json]

The old path (`NerTagger(fast=False)`) builds every feature string with `sentence_features`, as
training does, and has crfsuite tag each sentence; the new one (the default) sums the model's weights
from per-token blocks cached per distinct token (`EmissionScores`) and decodes all sentences of a
text in one batched Viterbi. Both tag the same CLICK-ID articles, and the script checks that they find
exactly the same mentions. Two ways of calling:

- "article": `entities(text)` once per article (the sentences of an article decoded together);
- "sentence": `entities(sentence)` once per sentence, as kabar.extract.entities calls it today.

Speed is process CPU time (other jobs on the shared machine do not count), summed over `--rounds`
rounds; within a round the two paths alternate every `--chunk` texts, so a change in the machine's
load falls on both alike. Each round starts from fresh taggers and makes two passes: "cold", caches
empty at first (the first articles of a run), and "warm", the same texts again (a long run, where
news vocabulary repeats). The ratio old/new is what to read; absolute rates depend on the machine's
load (recorded).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kabar.eval.datasets import shared_data_root  # noqa: E402
from kabar.extract.ner import NerTagger, load_ner, read_crf_weights, read_lexicon, resource_dir  # noqa: E402
from kabar.lang.segment import split_sentences  # noqa: E402

CORPUS = shared_data_root() / "corpus" / "clickid-2019.jsonl.gz"
PATHS = ("old", "new")


def corpus_articles(n: int) -> list[str]:
    """The first `n` non-empty article bodies of the CLICK-ID corpus."""
    out: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if text.strip():
                out.append(text)
                if len(out) >= n:
                    break
    return out


def timed(tagger: NerTagger, texts: list[str]) -> tuple[float, list]:
    """CPU seconds to tag every text, and what was found."""
    t0 = time.process_time()
    found = [tagger.entities(t) for t in texts]
    return time.process_time() - t0, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--chunk", type=int, default=20, help="texts per turn of each path")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ner.json")
    args = ap.parse_args()

    texts = corpus_articles(args.articles)
    sentences = [t[a:b] for t in texts for a, b in split_sentences(t)]
    shipped = load_ner()
    lex = read_lexicon(resource_dir())
    load_before = os.getloadavg()
    seconds: dict[str, float] = {}
    outputs: dict[str, list] = {}
    for _ in range(args.rounds):
        for unit, items in (("article", texts), ("sentence", sentences)):
            taggers = {
                path: NerTagger(shipped.model_path, lex, shipped.meta, fast=path == "new") for path in PATHS
            }
            for state in ("cold", "warm"):
                found: dict[str, list] = {path: [] for path in PATHS}
                for k in range(0, len(items), args.chunk):
                    for path in PATHS:
                        secs, got = timed(taggers[path], items[k : k + args.chunk])
                        key = f"{unit}_{path}_{state}"
                        seconds[key] = seconds.get(key, 0.0) + secs
                        found[path] += got
                for path in PATHS:
                    outputs[f"{unit}_{path}"] = found[path]
            print(
                f"{unit}: " + ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items() if k.startswith(unit)),
                file=sys.stderr,
            )
    identical = all(outputs[f"{unit}_old"] == outputs[f"{unit}_new"] for unit in ("article", "sentence"))
    speed = {
        k: {
            "cpu_seconds": round(v, 3),
            "articles_per_s": round(args.rounds * len(texts) / v, 1),
            "sentences_per_s": round(args.rounds * len(sentences) / v),
            "ms_per_article": round(1000 * v / (args.rounds * len(texts)), 2),
        }
        for k, v in sorted(seconds.items())
    }
    result = {
        "bench": "ner",
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, 2 cores (shared)",
        "load_average_before_after": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "corpus": "CLICK-ID 2019, first articles",
        "articles": len(texts),
        "sentences": len(sentences),
        "mentions": sum(len(f) for f in outputs["article_new"]),
        "model_bytes": shipped.model_path.stat().st_size,
        "model_attributes": len(read_crf_weights(shipped.model_path).attributes),
        "rounds": args.rounds,
        "chunk": args.chunk,
        "identical_output": identical,
        "speed": speed,
        "speedup": {
            f"{unit}_{state}": round(seconds[f"{unit}_old_{state}"] / seconds[f"{unit}_new_{state}"], 2)
            for unit in ("article", "sentence")
            for state in ("cold", "warm")
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    if not identical:
        sys.exit("old and new paths found different mentions")


if __name__ == "__main__":
    main()

"""MinHash + LSH + exact verification: rensa (what Kabar uses) side by side with datasketch, on the same
word 3-shingles, on the CLICK-ID corpus (22k) and on a synthetic 200k corpus built from it.

    python bench/bench_dedup.py [--synthetic 200000] [--out bench/results/dedup.json]

Per library and corpus: seconds to build signatures, to insert them into the LSH index, to query every
article against the index (online, as `kabar run` does: query, then insert), and to verify every
candidate pair by exact shingle Jaccard (shared code, so equal work for both); candidate pairs and
verified pairs (Jaccard >= 0.5); resident memory added per indexed article (signatures + index: the RSS a
forked child adds over a child that runs the same loop without them). Both use 128 permutations and 32 bands of 4
rows. Shingling time is measured once and reported apart: it is the same code for both.

The synthetic corpus: every CLICK-ID article, plus variants of it made with a fixed seed: half are
rewrites (15% of the words replaced by corpus words, some dropped), half are splices (the first half of
this article and the second half of another). So it has near duplicates, partial copies and unrelated
pairs in news proportions (most pairs unrelated). One process at a time: the machine has 2 shared cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kabar.dedup.fingerprint import NUM_PERM, SEED, shingles  # noqa: E402
from kabar.eval.datasets import shared_data_root  # noqa: E402

CORPUS = shared_data_root() / "corpus" / "clickid-2019.jsonl.gz"
BANDS, ROWS = 32, 4
VERIFY_JACCARD = 0.5


def corpus_texts() -> list[str]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        return [t for t in (json.loads(line).get("text") or "" for line in fh) if len(t.split()) >= 20]


def synthetic(texts: list[str], n: int) -> Iterator[str]:
    """The corpus, then variants until `n` texts (deterministic)."""
    yield from texts[:n]
    rng = random.Random(20250712)
    vocab = [w for t in texts[:2000] for w in t.split()]
    k = len(texts)
    while k < n:
        base = texts[rng.randrange(len(texts))].split()
        if rng.random() < 0.5:
            words = []
            for w in base:
                r = rng.random()
                if r < 0.15:
                    words.append(rng.choice(vocab))
                elif r > 0.97:
                    continue
                else:
                    words.append(w)
        else:
            other = texts[rng.randrange(len(texts))].split()
            words = base[: len(base) // 2] + other[len(other) // 2 :]
        yield " ".join(words)
        k += 1


def _rss() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _hashes(sh: set[str]) -> np.ndarray:
    # 64-bit hashes of the shingles, sorted: exact Jaccard on these is the verification step (a collision
    # every 2^64 is negligible), and they take far less memory than the strings.
    return np.unique(np.fromiter((hash(s) for s in sh), dtype=np.int64, count=len(sh)))


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter) if a.size and b.size else 0.0


def run_library(name: str, texts: Callable[[], Iterator[str]]) -> dict[str, float]:
    """Signatures, online LSH (query then insert) and verification with one library."""
    if name == "rensa":
        from rensa import RMinHash, RMinHashLSH

        lsh = RMinHashLSH(threshold=0.4, num_perm=NUM_PERM, num_bands=BANDS)

        def sign(sh: set[str]):  # noqa: ANN202
            m = RMinHash(num_perm=NUM_PERM, seed=SEED)
            m.update(list(sh))
            return m

        def query(m) -> list[int]:  # noqa: ANN001
            return lsh.query(m)

        def insert(key: int, m) -> None:  # noqa: ANN001
            lsh.insert(key, m)
    elif name == "baseline":  # the same loop without signatures or index: its memory is subtracted

        def sign(sh: set[str]):  # noqa: ANN202
            return None

        def query(m) -> list[int]:  # noqa: ANN001
            return []

        def insert(key: int, m) -> None:  # noqa: ANN001
            return None
    else:
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))

        def sign(sh: set[str]):  # noqa: ANN202
            m = MinHash(num_perm=NUM_PERM, seed=SEED)
            m.update_batch([s.encode("utf-8") for s in sh])
            return m

        def query(m) -> list[int]:  # noqa: ANN001
            return lsh.query(m)

        def insert(key: int, m) -> None:  # noqa: ANN001
            lsh.insert(key, m)

    t_sign = t_query = t_insert = t_verify = t_shingle = 0.0
    hashes: list[np.ndarray] = []
    candidates = verified = 0
    rss0 = _rss()
    for key, text in enumerate(texts()):
        t0 = time.perf_counter()
        sh = shingles(text)
        t1 = time.perf_counter()
        m = sign(sh)
        t2 = time.perf_counter()
        found = query(m)
        t3 = time.perf_counter()
        insert(key, m)
        t4 = time.perf_counter()
        h = _hashes(sh)
        for other in found:
            candidates += 1
            verified += _jaccard(h, hashes[other]) >= VERIFY_JACCARD
        t5 = time.perf_counter()
        hashes.append(h)
        t_shingle += t1 - t0
        t_sign += t2 - t1
        t_query += t3 - t2
        t_insert += t4 - t3
        t_verify += t5 - t4
    n = len(hashes)
    import pickle

    stored = len(pickle.dumps(m)) if n and m is not None else 0  # what Kabar keeps to rebuild the index
    rss = _rss() - rss0
    return {
        "articles": n,
        "shingle_s": round(t_shingle, 2),
        "signature_s": round(t_sign, 2),
        "query_s": round(t_query, 2),
        "insert_s": round(t_insert, 2),
        "verify_s": round(t_verify, 2),
        "minhash_lsh_s": round(t_sign + t_query + t_insert, 2),
        "candidate_pairs": candidates,
        "verified_pairs": int(verified),
        "rss_added": rss,
        "stored_signature_bytes": stored,
    }


def _child(name: str, corpus: str, n: int, limit: int | None, q: mp.Queue) -> None:
    texts = corpus_texts()[:limit]
    if corpus == "clickid":
        q.put(run_library(name, lambda: iter(texts)))
    else:
        q.put(run_library(name, lambda: synthetic(texts, n)))


def measure(name: str, corpus: str, n: int, limit: int | None = None) -> dict[str, float]:
    ctx = mp.get_context("fork")
    q: mp.Queue = ctx.Queue()
    p = ctx.Process(target=_child, args=(name, corpus, n, limit, q))
    p.start()
    result = q.get()
    p.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", type=int, default=200_000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "dedup.json")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N corpus articles (smoke test)")
    ap.add_argument("--skip-datasketch-synthetic", action="store_true", help="datasketch on 200k takes minutes")
    args = ap.parse_args()
    from importlib.metadata import version

    results: dict[str, dict[str, dict[str, float]]] = {}
    for corpus in ("clickid", "synthetic"):
        results[corpus] = {}
        for lib in ("rensa", "datasketch"):
            if lib == "datasketch" and corpus == "synthetic" and args.skip_datasketch_synthetic:
                continue
            r = measure(lib, corpus, args.synthetic, args.limit)
            results[corpus][lib] = r
            print(corpus, lib, json.dumps(r), flush=True)
        base = measure("baseline", corpus, args.synthetic, args.limit)["rss_added"]
        both = results[corpus]
        for lib in ("rensa", "datasketch"):
            if lib in both:
                # resident memory the signatures and the index add per article, over the same loop without them
                both[lib]["bytes_per_article"] = round((both[lib]["rss_added"] - base) / both[lib]["articles"])
        if "datasketch" in both:
            both["ratio_datasketch_over_rensa"] = {
                k: round(both["datasketch"][k] / both["rensa"][k], 2)
                for k in ("signature_s", "query_s", "insert_s", "minhash_lsh_s", "bytes_per_article")
                if both["rensa"][k]
            }
    out = {
        "bench": "dedup",
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)",
        "rensa": version("rensa"),
        "datasketch": version("datasketch"),
        "num_perm": NUM_PERM,
        "bands_rows": [BANDS, ROWS],
        "verify_jaccard": VERIFY_JACCARD,
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

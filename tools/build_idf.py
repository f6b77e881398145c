"""Build the background document frequencies shipped in kabar/resources/idf_id.json.gz.

Online clustering sees few documents at first; IDF computed from them alone is meaningless (with five
articles every shared word looks rare). So term weights start from document frequencies of stemmed
content words over the unlabeled CLICK-ID corpus (../shared/data/corpus). It also writes
stems_id.json.gz, Sastrawi's stems of the corpus vocabulary, so stemming news text is a lookup. Terms seen in fewer than 2 documents are dropped to keep the file small.

    python tools/build_idf.py [--corpus PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from kabar.lang.normalize import normalize_text
from kabar.lang.segment import TOKEN
from kabar.lang.stem import content_terms, stem

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=ROOT.parent / "shared/data/corpus/clickid-2019.jsonl.gz", type=Path)
    ap.add_argument("--out", default=ROOT / "src/kabar/resources/idf_id.json.gz", type=Path)
    ap.add_argument("--min-df", type=int, default=2)
    args = ap.parse_args()
    df: Counter[str] = Counter()
    words: Counter[str] = Counter()
    n = 0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            text = normalize_text(f"{obj.get('title') or ''}\n{obj.get('text') or ''}").replace(",", ", ")
            df.update(set(content_terms(text)))
            words.update(w.lower() for w in TOKEN.findall(text) if w.isalpha() and len(w) > 3)
            n += 1
            if n % 2000 == 0:
                print(f"{n} documents, {len(df)} terms", flush=True)
    kept = {t: c for t, c in df.items() if c >= args.min_df}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8") as fh:
        json.dump({"documents": n, "source": args.corpus.name, "df": dict(sorted(kept.items()))}, fh, ensure_ascii=False)
    print(f"wrote {args.out}: {n} documents, {len(kept)} terms (df >= {args.min_df})")
    # "" marks a word that is its own stem (smaller file).
    # Every word of the corpus: Sastrawi costs ~3 ms per unknown word, a lookup nothing.
    stems = {w: ("" if stem(w) == w else stem(w)) for w in words}
    stems_out = args.out.with_name("stems_id.json.gz")
    with gzip.open(stems_out, "wt", encoding="utf-8") as fh:
        json.dump(dict(sorted(stems.items())), fh, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {stems_out}: {len(stems)} words")


if __name__ == "__main__":
    main()

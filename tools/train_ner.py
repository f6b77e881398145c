"""Train kabar's Indonesian NER model (a CRF) and write it to src/kabar/resources/ner/.

    .venv/bin/python tools/train_ner.py            # build lexicon + train + score dev and test
    .venv/bin/python tools/train_ner.py --dev-only --reuse-lexicon   # a tuning run: dev scores only

Data: ../shared/data/ner (NERGrit, NERP, NER-UI, NER-UGM fold 01, idner-news-2k, DEE) and the unlabeled
news corpus ../shared/data/corpus/clickid-2019.jsonl.gz. Steps:

1. Load every training split, mapped to PER/ORG/LOC (+ EVT/FNB, which only NERP annotates).
2. Decontaminate. NER-UGM, idner-news-2k and part of NERP are the same news sentences, so one set's
   training split holds hundreds of another set's test sentences. Any training sentence equal to, or
   sharing half its word 4-grams with, a sentence of any dev or test split is dropped.
3. Lexicon from unlabeled text (corpus + training tokens; never dev/test text): k-means clusters of
   PPMI context vectors (SVD-reduced) at four granularities — a cheap stand-in for Brown clusters —
   and each word's mid-sentence capitalization and ALL-CAPS rates.
4. Gazetteer of training entities. Training features use a jackknifed gazetteer (each fold sees only
   the entities of the other folds) so the CRF learns how far to trust a gazetteer hit on an unseen
   sentence instead of learning that every training entity is in it.
5. Train the CRF (L-BFGS, elastic net, 60 iterations: stopping early was better on dev than running
   to convergence). Every feature also appears conjoined with the sentence's dataset ("scheme"), so
   the datasets' conflicting guidelines do not blur each other (kabar.extract.ner.sentence_features).
   c1, c2, max_iter and the feature set were chosen on the dev splits only. The L1 weight c1 also
   sets the size of the shipped model (crfsuite drops zero-weight features): c1=1.0 keeps it near
   2 MB, within the 5 MB guideline for a shipped file, for -0.008 mean dev F1 against c1=0.2:

   c1   min_freq  model MB  attributes  mean dev F1  test F1 NERGrit / NERP
   0.2  0         9.5       104,563     0.822        0.747 / 0.799
   0.2  3         5.0        53,356     0.811        0.737 / 0.778
   0.5  0         4.9        54,493     0.816        0.743 / 0.800
   1.0  0         2.0        21,414     0.814        0.740 / 0.792   <- shipped
   2.0  0         1.0        10,454     0.808        0.735 / 0.786

   (feature.minfreq prunes before training and costs more F1 per MB saved than L1 does.)
6. Pick the default scheme for cased text by mean F1 over the cased dev splits (NERP's is the default
   for lowercase text), score dev (and, unless --dev-only, test) and write meta.json.

About 4-6 minutes on one core (lexicon ~1.5 min, CRF ~3 min); deterministic (fixed seeds).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from kabar.eval.ner import (
    DATASETS,
    DEV_SPLITS,
    TEST_SPLITS,
    Sentence,
    evaluate_ner,
    load_split,
    print_ner_report,
    score,
)
from kabar.extract.ner import (
    NER_TOKEN,
    FeatureCache,
    Lexicon,
    NerTagger,
    bio_spans,
    is_cased,
    rate_bucket,
    read_lexicon,
    sentence_features,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "kabar" / "resources" / "ner"

TRAIN_SPLITS = ("nergrit/train", "nerp/train", "nerui/train", "nerugm/train", "idner/train", "dee/all")

CLUSTER_SIZES = (32, 128, 512, 2048)  # coarse to fine, like Brown-cluster path prefixes
MIN_COUNT = 3  # words rarer than this in the unlabeled text get no cluster
N_CONTEXT = 1000  # most frequent words used as context dimensions
SVD_DIMS = 100
GAZ_FOLDS = 5
PHRASE_MIN_COUNT = 3
GAZ_MAXLEN = 6


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- 2. decontamination -------------------------------------------------------------------------


def _norm_words(tokens: Iterable[str]) -> list[str]:
    return [w for w in (re.sub(r"\W", "", t.lower()) for t in tokens) if w]


def _shingles(words: list[str], n: int = 4) -> set[str]:
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def decontaminate(train: list[Sentence], held_out: list[Sentence]) -> tuple[list[Sentence], int]:
    """Drop training sentences that are (near) copies of held-out ones. Returns (kept, n_dropped)."""
    exact = {"".join(_norm_words(t)) for t, _ in held_out}
    index: dict[str, list[int]] = defaultdict(list)
    sizes = []
    for i, (toks, _) in enumerate(held_out):
        sh = _shingles(_norm_words(toks))
        sizes.append(len(sh))
        for g in sh:
            index[g].append(i)
    kept = []
    for toks, tags in train:
        words = _norm_words(toks)
        if "".join(words) in exact:
            continue
        if len(words) >= 6:
            sh = _shingles(words)
            hits = Counter(j for g in sh for j in index.get(g, ()))
            # Near copy if half of either sentence's 4-grams are shared (edits, added words, splits).
            if any(n >= 0.5 * min(len(sh), sizes[j]) for j, n in hits.items()):
                continue
        kept.append((toks, tags))
    return kept, len(train) - len(kept)


# --- 3. lexicon from unlabeled text -------------------------------------------------------------


def corpus_token_lists(corpus: Path) -> Iterator[list[str]]:
    """Token lists of titles and bodies of the clickid corpus (commas there often mark paragraphs)."""
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            for part in (doc.get("title") or "", doc.get("text") or ""):
                toks = NER_TOKEN.findall(part)
                if toks:
                    yield toks


def build_lexicon(texts: list[list[str]], seed: int = 0) -> list[tuple[str, str, str, str]]:
    """Rows (word, cluster ids, capitalization bucket, all-caps bucket) for lexicon.tsv.gz."""
    import scipy.sparse as sp
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    counts: Counter[str] = Counter()
    mid: Counter[str] = Counter()
    cap: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for toks in texts:
        cased = any(ch.isupper() for t in toks for ch in t)
        prev_word = False
        for t in toks:
            low = t.lower()
            counts[low] += 1
            # Capitalization only counts mid-sentence (after a word), in text that uses case at all.
            if cased and prev_word and t[0].isalpha():
                mid[low] += 1
                if t[0].isupper():
                    cap[low] += 1
                if len(t) > 1 and t.isupper():
                    upper[low] += 1
            prev_word = t[0].isalnum()
    vocab = [w for w, c in counts.most_common() if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    n_vocab = len(vocab)
    log(f"lexicon: {sum(counts.values())} tokens, {n_vocab} words with count >= {MIN_COUNT}")

    ids_list: list[int] = []
    for toks in texts:
        ids_list.extend(index.get(t.lower(), n_vocab) for t in toks)
        ids_list.append(-1)  # document boundary: no context across it
    ids = np.array(ids_list, dtype=np.int64)
    blocks = []
    for off in (-2, -1, 1, 2):
        a, b = (ids[-off:], ids[:off]) if off < 0 else (ids[:-off], ids[off:])
        ok = (a >= 0) & (a < n_vocab) & (b >= 0) & (b < N_CONTEXT)
        blocks.append(
            sp.coo_matrix(
                (np.ones(int(ok.sum()), dtype=np.float64), (a[ok], b[ok])), shape=(n_vocab, N_CONTEXT)
            ).tocsr()
        )
    x = sp.hstack(blocks).tocoo()
    total = x.sum()
    rows = np.asarray(x.sum(axis=1)).ravel()
    cols = np.asarray(x.tocsc().sum(axis=0)).ravel()
    pmi = np.log(x.data * total / (rows[x.row] * cols[x.col]))
    pos = pmi > 0
    ppmi = sp.csr_matrix((pmi[pos], (x.row[pos], x.col[pos])), shape=x.shape)
    emb = normalize(TruncatedSVD(SVD_DIMS, random_state=seed).fit_transform(ppmi))
    labels = []
    for k in CLUSTER_SIZES:
        km = MiniBatchKMeans(k, random_state=seed, batch_size=4096, n_init=1, max_iter=50)
        labels.append(km.fit(emb).labels_)
        log(f"lexicon: k-means k={k} done")
    out = []
    for i, w in enumerate(vocab):
        clus = ",".join(str(int(lab[i])) for lab in labels)
        cr = rate_bucket(cap[w], mid[w])
        ur = rate_bucket(upper[w], mid[w])
        out.append((w, clus, cr, ur))
    return out


def build_phrases(texts: list[list[str]]) -> dict[tuple[str, ...], str]:
    """Maximal runs of 2-5 capitalized words seen mid-sentence at least PHRASE_MIN_COUNT times.

    An untyped list of multi-word names from unlabeled text ("Trans Studio Mall", "Garuda Indonesia").
    Title-cased lines (headlines) are skipped: every word is capitalized there.
    """
    runs: Counter[tuple[str, ...]] = Counter()
    for toks in texts:
        words = [t for t in toks if t[0].isalpha()]
        if not words or sum(w[0].isupper() for w in words) > 0.6 * len(words):
            continue
        run: list[str] = []
        prev_word = False
        for t in toks + ["."]:
            if t[0].isupper() and (run or prev_word):
                run.append(t.lower())
            else:
                if 2 <= len(run) <= 5:
                    runs[tuple(run)] += 1
                run = []
            prev_word = t[0].isalnum()
    return {k: "P" for k, c in runs.items() if c >= PHRASE_MIN_COUNT}


def _gzip_text(path: Path) -> io.TextIOWrapper:
    """A gzip text file with no timestamp in its header, so a rebuild gives the same bytes."""
    raw = gzip.GzipFile(path, "wb", compresslevel=9, mtime=0)
    return io.TextIOWrapper(raw, encoding="utf-8")


def write_lexicon(rows: list[tuple[str, str, str, str]], path: Path) -> None:
    with _gzip_text(path) as f:
        for row in rows:
            if "\t" in row[0] or "\n" in row[0]:
                continue
            f.write("\t".join(row) + "\n")


# --- 4. gazetteer -----------------------------------------------------------------------------


def gazetteer_from(sentences: Iterable[Sentence]) -> dict[tuple[str, ...], str]:
    """Lowercase entity phrase -> its majority type in `sentences` (punctuation-only phrases skipped)."""
    types: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for toks, tags in sentences:
        for a, b, etype in bio_spans(tags):
            key = tuple(t.lower() for t in toks[a:b])
            if len(key) <= GAZ_MAXLEN and any(ch.isalpha() for t in key for ch in t):
                types[key][etype] += 1
    return {k: c.most_common(1)[0][0] for k, c in types.items()}


def write_gazetteer(gaz: dict[tuple[str, ...], str], path: Path) -> None:
    with _gzip_text(path) as f:
        for key in sorted(gaz):
            if all(" " not in t and "\t" not in t for t in key):
                f.write(f"{gaz[key]}\t{' '.join(key)}\n")


# --- 5. training ------------------------------------------------------------------------------


def crf_trainer(train: list[Sentence], schemes: list[str | None], lex: Lexicon):  # -> pycrfsuite.Trainer
    """A crfsuite trainer holding the features of `train`; `schemes[i]` is the scheme of `train[i]`."""
    import pycrfsuite

    folds = [i % GAZ_FOLDS for i in range(len(train))]
    random.Random(0).shuffle(folds)
    trainer = pycrfsuite.Trainer(verbose=False)
    for k in range(GAZ_FOLDS):
        gaz = gazetteer_from(s for s, f in zip(train, folds, strict=True) if f != k)
        fold_lex = lex.with_gazetteer(gaz)
        cache = FeatureCache(fold_lex)
        for (toks, tags), scheme, f in zip(train, schemes, folds, strict=True):
            if f == k:
                trainer.append(sentence_features(toks, fold_lex, cache, scheme), tags)
    return trainer


def fit_crf(trainer, model_path: Path, c1: float, c2: float, max_iter: int, min_freq: float) -> None:
    """Fit (L-BFGS, elastic net) and write the model; callable repeatedly on one trainer (tuning).

    `min_freq`: crfsuite's feature.minfreq, (attribute, label) pairs seen fewer times in training are
    not features at all. With c1 (L1, which zeroes weights and so drops features from the file) it
    is what keeps the shipped model small.
    """
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iter,
            "feature.minfreq": min_freq,
            "feature.possible_transitions": True,
        }
    )
    log(f"training CRF (c1={c1}, c2={c2}, max_iter={max_iter}, min_freq={min_freq})")
    t0 = time.process_time()
    trainer.train(str(model_path))
    log(f"trained in {time.process_time() - t0:.0f} s CPU; {model_path.stat().st_size / 1e6:.1f} MB")


def choose_cased_scheme(tagger: NerTagger, ner_dir: Path) -> tuple[str, dict[str, float]]:
    """The scheme `entities()` follows on ordinary (cased) text: best mean F1 over the cased dev splits.

    Chosen on dev data only. The guidelines disagree on real points (idner-news-2k leaves a country
    untagged when it acts, "Israel menyerang ..."; NER-UI tags it LOC), so this is measured, not assumed.
    """
    dev = {spec: load_split(ner_dir, spec) for spec in DEV_SPLITS}
    cased_dev = {
        spec: sents
        for spec, sents in dev.items()
        if sum(is_cased(toks) for toks, _ in sents) > 0.5 * len(sents)
    }
    means = {}
    for scheme in tagger.schemes:
        f1s = []
        for spec, sents in cased_dev.items():
            preds = tagger.tag_many([toks for toks, _ in sents], scheme)
            f1s.append(score([g for _, g in sents], preds, DATASETS[spec.split("/")[0]].types)["f1"])
        means[scheme] = round(sum(f1s) / len(f1s), 4)
    return max(means, key=lambda k: means[k]), means


# --- driver -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--c1", type=float, default=1.0, help="L1 weight: higher = sparser, smaller model")
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--max-iter", type=int, default=60)
    ap.add_argument("--min-freq", type=float, default=0.0, help="crfsuite feature.minfreq (model size)")
    ap.add_argument("--train", default=",".join(TRAIN_SPLITS), help="comma-separated training splits")
    ap.add_argument("--reuse-lexicon", action="store_true", help="keep the existing lexicon.tsv.gz")
    ap.add_argument("--dev-only", action="store_true", help="tuning run: score dev splits, not test")
    ap.add_argument("--no-schemes", action="store_true", help="ablation: no per-dataset scheme features")
    args = ap.parse_args(argv)

    ner_dir = args.data / "ner"
    args.out.mkdir(parents=True, exist_ok=True)
    held_out = [s for spec in DEV_SPLITS + TEST_SPLITS for s in load_split(ner_dir, spec)]
    train: list[Sentence] = []
    schemes: list[str | None] = []
    train_counts = {}
    for spec in args.train.split(","):
        sents, dropped = decontaminate(load_split(ner_dir, spec), held_out)
        train_counts[spec] = {"kept": len(sents), "dropped_overlap": dropped}
        log(f"{spec}: {len(sents)} sentences ({dropped} dropped as copies of dev/test sentences)")
        train.extend(sents)
        schemes.extend([None if args.no_schemes else spec.split("/")[0]] * len(sents))
    scheme_names = sorted({s for s in schemes if s})

    lex_path = args.out / "lexicon.tsv.gz"
    if not (args.reuse_lexicon and lex_path.exists()):
        t0 = time.time()
        texts = list(corpus_token_lists(args.data / "corpus" / "clickid-2019.jsonl.gz"))
        texts += [toks for toks, _ in train]
        write_lexicon(build_lexicon(texts), lex_path)
        phrases = build_phrases(texts)
        write_gazetteer(phrases, args.out / "phrases.tsv.gz")
        log(f"{len(phrases)} capitalized corpus phrases")
        log(f"lexicon built in {time.time() - t0:.0f} s")
    lex = read_lexicon(args.out).with_gazetteer({})

    t0 = time.time()
    model_path = args.out / "model.crfsuite"
    log(f"CRF features for {len(train)} sentences")
    fit_crf(crf_trainer(train, schemes, lex), model_path, args.c1, args.c2, args.max_iter, args.min_freq)
    gaz = gazetteer_from(train)
    write_gazetteer(gaz, args.out / "gazetteer.tsv.gz")
    train_seconds = time.time() - t0

    meta: dict = {"schemes": scheme_names}
    tagger = NerTagger(model_path, read_lexicon(args.out), meta)
    if scheme_names:
        cased, scheme_scores = choose_cased_scheme(tagger, ner_dir)
        # NERP's is the only guideline learned on lowercase text.
        meta["default_scheme"] = {"cased": cased, "lower": "nerp" if "nerp" in scheme_names else cased}
        meta["default_scheme_dev_f1"] = scheme_scores
        log(f"default scheme for cased text: {cased} (mean dev F1 per scheme: {scheme_scores})")
        tagger = NerTagger(model_path, read_lexicon(args.out), meta)
    report: dict = {"dev": evaluate_ner(ner_dir, DEV_SPLITS, tagger=tagger)}
    if not args.dev_only:
        report["test"] = evaluate_ner(ner_dir, TEST_SPLITS, tagger=tagger)
    meta |= {
        "trained": {
            "splits": train_counts,
            "c1": args.c1,
            "c2": args.c2,
            "max_iter": args.max_iter,
            "min_freq": args.min_freq,
            "train_seconds": round(train_seconds),
            "labels": sorted({t for _, tags in train for t in tags}),
            "datasets": {k: d.note for k, d in DATASETS.items()},
        },
        "scores": {
            part: {
                spec: {
                    k: round(v, 4)
                    for k, v in r.items()
                    if k in ("precision", "recall", "f1", "f1_per_org_loc", "f1_default")
                }
                for spec, r in res["splits"].items()
            }
            for part, res in report.items()
        },
        "speed_sentences_per_s": round(report["dev"]["speed"]["sentences_per_s"]),
    }
    (args.out / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    for part, res in report.items():
        print(f"== {part}")
        print_ner_report(res)


if __name__ == "__main__":
    main()

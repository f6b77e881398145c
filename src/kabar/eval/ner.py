"""NER evaluation: entity-level precision/recall/F1 (conlleval: exact span and type) and tagging speed.

The datasets live in ../shared/data/ner (read-only; each folder has a README). Their label sets differ,
so every loader maps to kabar's labels (PER, ORG, LOC, EVT, FNB); a label with no clean counterpart
(NER-UGM's QUANTITY and TIME) becomes O. When a dataset does not annotate a type at all (NERGrit has no
EVT), predictions of that type are dropped before scoring: the dataset cannot say whether they are
right, and counting them as false positives would punish the model for the other datasets' schemes.

Note on the IndoNLU splits: `test_preprocess.txt` in our snapshot carries gold labels (the
`*_masked_label.txt` variant is the all-O one), so NERGrit and NERP are scored on their real test
splits. `load_split` refuses a split whose labels are all O rather than scoring against nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kabar.extract.ner import NerTagger, bio_spans, load_ner

Sentence = tuple[list[str], list[str]]  # tokens, BIO labels (kabar label set)


@dataclass(frozen=True, slots=True)
class NerDataset:
    """One dataset: where its splits are, how to read them and how its labels map to kabar's."""

    name: str
    splits: dict[str, str]  # split name -> path relative to the data dir
    fmt: str  # "tsv" (token<TAB>tag), "conll" (token POS tag, space separated), "dee" (no sentence breaks)
    label_map: dict[str, str]  # dataset type -> kabar type ("" = drop to O)
    note: str = ""

    @property
    def types(self) -> frozenset[str]:
        return frozenset(v for v in self.label_map.values() if v)


def _indonlu(name: str, folder: str, label_map: dict[str, str], note: str) -> NerDataset:
    """An IndoNLU set: train/valid/test `*_preprocess.txt`, token<TAB>BIO tag."""
    return NerDataset(
        name,
        {s: f"indonlu/{folder}/{s}_preprocess.txt" for s in ("train", "valid", "test")},
        "tsv",
        label_map,
        note,
    )


def _indolem(name: str, label_map: dict[str, str], note: str) -> NerDataset:
    """An IndoLEM set, fold 01 of its five: train/dev/test `*.01.tsv`, token<TAB>BIO tag."""
    return NerDataset(
        name, {s: f"indolem/{name}/{s}.01.tsv" for s in ("train", "dev", "test")}, "tsv", label_map, note
    )


_PER_ORG_LOC = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"}

DATASETS: dict[str, NerDataset] = {
    d.name: d
    for d in (
        _indonlu(
            "nergrit",
            "nergrit_ner-grit",
            {"PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC"},
            "IndoNLU NERGrit (Wikipedia-like text); IndoBERT-base test F1 69.87",
        ),
        _indonlu(
            "nerp",
            "nerp_ner-prosa",
            {"PPL": "PER", "IND": "ORG", "PLC": "LOC", "EVT": "EVT", "FNB": "FNB"},
            "IndoNLU NERP (lowercased news); IndoBERT-base test F1 75.52",
        ),
        _indolem("nerui", _PER_ORG_LOC, "IndoLEM NER-UI fold 01; published F1 is a 5-fold average"),
        _indolem(
            "nerugm",
            _PER_ORG_LOC | {"QUANTITY": "", "TIME": ""},
            "IndoLEM NER-UGM fold 01, PER/ORG/LOC only (QUANTITY/TIME dropped): not comparable to published",
        ),
        NerDataset(
            "idner",
            {s: f"idner-news-2k/{s}.txt" for s in ("train", "dev", "test")},
            "conll",
            {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
            "idner-news-2k (re-annotated NER-UGM news)",
        ),
        NerDataset(
            "dee",
            {"all": "dee-goldstandard/goldstandard-0811.txt"},
            "dee",
            {"Person": "PER", "Organisation": "ORG", "Place": "LOC"},
            "DEE gold standard (Wikipedia sentences, IO tags); training only, no split",
        ),
    )
}

# What `evaluate_ner` scores by default: every held-out test split of the datasets the model trains on.
TEST_SPLITS: tuple[str, ...] = ("nergrit/test", "nerp/test", "nerui/test", "nerugm/test", "idner/test")
DEV_SPLITS: tuple[str, ...] = ("nergrit/valid", "nerp/valid", "nerui/dev", "nerugm/dev", "idner/dev")


def _map_label(tag: str, label_map: dict[str, str], io: bool) -> str:
    tag = tag.strip()
    if not tag or tag == "O":
        return "O"
    if io:  # DEE: bare type per token; B/I is restored in _io_to_bio
        prefix, etype = "I", tag
    else:
        prefix, _, etype = tag.partition("-")
    mapped = label_map.get(etype)
    if mapped is None:
        raise ValueError(f"unknown NER tag {tag!r}")
    return f"{prefix}-{mapped}" if mapped else "O"


def _io_to_bio(labels: list[str]) -> list[str]:
    out = []
    prev = "O"
    for lab in labels:
        out.append("B-" + lab[2:] if lab != "O" and lab != prev else lab)
        prev = lab
    return out


def load_split(data_dir: Path, spec: str) -> list[Sentence]:
    """Sentences of one split, e.g. `load_split(dir, "nerp/test")`, labels mapped to kabar's."""
    name, _, split = spec.partition("/")
    ds = DATASETS[name]
    path = data_dir / ds.splits[split]
    if not path.exists():
        raise FileNotFoundError(f"{spec}: {path} not found (data dir {data_dir})")
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip():
                if toks and ds.fmt != "dee":
                    sents.append((toks, tags))
                    toks, tags = [], []
                continue
            parts = line.split("\t") if ds.fmt in ("tsv", "dee") else line.split()
            toks.append(parts[0])
            tags.append(_map_label(parts[-1] if len(parts) > 1 else "O", ds.label_map, ds.fmt == "dee"))
            if ds.fmt == "dee" and parts[0] == ".":  # DEE has no sentence breaks: split after periods
                sents.append((toks, _io_to_bio(tags)))
                toks, tags = [], []
    if toks:
        sents.append((toks, _io_to_bio(tags) if ds.fmt == "dee" else tags))
    if not any(t != "O" for _, ts in sents for t in ts):
        raise ValueError(f"{spec}: no gold entities in {path} (masked split?)")
    return sents


def score(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], types: Iterable[str] | None = None
) -> dict:
    """conlleval-style entity P/R/F1: a predicted entity counts only with exact span and type.

    `types`: if given, entities of other types (gold or predicted) are ignored.
    """
    keep = set(types) if types is not None else None
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_ok: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs = {s for s in bio_spans(g) if keep is None or s[2] in keep}
        ps = {s for s in bio_spans(p) if keep is None or s[2] in keep}
        n_gold.update(s[2] for s in gs)
        n_pred.update(s[2] for s in ps)
        n_ok.update(s[2] for s in gs & ps)

    def prf(ok: int, npred: int, ngold: int) -> dict:
        p = ok / npred if npred else 0.0
        r = ok / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "gold": ngold, "pred": npred, "correct": ok}

    out = prf(sum(n_ok.values()), sum(n_pred.values()), sum(n_gold.values()))
    out["per_type"] = {t: prf(n_ok[t], n_pred[t], n_gold[t]) for t in sorted(set(n_gold) | set(n_pred))}
    return out


def evaluate_ner(
    data_dir: Path = Path("../shared/data/ner"),
    splits: Sequence[str] = TEST_SPLITS,
    *,
    limit: int | None = None,
    tagger: NerTagger | None = None,
    with_default: bool = True,
) -> dict:
    """Score the shipped (or given) model on `splits`; time the tagging of every scored sentence.

    Each split is tagged following its own dataset's annotation scheme (the model is trained with
    one per dataset, see kabar.extract.ner.sentence_features): that is the number comparable with
    published results. `with_default` also scores what `entities()` does without a scheme (the
    model's default for cased text, NERP's for lowercase): how the shipped default transfers.

    `limit` takes the first N sentences of each split (for quick gates in tests). Speed is sentences
    per second of `NerTagger.tag_many` (features + Viterbi, a split at a time) on one thread, in
    process CPU time so another job on the machine does not distort it; wall time is reported too.
    """
    tagger = tagger or load_ner()
    results: dict = {
        "splits": {},
        "limit": limit,
        "default_scheme": {"cased": tagger.default_cased, "lower": tagger.default_lower},
    }
    total_sents = 0
    total_tokens = 0
    cpu = 0.0
    wall = 0.0
    for spec in splits:
        sents = load_split(data_dir, spec)
        if limit is not None:
            sents = sents[:limit]
        ds = DATASETS[spec.split("/")[0]]
        scheme = ds.name if ds.name in tagger.schemes else None
        c0, w0 = time.process_time(), time.perf_counter()
        preds = tagger.tag_many([toks for toks, _ in sents], scheme)
        cpu += time.process_time() - c0
        wall += time.perf_counter() - w0
        total_sents += len(sents)
        total_tokens += sum(len(t) for t, _ in sents)
        gold = [g for _, g in sents]
        res = score(gold, preds, ds.types)
        # PER/ORG/LOC only: the one type set every dataset shares, for comparing across them.
        res["f1_per_org_loc"] = score(gold, preds, ("PER", "ORG", "LOC"))["f1"]
        res["scheme"] = scheme or "default"
        if with_default:
            default_preds = tagger.tag_many([toks for toks, _ in sents])
            res["f1_default"] = score(gold, default_preds, ds.types)["f1"]
        res["sentences"] = len(sents)
        res["note"] = ds.note
        results["splits"][spec] = res
    results["speed"] = {
        "sentences": total_sents,
        "tokens": total_tokens,
        "cpu_seconds": cpu,
        "wall_seconds": wall,
        "sentences_per_s": total_sents / cpu if cpu else 0.0,
        "tokens_per_s": total_tokens / cpu if cpu else 0.0,
    }
    return results


def print_ner_report(results: dict) -> None:
    """Readable table of `evaluate_ner` results (what `kabar eval ner` prints)."""
    rows = [
        ("split", "scheme", "sents", "gold", "P", "R", "F1", "F1 PER/ORG/LOC", "F1 default", "per type F1")
    ]
    for spec, r in results["splits"].items():
        per_type = " ".join(f"{t}:{v['f1']:.3f}" for t, v in r["per_type"].items())
        rows.append(
            (
                spec,
                r.get("scheme", "default"),
                str(r["sentences"]),
                str(r["gold"]),
                f"{r['precision']:.3f}",
                f"{r['recall']:.3f}",
                f"{r['f1']:.3f}",
                f"{r['f1_per_org_loc']:.3f}",
                f"{r['f1_default']:.3f}" if "f1_default" in r else "-",
                per_type,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[-1])
    print("F1 = exact span and type, the split tagged with its own dataset's scheme; F1 default = tagged")
    defaults = results.get("default_scheme") or {}
    print(
        f"with entities()'s default scheme ({defaults.get('cased', '?')} for cased text, "
        f"{defaults.get('lower', '?')} for lowercase)."
    )
    if results.get("limit"):
        print(f"(first {results['limit']} sentences of each split)")
    s = results["speed"]
    print(
        f"speed: {s['sentences_per_s']:.0f} sentences/s, {s['tokens_per_s']:.0f} tokens/s on one core "
        f"({s['sentences']} sentences, {s['cpu_seconds']:.2f} s CPU, {s['wall_seconds']:.2f} s wall)"
    )
    for spec, r in results["splits"].items():
        if r.get("note"):
            print(f"  {spec}: {r['note']}")


def main() -> None:
    """`python -m kabar.eval.ner [data_dir]`: score the shipped model on all test splits."""
    import sys

    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/ner")
    print_ner_report(evaluate_ner(data_dir))


if __name__ == "__main__":
    main()

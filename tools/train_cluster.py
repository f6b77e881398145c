"""Train the join-or-new models of the online clusterer (Miranda et al., EMNLP 2018) on the dev gold.

    python tools/train_cluster.py [--folds 5] [--out src/kabar/resources/cluster_model.json] [--merge-only]
                                  [--split-only]

1. Teacher-forced pass over clickid-events-dev in publication order: each article is compared with the
   gold clusters built so far (events; for the first article of an event, stories), and every
   candidate's features get label 1 if it is the article's gold cluster.
2. A logistic regression per level (sklearn) learns P(join | features).
3. The join threshold is calibrated by running the real online clusterer (no gold) and taking the
   threshold with the best mean of pairwise and BCubed F1 at that level; the shipped thresholds are the
   medians of the thresholds calibrated in the folds of step 5 (steadier than one in-sample argmax).
4. The merge threshold (an article that joins its best event while the runner-up passes it merges the
   two) is calibrated the same way, conservatively: off unless it does not lower either level's F1.
   So is the split threshold (cluster.split: an event whose members fall into two groups with no pair
   across them above that cosine is split in two when an article joins it).
5. Honest estimate: the same, with stories split into folds; train on the others, score the held-out
   fold (printed, and written into the model file as `cv`).
Articles labeled NONE are left out of training (they are clustered but not scored).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import statistics
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from kabar.cluster.features import FEATURES, JoinModel, article_signal
from kabar.cluster.online import OnlineClusterer
from kabar.eval.datasets import iter_clickid_articles, load_clickid_gold
from kabar.eval.metrics import NONE_LABEL, clustering_scores
from kabar.model import Article
from kabar.pipeline import Pipeline
from kabar.stages import article_stages

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99]
MERGE_THRESHOLDS = [0.9, 0.95, 0.97, 0.99]
SPLIT_THRESHOLDS = [0.05, 0.1, 0.15, 0.2]
_BASE = ("cos_body", "cos_body_max", "cos_title", "cos_title_max", "names", "names_title", "log_gap_h", "log_size")
# Features each level's model may use. Chosen by per-level runs of the 5-fold CV below, checked on the English
# sets (README): IDF-weighted names, the calendar day and the NER names and quoted speakers (ents*, speaker_*)
# help the event decision, shared and unseen figures the story decision. The margin over the runner-up helps
# events but hurt stories badly (CV story pairwise F1 0.80 with it, 0.88 without; MStream NMI 0.81 -> 0.83):
# once a topic is split in two stories, neither wins a later article by a margin, so splits feed themselves.
LEVEL_FEATURES = {"event": (*_BASE, "margin", "names_idf", "same_day", "ents", "ents_cover", "ents_title",
                            "speaker_same", "speaker_other"),
                  "story": (*_BASE, "nums_shared", "nums_new")}


def prepared_articles() -> list[Article]:
    arts = list(Pipeline(article_stages())(iter_clickid_articles()))
    return sorted(arts, key=lambda a: (a.published is None, a.published or "", a.id))


def teacher_forced(articles: list[Article], event_of: dict[str, str], story_of: dict[str, str]):
    """Feature rows and labels per level from a pass that follows the gold clustering."""
    c = OnlineClusterer(models={})
    rows: dict[str, list[tuple[list[float], int]]] = {"event": [], "story": []}
    for a in articles:
        gold_event, gold_story = event_of.get(a.id, NONE_LABEL), story_of.get(a.id, NONE_LABEL)
        if gold_event == NONE_LABEL:
            continue
        sig = article_signal(a, c.idf)
        for cid, f in c.candidates("event", sig):
            rows["event"].append(([f[k] for k in FEATURES], int(cid == gold_event)))
        if gold_event not in c.events:
            for cid, f in c.candidates("story", sig):
                rows["story"].append(([f[k] for k in FEATURES], int(cid == gold_story)))
            if gold_story not in c.stories:
                c.new_cluster("story", gold_story, a.title)
            c.new_cluster("event", gold_event, a.title, parent=gold_story)
        c.add_member(gold_event, sig)
    return rows


def fit(rows: list[tuple[list[float], int]], keep: tuple[str, ...] = FEATURES) -> JoinModel:
    x = np.array([r for r, _ in rows], dtype=float)
    y = np.array([label for _, label in rows])
    used = [FEATURES.index(f) for f in keep]
    x = x[:, used]
    means, scales = x.mean(axis=0), x.std(axis=0) + 1e-6
    lr = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit((x - means) / scales, y)
    return JoinModel(tuple(float(w) for w in lr.coef_[0]), float(lr.intercept_[0]), 0.5, tuple(means.tolist()),
                     tuple(scales.tolist()), tuple(keep), tuple(x.min(axis=0).tolist()), tuple(x.max(axis=0).tolist()))


def fit_levels(rows: dict[str, list[tuple[list[float], int]]]) -> dict[str, JoinModel]:
    return {level: fit(rows[level], LEVEL_FEATURES[level]) for level in ("event", "story")}


def online(articles: list[Article], models: dict[str, JoinModel], event_t: float, story_t: float,
           merge_t: float | None = None, split_t: float | None = None):
    c = OnlineClusterer(models=models, event_threshold=event_t, story_threshold=story_t, merge_threshold=merge_t,
                        split_threshold=split_t)
    events, stories = {}, {}
    for a in articles:
        d = c.place(article_signal(a, c.idf), a.title)
        events[a.id], stories[a.id] = d.event, d.story
    return events, stories


def objective(scores: dict) -> float:
    """What a threshold is calibrated for: the mean of pairwise and BCubed F1. Pairwise F1 alone is ruled by
    the largest clusters (one 22-article event is 231 of dev's 600 gold event pairs), so alone it picked
    spikes that lost 0.03 NMI on the English sets; BCubed weighs every article the same."""
    return (scores["pairwise_f1"] + scores["bcubed_f1"]) / 2


def calibrate(articles, models, gold) -> tuple[float, float, dict]:
    best_e = max(THRESHOLDS, key=lambda t: objective(clustering_scores(gold.event, online(articles, models, t, 0.5)[0])))
    best_s = max(THRESHOLDS, key=lambda t: objective(clustering_scores(gold.story, online(articles, models, best_e, t)[1])))
    events, stories = online(articles, models, best_e, best_s)
    return best_e, best_s, {"event": clustering_scores(gold.event, events), "story": clustering_scores(gold.story, stories)}


def calibrate_merge(articles, models, te: float, ts: float, gold) -> tuple[float | None, dict]:
    """The merge threshold, kept conservative: the lowest one that lowers neither level's pairwise F1
    on dev (ties go to the higher, safer one); None (never merge) if every one of them hurts."""
    def scores(t: float | None) -> dict:
        events, stories = online(articles, models, te, ts, t)
        return {"event": clustering_scores(gold.event, events), "story": clustering_scores(gold.story, stories)}

    base = scores(None)
    chosen, best = None, base
    for t in sorted(MERGE_THRESHOLDS, reverse=True):
        res = scores(t)
        if all(res[lv]["pairwise_f1"] >= base[lv]["pairwise_f1"] for lv in ("event", "story")) and \
                res["event"]["pairwise_f1"] > best["event"]["pairwise_f1"] - 1e-9:
            chosen, best = t, res
        print(f"merge threshold {t}: event pairwise F1 {res['event']['pairwise_f1']:.3f} "
              f"story {res['story']['pairwise_f1']:.3f} (no merging: {base['event']['pairwise_f1']:.3f} "
              f"{base['story']['pairwise_f1']:.3f})", flush=True)
    return chosen, best


def calibrate_split(articles, models, te: float, ts: float, merge_t: float | None, gold) -> tuple[float | None, dict]:
    """The split threshold, conservative like the merge one: among those that lower neither level's pairwise
    F1 nor event BCubed F1 on dev, the one with the best event objective (ties: the lower, which splits
    less); None (never split) if every one of them hurts."""
    def scores(t: float | None) -> dict:
        events, stories = online(articles, models, te, ts, merge_t, t)
        return {"event": clustering_scores(gold.event, events), "story": clustering_scores(gold.story, stories)}

    base = scores(None)
    chosen, best = None, base
    for t in sorted(SPLIT_THRESHOLDS):
        res = scores(t)
        harmless = all(res[lv]["pairwise_f1"] >= base[lv]["pairwise_f1"] - 1e-9 for lv in ("event", "story")) and \
            res["event"]["bcubed_f1"] >= base["event"]["bcubed_f1"] - 1e-9
        if harmless and objective(res["event"]) > objective(best["event"]) + 1e-9:
            chosen, best = t, res
        print(f"split threshold {t}: event pairwise F1 {res['event']['pairwise_f1']:.3f} BCubed "
              f"{res['event']['bcubed_f1']:.3f} story {res['story']['pairwise_f1']:.3f} (no splitting: "
              f"{base['event']['pairwise_f1']:.3f} {base['event']['bcubed_f1']:.3f} "
              f"{base['story']['pairwise_f1']:.3f})", flush=True)
    return chosen, best


def split_only(path: Path) -> None:
    """Recalibrate only the split threshold of an already trained model file."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    models = {level: JoinModel.from_json(m) for level, m in doc["models"].items()}
    t, res = calibrate_split(prepared_articles(), models, models["event"].threshold, models["story"].threshold,
                             doc.get("merge_threshold"), load_clickid_gold())
    doc["split_threshold"], doc["dev_with_splitting"] = t, res
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    print(f"wrote {path} (split threshold {t})")


def merge_only(path: Path) -> None:
    """Recalibrate only the merge threshold of an already trained model file."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    models = {level: JoinModel.from_json(m) for level, m in doc["models"].items()}
    gold = load_clickid_gold()
    t, res = calibrate_merge(prepared_articles(), models, models["event"].threshold, models["story"].threshold, gold)
    doc["merge_threshold"], doc["dev_with_merging"] = t, res
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    print(f"wrote {path} (merge threshold {t})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "src/kabar/resources/cluster_model.json")
    ap.add_argument("--merge-only", action="store_true", help="only recalibrate the merge threshold of --out")
    ap.add_argument("--split-only", action="store_true", help="only recalibrate the split threshold of --out")
    args = ap.parse_args()
    if args.merge_only or args.split_only:
        (merge_only if args.merge_only else split_only)(args.out)
        return
    gold = load_clickid_gold()
    articles = prepared_articles()

    # Honest estimate: folds by story, so no story is both trained on and scored.
    stories = sorted({s for s in gold.story.values() if s != NONE_LABEL})
    random.Random(13).shuffle(stories)
    fold_of = {s: i % args.folds for i, s in enumerate(stories)}
    cv_event, cv_story, scored_gold_e, scored_gold_s = {}, {}, {}, {}
    fold_thresholds = []
    for k in range(args.folds):
        train = [a for a in articles if fold_of.get(gold.story.get(a.id, NONE_LABEL), -1) != k]
        test = [a for a in articles if fold_of.get(gold.story.get(a.id, NONE_LABEL), -1) == k
                or gold.story.get(a.id) == NONE_LABEL]
        rows = teacher_forced(train, gold.event, gold.story)
        models = fit_levels(rows)
        te, ts, _ = calibrate(train, models, gold)
        events, stories_pred = online(test, models, te, ts)
        cv_event.update({f"{k}:{i}": e for i, e in events.items()})
        cv_story.update({f"{k}:{i}": s for i, s in stories_pred.items()})
        scored_gold_e.update({f"{k}:{a.id}": gold.event[a.id] for a in test})
        scored_gold_s.update({f"{k}:{a.id}": gold.story[a.id] for a in test})
        print(f"fold {k}: thresholds event {te} story {ts}", flush=True)
        fold_thresholds.append((te, ts))
    # NONE articles appear in every fold's test stream; fold-prefixed keys keep each fold's own labels.
    cv = {"event": clustering_scores(scored_gold_e, cv_event), "story": clustering_scores(scored_gold_s, cv_story)}

    rows = teacher_forced(articles, gold.event, gold.story)
    models = fit_levels(rows)
    te_in, ts_in, _ = calibrate(articles, models, gold)
    # The shipped thresholds are the medians of the folds' calibrations: dev F1 is flat and noisy near its
    # top, so one in-sample argmax jumps between neighbours (story 0.9 -> 0.97 on a small change elsewhere,
    # costing 0.03 NMI on English); the median of five calibrations on different data is steadier.
    te = statistics.median(t for t, _ in fold_thresholds)
    ts = statistics.median(t for _, t in fold_thresholds)
    print(f"in-sample calibration: event {te_in} story {ts_in}; fold medians (shipped): event {te} story {ts}")
    events, stories_pred = online(articles, models, te, ts)
    dev = {"event": clustering_scores(gold.event, events), "story": clustering_scores(gold.story, stories_pred)}
    final = {
        "event": dataclasses.replace(models["event"], threshold=te),
        "story": dataclasses.replace(models["story"], threshold=ts),
    }
    merge_t, with_merging = calibrate_merge(articles, final, te, ts, gold)
    split_t, with_splitting = calibrate_split(articles, final, te, ts, merge_t, gold)
    doc = {"trained_on": "clickid-events-dev", "models": {k: m.to_json() for k, m in final.items()},
           "merge_threshold": merge_t, "split_threshold": split_t, "dev": dev, "dev_with_merging": with_merging,
           "dev_with_splitting": with_splitting, "cv": cv, "folds": args.folds}
    args.out.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    for name, res in (("dev (in-sample)", dev), (f"{args.folds}-fold CV by story", cv)):
        for level in ("event", "story"):
            r = res[level]
            print(f"{name:22s} {level:5s} pairwise P {r['pairwise_p']:.3f} R {r['pairwise_r']:.3f} "
                  f"F1 {r['pairwise_f1']:.3f} | BCubed F1 {r['bcubed_f1']:.3f}")
    print(f"wrote {args.out} (event threshold {te}, story threshold {ts})")


if __name__ == "__main__":
    main()

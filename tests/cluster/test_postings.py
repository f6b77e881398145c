"""The candidate index holds exactly what rebuilding it from every open cluster gives (each posted under its
centroid's 100 heaviest terms), after every placement: a resumed run rebuilds it so (see tests/test_placement_in_polls.py)."""

from __future__ import annotations

from collections import defaultdict

from kabar.cluster.features import article_signal
from kabar.cluster.online import OnlineClusterer
from kabar.cluster.postings import Postings
from kabar.cluster.vectors import heaviest_terms
from kabar.eval.datasets import iter_clickid_articles
from kabar.pipeline import Pipeline
from kabar.stages import article_stages


def rebuilt(c: OnlineClusterer, level: str) -> dict[str, set[str]]:
    postings: dict[str, set[str]] = defaultdict(set)
    for cluster in c.pools[level].values():
        for t in heaviest_terms(cluster.centroid, 100):
            postings[t].add(cluster.id)
    return dict(postings)


def assert_arrays_match_sets(postings: Postings) -> None:
    """The arrays heaviest() sums over hold each term's slots exactly once (appended to and swap-removed from)."""
    for term, slots in postings._terms.items():
        assert sorted(postings._slots(term).tolist()) == sorted(slots)


def test_postings_equal_a_rebuild_on_the_dev_stream():
    articles = sorted(Pipeline(article_stages())(iter_clickid_articles()), key=lambda a: a.published or "")
    # short windows so both levels expire within the three weeks of dev; merges and splits on, as both
    # change clusters' centroids and remove clusters
    c = OnlineClusterer(event_window_days=1, story_window_days=3, split_threshold=0.2)
    c.merge_threshold = 0.8
    for i, a in enumerate(articles, 1):
        c.place(article_signal(a, c.idf), a.title)
        c.touched["event"].clear()  # as the engine does once a batch is saved
        c.touched["story"].clear()
        if i % 25 == 0:
            c.expire()
        if i % 10 == 0:
            for level in ("event", "story"):
                assert c.postings[level].as_dict() == rebuilt(c, level)
                assert_arrays_match_sets(c.postings[level])
    assert c.merges and c.splitter is not None and c.splitter.splits


def test_heaviest_is_nlargest_by_summed_weight_then_id():
    """What the dict loop the index replaced gave: sums added in query order, the n largest by (sum, id)."""
    import heapq
    import random

    rng = random.Random(7)
    for size in (0, 5, 30, 31, 500):
        postings, expected = Postings(), defaultdict(float)
        terms = [f"t{k}" for k in range(12)]
        query = [(t, rng.choice((0.1, 0.2, 0.25, 0.3))) for t in terms]  # few distinct weights: many ties
        for i in range(size):
            for t in rng.sample(terms, rng.randrange(1, 5)):
                postings.add(t, f"c{i}")
        for t, w in query:
            for cid in postings.as_dict().get(t, ()):
                expected[cid] += w
        assert postings.heaviest(query, 30) == heapq.nlargest(30, expected.items(), key=lambda kv: (kv[1], kv[0]))


def test_heaviest_leaves_out_clusters_outside_the_window():
    postings = Postings()
    for cid, hours in (("old", -100.0), ("near", -2.0), ("undated", None), ("later", 1.0)):
        postings.add("gempa", cid)
        postings.set_time(cid, None if hours is None else 3600.0 * hours)
    assert [c for c, _ in postings.heaviest([("gempa", 1.0)], 10, around=0.0, within_hours=72)] == [
        "undated", "near", "later"]
    assert len(postings.heaviest([("gempa", 1.0)], 10)) == 4  # no time given: every cluster


def test_released_slots_are_reused_without_leaking_old_postings():
    postings = Postings()
    postings.add("banjir", "e-1")
    postings.add("gempa", "e-2")
    postings.discard("banjir", "e-1")
    postings.release("e-1")
    postings.add("gempa", "e-3")  # takes e-1's slot
    assert postings.as_dict() == {"gempa": {"e-2", "e-3"}}
    assert postings.heaviest([("banjir", 1.0), ("gempa", 0.5)], 5) == [("e-3", 0.5), ("e-2", 0.5)]
    for i in range(40):  # buffers grow; a discard swap-removes from the term's array
        postings.add("gempa", f"e-{i + 10}")
    postings.discard("gempa", "e-2")
    postings.add("gempa", "e-99")
    assert_arrays_match_sets(postings)
    assert len(postings.heaviest([("gempa", 1.0)], 100)) == 42

"""The outlet view: share of an outlet's articles that are copies, and of whom."""

from __future__ import annotations

from kabar.dedup.provenance import outlet_pairs, outlet_view
from kabar.model import CopyLink


def test_outlet_view_counts_each_copy_once_by_its_strongest_link():
    source_of = {"a1": "A", "a2": "A", "b1": "B", "b2": "B", "c1": "C"}
    links = [
        CopyLink("a1", "b1", "partial", 0.6),
        CopyLink("c1", "b1", "near", 0.9),  # b1 copies both; its strongest original is C's
        CopyLink("a1", "b2", "paraphrase", 0.8),
        CopyLink("a1", "a2", "exact", 1.0),
    ]
    view = outlet_view(links, source_of)
    assert view["B"]["copies"] == 2 and view["B"]["share"] == 1.0
    assert view["B"]["from"] == {"C": 1, "A": 1}
    assert view["A"]["copies"] == 1 and view["A"]["from"] == {"A": 1}
    assert view["C"]["copies"] == 0 and view["C"]["share"] == 0.0
    assert list(view)[0] == "B"  # sorted by share
    assert outlet_pairs(links, source_of) == {"A -> B": 2, "C -> B": 1, "A -> A": 1}

"""An event is split in two only when its members fall into two groups dissimilar everywhere (complete
linkage), on real dev-gold articles."""

from __future__ import annotations

import pytest

from kabar.cluster.split import two_way_split
from kabar.cluster.vectors import tfidf
from kabar.eval.datasets import iter_clickid_articles, load_clickid_gold
from kabar.pipeline import Pipeline
from kabar.stages import article_stages

THRESHOLD = 0.15


@pytest.fixture(scope="module")
def by_event() -> dict[str, list]:
    gold = load_clickid_gold()
    wanted = {"habibie/state-funeral-kalibata", "ekonomi/bi-cuts-rate-to-5-25", "motogp/rossi-marquez-qualifying-clash"}
    raw = [a for a in iter_clickid_articles() if gold.event.get(a.id) in wanted]
    out: dict[str, list] = {}
    for a in Pipeline(article_stages())(raw):
        out.setdefault(gold.event[a.id], []).append(a)
    for arts in out.values():
        arts.sort(key=lambda a: a.published or "")
    return out


def test_two_happenings_in_one_event_are_split_apart(by_event):
    funeral, rate = by_event["habibie/state-funeral-kalibata"][:4], by_event["ekonomi/bi-cuts-rate-to-5-25"][:3]
    mixed = [funeral[0], rate[0], funeral[1], rate[1], funeral[2], rate[2], funeral[3]]
    groups = two_way_split([tfidf(a.terms) for a in mixed], THRESHOLD)
    assert groups is not None
    # the oldest member's group stays (0); the other happening leaves, whole
    assert groups == [0, 1, 0, 1, 0, 1, 0]


@pytest.mark.parametrize("event", ["habibie/state-funeral-kalibata", "ekonomi/bi-cuts-rate-to-5-25",
                                   "motogp/rossi-marquez-qualifying-clash"])
def test_one_happening_reported_by_many_outlets_is_not_split(by_event, event):
    arts = by_event[event]
    assert len(arts) >= 4
    assert two_way_split([tfidf(a.terms) for a in arts], THRESHOLD) is None


def test_a_lone_outlier_is_not_a_second_event(by_event):
    funeral = by_event["habibie/state-funeral-kalibata"][:4]
    stray = by_event["ekonomi/bi-cuts-rate-to-5-25"][0]
    vectors = [tfidf(a.terms) for a in [*funeral, stray]]
    assert two_way_split(vectors, THRESHOLD) is None  # one member on its own side: left where it is
    assert two_way_split(vectors, THRESHOLD, min_part=1) == [0, 0, 0, 0, 1]

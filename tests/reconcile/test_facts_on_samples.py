"""On the samples the North Korean troop figures differ between outlets: a conflict, with sources."""

from __future__ import annotations

from kabar.model import Claim
from kabar.reconcile.facts import claims_agree


def test_troop_figures_conflict_with_attributions(samples_store):
    event = samples_store.events()[0]
    troops = [f for f in event.facts if f.subject == "tentara"]
    assert len(troops) == 1
    fact = troops[0]
    assert fact.status == "conflict"
    values = {c.value for c in fact.claims}
    assert {14000, 11000, 10000} <= values
    sources = {c.attributed_to for c in fact.claims}
    assert {"dinas intelijen Ukraina", "pejabat Barat", "Badan intelijen Korea Selatan"} <= sources
    assert len({c.article for c in fact.claims}) >= 3


def test_approximate_values_agree_but_distinct_figures_conflict():
    about_11k = Claim("a", 11000, 9900, 12100, "sekitar 11.000", None)
    over_10k = Claim("b", 10000, 10000, None, "lebih dari 10.000", None)
    exactly_14k = Claim("c", 14000, 14000, 14000, "14.000", None)
    assert claims_agree(about_11k, over_10k)
    assert not claims_agree(Claim("d", 11000, 11000, 11000, "11.000", None), exactly_14k)

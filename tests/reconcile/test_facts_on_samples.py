"""On the samples the North Korean troop figures differ between outlets: a conflict, each claim with its
attribution; the paraphrased copy changed two facts of its original (meaning drift)."""

from __future__ import annotations

from kabar.model import Claim
from kabar.reconcile.facts import claims_agree, reconcile


def _troops(facts):
    return [f for f in facts if f.subject == "tentara Korea Utara"]


def test_troop_figures_conflict_with_attributions(samples_store):
    event = samples_store.events()[0]
    (fact,) = _troops(event.facts)
    assert fact.status == "conflict"
    by_value = {c.value: c.attributed_to for c in fact.claims}
    assert by_value == {
        14000: "dinas intelijen Ukraina",
        11000: "intelijen Ukraina",
        10000: "Badan intelijen Korea Selatan",
    }
    assert len({c.article for c in fact.claims}) == 3
    # The planned additions are another fact: they add to the troops already sent, they do not contradict them.
    (more,) = [f for f in event.facts if f.subject == "tentara Korea Utara (tambahan)"]
    assert {c.attributed_to for c in more.claims} >= {"media", "intelijen Ukraina"}


def test_casualties_are_not_troop_totals(samples_store):
    """"sekitar 4.000 tentara … tewas atau terluka" (pejabat Barat) counts casualties: only one outlet
    reports it, so it is no cross-source fact, and it is not in the troop conflict."""
    event = samples_store.events()[0]
    (fact,) = _troops(event.facts)
    assert 4000 not in {c.value for c in fact.claims}
    articles = list(samples_store.iter_articles(event.articles))
    claims = [q for a in articles for q in a.quantities if q.value == 4000]
    assert claims and claims[0].attributed_to == "pejabat Barat"


def test_drift_between_copy_and_original(samples_store):
    event = samples_store.events()[0]
    articles = list(samples_store.iter_articles(event.articles))
    links = samples_store.copy_links(event.articles)
    assert links, "the samples have a paraphrased copy"
    drift = {f.subject: f for f in reconcile(articles, links) if f.subject.startswith("changed in rewrite")}
    assert set(drift) == {
        "changed in rewrite: 6.000 pekerja → 6.000 pasukan",
        "changed in rewrite: beberapa bulan → tiga bulan",
    }
    link = links[0]
    for f in drift.values():
        assert f.status == "conflict"
        assert [c.article for c in f.claims] == [link.original, link.copy]


def test_drift_is_found_without_links_too(samples_store):
    """Without copy links, the near-identical sentences of the two articles are compared."""
    event = samples_store.events()[0]
    articles = list(samples_store.iter_articles(event.articles))
    subjects = [f.subject for f in reconcile(articles)]
    assert any("6.000 pekerja" in s and "6.000 pasukan" in s for s in subjects)
    assert any("beberapa bulan" in s and "tiga bulan" in s for s in subjects)


def test_approximate_values_agree_but_distinct_figures_conflict():
    about_11k = Claim("a", 11000, 9900, 12100, "sekitar 11.000", None)
    over_10k = Claim("b", 10000, 10000, None, "lebih dari 10.000", None)
    exactly_14k = Claim("c", 14000, 14000, 14000, "14.000", None)
    assert claims_agree(about_11k, over_10k)
    assert not claims_agree(Claim("d", 11000, 11000, 11000, "11.000", None), exactly_14k)

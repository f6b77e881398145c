"""Who an article is about and who speaks in it, on real dev articles: the NER names (people and
organisations, not places) and the main quoted speaker the clusterer reads, and the join model that
names its own features and does not extrapolate beyond the range it was trained on."""

from __future__ import annotations

import dataclasses
import math

import pytest

from kabar.cluster.features import FEATURES, JoinModel, article_signal, pair_features, shipped_models
from kabar.cluster.online import ClusterState, hours_apart
from kabar.cluster.vectors import OnlineIdf
from kabar.eval.datasets import iter_clickid_articles
from kabar.pipeline import Pipeline
from kabar.stages import article_stages

IDS = {
    # the gold event "Indonesia's pre-match statements" (10 Sept 2019): the coach Simon McMenemy speaks
    "mcmenemy_sindo": "clickid-13112",  # Obsesi McMenemy Manfaatkan Kelemahan Thailand
    "mcmenemy_2": "clickid-13148",  # Timnas Indonesia Harus Lebih Pintar dan Waspada Hadapi Lawan Cerdik
    # another gold event of the same day and match: Thailand's coach Akira Nishino speaks
    "nishino": "clickid-3703",  # Indonesia Vs Thailand, Tekad Tim Gajah Perang Perbaiki Agresivitas Gol
}


@pytest.fixture(scope="module")
def articles():
    wanted = set(IDS.values())
    found = {a.id: a for a in Pipeline(article_stages())(a for a in iter_clickid_articles() if a.id in wanted)}
    return {k: found[i] for k, i in IDS.items()}


@pytest.fixture(scope="module")
def signals(articles):
    idf = OnlineIdf()
    return {k: article_signal(a, idf) for k, a in articles.items()}


def _cluster(*sigs) -> ClusterState:
    c = ClusterState(id="c")
    for s in sigs:
        c.add(s)
    return c


def _pair(c: ClusterState, sig) -> dict[str, float]:
    return pair_features(sig, c.unit(), c.title_unit(), c.names, list(c.recent), hours_apart(sig.published, c.last),
                         c.n, c.numbers, c.last, c.entities, c.speakers)


def test_names_come_from_people_and_organisations_not_places(articles, signals):
    a, sig = articles["mcmenemy_sindo"], signals["mcmenemy_sindo"]
    assert "mcmenemy" in sig.entities and "mcmenemy" in sig.title_entities
    assert math.isclose(sum(sig.entities.values()), 1.0)
    # the coach, mentioned again and again, outweighs a name mentioned once
    assert sig.entities["mcmenemy"] == max(sig.entities.values())
    named = " ".join(m.text for m in a.mentions if m.type in ("PER", "ORG")).lower()
    place_only = {m.text.lower() for m in a.mentions if m.type == "LOC" and m.text.lower() not in named}
    assert place_only  # the article does name places (Thailand, Jakarta, …)
    assert not place_only & set(sig.entities)


def test_the_main_speaker_is_the_person_most_quoted(articles, signals):
    assert signals["mcmenemy_sindo"].speaker == "mcmenemy"
    assert signals["mcmenemy_2"].speaker == "mcmenemy"
    assert signals["nishino"].speaker == "nishino"
    quoted = [q.speaker for q in articles["nishino"].quotes if q.speaker]
    assert any("Nishino" in s for s in quoted)


def test_one_speakers_statements_match_and_another_speaker_does_not(signals):
    coach = _cluster(signals["mcmenemy_sindo"])
    same = _pair(coach, signals["mcmenemy_2"])
    other = _pair(coach, signals["nishino"])
    assert (same["speaker_same"], same["speaker_other"]) == (1.0, 0.0)
    assert (other["speaker_same"], other["speaker_other"]) == (0.0, 1.0)
    # both coaches' articles name the same teams and players: the names alone cannot tell these facets apart
    assert same["ents"] > 0 and other["ents"] > 0


def test_an_article_without_ner_mentions_has_no_entity_signal(articles):
    untagged = dataclasses.replace(articles["mcmenemy_sindo"], mentions=None)
    sig = article_signal(untagged)
    assert sig.entities == {} and sig.title_entities == frozenset() and sig.speaker is None
    f = _pair(_cluster(article_signal(articles["mcmenemy_2"])), sig)
    assert all(f[k] == 0.0 for k in ("ents", "ents_cover", "ents_title", "speaker_same", "speaker_other"))


def test_cluster_state_keeps_names_and_speakers_across_a_save_and_a_merge(signals):
    c = _cluster(signals["mcmenemy_sindo"], signals["mcmenemy_2"])
    restored = ClusterState.from_state("c", c.to_state(), ["x", "y"], None, "t")
    assert restored.speakers == {"mcmenemy": 2}
    assert restored.entities["mcmenemy"] == pytest.approx(c.entities["mcmenemy"], abs=1e-3)
    restored.absorb(_cluster(signals["nishino"]))
    assert restored.speakers == {"mcmenemy": 2, "nishino": 1}


def test_the_shipped_event_model_reads_names_and_speakers(signals):
    event = shipped_models()["event"]
    assert any(event.weight(f) for f in ("ents", "ents_cover", "ents_title", "speaker_same", "speaker_other"))
    coach = _cluster(signals["mcmenemy_sindo"])
    assert event.probability(_pair(coach, signals["mcmenemy_2"])) > event.probability(_pair(coach, signals["nishino"]))


def test_a_model_names_its_features_and_clips_to_its_training_range(signals):
    model = JoinModel(weights=(2.0, -1.0), bias=0.0, threshold=0.5, means=(0.3, 1.0), scales=(0.1, 0.5),
                      features=("cos_body", "log_size"), lows=(0.0, 0.0), highs=(1.0, 3.0))
    loaded = JoinModel.from_json(model.to_json())
    assert loaded == model and loaded.weight("log_size") == -1.0 and loaded.weight("margin") == 0.0
    feats = _pair(_cluster(signals["mcmenemy_sindo"]), signals["mcmenemy_2"])
    huge = {**feats, "log_size": 9.0}  # a cluster far larger than any seen in training
    assert loaded.probability(huge) == loaded.probability({**feats, "log_size": 3.0})
    assert loaded.probability({**feats, "log_size": 2.0}) > loaded.probability(huge)
    with pytest.raises(ValueError, match="no_such_feature"):
        JoinModel.from_json({**model.to_json(), "features": ["cos_body", "no_such_feature"]})
    assert set(shipped_models()["event"].features) <= set(FEATURES)

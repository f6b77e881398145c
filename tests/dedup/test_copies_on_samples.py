"""Copy detection on the samples: the rewrite is found and aligned; a shared quote is not a copy."""

from __future__ import annotations

from kabar.dedup.detect import classify_pair


def _by_prefix(store):
    return {a.origin.rsplit("/", 1)[-1][:3]: a for a in store.iter_articles()}


def test_rewrite_of_second_half_is_a_partial_copy(samples_store):
    arts = _by_prefix(samples_store)
    links = samples_store.copy_links()
    assert len(links) == 1
    link = links[0]
    assert (link.original, link.copy) == (arts["002"].id, arts["000"].id)
    assert link.kind == "partial"  # 000 rewrites the second half of 002
    copy_sentences = [s for s in arts["000"].sentences if len(s.text.split()) >= 4]
    assert len(link.sentences) >= 0.75 * len(copy_sentences)
    # aligned in order: a rewrite keeps the original's sentence order
    originals = [i for i, _ in link.sentences]
    assert originals == sorted(originals)
    # the first aligned pair is the same statement
    i, j = link.sentences[0]
    assert "konferensi pers" in arts["002"].sentences[i].text and "konferensi pers" in arts["000"].sentences[j].text


def test_articles_sharing_only_a_quote_are_not_copies(samples_store):
    arts = _by_prefix(samples_store)
    for a, b in (("001", "003"), ("001", "004"), ("003", "004")):
        assert classify_pair(arts[a], arts[b]) is None, (a, b)


def test_exact_copy_is_exact(samples_store):
    arts = _by_prefix(samples_store)
    import copy

    twin = copy.copy(arts["001"])
    twin.id = "twin"
    link = classify_pair(arts["001"], twin)
    assert link is not None and link.kind == "exact" and link.score == 1.0

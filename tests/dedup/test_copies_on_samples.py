"""Copy detection on the samples: the rewrite is found and aligned; a shared quote is not a copy."""

from __future__ import annotations

from kabar.dedup.detect import classify_pair
from kabar.dedup.diff import changed_words
from kabar.eval.copies import SAMPLE_REWRITE


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


def test_rewrite_sentences_align_to_the_right_source_sentences(samples_store):
    """>= 80% of the rewrite's sentences are aligned to the 002 sentence they rewrite (read by hand)."""
    arts = _by_prefix(samples_store)
    (link,) = samples_store.copy_links()
    src, cp = arts["002"].sentences, arts["000"].sentences
    right = 0
    for i, j in link.sentences:
        gold = next(v for k, v in SAMPLE_REWRITE.items() if cp[j].text.startswith(k))
        right += src[i].text.startswith(gold)
    assert right >= 0.8 * len(cp)
    assert link.direction == "containment"  # the samples have no times: 000 is the one covered


def test_changed_words_of_an_aligned_pair(samples_store):
    arts = _by_prefix(samples_store)
    (link,) = samples_store.copy_links()
    i, j = link.sentences[0]
    changes = changed_words(arts["002"].sentences[i].text, arts["000"].sentences[j].text)
    assert ("replace", "menggagalkan", "memukul mundur") in {(c.op, c.old, c.new) for c in changes}


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

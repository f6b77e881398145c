"""Store.iter_placement_articles: articles with only the columns placement reads (base.PLACEMENT_COLUMNS).

Placement (copy detection and clustering) must decide exactly as it would on full articles: if the
clusterer or the copy detector starts reading a field left out of the view, these tests fail."""

from __future__ import annotations

from itertools import combinations

from test_stores import make_article

from kabar.cluster.features import article_signal
from kabar.cluster.vectors import OnlineIdf
from kabar.dedup.detect import classify_pair
from kabar.model import Mention
from kabar.store.base import Store, placement_view


def test_placement_articles_keep_order_skip_unknown_ids_and_leave_out_the_rest(store: Store):
    arts = [make_article(i) for i in range(3)]
    arts[1].mentions = [Mention("Lavrov", "PER", 0, 0, 6)]
    store.add_articles(arts)
    got = list(store.iter_placement_articles(["a0002", "missing", "a0001", "a0000"]))
    assert [a.id for a in got] == ["a0002", "a0001", "a0000"]
    full = {a.id: a for a in store.iter_articles(["a0000", "a0001", "a0002"])}
    for a in got:
        f = full[a.id]
        assert (a.source, a.url, a.title, a.published, a.language, a.text) == (
            f.source, f.url, f.title, f.published, f.language, f.text)
        assert (a.sentences, a.terms, a.quotes, a.mentions) == (f.sentences, f.terms, f.quotes, f.mentions)
        assert a.raw_text == "" and a.removed == [] and a.quantities == [] and a.meta == {}
    assert got[1].mentions == [Mention("Lavrov", "PER", 0, 0, 6)]
    assert got[0].mentions is None  # not tagged stays "not tagged", not "no names"


def test_placement_decides_the_same_on_placement_articles_as_on_full_ones(samples_store):
    ids = [a.id for a in samples_store.iter_articles()]
    light = list(samples_store.iter_placement_articles(ids))
    full = list(samples_store.iter_articles(ids))
    assert len(light) == len(full) == 5
    idf = OnlineIdf()
    for a, f in zip(light, full, strict=True):
        assert article_signal(a, idf) == article_signal(f, idf)
        idf.add(f.terms)
    links = 0
    for (la, fa), (lb, fb) in combinations(zip(light, full, strict=True), 2):
        got = classify_pair(la, lb)
        assert got == classify_pair(fa, fb)
        links += got is not None
    assert links >= 1  # the samples hold a paraphrased copy: the comparison covers a real link


def test_an_article_held_after_storing_is_what_placement_reads_back(store: Store):
    """The overlapped run places the batch it has just stored from memory (base.placement_view): it must be
    the article placement would read back from either store, field for field."""
    from itertools import islice

    from kabar.eval.datasets import iter_clickid_articles
    from kabar.pipeline import Pipeline
    from kabar.stages import article_stages

    articles = list(Pipeline(article_stages())(islice(iter_clickid_articles(), 60)))
    store.add_articles(articles)
    read = {a.id: a for a in store.iter_placement_articles([a.id for a in articles])}
    assert len(read) == len(articles)
    for a in articles:
        assert placement_view(a) == read[a.id]
    assert sum(bool(a.quotes) for a in articles) >= 10 and all(a.mentions for a in articles)

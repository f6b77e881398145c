"""The web app's single writer: ingests queued together run through the pipeline as one group, every
one gets its own answer, and an article sent by two requests at once is stored (and counted new) once."""

from __future__ import annotations

from kabar.ingest.base import make_article
from kabar.web.db import Database

FLOOD = "Banjir besar melanda Jakarta Utara pada Senin pagi dan merendam ratusan rumah warga di tepi sungai."
QUAKE = "Gempa bermagnitudo 5,8 mengguncang Lombok pada Selasa malam dan ribuan warga mengungsi ke tenda darurat."


def test_concurrent_ingests_are_grouped_and_answered_each(tmp_path):
    db = Database(str(tmp_path / "k.db"))
    flood, quake = (make_article(text=t, origin="test", url=f"https://berita.example/{i}")
                    for i, t in enumerate((FLOOD, QUAKE)))
    futures = [db.submit([flood]), db.submit([flood, quake]), db.submit([])]
    results = [f.result(timeout=300) for f in futures]
    assert results[0].stored == {flood.id} and results[1].stored == {flood.id, quake.id}
    assert results[2].stored == set() and results[2].new == 0
    assert sum(r.new for r in results) == 2  # the flood article is new for one request only
    with db.store() as store:
        counts = store.counts()
        assert counts["articles"] == 2 and counts["placed"] == 2
    again = db.ingest([flood])
    assert again.new == 0 and again.stored == {flood.id}

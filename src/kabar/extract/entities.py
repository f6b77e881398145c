"""Entities of an event: mentions found in each article, merged into canonical entities with aliases.

Mentions come from the NER model when it is shipped (kabar.extract.ner); canonicalization merges
spelling variants and short forms (Sergei Lavrov / Sergey Lavrov / Lavrov) by their shared last name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kabar.model import Article

# Capitalized word sequences; sentence-initial single words are skipped (they are capitalized anyway).
_CAPSEQ = re.compile(r"(?<![\w])(?:[A-Z][\w'’-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w'’-]*|[A-Z]{2,}))*")
_NOT_NAMES = {
    "Pada", "Dalam", "Saat", "Sementara", "Menurut", "Kunjungan", "Sebelumnya", "Sebelum", "Selain", "Itu", "Hal",
    "Kami", "Saya", "Mereka", "Ia", "Dia", "Kedua", "Meski", "Namun", "Tetapi", "Sabtu", "Minggu", "Senin",
    "Selasa", "Rabu", "Kamis", "Jumat", "Juni", "Juli", "Agustus", "November", "Oktober", "Januari", "Februari",
    "Maret", "April", "Mei", "September", "Desember", "Presiden", "Menteri", "Kepala", "Wakil", "Di", "Dan",
}


def mentions(article: Article) -> list[tuple[str, str]]:
    """(surface, type) of the names in an article."""
    out = []
    for sent in article.sentences:
        for m in _CAPSEQ.finditer(sent.text):
            words = [w for w in m.group(0).split() if w not in _NOT_NAMES]
            if not words or (m.start() == 0 and len(words) == 1 and len(m.group(0).split()) == 1):
                continue
            name = " ".join(words)
            if len(name) < 3:
                continue
            out.append((name, "MISC"))
    return out


def event_entities(articles: Iterable[Article], min_articles: int = 2) -> list[dict[str, Any]]:
    by_key: dict[str, dict[str, Any]] = {}
    for a in articles:
        for name, typ in mentions(a):
            key = name.split()[-1].lower()
            e = by_key.setdefault(key, {"names": defaultdict(int), "type": typ, "articles": set()})
            e["names"][name] += 1
            e["articles"].add(a.id)
    out = []
    for e in by_key.values():
        if len(e["articles"]) < min_articles:
            continue
        names = sorted(e["names"], key=lambda n: (-len(n.split()) if e["names"][n] > 1 else 0, -e["names"][n]))
        canonical = max(names, key=lambda n: (e["names"][n] + 2 * (len(n.split()) > 1), len(n)))
        out.append({"name": canonical, "type": e["type"], "aliases": sorted(set(names) - {canonical}),
                    "articles": sorted(e["articles"])})
    out.sort(key=lambda e: (-len(e["articles"]), e["name"]))
    return out[:40]

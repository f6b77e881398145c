"""The words that changed between two aligned sentences, for showing a rewrite next to its original."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

from kabar.lang.segment import TOKEN


class WordChange(NamedTuple):
    op: str  # replace | delete | insert
    old: str  # words of the original sentence ("" for an insert)
    new: str  # words of the copy ("" for a delete)


def changed_words(a_sentence: str, b_sentence: str) -> list[WordChange]:
    """Word-level differences from `a_sentence` (original) to `b_sentence` (copy), case-insensitive;
    equal runs are left out. difflib's matcher does the alignment."""
    a, b = TOKEN.findall(a_sentence), TOKEN.findall(b_sentence)
    matcher = SequenceMatcher(None, [w.lower() for w in a], [w.lower() for w in b], autojunk=False)
    return [
        WordChange(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]

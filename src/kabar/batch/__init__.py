"""Batch mode: the whole pipeline as a Ray Data job (`kabar batch`). Ray is the optional `batch` extra:
this package imports without it, and `run_batch` says how to install it when it is missing."""

from __future__ import annotations

from kabar.batch.job import BatchStats, run_batch

__all__ = ["BatchStats", "run_batch"]

"""Per-article and per-event work on several processes, results in input order, input read lazily.

Hand-written on top of `concurrent.futures` because its `Executor.map` submits the whole input at once
(a 200k-article stream would sit in memory) and `multiprocessing.Pool.imap` has no bound either: here at
most `workers * AHEAD` chunks are in flight. Workers come from a forkserver (not a plain fork of a parent
that may run threads, e.g. a progress bar) that has the pipeline's modules imported once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from itertools import islice
from typing import TypeVar

from threadpoolctl import threadpool_limits

T = TypeVar("T")
R = TypeVar("R")
AHEAD = 3  # chunks queued per worker: enough to keep workers busy while the parent stores results
_PRELOAD = ["kabar.stages", "kabar.engine"]
PARENT_CHECK_S = 0.5


def default_workers() -> int:
    """One worker per core the process may use (the parent mostly waits or writes to the store)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# Kabar's matrices are small (an event's sentences, an article's sentence embeddings): OpenBLAS's threads
# gained nothing on them and spun on the core the worker processes need (5k articles end to end on 2 cores:
# 57.2 s with its default 2 threads, 52.8 s with one). The workers and the engine's phases use one.
one_blas_thread = threadpool_limits.wrap(limits=1, user_api="blas")


def _worker_start(parent: int, initializer: Callable[[], None] | None) -> None:
    # Ctrl-C is the parent's to handle: it stops submitting, and what was committed is kept.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed with SIGKILL cannot stop its workers, and a worker waiting for work holds both
    # ends of its queue, so it would wait forever: each worker leaves once its parent is gone.
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="kabar-parent-watch").start()
    threadpool_limits(limits=1, user_api="blas")  # see one_blas_thread; for the worker's whole life
    if initializer is not None:
        initializer()


def _exit_with(parent: int) -> None:
    spawner = os.getppid()  # the forkserver, which itself exits when the parent does
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != spawner:
            os._exit(1)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):  # gone (or its pid reused by another user)
            os._exit(1)


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int,
                initializer: Callable[[], None] | None = None) -> Iterator[R]:
    """`map(fn, items)` on `workers` processes; `fn` and the items must pickle. `workers <= 1` runs here."""
    if workers <= 1:
        if initializer is not None:
            initializer()
        yield from map(fn, items)
        return
    pending: deque[Future[R]] = deque()
    it = iter(items)
    with _pool(workers, initializer) as pool:
        try:
            for item in it:
                pending.append(pool.submit(fn, item))
                if len(pending) >= workers * AHEAD:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _pool(workers: int, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                      else "spawn")
    if ctx.get_start_method() == "forkserver":
        ctx.set_forkserver_preload(_PRELOAD)
    start = partial(_worker_start, os.getpid(), initializer)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=start)


def lower_priority() -> None:
    """A worker initializer: the worker yields the CPU to the parent when both want it. For workers that
    run beside a parent on the critical path (placement, while the workers prepare the next batches)."""
    os.nice(10)


class Background:
    """`fn` over items handed in one by one, on `workers` processes, while this process goes on with other
    work (placement hands finished events to analysis this way). `ready()` gives the results finished so
    far, in the order their items were handed in; `drain()` waits for the rest. At most `workers * ahead`
    items are in flight; later ones wait here, unread (`load` makes an item when it is sent: a backlog of
    ids costs nothing, a backlog of loaded events would)."""

    def __init__(self, fn: Callable[[T], R], load: Callable[[object], T], workers: int, ahead: int = AHEAD,
                 initializer: Callable[[], None] | None = None) -> None:
        self.fn, self.load, self.workers, self.ahead, self.initializer = fn, load, workers, ahead, initializer
        self.backlog: deque[object] = deque()
        self.pending: deque[Future[R]] = deque()
        self.pool: ProcessPoolExecutor | None = None

    def put(self, key: object) -> None:
        self.backlog.append(key)
        self._send()

    def _send(self) -> None:
        while self.backlog and len(self.pending) < self.workers * self.ahead:
            if self.pool is None:
                self.pool = _pool(self.workers, self.initializer)
            self.pending.append(self.pool.submit(self.fn, self.load(self.backlog.popleft())))

    def ready(self) -> Iterator[R]:
        while self.pending and self.pending[0].done():
            yield self.pending.popleft().result()
            self._send()

    def drain(self) -> Iterator[R]:
        while self.pending:
            yield self.pending.popleft().result()
            self._send()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

"""Spreading independent work over the machine's cores, results in input order.

Workers are forked, so they inherit the work (functions, loaded site) instead of
receiving it pickled; only results travel back. Small jobs, and machines without
fork, run in this process. HAVEN_JOBS=1 turns it off (e.g. for profiling).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 64  # below this, starting workers costs more than it saves
_WORK: tuple[Callable, Sequence] | None = None  # read by forked workers


def jobs() -> int:
    configured = os.environ.get("HAVEN_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def map_in_order(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[function(item) for item in items], on every core when it is worth it."""
    global _WORK
    workers = min(jobs(), max(1, len(items) // MIN_ITEMS))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods() or _WORK is not None:
        return [function(item) for item in items]
    size = -(-len(items) // (workers * 4))  # a few chunks per worker evens out slow ones
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _WORK = (function, items)
    gc.freeze()  # the collector in a worker then leaves the parent's objects, and their memory, shared
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results: list[R] = []
            for part in pool.map(_run_chunk, chunks):
                results.extend(part)
            return results
    finally:
        _WORK = None
        gc.unfreeze()


def _run_chunk(bounds: tuple[int, int]) -> list:
    gc.enable()  # a worker collects its own garbage, even when its parent waits with that (serve)
    function, items = _WORK  # type: ignore[misc]
    return [function(item) for item in items[bounds[0]:bounds[1]]]

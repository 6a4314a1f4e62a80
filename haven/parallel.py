"""Spreading independent work over the machine's cores, results in input order.

Workers are forked, so they inherit the work (functions, loaded site) instead of
receiving it pickled; only results travel back. This process takes its share too.
Small jobs, and machines without fork, run in this process alone. HAVEN_JOBS=1 turns
it off (e.g. for profiling).

Workers die with this process: if it stops with an exception (Ctrl+C, SIGTERM) it kills them
before it goes on, and if it is killed outright the system kills them (Linux: PR_SET_PDEATHSIG;
elsewhere each worker watches its parent). They ignore Ctrl+C themselves: this process stops them.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 64  # below this, starting workers costs more than it saves
# Items a forked worker takes at most before a fresh fork replaces it. A worker's memory grows
# with the items it does: each object of the parent it reads (a count of references changes) has
# its page of memory copied, and its own caches fill; a fresh fork starts from shared pages again.
ROUND_ITEMS = 2_000
# Up to this many items, one round all the same: a worker's growth over them stays far below the
# memory target, and each further round is a fork and a wait for the slowest chunk (a 1,000-article
# site in three languages, 4,288 pages, was three rounds).
ONE_ROUND_ITEMS = 5_000
# (function, items, the process that hands them out) of the call under way, read by forked
# workers; set for the length of one call only, so nothing of it outlives a build.
_WORK: tuple[Callable, Sequence, int] | None = None


_NO_STEP = object()  # (next's answer when `meanwhile` has no step left)
SWITCH_SECONDS = 0.0005  # the interpreter's switch interval while workers run (see map_in_order)
# Chunks each worker is given ahead: enough to keep it busy while this process takes a step of
# `meanwhile` (the last step of the search index takes a sixth of a second at 1,000 articles),
# and few once the steps are done, so that this process and the workers end together.
AHEAD_WITH_STEPS, AHEAD = 8, 3


def jobs() -> int:
    configured = os.environ.get("HAVEN_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _workers(count: int, min_items: int) -> int:
    return min(jobs(), max(1, count // max(1, min_items)))


def spreads(count: int, min_items: int = MIN_ITEMS) -> bool:
    """Whether map_in_order would start workers for `count` items (what this process prepares
    before then, they inherit instead of each doing it again)."""
    return _workers(count, min_items) >= 2 and _WORK is None


def map_in_order(function: Callable[[T], R], items: Sequence[T], min_items: int = MIN_ITEMS,
                 meanwhile: Iterator[object] | None = None) -> list[R]:
    """[function(item) for item in items], on every core when it is worth it: with at least
    `min_items` items per process (fewer for heavy items, such as images to encode).

    This process works too, beside one forked worker fewer than there are cores: a process
    less holds less memory (each worker ends up with its own copy of much of the site).
    `meanwhile`: steps of other work, all taken in this process before it returns; with workers,
    before this process takes its share of the items, while the workers start on theirs (work
    that would otherwise leave a core idle before or after, done while the other is busy)."""
    global _WORK
    workers = _workers(len(items), min_items)
    if workers < 2 or _WORK is not None:
        return _alone(function, items, meanwhile)
    import multiprocessing  # (here: a rebuild after an edit seldom starts workers, and these take time to import)

    if "fork" not in multiprocessing.get_all_start_methods():
        return _alone(function, items, meanwhile)
    return_big_blocks()  # (work enough for workers: a big site's results, where the peak is)
    rounds = 1 if len(items) <= ONE_ROUND_ITEMS else -(-len(items) // ROUND_ITEMS)
    size = -(-len(items) // (workers * 16 * rounds))  # many chunks even out slow ones
    chunks = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    per_round = -(-len(chunks) // rounds)
    _WORK = (function, items, os.getpid())
    gc.freeze()  # the collector in a worker then leaves the parent's objects, and their memory, shared
    # The pool's thread here hands the workers their chunks and takes their results, and needs the
    # interpreter's lock for each step of that; this process works meanwhile, so the thread waited
    # up to 5 ms (the default interval) for the lock each time: a render worker of a 1,000-article
    # site sat idle for a fifth of its round. For the length of the call, the lock changes hands sooner.
    switching = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_SECONDS)
    try:
        results: list = []
        for first in range(0, len(chunks), per_round):
            results += _round(workers - 1, chunks[first:first + per_round], multiprocessing, meanwhile)
        for _ in meanwhile or ():  # (steps left when the workers were done)
            pass
        return results
    finally:
        sys.setswitchinterval(switching)
        _WORK = None
        gc.unfreeze()
        give_back()


def _alone(function: Callable[[T], R], items: Sequence[T], meanwhile: Iterator[object] | None) -> list[R]:
    for _ in meanwhile or ():
        pass
    return [function(item) for item in items]


def give_back() -> None:
    """Hand the memory freed here back to the system (glibc keeps it otherwise): the results
    received from workers leave much of it behind, below the peak that follows."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc
        pass


def return_big_blocks() -> None:
    """Have glibc map each block of over 512 KB on its own and unmap it once freed, as it does
    at first; it otherwise raises that threshold as such blocks are freed (a page's results, a
    cache file's bytes), and keeps tens of MB of them at a big site's peak. Done once workers are
    to be forked, for the rest of the process: a build that does its work here alone (a command
    after one edit) keeps glibc's own threshold, which maps and unmaps less (0.8 s of system
    time instead of 0.9 at 10,000 articles). It changes no output."""
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(-3, 512 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError, TypeError):  # not glibc
        pass


def _round(workers: int, chunks: list[tuple[int, int]], multiprocessing, meanwhile: Iterator[object] | None) -> list:
    """The results of `chunks`, with `workers` workers forked for them alone (and the steps of
    `meanwhile` taken here, as far as they go, before this process takes chunks)."""
    from concurrent.futures import ProcessPoolExecutor

    before = set(multiprocessing.active_children())
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_worker_start, initargs=(os.getpid(),)) as pool:
        try:
            return _share(pool, workers, chunks, meanwhile)
        except BaseException:
            # Stopped (or failed): the workers go now, not once they have done the work in hand,
            # and before the caller removes what they were writing.
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in set(multiprocessing.active_children()) - before:
                worker.kill()
                worker.join()
            raise


def _share(pool: ProcessPoolExecutor, workers: int, chunks: list[tuple[int, int]],
           meanwhile: Iterator[object] | None) -> list:
    """Keep AHEAD chunks in hand for each worker (AHEAD_WITH_STEPS while steps are left), and
    take the others in turn here, once the steps of `meanwhile` are taken (one at a time, handing
    out chunks between them)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    parts: list = [None] * len(chunks)
    running: dict = {}
    waiting = list(range(len(chunks)))
    waiting.reverse()  # pop() takes the first chunk first
    steps = meanwhile
    while waiting or running:
        while waiting and len(running) < (AHEAD if steps is None else AHEAD_WITH_STEPS) * workers:
            index = waiting.pop()
            running[pool.submit(_run_chunk, chunks[index])] = index
        for future in [f for f in running if f.done()]:
            parts[running.pop(future)] = future.result()
        if steps is not None:
            if next(steps, _NO_STEP) is not _NO_STEP:
                continue
            steps = None
        if waiting:
            index = waiting.pop()
            parts[index] = _run_chunk(chunks[index])
        elif running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                parts[running.pop(future)] = future.result()
    return [result for part in parts for result in part]


def _run_chunk(bounds: tuple[int, int]) -> list:
    function, items, parent = _WORK  # type: ignore[misc]
    if os.getpid() != parent:
        gc.enable()  # a worker collects its own garbage, even when its parent waits with that (serve)
    return [function(item) for item in items[bounds[0]:bounds[1]]]


def _worker_start(parent: int) -> None:
    """In each worker: leave stopping to the parent, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import ctypes  # (here: only workers need it)

    try:
        if ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0) != 0:  # PR_SET_PDEATHSIG
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):  # not Linux
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before that was in place
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)

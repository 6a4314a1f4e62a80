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
# A worker's task: the chunks it claims one after another for about this long (see _share).
TASK_SECONDS = 0.2
# Tasks handed to each worker ahead. This process hands out more only between its own chunks (a
# fifth of a second each in a 4,288-page build), and a worker may finish two tasks meanwhile; a
# task that finds every chunk claimed ends at once.
TASKS_AHEAD = 4


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

    claims = _Claims(len(chunks), multiprocessing.get_context("fork"))
    before = set(multiprocessing.active_children())
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_worker_start, initargs=(os.getpid(), claims)) as pool:
        try:
            return _share(pool, workers, chunks, claims, meanwhile)
        except BaseException:
            # Stopped (or failed): the workers go now, not once they have done the work in hand,
            # and before the caller removes what they were writing.
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in set(multiprocessing.active_children()) - before:
                worker.kill()
                worker.join()
            raise


class _Claims:
    """The chunks of a round not yet claimed: a count in memory shared with the workers, so that
    each process takes the next chunk itself, as soon as it is free."""

    def __init__(self, count: int, context) -> None:
        self.count = count
        self.next_chunk = context.Value("i", 0)  # (with a lock of its own)

    def claim(self) -> int | None:
        """The index of the next chunk, now this process's to make; None when all are claimed."""
        with self.next_chunk.get_lock():
            index = self.next_chunk.value
            if index >= self.count:
                return None
            self.next_chunk.value = index + 1
        return index


_CLAIMS: _Claims | None = None  # (in a worker: the claims of its round, set by _worker_start)


def _share(pool: ProcessPoolExecutor, workers: int, chunks: list[tuple[int, int]], claims: _Claims,
           meanwhile: Iterator[object] | None) -> list:
    """Every process claims the chunks one by one (_Claims): this one once the steps of
    `meanwhile` are taken, each worker in tasks of TASK_SECONDS, of which it is always handed
    TASKS_AHEAD. The pool hands over a task and takes its results with threads of this process,
    which need the interpreter's lock: handing over each chunk that way, a render worker of a
    1,000-article site sat idle for a third of a second while this process made the search
    index. Tasks that claim their own chunks need a handover only every TASK_SECONDS."""
    from concurrent.futures import FIRST_COMPLETED, wait

    parts: list = [None] * len(chunks)
    running: set = set()
    steps = meanwhile

    def collect(done) -> None:
        for future in done:
            running.discard(future)
            for index, part in future.result():
                parts[index] = part

    while True:
        if claims.next_chunk.value < claims.count:
            while len(running) < TASKS_AHEAD * workers:
                running.add(pool.submit(_run_claimed, chunks))
        collect([future for future in running if future.done()])
        if steps is not None:
            if next(steps, _NO_STEP) is not _NO_STEP:
                # The pool's threads here get the interpreter's lock between steps: without this, a
                # worker's finished task waited up to a quarter of a second for its results to be taken.
                time.sleep(0)
                continue
            steps = None
        index = claims.claim()
        if index is not None:
            parts[index] = _run_chunk(chunks[index])
        elif running:
            collect(wait(running, return_when=FIRST_COMPLETED)[0])
        else:
            break
    return [result for part in parts for result in part]


def _run_claimed(chunks: list[tuple[int, int]]) -> list[tuple[int, list]]:
    """In a worker: (index, results) of the chunks it claims within TASK_SECONDS (none when all
    are claimed already)."""
    assert _CLAIMS is not None
    done: list[tuple[int, list]] = []
    started = time.monotonic()
    while not done or time.monotonic() - started < TASK_SECONDS:
        index = _CLAIMS.claim()
        if index is None:
            break
        done.append((index, _run_chunk(chunks[index])))
    return done


def _run_chunk(bounds: tuple[int, int]) -> list:
    function, items, parent = _WORK  # type: ignore[misc]
    if os.getpid() != parent:
        gc.enable()  # a worker collects its own garbage, even when its parent waits with that (serve)
    return [function(item) for item in items[bounds[0]:bounds[1]]]


def _worker_start(parent: int, claims: _Claims) -> None:
    """In each worker: leave stopping to the parent, and die with it; the round's claims."""
    global _CLAIMS
    _CLAIMS = claims
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

"""haven.parallel: the results of many items come back in order, whether the items take one
round of workers or several (beyond ONE_ROUND_ITEMS, a fresh fork for every ROUND_ITEMS items,
so that no worker's memory grows with the size of the site)."""

import os
import time

import pytest

from haven import parallel


def _doubled(item: int) -> tuple[int, int]:
    return item * 2, os.getpid()


def _slowly_doubled(item: int) -> tuple[int, int]:
    """An item that takes a little time: each process claims chunks as it is free (parallel._Claims),
    so items that take none would all be done here before a worker started."""
    time.sleep(0.0002)
    return _doubled(item)


@pytest.mark.skipif(not hasattr(os, "fork") or parallel.jobs() < 2, reason="workers need fork and two cores")
def test_rounds_of_fresh_workers_give_every_result_in_order():
    items = list(range(parallel.ONE_ROUND_ITEMS + 17))  # more than one round
    results = parallel.map_in_order(_slowly_doubled, items, min_items=1)
    assert [value for value, _ in results] == [item * 2 for item in items]
    workers = {pid for _, pid in results} - {os.getpid()}
    assert len(workers) >= 2  # a worker of one round did not go on to the next


@pytest.mark.skipif(not hasattr(os, "fork") or parallel.jobs() < 2, reason="workers need fork and two cores")
def test_a_few_thousand_items_take_one_round():
    results = parallel.map_in_order(_slowly_doubled, list(range(parallel.ROUND_ITEMS + 17)), min_items=1)
    assert len({pid for _, pid in results} - {os.getpid()}) == parallel.jobs() - 1


def test_few_items_are_done_here():
    assert parallel.map_in_order(_doubled, [1, 2, 3]) == [(2, os.getpid()), (4, os.getpid()), (6, os.getpid())]


def _steps(taken: list[int], count: int):
    for step in range(count):
        taken.append(os.getpid())
        yield step


@pytest.mark.skipif(not hasattr(os, "fork") or parallel.jobs() < 2, reason="workers need fork and two cores")
def test_steps_meanwhile_are_all_taken_here_while_workers_work():
    taken: list[int] = []
    items = list(range(parallel.ROUND_ITEMS + 17))  # two rounds: the steps go on in the second if need be
    results = parallel.map_in_order(_slowly_doubled, items, min_items=1, meanwhile=_steps(taken, 500))
    assert [value for value, _ in results] == [item * 2 for item in items]
    assert taken == [os.getpid()] * 500
    assert {pid for _, pid in results} - {os.getpid()}  # workers did work meanwhile


def test_steps_meanwhile_are_taken_without_workers_too():
    taken: list[int] = []
    assert parallel.map_in_order(_doubled, [1, 2], meanwhile=_steps(taken, 3)) == [(2, os.getpid()), (4, os.getpid())]
    assert taken == [os.getpid()] * 3


def _busy_steps(count: int):
    """Steps that hold the interpreter's lock in long calls of C, as the search index's do."""
    for _ in range(count):
        sum(range(1_000_000))  # about 10 ms
        yield None


def _sleepy(item: int) -> int:
    time.sleep(0.001)
    return os.getpid()


@pytest.mark.skipif(not hasattr(os, "fork") or parallel.jobs() < 2, reason="workers need fork and two cores")
def test_workers_go_on_working_while_this_process_takes_long_steps():
    # 0.6 s of steps here, 0.4 s of items: the worker claims chunks while the steps go on, and
    # does nearly all of them meanwhile.
    pids = parallel.map_in_order(_sleepy, list(range(400)), min_items=1, meanwhile=_busy_steps(60))
    assert sum(pid != os.getpid() for pid in pids) >= 300

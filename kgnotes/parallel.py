"""Run independent pieces of work on every core, when there is enough work to pay for it.

Workers are forked, so they start with a copy of this process's memory (the parsed corpus,
the loaded synonyms and catalog): a task is sent as a number, and only its result travels
back, pickled. Where fork is unavailable, with one core, with `jobs = 1`, or when a worker
dies, every task runs here instead, in the same order: results never depend on the number
of cores, only the time does.

    results = run_tasks([lambda: parse(a), lambda: parse(b)], jobs=0)   # 0: one per core
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")

# Tasks of the running pool, read by the forked workers (they inherit this module's state);
# a closure cannot be pickled, a position in this list can.
_TASKS: Sequence[Callable[[], object]] = ()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, tasks: int) -> int:
    """`jobs` = 0 means one worker per usable core; never more workers than tasks."""
    wanted = usable_cores() if jobs <= 0 else jobs
    return max(1, min(wanted, tasks))


def _run_task(position: int) -> object:
    return _TASKS[position]()


def run_tasks(tasks: Sequence[Callable[[], T]], jobs: int = 0) -> list[T]:
    """Every task's result, in task order."""
    global _TASKS
    workers = worker_count(jobs, len(tasks))
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [task() for task in tasks]
    _TASKS = tasks
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_run_task, range(len(tasks))))  # type: ignore[arg-type]
    except (BrokenProcessPool, OSError):
        # A worker killed (out of memory) or no process to be had: the same work, here.
        return [task() for task in tasks]
    finally:
        _TASKS = ()


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """`items` cut into at most `count` contiguous runs of nearly equal length."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    result, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        result.append(items[start:end])
        start = end
    return result

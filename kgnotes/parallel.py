"""Run independent pieces of work on every core, when there is enough work to pay for it.

Workers are forked (on Linux only: macOS system libraries are not fork-safe, and Windows has
no fork), so they start with a copy of this process's memory (the parsed corpus, the loaded
synonyms): a task is sent as a number, and only its result travels back, pickled. With one
core, with `jobs = 1`, elsewhere than Linux, or when the workers cannot be started or one
dies, every task runs (again) here, in the same order: results never depend on the number of
cores, only the time does. Ctrl-C stops the workers at once and reaches the caller as one
KeyboardInterrupt, without a traceback from each worker.

    results = run_tasks([lambda: parse(a), lambda: parse(b)], jobs=0)   # 0: one per core
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")

# Tasks of the running pool, read by the forked workers (they inherit this module's state);
# a closure cannot be pickled, a position in this list can. One pool at a time: kgnotes
# runs its phases one after the other, in one thread.
_TASKS: Sequence[Callable[[], object]] = ()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(jobs: int, tasks: int) -> int:
    """`jobs` = 0 means one worker per usable core; never more workers than cores or tasks
    (each worker holds a copy of the corpus)."""
    cores = usable_cores()
    wanted = cores if jobs <= 0 else min(jobs, cores)
    return max(1, min(wanted, tasks))


def _run_task(position: int) -> object:
    return _TASKS[position]()


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the main process, which stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_tasks(tasks: Sequence[Callable[[], T]], jobs: int = 0) -> list[T]:
    """Every task's result, in task order."""
    global _TASKS
    workers = worker_count(jobs, len(tasks))
    if workers == 1 or not sys.platform.startswith("linux"):
        return [task() for task in tasks]
    _TASKS = tasks
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_ignore_interrupts,
        )
    except OSError:  # no process to be had
        _TASKS = ()
        return [task() for task in tasks]
    try:
        results = list(pool.map(_run_task, range(len(tasks))))
    except BrokenProcessPool:
        # A worker was killed (out of memory): the same work, here.
        pool.shutdown(wait=True)
        return [task() for task in tasks]
    except BaseException:
        _stop(pool)  # Ctrl-C, or a task's own error: don't wait for the other workers
        raise
    finally:
        _TASKS = ()
    pool.shutdown(wait=True)
    return results  # type: ignore[return-value]


def _stop(pool: ProcessPoolExecutor) -> None:
    # No public way to end running workers in 3.11 (and shutdown() forgets them, so they
    # are listed first); they hold nothing that needs saving.
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()


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

"""The local engine: a process pool over shards on one machine; no server to start.

Tasks are independent shard functions, so the engine's whole job is to run them on all cores and
report progress. Results come back in task order whatever order they finish in.
"""

from __future__ import annotations

import ctypes
import importlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from copydesk.progress import Reporter

T = TypeVar("T")


class LocalEngine:
    """Runs shard tasks in `workers` processes (inline when `workers == 1`)."""

    def __init__(self, workers: int, reporter: Reporter) -> None:
        self.workers = workers
        self.reporter = reporter
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self, label: str, function: Callable[..., T], tasks: Sequence[tuple[Any, ...]]
    ) -> list[T]:
        """Run `function(*task)` for every task; return the results in task order.

        The reporter hears `finish` only when every task succeeded: a pass stopped by Ctrl-C or
        an error is not "done" (the same in `imap` and `call`)."""
        self.reporter.start(label, len(tasks))
        if self.workers == 1 or len(tasks) <= 1:
            results = []
            for task in tasks:
                results.append(function(*task))
                self.reporter.advance(label)
            self.reporter.finish(label)
            return results
        pool = self._get_pool()
        futures: dict[Future[T], int] = {
            pool.submit(function, *task): i for i, task in enumerate(tasks)
        }
        ordered: list[Any] = [None] * len(tasks)
        for future in as_completed(futures):
            ordered[futures[future]] = future.result()
            self.reporter.advance(label)
        self.reporter.finish(label)
        return ordered

    def imap(
        self, label: str, function: Callable[..., T], tasks: Sequence[tuple[Any, ...]]
    ) -> Iterator[T]:
        """`map` that yields each result, in task order, as soon as it is ready: for results
        too big to hold all at once (the match pass's batches), which the caller consumes one
        by one while the workers go on."""
        self.reporter.start(label, len(tasks))
        if self.workers == 1 or len(tasks) <= 1:
            results: Iterator[T] = (function(*task) for task in tasks)
        else:
            results = self._get_pool().map(function, *zip(*tasks, strict=True))
        for result in results:
            self.reporter.advance(label)
            yield result
        self.reporter.finish(label)

    def call(self, label: str, function: Callable[..., T], *args: Any, preload_next: str = "") -> T:
        """Run one whole-corpus step (the template lines) alone, in its own process.

        The pool's workers are stopped first: idle, they keep what the shard passes left them
        (language and line models, Arrow and malloc arenas, ~0.5 GB each), and the step's own
        process returns all it allocated when it ends, instead of leaving it in this one for
        the passes after it. So the run's memory peak is this process plus the step, not plus
        the pool (docs/SCALING.md). Fresh workers for the next pass, importing module
        `preload_next`, start while the step runs (see `renew`). With one worker the step runs
        here, as everything else does.
        """
        if self.workers == 1:
            return self.map(label, function, [args])[0]
        self.close()
        self.reporter.start(label, 1)
        with _spawn_pool(1) as pool:
            future = pool.submit(function, *args)
            if preload_next:
                self.renew(preload_next)
            result = future.result()
        self.reporter.advance(label)
        self.reporter.finish(label)
        return result

    def renew(self, preload: str) -> None:
        """Replace the workers with fresh ones, started now and importing module `preload`
        while this process goes on: for a pass whose workers need none of what earlier
        passes left in theirs (models, arenas), without waiting for their start (~1.5 s)."""
        self.close()
        if self.workers > 1:
            pool = self._get_pool()
            for _ in range(self.workers):  # a task per worker makes the pool start them all
                pool.submit(_import, preload).add_done_callback(_discard)

    def use_at_most(self, tasks: int) -> None:
        """Run on at most `tasks` processes: the most tasks any later pass runs at once. A
        worker is a fresh process that imports copydesk and loads its models (~1.5 s, spawned),
        so a small corpus (one shard) runs faster here in this process than on a pool: the demo
        corpus, 44 documents, took 6.6 s on two workers and 2.4 s in one process."""
        if tasks < self.workers:
            self.close()
            self.workers = max(1, tasks)

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = _spawn_pool(self.workers)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None


def _import(module: str) -> None:
    importlib.import_module(module)


def _discard(future: Future[None]) -> None:
    """Drop a warm-up task's error: a module that fails to import fails again, with its
    error, in the task that needs it."""
    future.exception()


def _spawn_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` fresh processes that die with this one."""
    # spawn, not fork: the parent holds Arrow/polars thread pools, and forking a process with
    # live threads can deadlock the child.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Make this pool worker die when the run's process dies, even by `kill -9`, and die
    quietly at Ctrl-C.

    Without it an idle worker waits on its task queue for ever after its parent is killed. On
    Linux the kernel sends the signal (prctl PR_SET_PDEATHSIG); elsewhere the executor's own
    broken-pipe detection is all there is. Ctrl-C in a terminal signals the whole process group:
    the parent says what to do next, and each worker's KeyboardInterrupt traceback (dozens of
    lines per worker) would bury that. A worker stopped mid-write leaves what a kill leaves,
    which `--resume` takes up.
    """
    signal.signal(signal.SIGINT, _exit_at_interrupt)
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os.kill(os.getpid(), signal.SIGKILL)


def _exit_at_interrupt(signum: int, frame: object) -> None:
    os._exit(128 + signum)

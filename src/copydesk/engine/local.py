"""The local engine: a process pool over shards on one machine; no server to start.

Tasks are independent shard functions, so the engine's whole job is to run them on all cores and
report progress. Results come back in task order whatever order they finish in.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
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
        """Run `function(*task)` for every task; return the results in task order."""
        self.reporter.start(label, len(tasks))
        try:
            if self.workers == 1 or len(tasks) <= 1:
                results = []
                for task in tasks:
                    results.append(function(*task))
                    self.reporter.advance(label)
                return results
            pool = self._get_pool()
            futures: dict[Future[T], int] = {
                pool.submit(function, *task): i for i, task in enumerate(tasks)
            }
            ordered: list[Any] = [None] * len(tasks)
            for future in as_completed(futures):
                ordered[futures[future]] = future.result()
                self.reporter.advance(label)
            return ordered
        finally:
            self.reporter.finish(label)

    def call(self, label: str, function: Callable[..., T], *args: Any) -> T:
        """Run one whole-corpus step in this process (the match pass), with progress."""
        return self.map(label, function, [args])[0]

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent holds Arrow/polars thread pools, and forking a process
            # with live threads can deadlock the child.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

"""Progress of a run: a bar per pass on a terminal, plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class Reporter(Protocol):
    """What the engine tells about a pass while it runs."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, label: str) -> None: ...
    def finish(self, label: str) -> None: ...


class SilentReporter:
    """Reports nothing (the API's default)."""

    def start(self, label: str, total: int) -> None:
        return None

    def advance(self, label: str) -> None:
        return None

    def finish(self, label: str) -> None:
        return None


class LogReporter:
    """One line when a pass starts and one when it ends, for logs and pipes."""

    def __init__(self) -> None:
        self._started: dict[str, float] = {}

    def start(self, label: str, total: int) -> None:
        self._started[label] = time.perf_counter()
        print(f"copydesk: {label}: {total} task(s)", file=sys.stderr, flush=True)

    def advance(self, label: str) -> None:
        return None

    def finish(self, label: str) -> None:
        seconds = time.perf_counter() - self._started.pop(label, time.perf_counter())
        print(f"copydesk: {label}: done in {seconds:.2f}s", file=sys.stderr, flush=True)


class BarReporter:
    """A rich progress bar per pass, on a terminal."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description:<8}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def start(self, label: str, total: int) -> None:
        if not self._tasks:
            self._progress.start()
        self._tasks[label] = self._progress.add_task(label, total=max(total, 1))

    def advance(self, label: str) -> None:
        self._progress.advance(self._tasks[label])

    def finish(self, label: str) -> None:
        task = self._tasks[label]
        self._progress.update(task, completed=self._progress.tasks[task].total)

    def close(self) -> None:
        if self._tasks:
            self._progress.stop()


def reporter_for(show: bool | None) -> Reporter:
    """Bars on a terminal, log lines when piped; `show=False` silences both."""
    if show is False:
        return SilentReporter()
    console = Console(stderr=True)
    if console.is_terminal:
        return BarReporter(console)
    return LogReporter()

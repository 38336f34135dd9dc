"""Deterministic crash injection, for the crash-safety tests (tests/test_resume.py).

Killing a run with a timer hits a different point on every machine; these hooks kill it at a
named point instead. Every atomic write (`copydesk.io.atomic`) reports two moments:

- `COPYDESK_CRASH_DURING=<name>:<n>`: the n-th write of `<name>` has its data on disk under the
  temporary name and is not yet renamed into place;
- `COPYDESK_CRASH_AFTER=<name>:<n>`: the n-th write of `<name>` is complete.

`<name>` is a file name (`documents.jsonl`, `templates.parquet`) or the folder of a pass's shards
(`input`, `scan`, `clean`, `match`, `parts`). At that moment the run is killed with SIGKILL, the
same as `kill -9`: no exception handler, `finally` block or atexit hook runs. A worker process
that reaches the point kills the run's main process too, so the whole run dies. Writes are
counted per process, so with several workers the n-th write of a pass is the n-th in whichever
worker reaches it first. Unset (always, outside tests) this costs one environment lookup per
written file.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import Counter
from pathlib import Path

_counts: Counter[tuple[str, str]] = Counter()


def checkpoint(path: Path, moment: str) -> None:
    """Kill this run if `COPYDESK_CRASH_<MOMENT>` names this write of `path`."""
    spec = os.environ.get(f"COPYDESK_CRASH_{moment.upper()}")
    if not spec:
        return
    name, _, count = spec.rpartition(":")
    if name not in (path.name, path.parent.name):
        return
    _counts[moment, name] += 1
    if _counts[moment, name] == int(count):
        _kill_run()


def _kill_run() -> None:
    """SIGKILL the run: its whole process group when the run leads one (as a shell job does, and
    as the tests start it), else its main process and this one.

    Killing only the main process would leave idle pool workers blocked on their task queue
    for ever, which is what a bare `kill -9 <pid>` of a multi-worker run does too.
    """
    parent = multiprocessing.parent_process()
    main = parent.pid if parent is not None and parent.pid is not None else os.getpid()
    if os.getpgid(main) == main:
        os.killpg(main, signal.SIGKILL)
    os.kill(main, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)

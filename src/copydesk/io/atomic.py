"""Atomic file writes: a half-written file never appears under its final name.

Each pass writes its outputs through these helpers, which is what lets `--resume` trust any file
it finds: a file that exists is complete. The data is fsynced before the rename and the folder
after it, so completed files also survive a power cut in the order they were completed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from copydesk import faults

TEMPORARY_SUFFIX = ".copydesk-tmp"


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it is fsynced and renamed into place.

    If the body raises, the temporary file is removed and `path` keeps its old content (or stays
    absent). A process killed mid-write leaves only the temporary, which `remove_temporaries`
    sweeps away.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
    try:
        yield temporary
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        faults.checkpoint(path, "during")
        os.replace(temporary, path)
        _fsync_folder(path.parent)
        faults.checkpoint(path, "after")
    finally:
        temporary.unlink(missing_ok=True)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable, where the platform can sync a folder at all."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError:  # Windows cannot open a folder; some network file systems refuse fsync
        return


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def write_parquet(path: Path, table: pa.Table) -> None:
    """Write an Arrow table to `path` atomically (LZ4-compressed Parquet).

    Every caller writes a run's intermediates, read back once or twice within the run: LZ4
    writes a clean shard in ~40% of zstd's CPU time (13 vs 31 µs per news document) for ~40%
    more disk. Final outputs (documents.parquet) stay zstd.
    """
    with atomic_path(path) as temporary:
        pq.write_table(table, temporary, compression="lz4")


def remove_temporaries(out: Path) -> None:
    """Delete the temporaries that killed writers left in an output folder.

    Only names this module makes are touched: in `out` itself (not its other subfolders, which
    may hold the user's own files) and everywhere below `out/_work`.
    """
    pattern = f".*{TEMPORARY_SUFFIX}"
    for path in [*out.glob(pattern), *(out / "_work").rglob(pattern)]:
        path.unlink(missing_ok=True)

"""Atomic file writes: a half-written file never appears under its final name.

Each pass writes its outputs through these helpers, which is what lets `--resume` trust any file
it finds: a file that exists is complete.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it is fsynced and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield temporary
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def write_parquet(path: Path, table: pa.Table) -> None:
    """Write an Arrow table to `path` atomically (zstd-compressed Parquet)."""
    with atomic_path(path) as temporary:
        pq.write_table(table, temporary, compression="zstd")

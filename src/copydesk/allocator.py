"""The process's memory allocator, tuned for passes that allocate and free the same buffers
over and over (the clean pass, slice after slice)."""

from __future__ import annotations

import ctypes
import platform
import sys

# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_TRIM_THRESHOLD = 128 << 20
_MMAP_THRESHOLD = 32 << 20


def keep_freed_memory() -> None:
    """Have glibc's malloc keep up to 128 MB of freed memory for reuse instead of handing it
    back to the system, and serve blocks up to 32 MB from its heap.

    The clean pass allocates and frees the same few tens of megabytes for every slice of a
    shard (code points, feature rows, the texts' forms). By default glibc maps a large block
    on its own and returns the free top of its heap once it passes twice the largest block
    freed so far, so the next slice faults every page in again: on AEB bodies in shards of
    5,000, 19,000-90,000 page faults and 7-35 µs of system time a document (the cleaner takes
    ~200 µs); with these settings next to none after the first shard. `copydesk run` of
    `bench/syndication.py speed`'s 100,000 documents, alternated (2026-11-26, after a run
    that filled numba's cache): system time 6.7-7.3 s (3 runs) -> 4.6-6.0 s (4 runs), wall
    43.8-46.2 s -> 38.3-46.6 s, each of three back-to-back pairs 5-12% faster with it; peak
    memory about the same (705-833 MB against 791-800 MB). Arrow and polars allocate through
    their own allocators, which this does not touch.
    A no-op where the C library is not glibc.
    """
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return
    libc = ctypes.CDLL(None)
    libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)

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
# Whether this process's C library is glibc, whose malloc `keep_freed_memory` tunes.
GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def keep_freed_memory() -> None:
    """Have glibc's malloc keep up to 128 MB of freed memory for reuse instead of handing it
    back to the system, and serve blocks up to 32 MB from its heap.

    The clean pass allocates and frees the same few tens of megabytes for every slice of a
    shard (code points, feature rows, the texts' forms). By default glibc maps a large block
    on its own and returns the free top of its heap once it passes twice the largest block
    freed so far, so the next slice faults every page in again: on AEB bodies in shards of
    5,000, 19,000-90,000 page faults and 7-35 µs of system time a document (the cleaner takes
    ~200 µs); with these settings next to none after the first shard. `copydesk run` of
    `bench/syndication.py speed`'s 100,000 documents, with it in the clean pass's workers and
    without, alternated three times (2026-11-26, 06:46-06:51 UTC): system time 6.8-7.0 s ->
    5.3-6.0 s, wall time within the runs' spread (42.5 / 41.8 / 43.3 s against 41.2 / 41.7 /
    45.5 s), peak memory the same (0.77-0.80 GB). Arrow and polars allocate through their own
    allocators, which this does not touch.
    A no-op where the C library is not glibc.
    """
    if not GLIBC:
        return
    libc = ctypes.CDLL(None)
    libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)

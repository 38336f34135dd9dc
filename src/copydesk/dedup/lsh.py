"""Locality-sensitive hashing: MinHash bands to candidate pairs.

A signature of `bands * rows` slots is cut into bands of `rows` slots; two documents become a
candidate pair when any band hashes equal. Pairs with Jaccard J collide in at least one band with
probability 1 - (1 - J**rows)**bands, so bands/rows set the similarity where recall turns on.
"""

from __future__ import annotations

import numba as nb
import numpy as np

from copydesk.dedup.sketch import mix64

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@nb.njit(cache=True, nogil=True)
def _band_kernel(signatures: np.ndarray, bands: int, rows: int, out: np.ndarray) -> None:
    for d in range(signatures.shape[0]):
        for band in range(bands):
            # the band index is hashed in, so equal values in different bands never collide
            h = mix64(np.uint64(band) + _GOLDEN)
            for r in range(band * rows, (band + 1) * rows):
                h = mix64(h ^ np.uint64(signatures[d, r])) * _GOLDEN
            out[d, band] = mix64(h)


def band_hashes(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """uint64 (n, bands): one hash per band of `rows` consecutive signature slots."""
    if bands < 1 or rows < 1:
        raise ValueError("bands and rows must be >= 1")
    if signatures.ndim != 2 or signatures.shape[1] < bands * rows:
        raise ValueError(
            f"signatures need at least bands*rows = {bands * rows} columns, "
            f"got shape {signatures.shape}"
        )
    out = np.empty((signatures.shape[0], bands), dtype=np.uint64)
    _band_kernel(np.ascontiguousarray(signatures, dtype=np.uint32), bands, rows, out)
    return out


@nb.njit(cache=True, nogil=True)
def _bucket_pairs(keys: np.ndarray, order: np.ndarray, max_bucket: int, n: int) -> np.ndarray:
    """Pair keys i*n+j (i < j) for the runs of equal `keys[order]`; `order` is a stable argsort."""
    m = order.shape[0]
    total = 0
    start = 0
    while start < m:
        end = start + 1
        while end < m and keys[order[end]] == keys[order[start]]:
            end += 1
        size = end - start
        total += size * (size - 1) // 2 if size <= max_bucket else size - 1
        start = end
    out = np.empty(total, dtype=np.int64)
    w = 0
    start = 0
    while start < m:
        end = start + 1
        while end < m and keys[order[end]] == keys[order[start]]:
            end += 1
        size = end - start
        if size <= max_bucket:
            for x in range(start, end):
                for y in range(x + 1, end):
                    out[w] = np.int64(order[x]) * n + order[y]
                    w += 1
        else:
            # stable sort: order[start] is the bucket's smallest index, linked to every member
            first = np.int64(order[start])
            for y in range(start + 1, end):
                out[w] = first * n + order[y]
                w += 1
        start = end
    return out


def candidate_pairs(bands: np.ndarray, max_bucket: int = 200) -> np.ndarray:
    """int64 (m, 2) candidate pairs (i, j), i < j, unique, sorted lexicographically.

    Rows are documents, as returned by `band_hashes`. The caller must leave out documents with an
    empty signature (shingle count 0): they all share one signature and would pair with each
    other. A bucket with more than `max_bucket` members (boilerplate that survived cleaning, or
    one story copied hundreds of times) links each member to its first (smallest-index) member
    only, so its cost stays linear; clustering still joins them through that member.
    """
    if bands.ndim != 2:
        raise ValueError("bands must be a 2-d array (documents, bands)")
    if max_bucket < 2:
        raise ValueError("max_bucket must be >= 2")
    n = bands.shape[0]
    chunks = []
    for band in range(bands.shape[1]):
        column = np.ascontiguousarray(bands[:, band])
        order = np.argsort(column, kind="stable")
        chunks.append(_bucket_pairs(column, order, max_bucket, n))
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    # sorted, then deduplicated by neighbours: numpy 2's np.unique hashes first and costs ~10x
    # more on these millions of int64 keys (1.0 of 2.7 CPU-s of the 100,000-document
    # benchmark's largest match batch)
    keys = np.sort(np.concatenate(chunks))
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys
    return np.stack([keys // n, keys % n], axis=1) if n else np.empty((0, 2), dtype=np.int64)

"""Clustering of verified pairs into groups of copies."""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(inline="always", cache=True)
def _find(parent: np.ndarray, x: int) -> int:
    """Root of x, halving the path on the way (each node skips to its grandparent)."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


@nb.njit(cache=True, nogil=True)
def _union_find(n: int, edges: np.ndarray) -> np.ndarray:
    parent = np.arange(n, dtype=np.int64)
    for k in range(edges.shape[0]):
        ri = _find(parent, edges[k, 0])
        rj = _find(parent, edges[k, 1])
        # the smaller index becomes the root, so a root is its component's smallest member
        if ri < rj:
            parent[rj] = ri
        elif rj < ri:
            parent[ri] = rj
    for x in range(n):
        parent[x] = _find(parent, x)
    return parent


def connected_components(n: int, edges: np.ndarray) -> np.ndarray:
    """int64 labels (n,): each node's label is the smallest node index in its component.

    Labels depend only on the edge set, not on edge order, so any engine or worker count
    gives the same clusters.
    """
    edges = np.ascontiguousarray(edges, dtype=np.int64).reshape(-1, 2)
    if edges.size and (edges.min() < 0 or edges.max() >= n):
        raise ValueError(f"edge endpoints must lie in [0, {n})")
    return _union_find(n, edges)

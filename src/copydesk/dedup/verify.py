"""Verification of candidate pairs from their signatures.

LSH only proposes pairs; whether a pair is a copy is decided on estimates of the Jaccard
similarity and of the containment in each direction. Containment is what finds a truncated copy
or a copy with long local additions, whose Jaccard with the original can be well below 0.5.
"""

from __future__ import annotations

import numba as nb
import numpy as np


@nb.njit(cache=True, nogil=True)
def _similarity_kernel(
    signatures: np.ndarray,
    counts: np.ndarray,
    pairs: np.ndarray,
    jaccard: np.ndarray,
    cont_ij: np.ndarray,
    cont_ji: np.ndarray,
) -> None:
    num_perm = signatures.shape[1]
    for k in range(pairs.shape[0]):
        i = pairs[k, 0]
        j = pairs[k, 1]
        equal = 0
        for p in range(num_perm):
            if signatures[i, p] == signatures[j, p]:
                equal += 1
        jac = equal / num_perm
        jaccard[k] = jac
        size_i = float(counts[i])
        size_j = float(counts[j])
        # |A n B| = J (|A| + |B|) / (1 + J); containment of A in B is |A n B| / |A|
        inter = jac * (size_i + size_j) / (1.0 + jac)
        cont_ij[k] = min(1.0, inter / size_i) if size_i > 0 else 0.0
        cont_ji[k] = min(1.0, inter / size_j) if size_j > 0 else 0.0


def pair_similarity(
    signatures: np.ndarray, counts: np.ndarray, pairs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Estimated (jaccard, containment of i in j, containment of j in i), float32 each, per pair.

    Jaccard is the share of equal signature slots; containment follows from it and the two
    distinct-shingle counts as C(A in B) = J(|A| + |B|) / ((1 + J)|A|), clipped to [0, 1], and is
    0 for a document with no shingles.
    """
    pairs = np.ascontiguousarray(pairs, dtype=np.int64).reshape(-1, 2)
    m = pairs.shape[0]
    jaccard = np.empty(m, dtype=np.float32)
    cont_ij = np.empty(m, dtype=np.float32)
    cont_ji = np.empty(m, dtype=np.float32)
    _similarity_kernel(
        np.ascontiguousarray(signatures),
        # writable whether Arrow lent the counts or not: one signature, one compile
        np.require(counts, requirements=["C_CONTIGUOUS", "WRITEABLE"]),
        pairs,
        jaccard,
        cont_ij,
        cont_ji,
    )
    return jaccard, cont_ij, cont_ji

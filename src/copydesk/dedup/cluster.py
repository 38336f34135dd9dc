"""Clustering of verified pairs into groups of copies, without chaining.

Union-find over every accepted pair chains: a roundup that quotes two stories, or a story that
quotes one paragraph of another, would glue different stories into one cluster. The clustering
here refuses merges the evidence does not support (the rule, in docs/DEDUP.md):

1. a pair counts only if the `AcceptRule` accepts its estimated similarities;
2. the accepted pairs merge strongest Jaccard first, and two clusters merge only when their
   anchors (each cluster's core: the most complete document it grew from) share the story, so
   every member is verified against the core, not only against some member;
3. a document that quotes (mostly contains) two documents which ended in different clusters and
   share nothing is a compilation (a roundup): its pairs are dropped, it stays on its own, and
   step 2 runs again without it.

Every step depends on the pair set and document order only, and sees one connected component of
the accepted pairs at a time, so an engine may run it per component (see `coarse_components`).
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class AcceptRule:
    """When estimated similarities make two documents copies of one story.

    A pair is accepted when its Jaccard is at least `jaccard` (a near copy), or when both
    documents have at least `min_shingles` shingles, one lies at least `containment` inside the
    other (a truncated copy, or one with local additions) *and* the contained one is at least
    `coverage` of the container (the reverse containment). The coverage floor refuses a short
    brief or a quoted paragraph inside a long story, and containment estimates between documents
    of very different sizes, which are too noisy to trust.
    """

    jaccard: float = 0.5
    containment: float = 0.7
    coverage: float = 0.3
    min_shingles: int = 30
    core: float = 0.5
    """Two clusters merge when their anchors share at least this much: one lies at least this
    much inside the other. Looser than a pair's acceptance (anchors may be two edits of the
    story apart), far above what different stories sharing a paragraph or a sentence reach."""
    quote: float = 0.5
    """A document quotes another when at least this much of the other lies inside it and it is
    at least 1.25 times as large."""
    part: float = 0.25
    """…and the quoted part is at least this share of the quoting document: a one-paragraph
    fragment of a story is not evidence of a roundup."""
    unrelated: float = 0.2
    """Two documents quoted by one document are unrelated (so the quoting one is a compilation)
    when neither lies more than this much inside the other."""

    def accepts(
        self,
        jaccard: np.ndarray,
        cont_ij: np.ndarray,
        cont_ji: np.ndarray,
        count_i: np.ndarray,
        count_j: np.ndarray,
    ) -> np.ndarray:
        """Boolean mask of the accepted pairs."""
        high = np.maximum(cont_ij, cont_ji)
        low = np.minimum(cont_ij, cont_ji)
        large = np.minimum(count_i, count_j) >= self.min_shingles
        return (jaccard >= self.jaccard) | (
            large & (high >= self.containment) & (low >= self.coverage)
        )


@nb.njit(inline="always", cache=True)
def _similarity(
    signatures: np.ndarray, counts: np.ndarray, i: int, j: int
) -> tuple[float, float, float]:
    """(jaccard, containment of i in j, containment of j in i), as `verify.pair_similarity`."""
    num_perm = signatures.shape[1]
    equal = 0
    for p in range(num_perm):
        if signatures[i, p] == signatures[j, p]:
            equal += 1
    jac = equal / num_perm
    size_i = float(counts[i])
    size_j = float(counts[j])
    inter = jac * (size_i + size_j) / (1.0 + jac)
    c_ij = min(1.0, inter / size_i) if size_i > 0 else 0.0
    c_ji = min(1.0, inter / size_j) if size_j > 0 else 0.0
    return jac, c_ij, c_ji


@nb.njit(cache=True, nogil=True)
def _quotes(
    pairs: np.ndarray,
    cont_ij: np.ndarray,
    cont_ji: np.ndarray,
    quote_min: float,
    part_min: float,
) -> np.ndarray:
    """(container, quoted) rows: the quoted document lies mostly inside the container, makes a
    fair part of it, and the container is clearly larger."""
    out = np.empty((pairs.shape[0], 2), dtype=np.int64)
    w = 0
    for e in range(pairs.shape[0]):
        # C(i in j) / C(j in i) = |j| / |i|, so the 0.8 factor means 1.25 times as large
        if cont_ij[e] >= quote_min and part_min <= cont_ji[e] <= 0.8 * cont_ij[e]:
            out[w, 0] = pairs[e, 1]
            out[w, 1] = pairs[e, 0]
            w += 1
        elif cont_ji[e] >= quote_min and part_min <= cont_ij[e] <= 0.8 * cont_ji[e]:
            out[w, 0] = pairs[e, 0]
            out[w, 1] = pairs[e, 1]
            w += 1
    return out[:w]


@nb.njit(cache=True, nogil=True)
def _compilations(
    n: int,
    quotes: np.ndarray,
    labels: np.ndarray,
    signatures: np.ndarray,
    counts: np.ndarray,
    unrelated: float,
    max_quoted: int,
) -> np.ndarray:
    """Documents quoting two documents that share nothing and that only the container links:
    they sit in different clusters, or in one cluster with no third quoted copy related to both.

    `quotes` is sorted by container; each container's first `max_quoted` quoted documents are
    compared pairwise.
    """
    bridge = np.zeros(n, dtype=np.bool_)
    m = quotes.shape[0]
    start = 0
    while start < m:
        end = start
        while end < m and quotes[end, 0] == quotes[start, 0]:
            end += 1
        stop = min(end, start + max_quoted)
        found = False
        for a in range(start, stop):
            if found:
                break
            for b in range(a + 1, stop):
                ha = quotes[a, 1]
                hb = quotes[b, 1]
                _, c_ab, c_ba = _similarity(signatures, counts, ha, hb)
                if max(c_ab, c_ba) >= unrelated:
                    continue
                if labels[ha] != labels[hb]:
                    found = True
                    break
                # one cluster: two pieces of one story (a fragment, and a copy that dropped it)
                # are both related to some third copy the container quotes; two stories are not
                bridged = False
                for c in range(start, stop):
                    hc = quotes[c, 1]
                    if hc in (ha, hb):
                        continue
                    _, c_ac, c_ca = _similarity(signatures, counts, ha, hc)
                    _, c_bc, c_cb = _similarity(signatures, counts, hb, hc)
                    if max(c_ac, c_ca) >= unrelated and max(c_bc, c_cb) >= unrelated:
                        bridged = True
                        break
                if not bridged:
                    found = True
                    break
        bridge[quotes[start, 0]] = found
        start = end
    return bridge


@nb.njit(cache=True, nogil=True)
def _anchored_merge(
    n: int,
    pairs: np.ndarray,
    order: np.ndarray,
    signatures: np.ndarray,
    counts: np.ndarray,
    j_min: float,
    core_min: float,
) -> np.ndarray:
    parent = np.arange(n, dtype=np.int64)
    anchor = np.arange(n, dtype=np.int64)
    size = np.ones(n, dtype=np.int64)
    for k in range(order.shape[0]):
        e = order[k]
        i = pairs[e, 0]
        j = pairs[e, 1]
        ri = _find(parent, i)
        rj = _find(parent, j)
        if ri == rj:
            continue
        ai = anchor[ri]
        aj = anchor[rj]
        if not ((ai == i and aj == j) or (ai == j and aj == i)):
            jac, c_ab, c_ba = _similarity(signatures, counts, ai, aj)
            if jac < j_min and max(c_ab, c_ba) < core_min:
                continue
        # the larger cluster absorbs the smaller and keeps its anchor (its core is better
        # attested); between equals, the more complete anchor (more shingles), then the earlier
        if size[ri] != size[rj]:
            first = size[ri] > size[rj]
        elif counts[ai] != counts[aj]:
            first = counts[ai] > counts[aj]
        else:
            first = ai < aj
        keep, gone = (ri, rj) if first else (rj, ri)
        parent[gone] = keep
        size[keep] += size[gone]
    # labels: the smallest member of each cluster
    label = np.full(n, -1, dtype=np.int64)
    out = np.empty(n, dtype=np.int64)
    for x in range(n):
        r = _find(parent, x)
        if label[r] == -1:
            label[r] = x
        out[x] = label[r]
    return out


def verified_clusters(
    pairs: np.ndarray,
    jaccard: np.ndarray,
    cont_ij: np.ndarray,
    cont_ji: np.ndarray,
    signatures: np.ndarray,
    counts: np.ndarray,
    rule: AcceptRule,
    forced: np.ndarray | None = None,
) -> np.ndarray:
    """int64 labels (n,) of clusters of copies (label = smallest member index), no chaining.

    `pairs` (m, 2) are candidate pairs with their `pair_similarity` estimates; `signatures` and
    `counts` the `minhash` output of all n documents; `forced` (m,) marks pairs accepted whatever
    the estimates (exact duplicates). The result does not depend on the order of `pairs`.
    """
    n = signatures.shape[0]
    pairs = np.ascontiguousarray(pairs, dtype=np.int64).reshape(-1, 2)
    signatures = np.ascontiguousarray(signatures, dtype=np.uint32)
    counts = np.ascontiguousarray(counts, dtype=np.int64)
    accept = rule.accepts(jaccard, cont_ij, cont_ji, counts[pairs[:, 0]], counts[pairs[:, 1]])
    if forced is not None:
        accept |= forced
    # strongest evidence first; ties by (i, j) so the result never depends on input order
    order = np.lexsort((pairs[:, 1], pairs[:, 0], -jaccard.astype(np.float64)))
    kept = order[accept[order]]
    merge_all = np.arange(kept.size, dtype=np.int64)
    labels = _anchored_merge(n, pairs[kept], merge_all, signatures, counts, rule.jaccard, rule.core)
    # compilations are judged on every candidate pair: quoting two thirds of a story is not
    # enough to be its copy, but is enough to be a roundup that quotes it
    quotes = _quotes(
        pairs[order],
        np.ascontiguousarray(cont_ij[order], dtype=np.float32),
        np.ascontiguousarray(cont_ji[order], dtype=np.float32),
        rule.quote,
        rule.part,
    )
    quotes = quotes[np.argsort(quotes[:, 0], kind="stable")]
    bridge = _compilations(n, quotes, labels, signatures, counts, rule.unrelated, 32)
    if not bridge.any():
        return labels
    kept_pairs = pairs[kept]
    usable = ~(bridge[kept_pairs[:, 0]] | bridge[kept_pairs[:, 1]])
    if forced is not None:
        usable |= forced[kept]  # an exact copy of a compilation is still its copy
    return _anchored_merge(
        n,
        kept_pairs,
        np.flatnonzero(usable).astype(np.int64),
        signatures,
        counts,
        rule.jaccard,
        rule.core,
    )


@nb.njit(cache=True, nogil=True)
def _completeness(
    labels: np.ndarray, clusters: int, signatures: np.ndarray, tolerance: int, cover_tolerance: int
) -> np.ndarray:
    n, num_perm = signatures.shape
    union = np.full((clusters, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    holders = np.zeros((clusters, num_perm), dtype=np.int32)
    for x in range(n):
        c = labels[x]
        for p in range(num_perm):
            v = signatures[x, p]
            if v < union[c, p]:
                union[c, p] = v
                holders[c, p] = 1
            elif v == union[c, p]:
                holders[c, p] += 1
    score = np.zeros(n, dtype=np.int64)
    cover = np.zeros(n, dtype=np.int64)
    best = np.zeros(clusters, dtype=np.int64)
    for x in range(n):
        c = labels[x]
        for p in range(num_perm):
            if signatures[x, p] == union[c, p]:
                score[x] += holders[c, p] - 1
                cover[x] += 1
        best[labels[x]] = max(best[labels[x]], score[x])
    # within the estimate's noise of the best, copies count as equally complete
    best_cover = np.zeros(clusters, dtype=np.int64)
    for x in range(n):
        if score[x] * 100 >= best[labels[x]] * (100 - tolerance):
            score[x] = best[labels[x]]
            best_cover[labels[x]] = max(best_cover[labels[x]], cover[x])
    for x in range(n):
        c = labels[x]
        if score[x] == best[c] and cover[x] * 100 >= best_cover[c] * (100 - cover_tolerance):
            cover[x] = best_cover[c]
        score[x] = score[x] * (num_perm + 1) + cover[x]
    return score


def completeness(
    labels: np.ndarray, signatures: np.ndarray, tolerance: int = 3, cover_tolerance: int = 25
) -> np.ndarray:
    """int64 (n,): how much of its cluster's shared story each document carries.

    The elementwise minimum of a cluster's signatures is the signature of the union of its
    members' shingles. A slot where a member holds that minimum is a piece of the story it
    carries; weighting it by how many *other* members hold it too counts shared story text and
    ignores one outlet's local additions. A copy with dropped paragraphs or typos scores lower
    than the full wire text; copies with identical text tie, and so do copies within
    `tolerance` percent of the cluster's best score (a few slots are noise: an outlet's headline
    shared with a few others can win one).

    That weight cannot tell a truncated copy from the full text where no other member holds
    the rest (a pair, or copies all cut at the same place): the rest is held by one member,
    like a local addition, and counts nothing. So among the tied, the copy that holds the most
    of the cluster's text (any slot, however many hold it) wins where the others hold less
    than `100 - cover_tolerance` percent of it: a truncated copy never represents a story it
    lacks half of, while an added local paragraph stays within the tolerance and the next
    representative criterion (by default the earliest) chooses. The cost: a copy with local
    additions longer than a third of the story represents it (the story is all there, with
    more); choosing the other way would drop half a story from the deduplicated corpus.
    """
    labels = np.ascontiguousarray(labels, dtype=np.int64)
    if labels.size == 0:
        return np.zeros(0, dtype=np.int64)
    # only documents with copies, and clusters numbered 0..k-1, so the tables are
    # (k, num_perm) over the clusters alone
    members = np.flatnonzero(np.bincount(labels, minlength=labels.size)[labels] > 1)
    score = np.zeros(labels.size, dtype=np.int64)
    if members.size:
        first, compact = np.unique(labels[members], return_inverse=True)
        score[members] = _completeness(
            compact.astype(np.int64),
            first.size,
            np.ascontiguousarray(signatures[members], dtype=np.uint32),
            tolerance,
            cover_tolerance,
        )
    return score

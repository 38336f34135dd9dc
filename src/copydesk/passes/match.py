"""Match pass: exact and near-duplicate decisions, then clusters and their representatives.

`match_frame` decides from the narrow columns (ids, dates, lengths, hashes, signatures), never
the texts. passes/batches.py feeds it the corpus in batches of whole candidate components, so
the pass runs in bounded memory; the Spark engine calls it per group of components the same way.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from copydesk.config import DedupConfig
from copydesk.dedup.cluster import AcceptRule, completeness, verified_clusters
from copydesk.dedup.lead import lead_matrix
from copydesk.dedup.lsh import band_hashes, candidate_pairs
from copydesk.dedup.overlap import SPAN_TYPE, batch_spans
from copydesk.dedup.verify import pair_similarity
from copydesk.document import (
    DUPLICATE,
    DUPLICATE_EXACT,
    DUPLICATE_NEAR,
    DUPLICATE_PARTIAL,
    FILTERED,
    INVALID,
    INVALID_DUPLICATE_ID,
    KEPT,
    MATCH_SCHEMA,
)

_COLUMNS = [
    "seq",
    "id",
    "status",
    "reasons",
    "date",
    "source",
    "length",
    "exact_hash",
    "shingles",
    "signature",
    "lead_keys",
]


def match_frame(
    frame: pl.DataFrame,
    signatures: np.ndarray,
    dedup: DedupConfig,
    candidates: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[pa.Table, pa.Table]:
    """The pure core of the match pass: (match rows in `MATCH_SCHEMA`, cluster member rows).

    `frame` holds the clean shards' narrow columns in global order, `signatures` their MinHash
    rows. Any engine that can gather these columns in one place can call it. `candidates`
    (pairs of row indices, forced mask) replaces `candidate_pairs_of` when an engine found the
    candidates itself; every decision then depends only on the candidate pairs and on the rows
    of one cluster, so an engine may also call it once per connected component of candidates.
    """
    frame = _mark_duplicate_ids(frame)
    n = frame.height
    status = frame["status"].to_numpy().astype(object)
    eligible = (status == KEPT) & (frame["shingles"].to_numpy() > 0)
    labels = np.arange(n, dtype=np.int64)
    if dedup.enabled:
        pairs, forced = candidates or candidate_pairs_of(frame, signatures, eligible, dedup)
        labels = _clusters(frame, signatures, eligible, pairs, forced, dedup)
    rank = _preference_rank(frame, dedup, completeness(labels, signatures))

    cluster = np.full(n, -1, dtype=np.int64)
    representative = np.arange(n, dtype=np.int64)
    sizes = np.bincount(labels, minlength=n)
    members = np.flatnonzero(sizes[labels] > 1)
    if members.size:
        # The representative of each component: the member with the lowest preference rank.
        order = members[np.lexsort((rank[members], labels[members]))]
        first_of_label = np.unique(labels[order], return_index=True)[1]
        reps = order[first_of_label]
        rep_of_label = np.full(n, -1, dtype=np.int64)
        rep_of_label[labels[reps]] = reps
        representative[members] = rep_of_label[labels[members]]
        cluster_numbers = np.argsort(np.argsort(reps))  # numbered by the representative's order
        number_of_label = np.full(n, -1, dtype=np.int64)
        number_of_label[labels[reps]] = cluster_numbers + 1
        cluster[members] = number_of_label[labels[members]]

    pairs = (
        np.stack([members, representative[members]], axis=1)
        if members.size
        else np.zeros((0, 2), np.int64)
    )
    similarity = np.full(n, np.nan)
    containment = np.full(n, np.nan)
    if members.size:
        jac, cont_member, _ = pair_similarity(
            signatures, frame["shingles"].to_numpy(), pairs.astype(np.int64)
        )
        similarity[members] = np.round(jac.astype(np.float64), 4)
        containment[members] = np.round(cont_member.astype(np.float64), 4)
        reps_mask = representative[members] == members
        similarity[members[reps_mask]] = 1.0
        containment[members[reps_mask]] = 1.0

    exact = frame["exact_hash"].to_numpy()
    ids = frame["id"].to_list()
    reasons = frame["reasons"].to_list()
    duplicate_of: list[str | None] = [None] * n
    for index in members[representative[members] != members]:
        rep = representative[index]
        status[index] = DUPLICATE
        duplicate_of[index] = ids[rep]
        if exact[index] == exact[rep]:
            reasons[index] = [DUPLICATE_EXACT]
        elif similarity[index] >= dedup.jaccard_threshold:
            reasons[index] = [DUPLICATE_NEAR]
        else:
            reasons[index] = [DUPLICATE_PARTIAL]

    result = pa.table(
        {
            "seq": frame["seq"].to_numpy(),
            "status": pa.array(status.tolist(), pa.string()),
            "reasons": pa.array(reasons, pa.list_(pa.string())),
            "cluster": pa.array(np.where(cluster > 0, cluster, 0), mask=cluster <= 0),
            "duplicate_of": pa.array(duplicate_of, pa.string()),
            "similarity": pa.array(similarity, mask=np.isnan(similarity)),
            "containment": pa.array(containment, mask=np.isnan(containment)),
        },
        schema=MATCH_SCHEMA,
    )
    clusters = _cluster_table(frame, members, cluster, representative, similarity, containment)
    return result, clusters


def with_spans(clusters: pa.Table, documents: pa.Table) -> pa.Table:
    """The cluster member rows with `spans`: where each member overlaps its representative.

    `documents` has the `seq` (ascending) and cleaned `text` of every member, and may have
    other rows. A representative's spans are empty.
    """
    seqs = np.asarray(clusters["seq"], dtype=np.int64)
    is_rep = np.asarray(clusters["is_representative"], dtype=np.bool_)
    row_of = np.searchsorted(np.asarray(documents["seq"], dtype=np.int64), seqs)
    # pairs of rows of `documents`: each member with its cluster's representative
    numbers = np.asarray(clusters["cluster"], dtype=np.int64)
    rep_row = dict(zip(numbers[is_rep].tolist(), row_of[is_rep].tolist(), strict=True))
    members = np.flatnonzero(~is_rep)
    pairs = np.stack(
        [row_of[members], np.array([rep_row[c] for c in numbers[members].tolist()], np.int64)],
        axis=1,
    )
    spans = batch_spans(documents["text"], pairs)
    # representatives get no spans: every row's list bounds, with empty lists at them
    counts = np.zeros(len(seqs), dtype=np.int64)
    counts[members] = np.diff(np.asarray(spans.offsets, dtype=np.int64))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    column = pa.ListArray.from_arrays(pa.array(offsets), spans.values, type=SPAN_TYPE)
    return clusters.append_column("spans", column)


def _signature_matrix(column: pa.Array, num_perm: int) -> np.ndarray:
    """Unpack the binary signature column into (n, num_perm) uint32; empty rows become all-ones."""
    matrix = np.full((len(column), num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    lengths = np.asarray(pa.compute.binary_length(column).fill_null(0))
    present = np.flatnonzero(lengths == num_perm * 4)
    if present.size:
        data = np.frombuffer(b"".join(column.take(pa.array(present)).to_pylist()), dtype="<u4")
        matrix[present] = data.reshape(-1, num_perm)
    return matrix


def candidate_keys(rows: pa.Table | pa.RecordBatch, dedup: DedupConfig) -> np.ndarray:
    """uint64 (n, keys): the keys that make kept documents candidates of each other, from their
    `signature`, `exact_hash` and `lead_keys` columns: LSH band hashes, the exact hash and the
    lead keys. The engines group documents sharing any of them into components; within a
    batch, `candidate_pairs_of` pairs them by the same keys (the exact hash's pairs forced)."""
    signature = rows.column("signature")
    if isinstance(signature, pa.ChunkedArray):
        signature = signature.combine_chunks()
    bands = band_hashes(_signature_matrix(signature, dedup.num_perm), dedup.bands, dedup.rows)
    # uint64 here, int64 where Spark stored it: the same 64 bits
    exact = np.asarray(rows.column("exact_hash")).view(np.uint64)[:, None]
    lead = lead_matrix(rows.column("lead_keys").to_pylist())
    return np.concatenate([bands, exact, lead], axis=1)


def _mark_duplicate_ids(frame: pl.DataFrame) -> pl.DataFrame:
    """The first usable document with an id keeps it; later ones become `invalid:duplicate_id`.

    A record already invalid (an empty fetch, broken JSON) keeps its own reason and claims no
    id: a page crawled again after an empty fetch must not lose its good copy to the empty one.
    Nor does a filtered record (a paywall stub, a page of chrome only) while a kept one has the
    id: the id is the first kept record's, else the first filtered one's.
    """
    usable = pl.col("status") != INVALID
    claims = frame.select(
        "id", "seq", usable.alias("usable"), (usable & (pl.col("status") != FILTERED)).alias("kept")
    ).with_columns(
        (pl.col("usable") & (pl.col("kept") | ~pl.col("kept").any().over("id"))).alias("claims")
    )
    first = pl.col("claims") & (pl.col("seq") == pl.when("claims").then("seq").min().over("id"))
    repeated = claims.select(pl.col("usable") & ~first).to_series()
    if not repeated.any():
        return frame
    return frame.with_columns(
        pl.when(repeated).then(pl.lit(INVALID)).otherwise(pl.col("status")).alias("status"),
        pl.when(repeated)
        .then(pl.lit([INVALID_DUPLICATE_ID]))
        .otherwise(pl.col("reasons"))
        .alias("reasons"),
    )


def accept_rule(dedup: DedupConfig) -> AcceptRule:
    """The pair acceptance rule a config asks for."""
    return AcceptRule(
        jaccard=dedup.jaccard_threshold,
        containment=dedup.containment_threshold,
        coverage=dedup.coverage_threshold,
        core=dedup.core_threshold,
        min_shingles=dedup.min_shingles_for_containment,
    )


def candidate_pairs_of(
    frame: pl.DataFrame, signatures: np.ndarray, eligible: np.ndarray, dedup: DedupConfig
) -> tuple[np.ndarray, np.ndarray]:
    """(pairs int64 (m, 2) of row indices, forced bool (m,)): exact-duplicate pairs (forced:
    accepted whatever the estimates) and LSH candidates, among the `eligible` rows."""
    rows = np.flatnonzero(eligible)
    if rows.size < 2:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.bool_)
    # Exact duplicates: same hash of the normalised clean text; linked to the first of the group.
    exact = frame["exact_hash"].to_numpy()[rows]
    order = np.argsort(exact, kind="stable")
    same = exact[order][1:] == exact[order][:-1]
    group_start = np.maximum.accumulate(np.where(np.r_[True, ~same], np.arange(order.size), 0))
    exact_pairs = np.stack([order[group_start[1:][same]], order[1:][same]], axis=1)
    # Near duplicates: documents sharing an LSH band; copies of a story's start: a lead key.
    bands = np.concatenate(
        [
            band_hashes(signatures[rows], dedup.bands, dedup.rows),
            lead_matrix(frame["lead_keys"].to_list())[rows],
        ],
        axis=1,
    )
    local = np.concatenate([exact_pairs.astype(np.int64), candidate_pairs(bands, dedup.max_bucket)])
    forced = np.zeros(local.shape[0], dtype=np.bool_)
    forced[: exact_pairs.shape[0]] = True
    return rows[local], forced


def _clusters(
    frame: pl.DataFrame,
    signatures: np.ndarray,
    eligible: np.ndarray,
    pairs: np.ndarray,
    forced: np.ndarray,
    dedup: DedupConfig,
) -> np.ndarray:
    """Cluster label (smallest member's row) of every row; a row without copies is its own."""
    labels = np.arange(frame.height, dtype=np.int64)
    rows = np.flatnonzero(eligible)
    if rows.size < 2 or pairs.shape[0] == 0:
        return labels
    # work on the eligible rows only: the kernels index (rows, num_perm) arrays
    local_of = np.full(frame.height, -1, dtype=np.int64)
    local_of[rows] = np.arange(rows.size)
    local = local_of[pairs]
    if (local < 0).any():
        raise ValueError("a candidate pair names a document that cannot be matched")
    sub_signatures = signatures[rows]
    shingles = frame["shingles"].to_numpy()[rows]
    jaccard, cont_ij, cont_ji = pair_similarity(sub_signatures, shingles, local)
    clustered = verified_clusters(
        local, jaccard, cont_ij, cont_ji, sub_signatures, shingles, accept_rule(dedup), forced
    )
    labels[rows] = rows[clustered]
    return labels


# The forms a crawl's `date` takes, most specific first: ISO 8601 with an offset (a trailing Z,
# GMT or UTC is rewritten as +00:00 first, an hour-only offset "+05" as "+05:00") or without
# (taken as UTC), a date alone, RFC 2822 with or without its weekday, and Unix seconds.
_DATE_FORMATS_WITH_OFFSET = (
    "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z",
    "%a, %d %b %Y %H:%M:%S %z", "%a, %d %b %Y %H:%M %z", "%d %b %Y %H:%M:%S %z",
    "%d %b %Y %H:%M %z",
)  # fmt: skip
_DATE_FORMATS_NAIVE = (
    "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M",
    "%Y-%m-%d", "%Y/%m/%d",
)  # fmt: skip


def date_instant(date: pl.Expr) -> pl.Expr:
    """The moment a `date` string names, in UTC (null where none of the forms reads it).

    Dates are kept as the input gave them, and crawls mix forms: compared as text,
    "2023-03-15T22:30:00-05:00" (03:30 UTC the next day) came before "2023-03-16T01:00:00Z",
    and "2023-3-1" after "2023-03-15". A zone given by name is read only where it is UTC
    ("GMT", "UTC", "Z"): "EST" and its like are ambiguous, and such a date stays unread.
    """
    text = (
        date.str.strip_chars()
        .str.replace(r"^(\d{4}-\d\d-\d\d)t", "${1}T")  # RFC 3339 allows a lower-case "t"
        .str.replace(r"(?:[Zz]|\s*(?:GMT|UTC))$", "+00:00")
        .str.replace(r"(\d:\d\d(?::\d\d(?:\.\d+)?)?)([+-]\d\d)$", "${1}${2}:00")
    )
    epoch = pl.when(text.str.contains(r"^\d{9,10}$")).then(
        pl.from_epoch(text.cast(pl.Int64, strict=False), time_unit="s").dt.replace_time_zone("UTC")
    )
    return pl.coalesce(
        *(
            text.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")
            for f in _DATE_FORMATS_WITH_OFFSET
        ),
        *(
            text.str.to_datetime(f, strict=False, time_unit="us").dt.replace_time_zone("UTC")
            for f in _DATE_FORMATS_NAIVE
        ),
        epoch.dt.cast_time_unit("us"),
    )


def _preference_rank(frame: pl.DataFrame, dedup: DedupConfig, complete: np.ndarray) -> np.ndarray:
    """Position of every document in representative-preference order (0 is most preferred)."""
    # sources as crawls spell them: "AFP", "afp", " AFP " are one agency
    priority: dict[str, int] = {}
    for i, source in enumerate(dedup.source_priority):
        priority.setdefault(source.strip().lower(), i)
    frame = frame.with_columns(
        pl.Series("_complete", complete),
        pl.col("source")
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(priority, default=len(priority), return_dtype=pl.Int64)
        .alias("_priority"),
    )
    # (sort key, descending) per criterion; a date no form reads is still ordered by its text
    # after the dated copies, as all dates were before they were read as moments
    instant, date = date_instant(pl.col("date")), pl.col("date")
    keys: dict[str, list[tuple[pl.Expr, bool]]] = {
        "most_complete": [(pl.col("_complete"), True)],
        "source_priority": [(pl.col("_priority"), False)],
        "earliest": [(instant, False), (date, False)],
        "latest": [(instant, True), (date, True)],
        "longest": [(pl.col("length"), True)],
        "shortest": [(pl.col("length"), False)],
        "id": [(pl.col("id"), False)],
    }
    chosen = [key for criterion in dedup.representative for key in keys[criterion]]
    columns = [expr for expr, _ in chosen] + [pl.col("seq")]
    descending = [descending for _, descending in chosen] + [False]
    order = (
        frame.with_row_index("_row")
        .sort(columns, descending=descending, nulls_last=True)["_row"]
        .to_numpy()
    )
    rank = np.empty(frame.height, dtype=np.int64)
    rank[order] = np.arange(frame.height)
    return rank


def _cluster_table(
    frame: pl.DataFrame,
    members: np.ndarray,
    cluster: np.ndarray,
    representative: np.ndarray,
    similarity: np.ndarray,
    containment: np.ndarray,
) -> pa.Table:
    """One row per cluster member, representative first within each cluster."""
    table = pa.table(
        {
            "cluster": cluster[members],
            "is_representative": representative[members] == members,
            "seq": frame["seq"].to_numpy()[members],
            "id": pa.array(frame["id"].to_numpy()[members].tolist(), pa.string()),
            "representative": pa.array(
                frame["id"].to_numpy()[representative[members]].tolist(), pa.string()
            ),
            "similarity": similarity[members],
            "containment": containment[members],
        }
    )
    table = table.sort_by(
        [("cluster", "ascending"), ("is_representative", "descending"), ("seq", "ascending")]
    )
    return table

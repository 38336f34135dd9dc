"""The match pass in bounded memory: the corpus split into batches of whole candidate components.

`match_frame` decides everything from candidate pairs (documents with one exact hash, or one LSH
band hash) and from the members of one cluster, so running it on any set of documents that is a
union of whole connected components of the *candidate* graph gives those documents exactly what
one call over the whole corpus gives, up to the numbering of clusters. This module

1. streams over the clean shards once, spilling every document's id, with its row, into hash
   partitions on disk (`match/ids/`), and every kept document's band hashes and exact hash
   into hash partitions of keys (`match/keys/`); then finds the repeated ids one partition at
   a time (they become `invalid:duplicate_id`);
2. links, partition by partition, each document to the first document with one of its keys,
   and folds those links into connected components (one int64 label per document);
3. packs whole components into batches of about `engine.match_batch_size` documents (those
   in components of several documents first) and spills every document's match columns into
   its batch's file (`match/batches/`), in one pass;
4. runs `match_frame` on each batch (in the engine's workers, several at once), then numbers
   the clusters by their representatives' order across batches, as a single call would, and
   writes the match shards and the cluster table.

Memory: one id partition, one key partition or one batch per worker at a time (all sized by
`engine.match_batch_size`), plus about 40 bytes per document (component labels, batch numbers
and masks; docs/SCALING.md). Spill files are named as temporaries (io/atomic.py):
a run killed during the pass leaves nothing that looks like a finished file, and they are
removed when the pass is done.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from copydesk.config import Config
from copydesk.dedup.cluster import connected_components
from copydesk.document import CLEAN_SCHEMA, FILTERED, INVALID, INVALID_DUPLICATE_ID, KEPT
from copydesk.io.atomic import TEMPORARY_SUFFIX, write_parquet
from copydesk.passes import match
from copydesk.workspace import Workspace

SPILL_BUFFER_BYTES = 64 << 20
"""Rows a spill holds before writing them to its partitions' files (see `_Spill`)."""
# Spills are read back once, within the pass. Keys and row numbers do not compress (random
# 64-bit numbers): stored plain, 4.3M of them write in 0.11 CPU-s and read in 0.03 (Parquet's
# default Snappy: 0.28 and 0.19). Rows with texts do: LZ4, about as fast.
_PLAIN = "none"
_TEXTS = "lz4"
_KEYS_SCHEMA = pa.schema([("key", pa.uint64()), ("row", pa.int64())])
_IDS_SCHEMA = pa.schema([("id", pa.string()), ("row", pa.int64()), ("filtered", pa.bool_())])
_REPEATED_ID_REASONS = pa.scalar([INVALID_DUPLICATE_ID], pa.list_(pa.string()))

T = TypeVar("T")
TaskMap = Callable[[Callable[..., T], Sequence[tuple[Any, ...]]], Iterator[T]]
"""Runs a function over tasks (argument tuples), yielding the results in task order."""


def _inline(function: Callable[..., T], tasks: Sequence[tuple[Any, ...]]) -> Iterator[T]:
    return (function(*task) for task in tasks)


def match_in_batches(
    workspace: Workspace, config: Config, run: TaskMap[tuple[pa.Table, pa.Table]] = _inline
) -> None:
    """The match pass over all clean shards, in batches of whole components.

    `run` decides the batches (`LocalEngine.imap` does it in the workers, as many at once as
    there are; batches are independent); this process only splits the corpus, renumbers the
    clusters and writes the results.
    """
    spill = workspace.work / "match" / "spill"
    shutil.rmtree(spill, ignore_errors=True)  # an interrupted earlier attempt
    names = workspace.shard_names()
    files = [workspace.shard("clean", name) for name in names]
    batch_size = config.engine.match_batch_size
    n = sum(pq.ParquetFile(path).metadata.num_rows for path in files)
    repeated, first_seqs, keys = _spill_ids_and_keys(files, n, config, spill)
    labels = _components(n, keys) if keys else np.arange(n, dtype=np.int64)
    clustered = np.bincount(labels, minlength=n)[labels] > 1 if n else np.zeros(0, np.bool_)
    batch_of_row = _pack(labels, batch_size)
    batches = int(batch_of_row.max()) + 1 if n else 1  # no documents: one empty batch
    batch_files = _spill_rows(files, batch_of_row, clustered, repeated, batches, spill / "batches")
    shard_parts: list[list[tuple[int, Path]]] = [[] for _ in names]
    cluster_parts: list[pa.Table] = []
    # Back to the shards: a batch's rows are in global order, shards are seq ranges.
    ends = np.append(first_seqs, np.iinfo(np.int64).max)
    decided = run(_match_batch, [(path, config) for path in batch_files])
    for batch, (result, clusters) in enumerate(decided):
        cluster_parts.append(clusters)
        bounds: np.ndarray = np.searchsorted(np.asarray(result["seq"]), ends)
        for shard, name in enumerate(names):
            start, stop = int(bounds[shard]), int(bounds[shard + 1])
            if stop > start:
                part = _spill_file(spill / "results", f"{name}.{batch:06d}")
                pq.write_table(result.slice(start, stop - start), part, compression=_TEXTS)
                shard_parts[shard].append((batch, part))
    numbering = _global_numbers(cluster_parts)
    for shard, name in enumerate(names):
        tables = [_renumbered(pq.read_table(part), numbering[b]) for b, part in shard_parts[shard]]
        write_parquet(workspace.shard("match", name), pa.concat_tables(tables).sort_by("seq"))
    clusters = pa.concat_tables(
        [_renumbered(t, numbering[b]) for b, t in enumerate(cluster_parts)]
    ).sort_by([("cluster", "ascending"), ("is_representative", "descending"), ("seq", "ascending")])
    shutil.rmtree(spill, ignore_errors=True)
    # Last: the cluster table's presence marks the pass as complete for --resume.
    write_parquet(workspace.clusters_table, clusters)


def _spill_file(folder: Path, name: str) -> Path:
    """A spill file's path: a temporary's name, which `remove_temporaries` sweeps."""
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f".{name}.parquet{TEMPORARY_SUFFIX}"


class _Spill:
    """Tables appended to one file per partition, buffered up to `SPILL_BUFFER_BYTES` in all.

    Written straight through, every shard would add a row group to every partition it has rows
    for: at 10M documents in batches of 10,000, that is 2,000 shards times 1,000 partitions of
    row groups of a few rows, and each writer keeps its row groups' metadata (~0.5 KB each)
    until it closes. Buffered, a partition gets one row group per `SPILL_BUFFER_BYTES` spilled.
    Every partition's file exists when the spill closes, with no rows if none came.
    """

    def __init__(
        self, folder: Path, partitions: int, schema: pa.Schema, compression: str = _PLAIN
    ) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.paths = [_spill_file(folder, f"{p:06d}") for p in range(partitions)]
        self._schema = schema
        self._compression = compression
        self._writers: list[pq.ParquetWriter | None] = [None] * partitions
        self._buffers: list[list[pa.Table]] = [[] for _ in range(partitions)]
        self._buffered = 0
        _allow_open_files(partitions)

    def add(self, partition: int, table: pa.Table) -> None:
        self._buffers[partition].append(table)
        self._buffered += table.nbytes
        if self._buffered >= SPILL_BUFFER_BYTES:
            self._flush()

    def __enter__(self) -> _Spill:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self._flush()
        finally:
            for writer in self._writers:
                if writer is not None:
                    writer.close()
        if kind is None:
            for path, writer in zip(self.paths, self._writers, strict=True):
                if writer is None:
                    pq.write_table(self._schema.empty_table(), path)

    def _flush(self) -> None:
        for partition, buffer in enumerate(self._buffers):
            if not buffer:
                continue
            table = pa.concat_tables(buffer)
            writer = self._writers[partition]
            if writer is None:
                writer = self._writers[partition] = pq.ParquetWriter(
                    self.paths[partition], table.schema, compression=self._compression
                )
            writer.write_table(table)
            buffer.clear()
        self._buffered = 0


def _allow_open_files(count: int) -> None:
    """Raise this process's soft limit of open files to fit `count` spill files at once, as
    far as the hard limit allows (a 10M-document corpus in batches of 10,000 opens 1,000; the
    usual soft limit is 1,024)."""
    try:
        import resource  # Unix only
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = count + 256  # the shards being read, Arrow's and Python's own
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return
    resource.setrlimit(
        resource.RLIMIT_NOFILE,
        (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard),
    )


def _spill_ids_and_keys(
    files: Sequence[Path], n: int, config: Config, folder: Path
) -> tuple[np.ndarray, np.ndarray, list[Path]]:
    """One pass over the clean shards: which usable documents repeat an earlier usable
    document's id (they become `invalid:duplicate_id`, whichever batch they land in), the
    first seq of each shard, and the files of (key, row) partitions: every kept document's band
    hashes, exact hash and lead keys (none when dedup is off).

    Ids are the only per-document strings the pass needs across the corpus: they are spilled
    into hash partitions (about `match_batch_size` ids each) and the repeats found one
    partition at a time, so memory does not grow with the corpus's ids. A document whose id
    repeats has its keys spilled too: like a band hash equal to an exact hash by chance, that
    can only join components that did not need joining, and the batches stay unions of whole
    components.
    """
    dedup = config.dedup
    partitions = max(1, math.ceil(n / config.engine.match_batch_size))
    first_seqs = np.zeros(len(files), dtype=np.int64)
    columns = ["seq", "id", "status", "shingles"]
    if dedup.enabled:  # the keys' columns: signatures are most of a shard's bytes
        columns += ["exact_hash", "signature", "lead_keys"]
    with (
        _Spill(folder / "ids", partitions, _IDS_SCHEMA) as ids,
        _Spill(folder / "keys", partitions, _KEYS_SCHEMA) as keys,
    ):
        offset = 0
        for index, path in enumerate(files):
            table = pq.read_table(path, columns=columns)
            size = table.num_rows
            first_seqs[index] = table["seq"][0].as_py() if size else 0
            rows = np.arange(offset, offset + size, dtype=np.int64)
            status = np.asarray(table["status"].to_numpy(zero_copy_only=False))
            usable = np.flatnonzero(status != INVALID)  # an invalid record claims no id
            usable_ids = table["id"].take(pa.array(usable))
            id_column = pl.from_arrow(usable_ids)
            assert isinstance(id_column, pl.Series)
            id_part = (id_column.hash(seed=0) % partitions).to_numpy()
            for p, chosen in _split(id_part):
                picked = usable[chosen]
                claims = {
                    "id": usable_ids.take(chosen),
                    "row": rows[picked],
                    "filtered": status[picked] == FILTERED,
                }
                ids.add(p, pa.table(claims, _IDS_SCHEMA))
            kept = np.flatnonzero((status == KEPT) & (np.asarray(table["shingles"]) > 0))
            if dedup.enabled and kept.size:
                picked = table.select(["exact_hash", "signature", "lead_keys"]).take(
                    pa.array(kept)
                )
                key_matrix = match.candidate_keys(picked, dedup)
                key_values = key_matrix.ravel()
                key_rows = np.repeat(rows[kept], key_matrix.shape[1])
                for p, chosen in _split(key_values % np.uint64(partitions)):
                    pairs = {"key": key_values[chosen], "row": key_rows[chosen]}
                    keys.add(p, pa.table(pairs, _KEYS_SCHEMA))
            offset += size
    repeated = np.zeros(n, dtype=np.bool_)
    for path in ids.paths:
        # the claimant first: a kept record before a filtered one, then the earliest
        # (`match._mark_duplicate_ids`)
        frame = pl.read_parquet(path).sort(["filtered", "row"])
        repeated[frame.filter(~pl.col("id").is_first_distinct())["row"].to_numpy()] = True
    return repeated, first_seqs, keys.paths if dedup.enabled else []


def _split(partition: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(partition, indices in increasing order) for every partition present: one stable sort,
    where a mask per partition would cost partitions x rows (1,000 x 215,000 per shard of
    keys at 10M documents)."""
    if partition.size == 0:  # a shard of invalid records only has no ids to spill
        return
    order = np.argsort(partition, kind="stable")
    ordered = partition[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    for start, stop in zip(starts, np.r_[starts[1:], ordered.size], strict=True):
        yield int(ordered[start]), order[start:stop]


def _components(n: int, key_files: Sequence[Path]) -> np.ndarray:
    """Component label (smallest row) of every row, from the documents that share a key.

    Partition by partition: each row with a key is linked to the first row with that key, and
    the links found so far are folded into at most one link per row in a component, so memory
    follows the documents that have copies, not the number of shared keys.
    """
    links = np.zeros((0, 2), dtype=np.int64)
    for path in key_files:
        table = pq.read_table(path)
        keys = np.asarray(table["key"], dtype=np.uint64)
        rows = np.asarray(table["row"], dtype=np.int64)
        del table
        if keys.size == 0:  # a partition no kept document's keys fell into
            continue
        order = np.lexsort((rows, keys))
        keys, rows = keys[order], rows[order]
        same = keys[1:] == keys[:-1]
        starts = np.flatnonzero(np.r_[True, ~same])
        first = rows[starts][np.cumsum(np.r_[True, ~same]) - 1]
        linked = np.flatnonzero(first != rows)
        links = np.concatenate([links, np.stack([first[linked], rows[linked]], axis=1)])
        labels = connected_components(n, links)
        inside = np.flatnonzero(labels != np.arange(n))
        links = np.stack([labels[inside], inside], axis=1)
    return connected_components(n, links)


def _pack(labels: np.ndarray, batch_size: int) -> np.ndarray:
    """Batch number of every row: whole components, in the order of their smallest row, packed
    so that a batch starts at each multiple of `batch_size` rows (a component larger than that
    is a batch of its own). Components of several documents fill the first batches and
    single documents the last: a batch's cost is its clustered documents (texts, candidate
    pairs, verification), and packed in row order the first batches would gather more of them
    the larger the corpus, as components started early reach rows anywhere in it."""
    n = labels.size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    sizes = np.bincount(labels, minlength=n)
    roots = np.flatnonzero(sizes)  # a component's label is its smallest row: roots are sorted
    batch_of_root = np.zeros(n, dtype=np.int64)
    first = 0
    for group in (roots[sizes[roots] > 1], roots[sizes[roots] == 1]):
        if group.size == 0:
            continue
        starts = np.cumsum(sizes[group]) - sizes[group]
        # consecutive batch numbers even where one component spans several multiples
        numbers = np.unique(starts // batch_size, return_inverse=True)[1].reshape(-1)
        batch_of_root[group] = numbers + first
        first += int(numbers.max()) + 1
    return batch_of_root[labels]


def _spill_rows(
    files: Sequence[Path],
    batch_of_row: np.ndarray,
    clustered: np.ndarray,
    repeated: np.ndarray,
    batches: int,
    folder: Path,
) -> list[Path]:
    """Copy every document's match columns into its batch's file, in global order; the
    cleaned text only for documents in a component (cluster spans need it). A repeated id is
    marked here as `match_frame` marks it, since its first document may be in another batch."""
    schema = pa.schema([CLEAN_SCHEMA.field(c) for c in [*match._COLUMNS, "text"]])
    # no rows at all: one empty batch
    with _Spill(folder, batches, schema, compression=_TEXTS) as spill:
        offset = 0
        for path in files:
            table = pq.read_table(path, columns=[*match._COLUMNS, "text"])
            size = table.num_rows
            keep_text = pa.array(clustered[offset : offset + size])
            text = pc.if_else(keep_text, table["text"], pa.scalar(None, pa.string()))
            table = table.set_column(table.schema.get_field_index("text"), "text", text)
            again = repeated[offset : offset + size]
            if again.any():
                mask = pa.array(again)
                for name, value in (
                    ("status", pa.scalar(INVALID)),
                    ("reasons", _REPEATED_ID_REASONS),
                ):
                    column = pc.if_else(mask, value, table[name])
                    table = table.set_column(table.schema.get_field_index(name), name, column)
            for b, chosen in _split(batch_of_row[offset : offset + size]):
                spill.add(b, table.take(pa.array(chosen)))
            offset += size
    return spill.paths


def _match_batch(path: Path, config: Config) -> tuple[pa.Table, pa.Table]:
    """`match_frame` and cluster spans for one batch: (match rows, cluster rows), local numbers."""
    table = pq.read_table(path)
    signatures = match._signature_matrix(table["signature"].combine_chunks(), config.dedup.num_perm)
    frame = pl.from_arrow(table.drop_columns(["signature", "text"]))
    assert isinstance(frame, pl.DataFrame)
    result, clusters = match.match_frame(frame, signatures, config.dedup)
    return result, match.with_spans(clusters, table.select(["seq", "text"]))


def _global_numbers(cluster_parts: Sequence[pa.Table]) -> list[np.ndarray]:
    """Per batch: global cluster number of each local number, in the order of the clusters'
    representatives across all batches, as one `match_frame` call numbers them."""
    local, batch, rep_seq = [], [], []
    for b, clusters in enumerate(cluster_parts):
        reps = clusters.filter(clusters["is_representative"])
        local.append(np.asarray(reps["cluster"], dtype=np.int64))
        rep_seq.append(np.asarray(reps["seq"], dtype=np.int64))
        batch.append(np.full(reps.num_rows, b, dtype=np.int64))
    numbering = [np.zeros(int(np.max(loc, initial=0)) + 1, dtype=np.int64) for loc in local]
    if not local:
        return numbering
    all_local, all_batch = np.concatenate(local), np.concatenate(batch)
    order = np.argsort(np.concatenate(rep_seq), kind="stable")
    for number, index in enumerate(order, start=1):
        numbering[int(all_batch[index])][int(all_local[index])] = number
    return numbering


def _renumbered(table: pa.Table, numbering: np.ndarray) -> pa.Table:
    """`table` with its `cluster` column mapped through `numbering` (nulls stay null)."""
    column = table["cluster"].combine_chunks()
    if len(column) == 0:
        return table
    values = np.asarray(column.fill_null(0), dtype=np.int64)
    mapped = pa.array(numbering[values], mask=np.asarray(column.is_null()))
    return table.set_column(
        table.schema.get_field_index("cluster"), "cluster", mapped.cast(column.type)
    )

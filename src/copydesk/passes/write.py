"""Write pass: join each clean shard with its match shard into output records, then concatenate.

Parts are rendered in parallel, one per shard, and joined in shard order, so the output bytes do
not depend on the number of workers.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from typing import Any

import orjson
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from copydesk.document import MATCH_SCHEMA, OUTPUT_FIELDS
from copydesk.io.atomic import atomic_path, write_parquet
from copydesk.workspace import Workspace

# What the write pass reads from a clean shard: every output field the match pass does not decide.
CLEAN_OUTPUT_COLUMNS = ["seq", *(f for f in OUTPUT_FIELDS if f not in MATCH_SCHEMA.names)]


def output_table(workspace: Workspace, name: str) -> pa.Table:
    """One shard's output records as an Arrow table with the columns of `OUTPUT_FIELDS`."""
    clean = pq.read_table(workspace.shard("clean", name), columns=CLEAN_OUTPUT_COLUMNS)
    match = pq.read_table(workspace.shard("match", name))
    if clean["seq"] != match["seq"]:
        raise RuntimeError(
            f"shard {name}: clean and match shards disagree; delete {workspace.work}"
        )
    columns = {
        field: (match[field] if field in match.column_names else clean[field])
        for field in OUTPUT_FIELDS
    }
    return pa.table(columns)


def write_part(name: str, workspace: Workspace, fmt: str) -> None:
    """Render one shard's part of documents.jsonl / documents.parquet."""
    if fmt == "parquet":
        target = workspace.shard("parts", name, ".parquet")
        if not target.exists():
            write_parquet(target, output_table(workspace, name))
        return
    target = workspace.shard("parts", name, ".jsonl")
    if target.exists():
        return
    # polars renders the records without making Python objects of them: ~3x faster than
    # to_pylist + orjson, and the same bytes (keys in column order, orjson's number and string
    # forms; tests/test_write.py checks it on awkward values)
    frame = pl.from_arrow(output_table(workspace, name))
    assert isinstance(frame, pl.DataFrame)
    with atomic_path(target) as temporary:
        frame.write_ndjson(temporary)


def concatenate_parts(workspace: Workspace, fmt: str) -> None:
    """Join the parts, in shard order, into the final documents file (atomically)."""
    names = workspace.shard_names()
    if fmt == "parquet":
        target = workspace.output("documents.parquet")
        with atomic_path(target) as temporary:
            schema = (
                pq.read_schema(workspace.shard("parts", names[0], ".parquet")) if names else None
            )
            if schema is None:
                pq.write_table(
                    pa.table({f: pa.array([], pa.null()) for f in OUTPUT_FIELDS}), temporary
                )
                return
            with pq.ParquetWriter(temporary, schema, compression="zstd") as writer:
                for name in names:
                    writer.write_table(pq.read_table(workspace.shard("parts", name, ".parquet")))
        return
    with (
        atomic_path(workspace.output("documents.jsonl")) as temporary,
        open(temporary, "wb") as out,
    ):
        for name in names:
            with open(workspace.shard("parts", name, ".jsonl"), "rb") as part:
                shutil.copyfileobj(part, out)


def iter_records(workspace: Workspace) -> Iterator[Mapping[str, Any]]:
    """Every output record in order, with the input text as `original` (for the report).

    A record carries its `id` and `status`; any other field is read from its shard on first
    need, a column of the shard at a time, for the last shard asked only. The report samples a
    large run and reads its picks in input order, so it converts a few columns of the shards
    it shows instead of building every field of every record (at 100,000 documents: 4 of its
    9 seconds).
    """
    shards = _ShardColumns(workspace)
    for name in workspace.shard_names():
        ids = pq.read_table(workspace.shard("clean", name), columns=["id"])["id"]
        statuses = pq.read_table(workspace.shard("match", name), columns=["status"])["status"]
        for index, (doc_id, status) in enumerate(
            zip(ids.to_pylist(), statuses.to_pylist(), strict=True)
        ):
            yield _Record(shards, name, index, {"id": doc_id, "status": status})


_RECORD_FIELDS = (*OUTPUT_FIELDS, "original")


class _ShardColumns:
    """The output table (and input text, as `original`) of the last shard asked for, with its
    columns converted to Python values on first need."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace
        self._name: str | None = None
        self._table = pa.table({})
        self._columns: dict[str, list[Any]] = {}

    def value(self, name: str, index: int, field: str) -> Any:
        if name != self._name:
            original = pq.read_table(self._workspace.shard("input", name), columns=["text"])
            table = output_table(self._workspace, name)
            self._table = table.append_column("original", original["text"])
            self._columns = {}
            self._name = name
        column = self._columns.get(field)
        if column is None:
            column = self._columns[field] = self._table[field].to_pylist()
        return column[index]


class _Record(Mapping[str, Any]):
    """One record of `iter_records`: `id` and `status` at hand, the rest read on demand."""

    __slots__ = ("_index", "_light", "_name", "_shards")

    def __init__(self, shards: _ShardColumns, name: str, index: int, light: dict[str, Any]):
        self._shards, self._name, self._index, self._light = shards, name, index, light

    def __getitem__(self, key: str) -> Any:
        if key in self._light:
            return self._light[key]
        if key not in _RECORD_FIELDS:
            raise KeyError(key)
        return self._shards.value(self._name, self._index, key)

    def __iter__(self) -> Iterator[str]:
        return iter(_RECORD_FIELDS)

    def __len__(self) -> int:
        return len(_RECORD_FIELDS)


def find_record(workspace: Workspace, doc_id: str) -> dict[str, Any] | None:
    """The output record of one document, with its input text as `original`; None if absent.

    An id may recur among invalid records (an empty fetch before the good one): the record it
    names is the first that is not invalid, else the first, and `others` lists where the rest
    are (`origin`, `status`, `reasons`). Reads only the id column of a shard that does not hold
    the id. A run on Spark keeps no shards: its records are read from the documents file, the
    original from Spark's read stage.
    """
    names = workspace.shard_names()
    if not names and (workspace.work / "spark" / "read").is_dir():
        records = _spark_records(workspace, doc_id)
    else:
        records = []
        for name in names:
            ids = pq.read_table(workspace.shard("clean", name), columns=["id"])["id"].to_pylist()
            if doc_id not in ids:
                continue
            table = output_table(workspace, name)
            original = pq.read_table(workspace.shard("input", name), columns=["text"])["text"]
            for index in (i for i, value in enumerate(ids) if value == doc_id):
                record: dict[str, Any] = table.slice(index, 1).to_pylist()[0]
                record["original"] = original[index].as_py()
                records.append(record)
    if not records:
        return None
    chosen = next((r for r in records if r["status"] != "invalid"), records[0])
    chosen["others"] = [
        {key: other[key] for key in ("origin", "status", "reasons")}
        for other in records
        if other is not chosen
    ]
    return chosen


def _spark_records(workspace: Workspace, doc_id: str) -> list[dict[str, Any]]:
    """The records of `doc_id` in a Spark run's documents file, with their originals."""
    needle = orjson.dumps(doc_id)
    records: list[dict[str, Any]] = []
    with workspace.output("documents.jsonl").open("rb") as documents:
        for line in documents:
            if needle in line and (record := orjson.loads(line))["id"] == doc_id:
                records.append(record)
    if records:
        read = ds.dataset(workspace.work / "spark" / "read", format="parquet")
        rows = read.to_table(columns=["origin", "text"], filter=pc.field("id") == doc_id)
        originals = dict(zip(rows["origin"].to_pylist(), rows["text"].to_pylist(), strict=True))
        for record in records:
            record["original"] = originals.get(record["origin"])
    return records

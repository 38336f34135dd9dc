"""Write pass: join each clean shard with its match shard into output records, then concatenate.

Parts are rendered in parallel, one per shard, and joined in shard order, so the output bytes do
not depend on the number of workers.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import polars as pl
import pyarrow as pa
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


def iter_records(workspace: Workspace, *, with_original: bool = False) -> Iterator[dict[str, Any]]:
    """Every output record in order; with the input text as `original` when asked (for reports)."""
    for name in workspace.shard_names():
        table = output_table(workspace, name)
        originals = (
            pq.read_table(workspace.shard("input", name), columns=["text"])["text"].to_pylist()
            if with_original
            else None
        )
        for index, record in enumerate(table.to_pylist()):
            if originals is not None:
                record["original"] = originals[index]
            yield record


def find_record(workspace: Workspace, doc_id: str) -> dict[str, Any] | None:
    """The output record of one document, with its input text as `original`; None if absent.

    Reads only the id column of each shard until the document is found.
    """
    for name in workspace.shard_names():
        ids = pq.read_table(workspace.shard("clean", name), columns=["id"])["id"].to_pylist()
        if doc_id in ids:
            index = ids.index(doc_id)
            record: dict[str, Any] = output_table(workspace, name).slice(index, 1).to_pylist()[0]
            original = pq.read_table(workspace.shard("input", name), columns=["text"])["text"]
            record["original"] = original[index].as_py()
            return record
    return None

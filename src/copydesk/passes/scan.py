"""Scan pass: per shard, the (site, line key, body key) rows that template detection counts."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from copydesk.clean.templates import scan_table, site_of
from copydesk.io.atomic import write_parquet
from copydesk.workspace import Workspace


def scan_shard(name: str, workspace: Workspace) -> None:
    """Write the scan rows of one input shard."""
    target = workspace.shard("scan", name)
    if target.exists():
        return
    columns = ["text", "url", "source", "invalid"]
    write_parquet(
        target, scan_batch(pq.read_table(workspace.shard("input", name), columns=columns))
    )


def scan_batch(table: pa.Table) -> pa.Table:
    """The `SCAN_SCHEMA` rows of a batch of input rows (invalid rows contribute nothing)."""
    table = table.filter(pc.is_null(table["invalid"]))
    sites = [
        site_of(source, url)
        for source, url in zip(table["source"].to_pylist(), table["url"].to_pylist(), strict=True)
    ]
    return scan_table(table["text"].to_pylist(), sites)

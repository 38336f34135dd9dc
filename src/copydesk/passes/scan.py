"""Scan pass: per shard, the (site, line key, document, length) rows that template detection counts,
then their aggregation into template lines, one partition of sites at a time."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from copydesk.clean.templates import find_templates, scan_table, site_of
from copydesk.config import CleanConfig
from copydesk.io.atomic import TEMPORARY_SUFFIX, write_parquet
from copydesk.workspace import Workspace

ROWS_PER_PARTITION = 2_000_000
"""Scan rows aggregated at once. Most lines of a corpus are story lines that occur once, so the
distinct (site, line) pairs that `find_templates` counts grow with the corpus (~220 bytes each
in polars' group-by); partitions of sites keep that to ~0.5 GB whatever the corpus size."""


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


def templates_by_partition(
    scan_files: Sequence[Path], config: CleanConfig, folder: Path
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`find_templates` over the scan shards, one hash partition of sites at a time.

    A site's template lines depend only on that site's rows, so partitioning by site gives the
    same tables; they are concatenated and sorted as `find_templates` sorts them.
    """
    rows = sum(pq.ParquetFile(path).metadata.num_rows for path in scan_files)
    partitions = max(1, math.ceil(rows / ROWS_PER_PARTITION))
    if partitions == 1:
        return find_templates(scan_files, config)
    folder.mkdir(parents=True, exist_ok=True)
    parts: list[tuple[pl.DataFrame, pl.DataFrame]] = []
    scan = pl.scan_parquet([str(path) for path in scan_files])
    for partition in range(partitions):
        # named as a temporary: a killed run leaves nothing that looks finished
        path = folder / f".{partition:05d}.parquet{TEMPORARY_SUFFIX}"
        scan.filter(pl.col("site").hash(seed=0) % partitions == partition).sink_parquet(path)
        parts.append(find_templates([path], config))
        path.unlink()
    templates = pl.concat([t for t, _ in parts]).sort("site", "key")
    sites = pl.concat([s for _, s in parts]).sort(
        ["template_lines", "site"], descending=[True, False]
    )
    return templates, sites

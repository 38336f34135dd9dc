"""Read pass: input units into Parquet shards of `INPUT_SCHEMA`, `batch_size` documents each."""

from __future__ import annotations

from copydesk.config import Config
from copydesk.io.atomic import write_bytes, write_parquet
from copydesk.io.readers import InputUnit, read_unit
from copydesk.workspace import Workspace


def ingest_unit(unit: InputUnit, unit_index: int, workspace: Workspace, config: Config) -> int:
    """Write one input unit as shards; return the number of documents read.

    A `.done` marker, written after the unit's last shard, lets a resumed run skip the unit; a
    unit without one is read again from its start, rewriting the same shards.
    """
    done = workspace.work / "input" / f"{unit_index:06d}.done"
    if done.exists():
        return int(done.read_text())
    count = 0
    tables = read_unit(unit, unit_index, config.engine.batch_size, config.input)
    for chunk, table in enumerate(tables):
        write_parquet(workspace.shard("input", f"{unit_index:06d}-{chunk:06d}"), table)
        count += table.num_rows
    write_bytes(done, str(count).encode())
    return count

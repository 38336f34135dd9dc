"""Read pass: input units into Parquet shards of `INPUT_SCHEMA`, `batch_size` documents each."""

from __future__ import annotations

from copydesk.io.atomic import write_bytes, write_parquet
from copydesk.io.readers import InputUnit, read_unit
from copydesk.workspace import Workspace


def ingest_unit(
    unit: InputUnit, unit_index: int, workspace: Workspace, batch_size: int, max_chars: int
) -> int:
    """Write one input unit as shards; return the number of documents read.

    A `.done` marker, written after the unit's last shard, lets a resumed run skip the unit.
    """
    done = workspace.work / "input" / f"{unit_index:06d}.done"
    if done.exists():
        return int(done.read_text())
    count = 0
    for chunk, table in enumerate(read_unit(unit, unit_index, batch_size, max_chars)):
        write_parquet(workspace.shard("input", f"{unit_index:06d}-{chunk:06d}"), table)
        count += table.num_rows
    write_bytes(done, str(count).encode())
    return count

"""The match pass in batches: the batch size bounds memory and never changes a byte of output."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import orjson
import pytest

import copydesk
from copydesk.config import Config
from copydesk.passes import batches
from copydesk.passes.batches import _components, _pack

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus_gen import CorpusSpec, generate


def test_batch_size_never_changes_the_output(tmp_path: Path) -> None:
    files = generate(tmp_path / "corpus", CorpusSpec(docs=1_000, seed=21, per_file=400))
    config = Config().replace("output", report=False)
    whole = copydesk.run(files, tmp_path / "whole", config)
    outputs = {}
    for size in (7, 150):
        run = copydesk.run(
            files, tmp_path / f"b{size}", config.replace("engine", match_batch_size=size)
        )
        outputs[size] = run
        for name in ("documents.jsonl", "clusters.jsonl"):
            assert (run.out / name).read_bytes() == (whole.out / name).read_bytes(), (size, name)
        assert not (run.out / "_work" / "match" / "spill").exists()  # spill folders are removed
    stats = whole.stats
    assert stats["status"]["duplicate"] > 100 and stats["clusters"]["count"] > 40
    sizes = orjson.loads((outputs[7].out / "stats.json").read_bytes())["clusters"]["sizes"]
    assert max(int(s) for s in sizes) >= 3  # clusters of several copies survived the batching


def test_clusters_jsonl_is_the_same_rendered_in_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """clusters.jsonl streamed a few rows of the cluster table at a time, with clusters cut
    across slices, is the file rendered in one slice."""
    from copydesk import api
    from copydesk.workspace import Workspace

    files = generate(tmp_path / "corpus", CorpusSpec(docs=400, seed=5, per_file=400))
    config = Config().replace("output", report=False).replace("engine", workers=1)
    run = copydesk.run(files, tmp_path / "out", config)
    whole = (run.out / "clusters.jsonl").read_bytes()
    assert whole.count(b"\n") > 20
    monkeypatch.setattr(api, "CLUSTER_ROWS_PER_SLICE", 3)
    api._write_clusters_jsonl(Workspace(run.out))
    assert (run.out / "clusters.jsonl").read_bytes() == whole


def test_components_link_documents_sharing_any_key(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    # rows 0-1 share key 5, rows 1-3 share key 9 (so 0..3 is one component), 6-7 share key 2
    # in another partition file; 4, 5 and 8 share nothing
    pq.write_table(
        pa.table({"key": pa.array([5, 5, 9, 9], pa.uint64()), "row": [0, 1, 1, 3]}),
        tmp_path / "a.parquet",
    )
    pq.write_table(
        pa.table({"key": pa.array([2, 2, 7], pa.uint64()), "row": [7, 6, 8]}),
        tmp_path / "b.parquet",
    )
    # a partition that no key fell into (few kept documents, many partitions) is an empty file
    empty = pa.schema([("key", pa.uint64()), ("row", pa.int64())]).empty_table()
    pq.write_table(empty, tmp_path / "empty.parquet")
    files = [tmp_path / "a.parquet", tmp_path / "empty.parquet", tmp_path / "b.parquet"]
    labels = _components(9, files)
    assert labels.tolist() == [0, 0, 2, 0, 4, 5, 6, 6, 8]
    # whole components per batch, in the order of their smallest rows, components of several
    # documents first; a batch starts where a component crosses a multiple of the batch size:
    # (0 1 3) (6 7), then the single documents (2 4) (5 8)
    batches = _pack(labels, 2)
    assert batches.tolist() == [0, 0, 2, 0, 2, 3, 1, 1, 3]
    assert np.all(np.diff(np.unique(batches)) == 1)


def test_an_id_repeated_in_another_batch_is_still_a_duplicate_id(tmp_path: Path) -> None:
    """The first document with an id keeps it even when its repeat is matched in a later
    batch: the batches mark repeated ids found across the whole corpus."""
    [path] = generate(tmp_path / "corpus", CorpusSpec(docs=300, seed=3, per_file=300))
    records = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    records[-1]["id"] = records[0]["id"]  # 299 rows later: many batches of 20 apart
    # a chrome-only fetch early (filtered once cleaned) yields its id to a page 290 rows later
    records[1]["text"] = "Share this article\nSign up for our newsletter"
    records[-10]["id"] = records[1]["id"]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    config = Config().replace("output", report=False).replace("engine", workers=1)
    whole = copydesk.run([path], tmp_path / "whole", config)
    small = copydesk.run([path], tmp_path / "b20", config.replace("engine", match_batch_size=20))
    last = orjson.loads((small.out / "documents.jsonl").read_bytes().splitlines()[-1])
    assert (last["id"], last["status"]) == (records[0]["id"], "invalid")
    assert last["reasons"] == ["invalid:duplicate_id"]
    lines = (small.out / "documents.jsonl").read_bytes().splitlines()
    docs = [orjson.loads(line) for line in lines]
    assert docs[1]["reasons"] == ["invalid:duplicate_id"] and docs[-10]["status"] != "invalid"
    for name in ("documents.jsonl", "clusters.jsonl"):
        assert (small.out / name).read_bytes() == (whole.out / name).read_bytes(), name


def test_template_partitions_give_the_same_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Template lines counted one partition of sites at a time equal one aggregation."""
    from copydesk.clean.templates import find_templates
    from copydesk.passes import scan
    from copydesk.workspace import Workspace

    files = generate(tmp_path / "corpus", CorpusSpec(docs=600, seed=4, per_file=300))
    config = Config().replace("output", report=False).replace("dedup", enabled=False)
    workspace = Workspace(copydesk.run(files, tmp_path / "out", config).out)
    scan_files = [workspace.shard("scan", n) for n in workspace.shard_names()]
    templates, sites = find_templates(scan_files, config.clean)
    assert templates.height > 100 and sites.height >= 40
    monkeypatch.setattr(scan, "ROWS_PER_PARTITION", 500)  # ~13 partitions
    parted, parted_sites = scan.templates_by_partition(scan_files, config.clean, tmp_path / "p")
    assert parted.equals(templates) and parted_sites.equals(sites)
    assert not list((tmp_path / "p").iterdir())  # partition files are removed


def test_a_spill_keeps_each_partitions_rows_in_order_across_flushes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Buffered spills write a partition's rows in the order they came, in several row groups
    when the buffer fills, and leave an empty file for a partition that got none."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setattr(batches, "SPILL_BUFFER_BYTES", 200)  # a flush every ~12 rows
    schema = pa.schema([("key", pa.uint64()), ("row", pa.int64())])
    with batches._Spill(tmp_path, 3, schema) as spill:
        for row in range(60):
            spill.add(row % 2, pa.table({"key": pa.array([row], pa.uint64()), "row": [row]}))
    tables = [pq.read_table(path) for path in spill.paths]
    assert tables[0]["row"].to_pylist() == list(range(0, 60, 2))
    assert tables[1]["row"].to_pylist() == list(range(1, 60, 2))
    assert tables[2].num_rows == 0 and tables[2].schema == schema
    assert pq.ParquetFile(spill.paths[0]).metadata.num_row_groups > 1

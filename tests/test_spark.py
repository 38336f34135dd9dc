"""The Spark engine must write what the local engine writes, byte for byte.

Runs pyspark in local[2] mode. Java is installed with scripts/install-java where it is missing;
a machine that cannot get Java or pyspark skips these tests with the reason (shown by `pytest
-ra`, which scripts/test uses): they never pass without having run.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
import pytest

import copydesk
from copydesk.config import Config

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo" / "corpus.jsonl"
sys.path.insert(0, str(ROOT / "bench"))
from corpus_gen import CorpusSpec, generate  # noqa: E402

# Keys of stats.json that measure the run rather than describe its result.
RUN_KEYS = ("passes", "seconds", "docs_per_second", "workers")


def _ensure_java() -> None:
    """Install Java where it is missing; skip, saying why, where that is impossible."""
    if shutil.which("java") is None:
        result = subprocess.run(
            [str(ROOT / "scripts" / "install-java")], capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or shutil.which("java") is None:
            pytest.skip(
                "SPARK TESTS NOT RUN: no Java runtime, and scripts/install-java could not install "
                f"one: {(result.stderr or result.stdout).strip()[-500:]}"
            )


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    try:
        from pyspark.sql import SparkSession  # noqa: F401
    except ImportError as error:
        pytest.skip(
            f"SPARK TESTS NOT RUN: pyspark is not installed ({error}); "
            "install it with: pip install -e '.[spark]'"
        )
    _ensure_java()
    from copydesk.engine.spark import spark_session

    os.environ.pop("COPYDESK_SPARK_MASTER", None)
    # a stalled Python worker (see `IDLE_WORKER_TIMEOUT_S`) is stopped and its task retried
    # after two minutes, not ten: no batch of these tests keeps a worker busy for one
    session = spark_session(workers=2, idle_worker_timeout_s=120)
    yield session
    session.stop()


def _local_and_spark(
    spark: Any, inputs: list[Path], tmp_path: Path, config: Config | None = None, **spark_args: Any
) -> tuple[Path, Path]:
    from copydesk.engine.spark import run_spark

    config = config or Config().replace("output", report=False)
    local = tmp_path / "local"
    copydesk.run(inputs, local, config)
    on_spark = tmp_path / "spark"
    run_spark(inputs, on_spark, config, session=spark, **spark_args)
    return local, on_spark


def _assert_same_outputs(local: Path, on_spark: Path) -> None:
    local_docs = (local / "documents.jsonl").read_bytes()
    assert local_docs, "the local run wrote no documents"
    assert (on_spark / "documents.jsonl").read_bytes() == local_docs
    assert (on_spark / "clusters.jsonl").read_bytes() == (local / "clusters.jsonl").read_bytes()
    local_stats = orjson.loads((local / "stats.json").read_bytes())
    spark_stats = orjson.loads((on_spark / "stats.json").read_bytes())
    for key in RUN_KEYS:
        local_stats.pop(key)
        spark_stats.pop(key)
    assert spark_stats == local_stats


def test_demo_corpus_same_bytes_through_the_cli(spark: Any, tmp_path: Path) -> None:
    """`copydesk run --engine spark` on the demo corpus writes the local engine's bytes, and
    its report."""
    from typer.testing import CliRunner

    from copydesk.api import explain
    from copydesk.cli import app

    on_spark = tmp_path / "spark"
    result = CliRunner().invoke(
        app, ["run", str(DEMO), "--out", str(on_spark), "--engine", "spark", "-q"]
    )
    assert result.exit_code == 0, result.output
    local = tmp_path / "local"
    copydesk.run([DEMO], local, Config())
    _assert_same_outputs(local, on_spark)
    assert "<html" in (on_spark / "report.html").read_text(encoding="utf-8").lower()
    stats = orjson.loads((on_spark / "stats.json").read_bytes())
    assert stats["status"]["duplicate"] > 0 and stats["clusters"]["count"] > 0
    # `copydesk explain` reads a Spark run as it reads a local one
    for doc_id in ("nwa-flood-fund", "hg-ferry-strike"):
        assert explain(on_spark, doc_id) == explain(local, doc_id)


def test_generated_corpus_same_bytes_with_dataframe_components(spark: Any, tmp_path: Path) -> None:
    """Several input files, every status, and connected components by large-star/small-star
    (the driver limit set to 0 edges) instead of the driver's union-find; groups of at most
    300 documents, so components are decided in many separate `match_frame` calls."""
    files = generate(tmp_path / "corpus", CorpusSpec(docs=2_000, seed=16, per_file=700))
    config = Config().replace("output", report=False).replace("engine", match_batch_size=300)
    local, on_spark = _local_and_spark(spark, files, tmp_path, config, driver_max_edges=0)
    _assert_same_outputs(local, on_spark)
    stats = orjson.loads((on_spark / "stats.json").read_bytes())
    assert all(stats["status"][s] > 0 for s in ("kept", "duplicate", "filtered", "invalid"))
    assert {"duplicate:exact", "duplicate:near"} <= set(stats["reasons"])
    assert max(int(size) for size in stats["clusters"]["sizes"]) >= 3


def test_ids_repeated_across_groups_are_duplicate_ids(spark: Any, tmp_path: Path) -> None:
    """An id repeated far from its first document (in another `match_frame` group) is
    `invalid:duplicate_id` on Spark too, as in the local engine's batches."""
    [path] = generate(tmp_path / "corpus", CorpusSpec(docs=300, seed=3, per_file=300))
    records = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    for offset in range(6):  # six late records take the ids of six early ones
        records[-1 - offset]["id"] = records[offset * 7]["id"]
    # and a chrome-only fetch early (filtered once cleaned) yields its id to a later page
    records[3]["text"] = "Share this article\nSign up for our newsletter"
    records[-10]["id"] = records[3]["id"]
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    config = Config().replace("output", report=False).replace("engine", match_batch_size=20)
    local, on_spark = _local_and_spark(spark, [path], tmp_path, config)
    _assert_same_outputs(local, on_spark)
    stats = orjson.loads((on_spark / "stats.json").read_bytes())
    assert stats["reasons"]["invalid:duplicate_id"] == 7
    docs = [orjson.loads(line) for line in (on_spark / "documents.jsonl").read_bytes().splitlines()]
    assert docs[3]["reasons"] == ["invalid:duplicate_id"] and docs[-10]["status"] != "invalid"


@pytest.mark.slow  # about 3.5 min on 2 idle cores (both engines, 100k documents)
def test_100k_generated_corpus_same_bytes(spark: Any, tmp_path: Path) -> None:
    """The issue's full-size check: 100k generated documents, both engines, byte for byte."""
    files = generate(tmp_path / "corpus", CorpusSpec(docs=100_000, seed=7))
    local, on_spark = _local_and_spark(spark, files, tmp_path)
    _assert_same_outputs(local, on_spark)


def _small_input(folder: Path, count: int = 12) -> Path:
    """A few demo records: enough to run every pass, small enough to run twice cheaply."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "small.jsonl"
    with open(DEMO, "rb") as source:
        path.write_bytes(b"".join(line for _, line in zip(range(count), source, strict=False)))
    return path


@pytest.mark.parametrize("compressed", [False, True])
def test_uri_inputs_are_read_and_named_by_uri(spark: Any, tmp_path: Path, compressed: bool) -> None:
    """An input given as a URI is fetched by the executors; its rows are named after the URI.
    A compressed one is fetched as stored (pyarrow would undo the .gz by its suffix, leaving
    plain text under a .gz name: every line an invalid record)."""
    from copydesk.engine.spark import run_spark

    small = _small_input(tmp_path / "in")
    if compressed:
        small = small.rename(small.with_suffix(".jsonl.gz"))
        small.write_bytes(gzip.compress(small.read_bytes(), mtime=0))
    config = Config().replace("output", report=False)
    local = tmp_path / "local"
    copydesk.run([small], local, config)
    uri = f"file://{small}"
    run_spark([uri], f"file://{tmp_path / 'spark'}", config, session=spark)
    expected = [orjson.loads(line) for line in (local / "documents.jsonl").open("rb")]
    written = [orjson.loads(line) for line in (tmp_path / "spark" / "documents.jsonl").open("rb")]
    assert len(written) == len(expected) == 12
    for mine, theirs in zip(written, expected, strict=True):
        assert mine.pop("origin") == uri + theirs.pop("origin").removeprefix(str(small))
        assert mine == theirs


def test_wet_and_warc_archives_on_storage_are_read(spark: Any, tmp_path: Path) -> None:
    """Common Crawl's archives sit on object storage: a WET and a WARC given as URIs are
    fetched and read as the local engine reads them."""
    pytest.importorskip("warcio")
    from copydesk.engine.spark import run_spark

    from .test_html_input import PARAGRAPHS, WET_PAGE, page, warc_bytes, wet_bytes

    folder = tmp_path / "in"
    folder.mkdir()
    wet = folder / "CC-MAIN-00000.warc.wet.gz"
    wet.write_bytes(wet_bytes([("https://gazette.example/ferry", WET_PAGE.encode("utf-8"))]))
    warc = folder / "CC-MAIN-00000.warc.gz"
    pier = page("Pier", PARAGRAPHS[1:])
    warc.write_bytes(warc_bytes([("https://gazette.example/pier", "text/html", pier)]))
    config = Config().replace("output", report=False)
    local = tmp_path / "local"
    copydesk.run([wet, warc], local, config)
    run_spark([f"file://{folder}"], f"file://{tmp_path / 'spark'}", config, session=spark)
    expected = [orjson.loads(line) for line in (local / "documents.jsonl").open("rb")]
    written = [orjson.loads(line) for line in (tmp_path / "spark" / "documents.jsonl").open("rb")]
    # listed in name order on storage (the WARC first), given in the other order locally
    assert [doc["url"].rsplit("/", 1)[1] for doc in written] == ["pier", "ferry"]
    for mine, theirs in zip(written, expected[::-1], strict=True):
        assert mine.pop("origin").startswith("file://")
        theirs.pop("origin")
        assert mine == theirs


def test_a_warc_span_travels_to_the_executors(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from copydesk.engine.spark import _decode_unit, _encode_unit
    from copydesk.io.readers import InputUnit

    for unit in (
        InputUnit("warc", tmp_path / "crawl.warc.gz", span=(67108864, 134217728)),
        InputUnit("html", tmp_path, (tmp_path / "a.html", tmp_path / "b.html")),
    ):
        assert _decode_unit(_encode_unit(unit)) == unit


def test_star_components_match_union_find(spark: Any, tmp_path: Path) -> None:
    """Large-star/small-star on chains, stars and a cycle gives each node its component's
    smallest node, as the driver's union-find does."""
    from copydesk.dedup.cluster import connected_components
    from copydesk.engine.spark import _components_star, _Stages, _Target

    rng = np.random.default_rng(3)
    chain = [(i, i + 1) for i in range(100, 140)]  # long chain: needs several rounds
    star = [(500, j) for j in range(501, 530)]
    cycle = [(900, 905), (905, 903), (903, 901), (901, 900)]
    shuffled = [(int(a), int(b)) for a, b in rng.integers(1000, 1200, size=(150, 2)) if a != b]
    edges = chain + star + cycle + shuffled
    nodes = sorted({n for edge in edges for n in edge})
    index = {n: i for i, n in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in edges], dtype=np.int64)
    expected = {
        n: nodes[label]
        for n, label in zip(nodes, connected_components(len(nodes), pairs), strict=True)
    }

    stage = _Stages(spark, _Target(str(tmp_path)), {})
    frame = spark.createDataFrame(
        pa.table({"a": [a for a, _ in edges], "b": [b for _, b in edges]})
    )
    found = {row["seq"]: row["label"] for row in _components_star(stage, frame).collect()}
    assert found == expected


def test_resume_and_parquet_output_are_refused_with_spark(spark: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="resume"):
        copydesk.run([DEMO], tmp_path / "out", resume=True, engine="spark")
    parquet = Config().replace("output", format="parquet")
    with pytest.raises(ValueError, match=r"documents\.jsonl only"):
        copydesk.run([DEMO], tmp_path / "out", parquet, engine="spark")


def test_a_uri_listing_leaves_out_an_earlier_runs_outputs(tmp_path: Path) -> None:
    """A folder given as a URI is listed as the local discovery lists it: the outputs of a run
    written into it (`--out` the folder itself) are no input."""
    from copydesk.engine.spark import _discover_uri
    from copydesk.io.readers import discover

    folder = tmp_path / "crawl"
    small = _small_input(folder)
    copydesk.run([folder], folder, Config().replace("output", report=False))
    listed = _discover_uri(f"file://{folder}")
    assert [uri.removeprefix(f"file://{folder}/") for _, uri in listed] == [small.name]
    assert [unit.path for unit in discover([folder])] == [small]


_STALLED_WORKER = """
import time

import pyarrow as pa
from pyspark import TaskContext

from copydesk.engine.spark import spark_session

def task(batches):
    context = TaskContext.get()
    for batch in batches:
        if context.attemptNumber() == 0 and context.partitionId() == 0:
            time.sleep(10**6)  # a worker that never answers, as one stalled on pyspark 4.3.0
        yield batch.append_column("attempt", pa.array([context.attemptNumber()] * batch.num_rows))

spark = spark_session(2, idle_worker_timeout_s=5)
rows = spark.range(0, 1000, numPartitions=2).mapInArrow(task, "id long, attempt long").collect()
print(len(rows), max(row.attempt for row in rows))
"""


@pytest.mark.slow
def test_a_silent_python_worker_is_stopped_and_its_task_tried_again(tmp_path: Path) -> None:
    """A task whose Python worker never answers does not hang the run: the worker is stopped
    after the idle timeout and the task is tried again (in a process of its own, for a session
    with a timeout of five seconds)."""
    pytest.importorskip("pyspark")
    _ensure_java()
    script = tmp_path / "stalled.py"
    script.write_text(_STALLED_WORKER, encoding="utf-8")
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    env.pop("COPYDESK_SPARK_MASTER", None)
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stderr[-2000:]
    # every row, and partition 0's from its second attempt
    assert result.stdout.split() == ["1000", "1"]

"""The Spark engine: the four passes as Spark jobs, for corpora larger than one machine.

    copydesk run INPUT... --out DIR --engine spark          # local[workers] on this machine
    spark-submit --master yarn .../copydesk/engine/spark.py INPUT... --out s3a://bucket/run

Per-document work runs in `mapInArrow` tasks that call the *same* pure batch functions as the
local engine (`read_unit`, `scan_batch`, `clean_batch`, `band_hashes`), and every matching
decision is the local `match_frame` itself, so the two engines cannot drift apart on what a
line, a signature or a copy is. What needs the whole corpus is expressed as DataFrame
operations, so nothing corpus-sized is ever gathered on one machine:

- template lines: the (site, line key, body key) rows are counted with a shuffle, the way
  `find_templates` counts them with polars;
- duplicate ids, and candidate pairs: shuffles keyed by id, and by each eligible document's band
  hashes and exact hash (a document is linked to the first document sharing a key);
- connected components of the candidate graph: on the driver (the numba union-find) while the
  edges number at most `spark.copydesk.driverComponentsMaxEdges` (default 20M, ~320 MB of int64
  pairs), otherwise by large-star/small-star rounds over DataFrames (Kiveris et al.,
  "Connected Components in MapReduce and Beyond", 2014), each round written to Parquet so
  lineage stays short;
- decisions: documents are grouped by a hash of their component (so no component is split, see
  passes/batches.py for why that makes the result exact) and each group goes through
  `match_frame` and `with_spans` in `applyInArrow`; clusters are then numbered in the order of
  their representatives.

Documents are identified by `seq` (input file index << 40 | position), which orders them exactly
as the local engine's row order does, which is why the outputs agree byte for byte.

Layout: stage outputs are Parquet datasets under `OUT/_work/spark/`; `documents.jsonl` and
`clusters.jsonl` are written by Spark as ordered part files and, when OUT is a local folder,
joined into the single files the local engine writes. On object storage the parts stay as
`documents.jsonl/part-*` (their concatenation in name order *is* the file). Inputs given as paths
are read with the local readers from a filesystem every executor sees; inputs given as URIs
(`s3://`, `gs://`, `hdfs://`, `file://`) are fetched by the executors through pyarrow.fs.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import polars as pl
import pyarrow as pa
import pyarrow.fs as pafs
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema
from pyspark.sql.types import StructType

from copydesk import __version__
from copydesk.clean.templates import site_of
from copydesk.config import Config, DedupConfig, InputConfig, OutputConfig
from copydesk.dedup.cluster import connected_components
from copydesk.dedup.sketch import SIGNATURE_VERSION
from copydesk.document import (
    CLEAN_SCHEMA,
    FILTERED,
    INPUT_SCHEMA,
    INVALID,
    INVALID_DUPLICATE_ID,
    KEPT,
    OUTPUT_FIELDS,
    SCAN_SCHEMA,
    STATUSES,
    reason_key,
)
from copydesk.io.atomic import atomic_path, remove_temporaries, write_bytes
from copydesk.io.readers import (
    FILE_KINDS,
    InputUnit,
    discover,
    kind_of,
    read_unit,
    run_outputs,
)
from copydesk.passes import match
from copydesk.passes.clean import clean_batch
from copydesk.passes.scan import scan_batch
from copydesk.passes.write import CLEAN_OUTPUT_COLUMNS
from copydesk.workspace import Workspace

DRIVER_EDGES_CONF = "spark.copydesk.driverComponentsMaxEdges"
DEFAULT_DRIVER_MAX_EDGES = 20_000_000
"""Candidate edges up to which components are found on the driver: 20M int64 pairs are 320 MB,
and the numba union-find takes about a second for them (docs/SCALING.md)."""

# A URI scheme, also in the folded `s3:/bucket` form that `pathlib.Path("s3://bucket")` gives.
_URI = re.compile(r"^(s3|s3a|gs|gcs|hdfs|viewfs|abfs|abfss|file):/+")
_MAX_STAR_ROUNDS = 100
"""Large-star/small-star needs O(log^2 n) rounds; 100 is far beyond any real graph."""


def run_spark(
    inputs: Sequence[str | Path],
    out: str | Path,
    config: Config,
    *,
    session: SparkSession | None = None,
    driver_max_edges: int | None = None,
    progress: bool | None = False,
) -> dict[str, Any]:
    """Run all passes on Spark; write the outputs into `out`; return the statistics.

    `session` defaults to the active one (spark-submit) or a new `local[workers]` session, which
    shows Spark's progress bars when `progress` is true (None: on a terminal).
    `driver_max_edges` overrides `spark.copydesk.driverComponentsMaxEdges`.
    """
    if config.output.format != "jsonl":
        # Spark writes ordered text parts that join into the local engine's exact bytes; a
        # single documents.parquet would need a second, sequential pass on the driver.
        raise ValueError(
            "the Spark engine writes documents.jsonl only: set output.format (--format) to jsonl"
        )
    show = sys.stderr.isatty() if progress is None else progress
    spark = session or spark_session(config.engine.resolved_workers(), progress=show)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(config.engine.batch_size))
    limit = driver_max_edges
    if limit is None:
        limit = int(spark.conf.get(DRIVER_EDGES_CONF, str(DEFAULT_DRIVER_MAX_EDGES)) or 0)
    inputs = [_location(raw) for raw in inputs]
    target = _Target(_location(out))
    units = _input_units(inputs, Path(target.root) if target.local else None)
    target.prepare()  # after discovery, which refuses an input the run would overwrite
    started = time.perf_counter()
    timings: dict[str, float] = {}
    stage = _Stages(spark, target, timings)

    docs = stage.run("read", lambda: _read(spark, units, config))
    read = docs.count()
    templates, sites = stage.run_pair(
        "scan", lambda: _templates(stage, docs, config), ("templates", "sites")
    )
    clean = stage.run("clean", lambda: _clean(docs, templates, config))
    match, clusters = stage.run_pair(
        "match", lambda: _match(stage, clean, config, limit, read), ("match", "clusters")
    )
    clock = time.perf_counter()
    _write_documents(target, clean, match)
    _write_clusters(target, clusters)
    timings["write"] = time.perf_counter() - clock
    stats = _statistics(read, clean, match, clusters, sites, config, spark, timings, started)
    target.write_bytes("stats.json", orjson.dumps(stats, option=orjson.OPT_INDENT_2))
    if config.output.report and target.local:
        _write_report(target, stats, docs, config.output)
    return stats


# A Python worker that sends nothing back for this long is stopped and its task tried again (up
# to `_LOCAL_TASK_ATTEMPTS` times in local mode). On pyspark 4.3.0 a task of `_write_documents`
# once stalled for good (one of nine runs of the 100k test on 2026-11-27):
# the worker blocked writing its Arrow output while the executor waited in select() to read it.
# Ten minutes is far above what one batch of copydesk's work takes (5,000 news articles clean
# in about a second).
IDLE_WORKER_TIMEOUT_S = 600
_LOCAL_TASK_ATTEMPTS = 3


def spark_session(
    workers: int, *, progress: bool = False, idle_worker_timeout_s: int = IDLE_WORKER_TIMEOUT_S
) -> SparkSession:
    """The active session, or a new one: the master spark-submit gave, else `local[workers]`
    (each task tried up to three times, as a cluster retries a failed task).

    `COPYDESK_SPARK_MASTER` names another master for `copydesk run --engine spark`. Local mode
    also points the Python workers at this interpreter, so they import this copydesk. A Python
    worker silent for `idle_worker_timeout_s` is stopped, and its task retried (see
    `IDLE_WORKER_TIMEOUT_S`).
    """
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName("copydesk")
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not launched by spark-submit
        local = f"local[{workers},{_LOCAL_TASK_ATTEMPTS}]"
        master = os.environ.get("COPYDESK_SPARK_MASTER", local)
        builder = builder.master(master).config("spark.ui.enabled", "false")
        builder = builder.config("spark.ui.showConsoleProgress", str(progress).lower())
        idle = str(idle_worker_timeout_s)
        builder = builder.config("spark.python.worker.idleTimeoutSeconds", idle)
        builder = builder.config("spark.python.worker.killOnIdleTimeout", "true")
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            builder = builder.config("spark.sql.shuffle.partitions", str(max(4, 4 * workers)))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# ---------------------------------------------------------------------------------------------
# Where the run writes: a local folder or an object-store prefix.


class _Target:
    """The output location. Spark writes datasets under it; small files go through pyarrow.fs."""

    def __init__(self, out: str) -> None:
        self.remote = "://" in out
        self.local = not self.remote or out.startswith("file://")
        self.root = out.rstrip("/") if self.remote else str(Path(out).resolve())
        if self.local and self.remote:
            self.root = self.root.removeprefix("file://")

    def uri(self, *parts: str) -> str:
        """A path Spark resolves the same way on every node (file:// for a local folder)."""
        return "/".join([f"file://{self.root}" if self.local else self.root, *parts])

    def work(self, name: str) -> str:
        return self.uri("_work", "spark", name)

    def prepare(self) -> None:
        """Start from a clean slate: earlier intermediates and outputs would be mixed in."""
        if not self.local:
            return  # Spark overwrites each dataset; stats.json is written last
        workspace = Workspace(Path(self.root))
        workspace.make_folder()
        remove_temporaries(workspace.out)
        workspace.remove_earlier_run()

    def write_bytes(self, name: str, data: bytes) -> None:
        if self.local:
            write_bytes(Path(self.root) / name, data)
            return
        filesystem, path = pafs.FileSystem.from_uri(_pyarrow_uri(self.uri(name)))
        with filesystem.open_output_stream(path) as stream:
            stream.write(data)

    def join_parts(self, name: str) -> None:
        """Concatenate the ordered text parts Spark wrote at `name/` into the file `name`."""
        if not self.local:
            return
        folder = Path(self.root) / name
        parts = sorted(folder.glob("part-*"))
        with atomic_path(folder) as temporary:
            with open(temporary, "wb") as sink:
                for part in parts:
                    with open(part, "rb") as source:
                        shutil.copyfileobj(source, sink)
            shutil.rmtree(folder)  # the parts are joined: the file takes the folder's name


def _pyarrow_uri(uri: str) -> str:
    """Hadoop names S3 `s3a://`; pyarrow knows it as `s3://`."""
    return "s3://" + uri.removeprefix("s3a://") if uri.startswith("s3a://") else uri


class _Stages:
    """Materialises each stage as Parquet under `_work/spark/` and times it.

    Spark is lazy: without writing a stage out, every later action would recompute the read and
    clean passes. Writing also bounds memory: the next stage streams from disk.
    """

    def __init__(self, spark: SparkSession, target: _Target, timings: dict[str, float]) -> None:
        self.spark = spark
        self.target = target
        self.timings = timings

    def save(self, name: str, frame: DataFrame) -> DataFrame:
        path = self.target.work(name)
        frame.write.mode("overwrite").parquet(path)
        return self.spark.read.parquet(path)

    def run(self, label: str, build: Callable[[], DataFrame]) -> DataFrame:
        clock = time.perf_counter()
        frame = self.save(label, build())
        self.timings[label] = time.perf_counter() - clock
        return frame

    def run_pair(
        self, label: str, build: Callable[[], tuple[DataFrame, DataFrame]], names: tuple[str, str]
    ) -> tuple[DataFrame, DataFrame]:
        clock = time.perf_counter()
        first, second = build()
        saved = self.save(names[0], first), self.save(names[1], second)
        self.timings[label] = time.perf_counter() - clock
        return saved


def _spark_schema(schema: pa.Schema) -> StructType:
    """The Spark schema of an Arrow schema; Spark has no unsigned or large types."""
    fields = []
    for field in schema:
        kind = field.type
        if kind == pa.uint64():
            kind = pa.int64()
        elif kind == pa.large_string():
            kind = pa.string()
        fields.append(field.with_type(kind))
    return from_arrow_schema(pa.schema(fields))


def _for_spark(table: pa.Table) -> Iterator[pa.RecordBatch]:
    """`table` as record batches of the types Spark accepts: uint64 hashes become int64 with
    the same bits (equality and grouping are unchanged), large strings become strings."""
    columns: dict[str, pa.Array] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        array = column.combine_chunks()
        if array.type == pa.uint64():
            mask = np.asarray(array.is_null()) if array.null_count else None
            array = pa.array(np.asarray(array.fill_null(0)).view(np.int64), mask=mask)
        elif array.type == pa.large_string():
            array = array.cast(pa.string())
        columns[name] = array
    yield from pa.table(columns).to_batches()


# ---------------------------------------------------------------------------------------------
# read


_READ_SCHEMA = pa.schema([*INPUT_SCHEMA, pa.field("site", pa.string())])


def _input_units(inputs: Sequence[str | Path], out: Path | None) -> list[tuple[int, str, bytes]]:
    """(unit index, URI or "", encoded unit) of every input unit.

    Units are numbered in the local engine's order (`discover`, input by input), and `seq`
    derives from that number, so both engines give every document the same `seq`. `out`, a
    local output folder, is never read (`discover`).
    """
    rows: list[tuple[int, str, bytes]] = []
    local: list[str | Path] = []  # consecutive local inputs: discovered together, as locally
    for raw in [*inputs, None]:  # (None: the end, which discovers the last local ones)
        if raw is not None and not _is_uri(str(raw)):
            local.append(raw)
            continue
        rows.extend((len(rows), "", _encode_unit(unit)) for unit in discover(local, out))
        local = []
        if raw is not None:
            for kind, uri in _discover_uri(str(raw)):
                rows.append((len(rows), uri, _encode_unit(InputUnit(kind, Path()))))
    return rows


def _read(spark: SparkSession, rows: list[tuple[int, str, bytes]], config: Config) -> DataFrame:
    """One task per input unit (`_input_units`), each calling `read_unit`: rows of
    `INPUT_SCHEMA` plus `site`."""
    schema = _spark_schema(_READ_SCHEMA)
    if not rows:
        return spark.createDataFrame([], schema)
    units = spark.createDataFrame(
        spark.sparkContext.parallelize(rows, len(rows)), "unit_index long, uri string, unit binary"
    )
    read = partial(_read_task, batch_size=config.engine.batch_size, limits=config.input)
    return units.mapInArrow(read, schema)


def _is_uri(raw: str) -> bool:
    return _URI.match(raw) is not None


def _location(raw: str | Path) -> str:
    """A URI as given, also when it went through `pathlib.Path` (as CLI arguments do), which
    folds `s3://bucket/key` into `s3:/bucket/key`; a plain path unchanged."""
    text = str(raw)
    folded = _URI.match(text)
    if folded is None:
        return text
    scheme, rest = folded.group(1), text[folded.end() :]
    return f"file:///{rest}" if scheme == "file" else f"{scheme}://{rest}"


def _discover_uri(uri: str) -> list[tuple[str, str]]:
    """(kind, URI) of the JSONL, Parquet, WARC and WET files at or below `uri`, in name order."""
    filesystem, path = pafs.FileSystem.from_uri(_pyarrow_uri(uri))
    info = filesystem.get_file_info(path)
    if info.type == pafs.FileType.NotFound:
        raise FileNotFoundError(f"input not found: {uri}")
    if info.type == pafs.FileType.File:
        entries = [info]
    else:
        entries = filesystem.get_file_info(pafs.FileSelector(path, recursive=True))
    base, root = _pyarrow_uri(uri).rstrip("/"), path.rstrip("/")
    if not base.endswith(root):
        raise ValueError(f"cannot list {uri}: pyarrow resolved it to the path {path!r}")
    scheme_and_host = base[: len(base) - len(root)]
    # an earlier run's outputs below the input are left out, as the local discovery does
    files = sorted(e.path for e in entries if e.type == pafs.FileType.File)
    names = [file.removeprefix(root + "/") for file in files]  # relative to the input
    earlier = run_outputs(names)
    found = []
    for file, name in zip(files, names, strict=True):
        kind = kind_of(file)
        if kind in FILE_KINDS and name not in earlier:
            found.append((kind, scheme_and_host + file))
    if info.type == pafs.FileType.File and not found:
        raise ValueError(
            f"cannot read {uri}: expected .jsonl (optionally .gz or .zst), .parquet, .warc[.gz] "
            "or .warc.wet[.gz]"
        )
    return found


def _encode_unit(unit: InputUnit) -> bytes:
    return orjson.dumps(
        {
            "kind": unit.kind,
            "path": str(unit.path),
            "files": [str(p) for p in unit.files],
            "span": unit.span,
        }
    )


def _decode_unit(blob: bytes) -> InputUnit:
    data = orjson.loads(blob)
    span = tuple(data["span"]) if data["span"] is not None else None
    return InputUnit(
        data["kind"], Path(data["path"]), tuple(Path(p) for p in data["files"]), span
    )


def _read_task(
    batches: Iterator[pa.RecordBatch], batch_size: int, limits: InputConfig
) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        for index, uri, blob in zip(
            batch["unit_index"].to_pylist(),
            batch["uri"].to_pylist(),
            batch["unit"].to_pylist(),
            strict=True,
        ):
            unit = _decode_unit(blob)
            if uri:
                yield from _read_remote(unit, index, uri, batch_size, limits)
                continue
            for table in read_unit(unit, index, batch_size, limits):
                yield from _for_spark(_with_site(table))


def _read_remote(
    unit: InputUnit, index: int, uri: str, batch_size: int, limits: InputConfig
) -> Iterator[pa.RecordBatch]:
    """Fetch an object into a local temporary file, read it, and name rows after the URI."""
    filesystem, path = pafs.FileSystem.from_uri(_pyarrow_uri(uri))
    suffix = "".join(Path(path).suffixes[-2:])  # keeps .jsonl.zst: the reader goes by suffix
    with tempfile.TemporaryDirectory() as folder:
        local = Path(folder) / f"input{suffix}"
        # the object's bytes as stored: pyarrow would otherwise undo a .gz by its suffix, and
        # the reader, going by the same suffix, would find no gzip stream
        with (
            filesystem.open_input_stream(path, compression=None) as source,
            open(local, "wb") as sink,
        ):
            while chunk := source.read(1 << 22):
                sink.write(chunk)
        for table in read_unit(InputUnit(unit.kind, local), index, batch_size, limits):
            yield from _for_spark(_with_site(_renamed(table, str(local), uri)))


def _renamed(table: pa.Table, local: str, uri: str) -> pa.Table:
    """Replace the temporary path in `origin` (and in ids made from it) by the URI."""

    def fix(values: list[str | None]) -> pa.Array:
        return pa.array(
            [uri + v[len(local) :] if v and v.startswith(local) else v for v in values], pa.string()
        )

    table = table.set_column(table.schema.get_field_index("id"), "id", fix(table["id"].to_pylist()))
    return table.set_column(
        table.schema.get_field_index("origin"), "origin", fix(table["origin"].to_pylist())
    )


def _with_site(table: pa.Table) -> pa.Table:
    sites = [
        site_of(source, url)
        for source, url in zip(table["source"].to_pylist(), table["url"].to_pylist(), strict=True)
    ]
    return table.append_column("site", pa.array(sites, pa.string()))


# ---------------------------------------------------------------------------------------------
# scan: template lines


def _scan_task(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield from _for_spark(scan_batch(pa.Table.from_batches([batch])))


def _templates(stage: _Stages, docs: DataFrame, config: Config) -> tuple[DataFrame, DataFrame]:
    """(templates: site, key, bodies; sites: site, documents, template_lines), as
    `find_templates` defines them, counted with shuffles instead of polars."""
    clean = config.clean
    if clean.templates:
        scan = docs.select("text", "url", "source", "invalid").mapInArrow(
            _scan_task, _spark_schema(SCAN_SCHEMA)
        )
    else:  # nothing to count: no template lines, and no per-site statistics (as locally)
        scan = docs.sparkSession.createDataFrame([], _spark_schema(SCAN_SCHEMA))
    # Each (site, line, document) once, saved: the counts below all read it, and the scan
    # runs Python over every text, which must happen once, not once per aggregation.
    rows = stage.save("scan", scan.distinct())
    lines = _with_article_keys(rows, clean.template_min_docs)
    site_bodies = (
        lines.select("site", "body")
        .distinct()
        .groupBy("site")
        .agg(F.count("*").alias("documents"))
    )
    line_bodies = lines.groupBy("site", "key").agg(F.countDistinct("others").alias("bodies"))
    templates = (
        line_bodies.join(site_bodies, "site")
        .where(
            (F.col("bodies") >= clean.template_min_docs)
            & (F.col("bodies") >= F.col("documents") * F.lit(clean.template_min_fraction))
        )
        .select("site", "key", "bodies")
    )
    counts = templates.groupBy("site").agg(F.count("*").alias("template_lines"))
    sites = site_bodies.join(counts, "site", "left").select(
        "site", "documents", F.coalesce("template_lines", F.lit(0)).alias("template_lines")
    )
    return templates, sites


def _with_article_keys(rows: DataFrame, min_docs: int) -> DataFrame:
    """`templates.with_article_keys` in Spark: each scan row with its document's article
    (`body`) and the article told without the row's line (`others`), from the document's two
    longest lines that are not the site's own."""
    documents = rows.groupBy("site").agg(F.countDistinct("doc").alias("site_documents"))
    carriers = rows.groupBy("site", "key").agg(F.countDistinct("doc").alias("carriers"))
    sites_own = (
        carriers.join(documents, "site")
        .where(
            (F.col("carriers") >= min_docs) & (F.col("carriers") * 2 > F.col("site_documents"))
        )
        .select("site", "key")
    )
    # ties in length go to the lower key as unsigned, as polars sorts the uint64 keys: the
    # keys are signed here, and the negative ones are the upper half
    by_length = Window.partitionBy("site", "doc").orderBy(
        F.col("length").desc(), (F.col("key") < 0).asc(), F.col("key").asc()
    )
    rank = F.col("rank")
    longest = (
        rows.join(sites_own, ["site", "key"], "left_anti")
        .withColumn("rank", F.row_number().over(by_length))
        .where(rank <= 2)
        .groupBy("site", "doc")
        .agg(
            F.max(F.when(rank == 1, F.col("key"))).alias("first"),
            F.max(F.when(rank == 2, F.col("key"))).alias("second"),
        )
    )
    return (
        rows.join(longest, ["site", "doc"], "left")
        .fillna(0, subset=["first", "second"])
        .select(
            "site",
            "key",
            F.xxhash64("first", "second").alias("body"),
            F.when(F.col("key") == F.col("first"), F.col("second"))
            .otherwise(F.col("first"))
            .alias("others"),
        )
    )


# ---------------------------------------------------------------------------------------------
# clean


def _clean_task(batches: Iterator[pa.RecordBatch], config: Config) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        table = pa.Table.from_batches([batch])
        templates: dict[str, frozenset[int]] = {}
        for site, keys in zip(
            table["site"].to_pylist(), table["template_keys"].to_pylist(), strict=True
        ):
            if keys and site not in templates:
                templates[site] = frozenset(int(k) & 0xFFFFFFFFFFFFFFFF for k in keys)
        cleaned, _ = clean_batch(table, templates, config)  # removed counts: from the column
        yield from _for_spark(cleaned)


def _clean(docs: DataFrame, templates: DataFrame, config: Config) -> DataFrame:
    """`clean_batch` over every document, with its site's template keys joined in.

    The keys travel with the documents (a broadcast join: the table is one row per site), so
    no task ever needs the whole template table.
    """
    per_site = templates.groupBy("site").agg(F.collect_list("key").alias("template_keys"))
    joined = docs.join(F.broadcast(per_site), "site", "left")
    return joined.mapInArrow(partial(_clean_task, config=config), _spark_schema(CLEAN_SCHEMA))


# ---------------------------------------------------------------------------------------------
# match: the local match pass's own `match_frame`, per group of whole candidate components


def _keys_task(batches: Iterator[pa.RecordBatch], dedup: DedupConfig) -> Iterator[pa.RecordBatch]:
    """(key, seq): each eligible document's LSH band hashes, exact hash and lead keys."""
    for batch in batches:
        keys = match.candidate_keys(batch, dedup)
        yield pa.RecordBatch.from_pydict(
            {
                "key": keys.reshape(-1).view(np.int64),
                "seq": np.repeat(np.asarray(batch["seq"], dtype=np.int64), keys.shape[1]),
            }
        )


def _match_schema(config: Config) -> tuple[pa.Schema, pa.Schema]:
    """The schemas `match_frame` and `with_spans` give (match rows, cluster rows), from a call
    on no documents: whatever columns the local pass adds, Spark carries."""
    columns = [CLEAN_SCHEMA.field(c) for c in match._COLUMNS if c != "signature"]
    empty = pl.from_arrow(pa.schema(columns).empty_table())
    assert isinstance(empty, pl.DataFrame)
    result, clusters = match.match_frame(
        empty, np.zeros((0, config.dedup.num_perm), np.uint32), config.dedup
    )
    documents = pa.table({"seq": pa.array([], pa.int64()), "text": pa.array([], pa.string())})
    return result.schema, match.with_spans(clusters, documents).schema


def _group_schema(config: Config) -> pa.Schema:
    """One output row per document: its match row, its cluster row (null when it has no
    copies), and the group it was decided in (cluster numbers are local to a group)."""
    result, clusters = _match_schema(config)
    return pa.schema(
        [
            pa.field("group", pa.int64()),
            pa.field("m", pa.struct(list(result))),
            pa.field("c", pa.struct(list(clusters))),
        ]
    )


def _group_task(table: pa.Table, config: Config, schema: pa.Schema) -> pa.Table:
    """`match_frame` and `with_spans` on one group of whole candidate components."""
    group = table["group"][0].as_py() if table.num_rows else 0
    table = table.sort_by("seq")
    exact = np.asarray(table["exact_hash"].combine_chunks().fill_null(0), dtype=np.int64)
    table = table.set_column(
        table.schema.get_field_index("exact_hash"), "exact_hash", pa.array(exact.view(np.uint64))
    )
    signatures = match._signature_matrix(table["signature"], config.dedup.num_perm)
    frame = pl.from_arrow(table.select([c for c in match._COLUMNS if c != "signature"]))
    assert isinstance(frame, pl.DataFrame)
    result, clusters = match.match_frame(frame, signatures, config.dedup)
    clusters = match.with_spans(clusters, table.select(["seq", "text"]))
    # cluster rows beside their documents' match rows (one cluster row per document at most)
    n = result.num_rows
    position = np.full(n, -1, dtype=np.int64)
    position[np.searchsorted(np.asarray(result["seq"]), np.asarray(clusters["seq"]))] = np.arange(
        clusters.num_rows
    )
    if clusters.num_rows:
        aligned = clusters.take(pa.array(np.maximum(position, 0)))
        arrays = [column.combine_chunks() for column in aligned.columns]
    else:
        arrays = [pa.nulls(n, field.type) for field in clusters.schema]
    return pa.table(
        {
            "group": pa.array(np.full(n, group, dtype=np.int64)),
            "m": pa.StructArray.from_arrays(
                [column.combine_chunks() for column in result.columns], fields=list(result.schema)
            ),
            "c": pa.StructArray.from_arrays(
                arrays, fields=list(clusters.schema), mask=pa.array(position < 0)
            ),
        },
        schema=schema,
    )


def _match(
    stage: _Stages, clean: DataFrame, config: Config, driver_max_edges: int, read: int
) -> tuple[DataFrame, DataFrame]:
    """(match rows, cluster rows) as the local match pass writes them.

    Candidate pairs are found with shuffles (documents sharing a band hash or an exact hash,
    linked to the first of them), their connected components on the driver or by star rounds,
    and whole components are grouped so that `match_frame` decides each group exactly as one
    call over the whole corpus would (passes/batches.py says why).
    """
    dedup = config.dedup
    # an invalid record claims no id, a filtered one only where no kept one has it
    # (`match._mark_duplicate_ids`)
    usable = F.col("status") != INVALID
    claim = F.struct((F.col("status") == FILTERED).alias("filtered"), F.col("seq").alias("seq"))
    first_of_id = F.min(F.when(usable, claim)).over(Window.partitionBy("id"))
    eligible = clean.select(
        "seq",
        "status",
        "shingles",
        "exact_hash",
        "signature",
        "lead_keys",
        (claim == first_of_id).alias("claims"),
    ).where((F.col("status") == KEPT) & (F.col("shingles") > 0) & F.col("claims"))
    labels = None
    if dedup.enabled:
        keys = eligible.select("seq", "exact_hash", "signature", "lead_keys").mapInArrow(
            partial(_keys_task, dedup=dedup), "key long, seq long"
        )
        first = F.min("seq").over(Window.partitionBy("key"))
        edges = (
            keys.select(first.alias("a"), F.col("seq").alias("b"))
            .where(F.col("a") != F.col("b"))
            .distinct()
        )
        labels = _components(stage, stage.save("edges", edges), driver_max_edges)
    columns = [c for c in match._COLUMNS if c != "text"]
    # A repeated id is decided here, across the corpus: its copies may fall in other groups,
    # where `match_frame`'s own check cannot see them.
    repeated = usable & (claim != first_of_id)
    rows = clean.select(*columns, "text").withColumns(
        {
            "status": F.when(repeated, F.lit(INVALID)).otherwise(F.col("status")),
            "reasons": F.when(repeated, F.array(F.lit(INVALID_DUPLICATE_ID))).otherwise(
                F.col("reasons")
            ),
        }
    )
    if labels is not None:
        rows = rows.join(labels, "seq", "left")
        in_component = F.col("label").isNotNull()
        rows = rows.withColumns(
            {
                "text": F.when(in_component, F.col("text")),
                "label": F.coalesce("label", "seq"),
            }
        )
    else:
        rows = rows.withColumns({"text": F.lit(None).cast("string"), "label": F.col("seq")})
    # Groups of about `match_batch_size` documents, at least two per core; a component never
    # spans two groups, because the group is a hash of its label.
    groups = max(
        -(-read // config.engine.match_batch_size), 2 * stage.spark.sparkContext.defaultParallelism
    )
    rows = rows.withColumn("group", F.pmod(F.xxhash64("label"), F.lit(groups))).drop("label")
    schema = _group_schema(config)

    def decide(table: pa.Table) -> pa.Table:  # type hints: how applyInArrow picks its API
        return _group_task(table, config, schema)

    decided = stage.save(
        "decided", rows.groupBy("group").applyInArrow(decide, _spark_schema(schema))
    )
    # Clusters are numbered by their representatives' order across all groups.
    numbers = decided.where(F.col("c.is_representative")).select(
        F.col("group").alias("number_group"),
        F.col("c.cluster").alias("local"),
        F.row_number().over(Window.orderBy(F.col("c.seq"))).cast("long").alias("number"),
    )
    same_cluster = (F.col("group") == F.col("number_group")) & (
        F.col("m.cluster") == F.col("local")
    )
    numbered = decided.join(numbers, same_cluster, "left")
    match_rows = numbered.select(
        *[
            (F.col("number") if name == "cluster" else F.col(f"m.{name}")).alias(name)
            for name in schema.field("m").type.names
        ]
    )
    cluster_rows = numbered.where(F.col("c").isNotNull()).select(
        *[
            (F.col("number") if name == "cluster" else F.col(f"c.{name}")).alias(name)
            for name in schema.field("c").type.names
        ]
    )
    return match_rows, cluster_rows


# ---------------------------------------------------------------------------------------------
# connected components


def _components(stage: _Stages, edges: DataFrame, driver_max_edges: int) -> DataFrame:
    """(seq, label): every document on an edge, labelled with its component's smallest seq."""
    count = edges.count()
    if count <= driver_max_edges:
        return _components_on_driver(stage.spark, edges)
    return _components_star(stage, edges)


def _components_on_driver(spark: SparkSession, edges: DataFrame) -> DataFrame:
    table = edges.toArrow()
    a, b = np.asarray(table["a"], np.int64), np.asarray(table["b"], np.int64)
    nodes, index = np.unique(np.concatenate([a, b]), return_inverse=True)
    pairs = np.stack([index[: len(a)], index[len(a) :]], axis=1)
    labels = nodes[connected_components(len(nodes), pairs)]  # nodes is sorted: min index = min seq
    return spark.createDataFrame(pa.table({"seq": nodes, "label": labels}))


def _components_star(stage: _Stages, edges: DataFrame) -> DataFrame:
    """Alternate large-star and small-star until the graph is a set of stars around each
    component's smallest node; O(log n) rounds, each a few shuffles of the edge list."""
    current = edges.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v"))
    for round_number in range(_MAX_STAR_ROUNDS):
        current = stage.save(f"stars-{round_number}", _small_star(_large_star(current)))
        if _is_star_forest(current):
            break
    else:
        raise RuntimeError(f"connected components did not converge in {_MAX_STAR_ROUNDS} rounds")
    nodes = current.select(F.col("u").alias("seq"), F.col("v").alias("label"))
    roots = current.select(F.col("v").alias("seq"), F.col("v").alias("label"))
    return nodes.unionByName(roots).distinct()


def _both_ways(edges: DataFrame) -> DataFrame:
    return edges.unionByName(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))


def _large_star(edges: DataFrame) -> DataFrame:
    """Every node links its larger neighbours to the smallest node of its neighbourhood."""
    both = _both_ways(edges)
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.col("u")).alias("m"))
    return (
        both.where(F.col("v") > F.col("u"))
        .join(smallest, "u")
        .select(F.col("v").alias("u"), F.col("m").alias("v"))
        .distinct()
    )


def _small_star(edges: DataFrame) -> DataFrame:
    """Every node links itself and its smaller neighbours to the smallest of them."""
    oriented = edges.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v")).where(
        F.col("u") != F.col("v")
    )
    smallest = oriented.groupBy("u").agg(F.min("v").alias("m"))
    joined = oriented.join(smallest, "u")
    neighbours = joined.where(F.col("v") != F.col("m")).select(
        F.col("v").alias("u"), F.col("m").alias("v")
    )
    centre = smallest.select("u", F.col("m").alias("v"))
    return neighbours.unionByName(centre).distinct()


def _is_star_forest(edges: DataFrame) -> bool:
    """True when every edge (u, v) points from a node to a root: no v is itself a u, and no u
    has two targets. Then v is the smallest node of u's component."""
    chained = edges.select(F.col("v").alias("u")).distinct().join(edges.select("u"), "u").limit(1)
    forked = edges.groupBy("u").count().where(F.col("count") > 1).limit(1)
    return chained.count() == 0 and forked.count() == 0


# ---------------------------------------------------------------------------------------------
# write


def _render_task(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """documents.jsonl lines, rendered exactly as the local `write_part` renders them."""
    for batch in batches:
        table = pa.Table.from_batches([batch])
        lines = [orjson.dumps(r).decode() for r in table.select(list(OUTPUT_FIELDS)).to_pylist()]
        yield pa.RecordBatch.from_pydict({"seq": batch["seq"], "line": pa.array(lines)})


def _write_documents(target: _Target, clean: DataFrame, match: DataFrame) -> None:
    joined = clean.select(*CLEAN_OUTPUT_COLUMNS).join(match, "seq")
    # Sorted before rendering: the sort samples its input in a job of its own, which must not
    # run the Python rendering twice. Rendering keeps each partition's order.
    rendered = joined.orderBy("seq").mapInArrow(_render_task, "seq long, line string")
    rendered.select("line").write.mode("overwrite").text(target.uri("documents.jsonl"))
    target.join_parts("documents.jsonl")


_NOT_IN_MEMBERS = ("cluster", "is_representative", "seq", "representative")
"""Cluster-table columns that clusters.jsonl shows per cluster, not per member: every other
column of the local cluster table is a member field, in table order (`_write_clusters_jsonl`)."""


def _cluster_task(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """clusters.jsonl lines, as the local `_write_clusters_jsonl` renders them."""
    for batch in batches:
        lines = []
        for number, members in zip(
            batch["cluster"].to_pylist(), batch["members"].to_pylist(), strict=True
        ):
            record = {
                "cluster": number,
                "representative": members[0]["id"],
                "size": len(members),
                "members": [
                    {k: v for k, v in m.items() if k not in ("later", *_NOT_IN_MEMBERS)}
                    for m in members
                ],
            }
            lines.append(orjson.dumps(record).decode())
        yield pa.RecordBatch.from_pydict({"cluster": batch["cluster"], "line": pa.array(lines)})


def _write_clusters(target: _Target, clusters: DataFrame) -> None:
    fields = [c for c in clusters.columns if c not in _NOT_IN_MEMBERS]
    # representative first, then by seq: (later, seq) is unique, so sorting never compares the
    # member fields
    order = F.struct((~F.col("is_representative")).alias("later"), "seq", *fields)
    grouped = clusters.groupBy("cluster").agg(F.sort_array(F.collect_list(order)).alias("members"))
    rendered = grouped.orderBy("cluster").mapInArrow(_cluster_task, "cluster long, line string")
    rendered.select("line").write.mode("overwrite").text(target.uri("clusters.jsonl"))
    target.join_parts("clusters.jsonl")


def _statistics(
    read: int,
    clean: DataFrame,
    match: DataFrame,
    clusters: DataFrame,
    sites: DataFrame,
    config: Config,
    spark: SparkSession,
    timings: dict[str, float],
    started: float,
) -> dict[str, Any]:
    """stats.json with the keys and meaning of the local engine's (docs/FORMAT.md)."""
    status_counts = dict.fromkeys(STATUSES, 0)
    for row in match.groupBy("status").count().collect():
        status_counts[row["status"]] = row["count"]
    reasons = match.select(F.explode("reasons").alias("reason")).groupBy("reason").count()
    # Counted per distinct code on the cluster, keyed on the driver by the local `reason_key`.
    removed_lines: dict[str, int] = {}
    for row in (
        clean.select(F.explode("removed.reason").alias("reason"))
        .groupBy("reason")
        .count()
        .collect()
    ):
        key = reason_key(row["reason"])
        removed_lines[key] = removed_lines.get(key, 0) + row["count"]
    sizes = clusters.groupBy("cluster").count().groupBy(F.col("count").alias("size")).count()
    if sum(status_counts.values()) != read:
        raise RuntimeError(f"accounting broken: {status_counts} does not add up to {read} read")
    top_sites = (
        sites.orderBy(F.col("template_lines").desc(), F.col("site").asc()).limit(50).collect()
        if config.clean.templates
        else []
    )
    seconds = time.perf_counter() - started
    return {
        "copydesk_version": __version__,
        "signature_version": SIGNATURE_VERSION,
        "read": read,
        "status": status_counts,
        "reasons": {r["reason"]: r["count"] for r in reasons.orderBy("reason").collect()},
        "removed_lines": dict(sorted(removed_lines.items())),
        "clusters": {
            "count": clusters.select("cluster").distinct().count(),
            "sizes": {str(r["size"]): r["count"] for r in sizes.orderBy("size").collect()},
        },
        "sites": [r.asDict() for r in top_sites],
        "passes": {name: round(value, 3) for name, value in timings.items()},
        "seconds": round(seconds, 3),
        "docs_per_second": round(read / seconds, 1) if seconds > 0 else None,
        "workers": spark.sparkContext.defaultParallelism,
        "config": config.to_dict(),
    }


def _write_report(
    target: _Target, stats: dict[str, Any], docs: DataFrame, output: OutputConfig
) -> None:
    """report.html from the written outputs, with each document's input text beside it."""
    from copydesk.report.html import write_report

    root = Path(target.root)
    originals = docs.select("seq", "text").orderBy("seq").toLocalIterator()

    def documents() -> Iterator[dict[str, Any]]:
        with open(root / "documents.jsonl", "rb") as handle:
            for line, original in zip(handle, originals, strict=True):
                record = orjson.loads(line)
                record["original"] = original["text"]
                yield record

    def clusters() -> Iterator[dict[str, Any]]:
        with open(root / "clusters.jsonl", "rb") as handle:
            for line in handle:
                yield orjson.loads(line)

    write_report(
        root / "report.html",
        stats,
        documents(),
        clusters(),
        max_documents=output.report_documents,
        max_clusters=output.report_clusters,
        max_text_chars=output.report_text_chars,
    )


if __name__ == "__main__":  # spark-submit .../copydesk/engine/spark.py INPUT... --out URI
    from copydesk.cli import app

    app(["run", *sys.argv[1:], "--engine", "spark"])

"""The Python entry points: `run` a corpus, then read what it wrote.

    import copydesk
    result = copydesk.run(["crawl.jsonl.zst"], "out/")
    print(result.stats["status"])
    for doc in result.documents():
        ...

The CLI is a thin layer over this module.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import polars as pl
import pyarrow.parquet as pq

from copydesk import __version__
from copydesk.config import Config, OutputConfig
from copydesk.dedup.sketch import SIGNATURE_VERSION
from copydesk.document import CLEAN_SCHEMA, INPUT_SCHEMA, MATCH_SCHEMA, SCAN_SCHEMA, STATUSES
from copydesk.engine.local import LocalEngine
from copydesk.extras import SPARK_EXTRA, MissingExtraError
from copydesk.io.atomic import atomic_path, remove_temporaries, write_bytes, write_parquet
from copydesk.io.readers import InputUnit, discover, storable_name
from copydesk.passes.write import concatenate_parts, find_record, iter_records, write_part
from copydesk.progress import BarReporter, reporter_for
from copydesk.workspace import Workspace

CLUSTER_ROWS_PER_SLICE = 5_000
"""Rows of the cluster table rendered into clusters.jsonl at a time."""

@dataclass(frozen=True)
class RunResult:
    """What a run produced: its statistics and readers for its outputs."""

    out: Path
    stats: dict[str, Any]

    def documents(self) -> Iterator[dict[str, Any]]:
        """Every output record, in input order (see docs/FORMAT.md)."""
        jsonl = self.out / "documents.jsonl"
        if jsonl.exists():
            with open(jsonl, "rb") as handle:
                for line in handle:
                    yield orjson.loads(line)
            return
        for batch in pq.ParquetFile(self.out / "documents.parquet").iter_batches():
            yield from batch.to_pylist()

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document's output record plus its input text as `original` (what explain shows).

        Needs the run's `_work/` folder; raises KeyError for an id the run did not read.
        """
        return explain(self.out, doc_id)

    def clusters(self) -> Iterator[dict[str, Any]]:
        """Every cluster of copies, representative first."""
        with open(self.out / "clusters.jsonl", "rb") as handle:
            for line in handle:
                yield orjson.loads(line)


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    config: Config | None = None,
    *,
    resume: bool = False,
    progress: bool | None = False,
    engine: str = "local",
) -> RunResult:
    """Clean and deduplicate `inputs` into the folder `out`.

    `resume=True` continues an interrupted run of the same inputs and config from its
    intermediates; otherwise earlier intermediates in `out` are discarded. `progress` shows a
    bar per pass (None: only on a terminal). `engine="spark"` runs the passes as Spark jobs
    (the `copydesk[spark]` extra; see docs/SCALING.md), with byte-identical documents output.
    """
    if isinstance(inputs, str | Path):  # one input, not a sequence of one-letter paths
        inputs = [inputs]
    config = config or Config()
    if not isinstance(config, Config):  # before the output folder is made
        raise TypeError(
            f"config must be a copydesk.Config (Config.from_dict for a dict), not "
            f"{type(config).__name__}"
        )
    if engine == "spark":
        if resume:
            raise ValueError(
                "resume (--resume) is not supported by the Spark engine: Spark retries tasks"
            )
        try:
            from copydesk.engine.spark import run_spark  # optional dependency: import on demand
        except ModuleNotFoundError as error:
            if (error.name or "").partition(".")[0] not in ("pyspark", "py4j"):
                raise  # not the extra: a fault of copydesk's own
            raise MissingExtraError(SPARK_EXTRA) from error

        return RunResult(Path(out), run_spark(inputs, out, config, progress=progress))
    if engine != "local":
        raise ValueError(f"engine must be 'local' or 'spark', not {engine!r}")
    return _run_local(inputs, out, config, resume=resume, progress=progress)


def _run_local(
    inputs: Sequence[str | Path],
    out: str | Path,
    config: Config,
    *,
    resume: bool,
    progress: bool | None,
) -> RunResult:
    """`run` on the local engine: a process pool over shards."""
    workspace = Workspace(Path(out))
    units = discover(inputs, out=workspace.out)
    with workspace.locked():
        return _run_passes(workspace, units, config, resume=resume, progress=progress)


def _run_passes(
    workspace: Workspace,
    units: list[InputUnit],
    config: Config,
    *,
    resume: bool,
    progress: bool | None,
) -> RunResult:
    """The passes of a local run, in an output folder this run holds."""
    # Imported here, not with this module: they bring the cleaner (its rules' patterns are
    # compiled on import), the models and the numba kernels, which reading a finished run
    # (`explain`, `RunResult`) has no use for: `copydesk explain` 5.1 -> 1.5 s on a slow machine.
    from copydesk.passes.batches import match_in_batches
    from copydesk.passes.clean import clean_shard
    from copydesk.passes.ingest import ingest_unit
    from copydesk.passes.scan import scan_shard, templates_by_partition

    _prepare(workspace, units, config, resume)
    reporter = reporter_for(progress)
    engine = LocalEngine(config.engine.resolved_workers(), reporter)
    times = _PassTimes(workspace)  # with the passes of the run this one resumes
    earlier = sum(times.seconds.values())
    started = time.perf_counter()
    try:
        clock = time.perf_counter()
        read_counts = engine.map(
            "read", ingest_unit, [(u, i, workspace, config) for i, u in enumerate(units)]
        )
        times.add("read", time.perf_counter() - clock)
        read = sum(read_counts)
        names = workspace.shard_names()
        # the shard passes run a task per shard, the match pass about one per match batch
        batches = -(-read // config.engine.match_batch_size)
        engine.use_at_most(max(len(names), batches))

        clock = time.perf_counter()
        if config.clean.templates:
            engine.map("scan", scan_shard, [(name, workspace) for name in names])
            scan_files = [workspace.shard("scan", name) for name in names]
            # in a process of its own, like the match pass: what it allocates (polars'
            # aggregations, ~0.4 GB at 1M documents) is not kept by this one for the whole run
            templates, sites = engine.call(
                "templates",
                templates_by_partition,
                scan_files,
                config.clean,
                workspace.work / "scan-partitions",
                preload_next="copydesk.passes.clean",
            )
            write_parquet(workspace.templates, templates.to_arrow())
            write_parquet(workspace.sites, sites.to_arrow())
        times.add("scan", time.perf_counter() - clock)

        clock = time.perf_counter()
        engine.map("clean", clean_shard, [(name, workspace, config) for name in names])
        times.add("clean", time.perf_counter() - clock)

        clock = time.perf_counter()
        if not workspace.clusters_table.exists():
            # fresh workers decide the batches: the clean pass's hold its models and arenas
            # (~0.5 GB each) that the rest of the run has no use for
            engine.renew(preload="copydesk.passes.batches")
            match_in_batches(workspace, config, functools.partial(engine.imap, "match"))
        times.add("match", time.perf_counter() - clock)

        clock = time.perf_counter()
        fmt = config.output.format
        engine.map("write", write_part, [(name, workspace, fmt) for name in names])
        engine.close()  # idle workers would hold ~0.5 GB each while the rest runs here
        concatenate_parts(workspace, fmt)
        _write_clusters_jsonl(workspace)
        times.add("write", time.perf_counter() - clock)
    finally:
        engine.close()
        if isinstance(reporter, BarReporter):
            reporter.close()
    seconds = earlier + time.perf_counter() - started
    stats = _statistics(workspace, config, read, times.seconds, seconds, engine.workers)
    write_bytes(workspace.output("stats.json"), orjson.dumps(stats, option=orjson.OPT_INDENT_2))
    if config.output.report:
        _write_report(workspace, stats, config.output)
    # absolute: the result stays usable after the caller changes the working folder
    return RunResult(workspace.out.absolute(), stats)


class _PassTimes:
    """Seconds per pass, summed over a run and the runs that resumed it.

    A resumed run skips what the interrupted one finished; timed by its own clock alone, a
    resumed 20,000-document run reported 78,000 documents a second. Each pass's time is kept
    in `_work/passes.json` as it ends; a pass interrupted part-way counts from its restart.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.path = workspace.work / "passes.json"
        self.seconds: dict[str, float] = (
            orjson.loads(self.path.read_bytes()) if self.path.exists() else {}
        )

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        write_bytes(self.path, orjson.dumps(self.seconds))


def explain(out: str | Path, doc_id: str) -> dict[str, Any]:
    """The output record of `doc_id` in the run folder `out`, with its original text
    (`original`) and where other records with this id are (`others`: an id recurs where an
    empty or broken fetch came before the page; see `passes.write.find_record`)."""
    workspace = Workspace(Path(out))
    if not workspace.work.exists():
        raise FileNotFoundError(
            f"{workspace.work} is missing: explain needs the intermediates of a run in {out}"
        )
    record = find_record(workspace, doc_id)
    if record is None:
        raise KeyError(f"no document with id {doc_id!r} in {out}")
    return record


def _fingerprint(units: list[InputUnit], config: Config) -> str:
    """What must not change between a run and its resumption: inputs (name, size, mtime),
    config, the columns of the intermediates and the signature scheme."""
    settings = config.to_dict()
    settings["engine"].pop("workers")  # the worker count never changes the output
    files = [_file_state(path) for unit in units for path in (unit.files or (unit.path,))]
    # the intermediates' columns: a resumption by code that writes other shards must start over
    shards = [str(schema) for schema in (INPUT_SCHEMA, SCAN_SCHEMA, CLEAN_SCHEMA, MATCH_SCHEMA)]
    blob = orjson.dumps(
        {
            "version": __version__,
            "signatures": SIGNATURE_VERSION,
            "shards": shards,
            "config": settings,
            "files": files,
        }
    )
    return hashlib.sha256(blob).hexdigest()


def _prepare(workspace: Workspace, units: list[InputUnit], config: Config, resume: bool) -> None:
    remove_temporaries(workspace.out)
    fingerprint = _fingerprint(units, config)
    if resume and workspace.state.exists():
        previous = orjson.loads(workspace.state.read_bytes()).get("fingerprint")
        if previous != fingerprint:
            raise ValueError(
                f"cannot resume in {workspace.out}: the inputs or the config changed since the "
                "interrupted run; run again without --resume to start over"
            )
        return
    workspace.remove_earlier_run()
    workspace.work.mkdir(parents=True)
    write_bytes(workspace.state, orjson.dumps({"fingerprint": fingerprint}))


def _file_state(path: Path) -> tuple[str, int, int]:
    """A file's name (its bytes, as a file system may name a file in any bytes), size and
    modification time; -1 for a file that cannot be read, which becomes an invalid record."""
    name = storable_name(str(path))
    try:
        stat = path.stat()
    except OSError:
        return name, -1, -1
    return name, stat.st_size, stat.st_mtime_ns


def _write_clusters_jsonl(workspace: Workspace) -> None:
    """clusters.jsonl, one line per cluster, streamed: the cluster table is sorted by cluster,
    so a cluster's rows are consecutive and one slice of the table is in memory at a time (read
    whole, it grew with the corpus: ~0.45 KB per document, docs/SCALING.md)."""
    with (
        atomic_path(workspace.output("clusters.jsonl")) as temporary,
        open(temporary, "wb") as handle,
    ):
        carry: pl.DataFrame | None = None  # the last cluster of a slice may go on in the next
        for batch in pq.ParquetFile(workspace.clusters_table).iter_batches(
            batch_size=CLUSTER_ROWS_PER_SLICE
        ):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            if carry is not None:
                frame = pl.concat([carry, frame])
            if frame.is_empty():
                continue
            last = pl.col("cluster") == frame["cluster"][-1]
            _write_cluster_lines(handle, frame.filter(~last))
            carry = frame.filter(last)
        if carry is not None:
            _write_cluster_lines(handle, carry)


def _write_cluster_lines(handle: BinaryIO, frame: pl.DataFrame) -> None:
    """One JSON line per cluster of `frame` (whole clusters, representative first), rendered
    by polars: ~20x faster than grouping and dumping in Python, and the same bytes."""
    clusters = frame.group_by("cluster", maintain_order=True).agg(
        pl.col("representative").first(),
        pl.len().alias("size"),
        pl.struct("id", "similarity", "containment", "spans").alias("members"),
    )
    clusters.write_ndjson(handle)


def _statistics(
    workspace: Workspace,
    config: Config,
    read: int,
    timings: dict[str, float],
    seconds: float,
    workers: int,
) -> dict[str, Any]:
    """stats.json: counts per status and reason, removed lines, clusters, sites, timings, and
    the worker processes the run used."""
    names = workspace.shard_names()
    status_counts = dict.fromkeys(STATUSES, 0)
    reason_counts: dict[str, int] = {}
    if names:
        # lazy and streaming: two columns of the match shards, never all of them at once
        match = pl.scan_parquet([workspace.shard("match", n) for n in names])
        statuses = match.group_by("status").len().collect(engine="streaming")
        for status, count in statuses.iter_rows():
            status_counts[status] = count
        exploded = match.select(pl.col("reasons").explode()).drop_nulls()
        reasons = exploded.group_by("reasons").len().sort("reasons").collect(engine="streaming")
        for reason, count in reasons.iter_rows():
            reason_counts[reason] = count
    removed: dict[str, int] = {}
    for name in names:
        for reason, count in orjson.loads(
            workspace.shard("clean", name, ".removed.json").read_bytes()
        ).items():
            removed[reason] = removed.get(reason, 0) + count
    clusters = pl.read_parquet(workspace.clusters_table)
    sizes = clusters.group_by("cluster").len()["len"].value_counts().sort("len")
    sites = pl.read_parquet(workspace.sites).head(50).to_dicts() if workspace.sites.exists() else []
    if sum(status_counts.values()) != read:
        raise RuntimeError(f"accounting broken: {status_counts} does not add up to {read} read")
    return {
        "copydesk_version": __version__,
        "signature_version": SIGNATURE_VERSION,
        "read": read,
        "status": status_counts,
        "reasons": reason_counts,
        "removed_lines": dict(sorted(removed.items())),
        "clusters": {
            "count": clusters["cluster"].n_unique(),
            "sizes": {str(size): count for size, count in sizes.iter_rows()},
        },
        "sites": sites,
        "passes": {name: round(value, 3) for name, value in timings.items()},
        "seconds": round(seconds, 3),
        "docs_per_second": round(read / seconds, 1) if seconds > 0 else None,
        "workers": workers,
        "config": config.to_dict(),
    }


def _write_report(workspace: Workspace, stats: dict[str, Any], output: OutputConfig) -> None:
    from copydesk.report.html import write_report

    write_report(
        workspace.output("report.html"),
        stats,
        iter_records(workspace),
        RunResult(workspace.out, stats).clusters(),
        max_documents=output.report_documents,
        max_clusters=output.report_clusters,
        max_text_chars=output.report_text_chars,
    )

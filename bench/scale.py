"""Scale benchmark: `copydesk run` on generated corpora of growing size, and what each one costs.

    python bench/scale.py SCRATCH [--sizes 10k,100k,1m] [--engine local|spark] [--workers N]

SCRATCH is a folder outside the repository: the 1M corpus takes 3.6 GB, and one local run on it
7.8 GB of intermediates and 4.4 GB of outputs more (runs are kept, to compare engines). Corpora
are generated once by `corpus_gen.py` and reused. Every size is run as a separate `copydesk run`
process, as a user would run it, and measured from outside:

- wall time, documents/s, and MB/s of input JSONL;
- CPU seconds (user + system) of the whole process tree, sampled with the memory: unlike wall
  time, it hardly moves when other work shares the machine, so it is the figure to judge
  linearity by;
- peak RSS of the *process tree*: a sampler reading /proc sums the resident memory of the run
  and all its worker processes every 0.1 s and keeps the maximum (PSS: a page that workers
  share, such as a library, counts once, as in RAM). This is the number that must fit in RAM;
  the kernel's own `ru_maxrss` (getrusage of children) is reported beside it, but it is the peak
  of the single largest process, not of the tree, and it never sees the JVM of a Spark run
  (pyspark does not wait for it);
- disk used by the intermediates (`_work/`) and by the outputs once the run has finished (nothing
  is deleted during a run, so that is also the peak);
- the seconds of each pass, from the run's stats.json;
- for Spark runs, the shuffle bytes written and the bytes spilled to disk, from its event log;
- the 1-minute load average just before the run: on a shared machine, other work slows a run.

The table ends with the growth of time and memory per 10x documents, which is 10x time and 1x
memory for a pipeline that scales linearly in time and is bounded in memory.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gen import CorpusSpec, generate

REPOSITORY = Path(__file__).resolve().parent.parent


@dataclass
class Measurement:
    """One run's cost, as reported in the table."""

    docs: int
    input_mb: float
    seconds: float
    cpu_seconds: float
    docs_per_s: float
    mb_per_s: float
    peak_tree_rss_mb: float
    max_process_rss_mb: float
    work_mb: float
    output_mb: float
    passes: dict[str, float]
    shuffle_mb: float | None
    spill_mb: float | None
    load_average: float
    command: str


def parse_size(text: str) -> int:
    """`10k`, `100k`, `1m`, or a plain number."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * factor)


def folder_mb(path: Path) -> float:
    """Bytes on disk (allocated blocks, like `du`) under `path`, in MB."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except FileNotFoundError:
                continue  # a temporary file renamed away while walking
    return total / 1e6


def _children(pid: int) -> list[int]:
    """The direct children of `pid`, from /proc (Linux)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue  # the task ended while we looked
    return found


def _rss_and_cpu(pid: int) -> tuple[int, float, int] | None:
    """(resident bytes (proportional share), user + system CPU seconds, start time in clock
    ticks) of one process, from /proc; None when it has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    rss = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    try:
        # Proportional set size: pages shared between the workers (libraries, copy-on-write
        # memory) count once in the sum, as they do in RAM; plain RSS would count them per process.
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                rss = int(line.split()[1]) * 1024
                break
    except OSError:
        pass  # no smaps_rollup (old kernel, or the process ended): keep RSS
    return rss, cpu, int(fields[19])  # starttime: tells a reused pid apart


class TreeSampler:
    """Samples a process and all its descendants: the peak of their summed RSS, and the CPU
    time each one used (its last sample), summed.

    Summing over the tree matters: the local engine runs one worker process per core, and the
    Spark engine a JVM plus Python workers; any single process's RSS understates what the run
    needs. CPU time is sampled too because getrusage only counts children that were waited for,
    and the JVM that pyspark starts never is. Reads /proc directly (Linux), so the benchmark
    needs nothing beyond copydesk's own dependencies.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.root = pid
        self.interval = interval
        self.peak = 0
        self._cpu: dict[tuple[int, int], float] = {}  # (pid, start time) -> CPU seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu_seconds(self) -> float:
        """User + system seconds of every process seen (a process living less than one
        sampling interval is missed)."""
        return sum(self._cpu.values())

    def _tree(self) -> list[int]:
        pids, index = [self.root], 0
        while index < len(pids):
            pids.extend(_children(pids[index]))
            index += 1
        return pids

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                sample = _rss_and_cpu(pid)
                if sample is None:
                    continue
                rss, cpu, started = sample
                total += rss
                self._cpu[(pid, started)] = cpu
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)


def spark_shuffle(event_log: Path) -> tuple[float, float]:
    """(shuffle MB written, MB spilled to disk) summed over the tasks of a Spark event log."""
    shuffle = spilled = 0
    for path in event_log.iterdir():
        with open(path, "rb") as handle:
            for line in handle:
                if b'"SparkListenerTaskEnd"' not in line:
                    continue
                metrics = orjson.loads(line).get("Task Metrics") or {}
                shuffle += metrics.get("Shuffle Write Metrics", {}).get("Shuffle Bytes Written", 0)
                spilled += metrics.get("Disk Bytes Spilled", 0)
    return round(shuffle / 1e6, 1), round(spilled / 1e6, 1)


def measure(
    corpus: list[Path],
    out: Path,
    docs: int,
    copydesk: str,
    extra: list[str],
    event_log: Path | None = None,
) -> Measurement:
    """Run `copydesk run` once on `corpus` and measure it from outside.

    With `event_log` (Spark runs), Spark writes its event log there, and the shuffle and spill
    volumes are read from it: they are what sizes a cluster's disks and network.
    """
    command = [copydesk, "run", *map(str, corpus), "--out", str(out), "--no-report", "-q", *extra]
    environment = dict(os.environ)
    if event_log is not None:
        shutil.rmtree(event_log, ignore_errors=True)
        event_log.mkdir(parents=True)
        environment["PYSPARK_SUBMIT_ARGS"] = (
            f"--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://{event_log} "
            "pyspark-shell"
        )
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    load = os.getloadavg()[0]  # other work on the machine slows the run: say how much there was
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment)
    with TreeSampler(process.pid) as sampler:
        code = process.wait()
    seconds = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"copydesk run failed with exit code {code}: {' '.join(command)}")
    max_rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    stats = orjson.loads((out / "stats.json").read_bytes())
    if stats["read"] != docs:
        raise SystemExit(f"expected {docs} documents, the run read {stats['read']}")
    input_mb = sum(p.stat().st_size for p in corpus) / 1e6
    work_mb = folder_mb(out / "_work")
    shuffle_mb, spill_mb = spark_shuffle(event_log) if event_log is not None else (None, None)
    return Measurement(
        docs=docs,
        input_mb=round(input_mb, 1),
        seconds=round(seconds, 2),
        cpu_seconds=round(sampler.cpu_seconds, 1),
        docs_per_s=round(docs / seconds, 1),
        mb_per_s=round(input_mb / seconds, 2),
        peak_tree_rss_mb=round(sampler.peak / 1e6, 1),
        # ru_maxrss only grows, so an earlier, larger run masks a smaller one: NaN says so.
        max_process_rss_mb=round(max_rss_kb / 1e3, 1) if max_rss_kb > before else float("nan"),
        work_mb=round(work_mb, 1),
        output_mb=round(folder_mb(out) - work_mb, 1),
        passes=stats["passes"],
        shuffle_mb=shuffle_mb,
        spill_mb=spill_mb,
        load_average=round(load, 2),
        command=" ".join(command),
    )


def compare(out: Path, other: Path) -> str:
    """Whether two runs wrote the same documents.jsonl, byte for byte."""
    mine, theirs = out / "documents.jsonl", other / "documents.jsonl"
    if not theirs.exists():
        return f"compare: no {theirs} to compare with; run the other engine first"
    with open(mine, "rb") as a, open(theirs, "rb") as b:
        while True:
            chunk_a, chunk_b = a.read(1 << 24), b.read(1 << 24)
            if chunk_a != chunk_b:
                raise SystemExit(f"compare: {mine} and {theirs} DIFFER")
            if not chunk_a:
                return f"compare: {mine} and {theirs} are identical ({mine.stat().st_size:,} bytes)"


def table(results: list[Measurement]) -> str:
    """A Markdown table of the measurements, with growth per 10x documents."""
    lines = [
        "| documents | input MB | wall s | CPU s | docs/s | MB/s | peak RSS, tree (MB) | "
        "max RSS, one process (MB) | _work MB | outputs MB | shuffle / spill MB | passes (s) | "
        "load before |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for r in results:
        passes = ", ".join(f"{k} {v:.1f}" for k, v in r.passes.items())
        shuffle = "-" if r.shuffle_mb is None else f"{r.shuffle_mb:,.0f} / {r.spill_mb:,.0f}"
        lines.append(
            f"| {r.docs:,} | {r.input_mb:,.0f} | {r.seconds:,.1f} | {r.cpu_seconds:,.0f} | "
            f"{r.docs_per_s:,.0f} | "
            f"{r.mb_per_s:.1f} | {r.peak_tree_rss_mb:,.0f} | {r.max_process_rss_mb:,.0f} | "
            f"{r.work_mb:,.0f} | {r.output_mb:,.0f} | {shuffle} | {passes} | "
            f"{r.load_average:.1f} |"
        )
    for small, large in itertools.pairwise(results):
        factor = large.docs / small.docs
        lines.append(
            f"\n{small.docs:,} -> {large.docs:,} documents (x{factor:g}): wall time "
            f"x{large.seconds / small.seconds:.2f}, CPU time "
            f"x{large.cpu_seconds / small.cpu_seconds:.2f}, peak tree RSS "
            f"x{large.peak_tree_rss_mb / small.peak_tree_rss_mb:.2f}, _work "
            f"x{large.work_mb / small.work_mb:.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scratch", type=Path, help="folder for corpora and runs (not the repo)")
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated, e.g. 10k,100k,1m")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engine", choices=["local", "spark"], default="local")
    parser.add_argument("--workers", type=int, help="passed to copydesk run --workers")
    parser.add_argument("--zstd", action="store_true", help="benchmark .jsonl.zst inputs")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="check that documents.jsonl equals, byte for byte, the one of an earlier run of the "
        "other engine on the same size (SCRATCH/out-SIZE-local or -spark)",
    )
    parser.add_argument(
        "--copydesk",
        default=str(Path(sys.executable).parent / "copydesk"),
        help="the copydesk executable (default: the one beside this Python)",
    )
    args = parser.parse_args()
    scratch = args.scratch.resolve()
    if scratch.is_relative_to(REPOSITORY):
        raise SystemExit(f"{scratch} is inside the repository; give a scratch folder outside it")
    extra = ["--engine", args.engine] if args.engine != "local" else []
    if args.workers:
        extra += ["--workers", str(args.workers)]
    results = []
    for size in [parse_size(s) for s in args.sizes.split(",")]:
        label = f"{size // 1000}k" if size < 1_000_000 else f"{size / 1e6:g}m"
        clock = time.perf_counter()
        corpus = generate(
            scratch / f"corpus-{label}{'-zst' if args.zstd else ''}",
            CorpusSpec(size, args.seed),
            compress=args.zstd,
        )
        print(f"corpus {label}: ready in {time.perf_counter() - clock:.0f} s", flush=True)
        out = scratch / f"out-{label}-{args.engine}"
        event_log = scratch / f"eventlog-{label}" if args.engine == "spark" else None
        result = measure(corpus, out, size, args.copydesk, extra, event_log)
        print(orjson.dumps(asdict(result)).decode(), flush=True)
        if args.compare:
            other = "spark" if args.engine == "local" else "local"
            print(compare(out, scratch / f"out-{label}-{other}"), flush=True)
        results.append(result)
    report = table(results)
    print(report)
    results_file = scratch / f"scale-{args.engine}.json"
    results_file.write_bytes(orjson.dumps([asdict(r) for r in results], option=orjson.OPT_INDENT_2))
    print(f"\nmeasurements: {results_file}")


if __name__ == "__main__":
    main()

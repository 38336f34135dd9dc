"""Crash safety: `kill -9` anywhere, then `--resume` gives the bytes of an uninterrupted run.

The run is a real `copydesk run` process, killed with SIGKILL by the fault hook of
`copydesk.faults` at named points in every pass (after a shard is complete, or with a file
written but not yet renamed). After each kill, every file that exists under its final name must
be byte-identical to the same file of an uninterrupted run (a half-written file never appears
under its final name), and `copydesk run --resume` must finish with documents.jsonl and
clusters.jsonl byte-identical to the uninterrupted run's.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

import copydesk
from copydesk.config import Config
from copydesk.dedup.sketch import SIGNATURE_VERSION
from copydesk.io.atomic import TEMPORARY_SUFFIX, atomic_path, remove_temporaries, write_bytes

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo" / "corpus.jsonl"
CONFIG_TOML = """
[engine]
batch_size = 8
workers = {workers}

[output]
report = false
"""
TIMINGS = ("passes", "seconds", "docs_per_second")
PASS_TIMES = "_work/passes.json"  # each finished pass's seconds, summed over resumptions


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The demo corpus as two inputs (one gzipped): 6 shards of 8 documents."""
    folder = tmp_path_factory.mktemp("inputs")
    lines = DEMO.read_bytes().splitlines(keepends=True)
    first, second = folder / "a.jsonl", folder / "b.jsonl.gz"
    first.write_bytes(b"".join(lines[:22]))
    second.write_bytes(gzip.compress(b"".join(lines[22:]), mtime=0))
    return [first, second]


def config_file(folder: Path, workers: int) -> Path:
    path = folder / f"config-{workers}.toml"
    path.write_text(CONFIG_TOML.format(workers=workers))
    return path


@pytest.fixture(scope="module")
def baseline(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An uninterrupted run with the same inputs and config."""
    folder = tmp_path_factory.mktemp("baseline")
    config = Config.from_toml(config_file(folder, 1))
    copydesk.run(inputs, folder / "out", config)
    return folder / "out"


def copydesk_run(
    inputs: list[Path], out: Path, config: Path, *extra: str, crash: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_CRASH_")}
    environment.update(crash or {})
    command = [sys.executable, "-c", "from copydesk.cli import app; app()", "run"]
    return subprocess.run(
        [*command, *map(str, inputs), "--out", str(out), "--config", str(config), "-q", *extra],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # its own process group, which a kill takes down whole
    )


def files(out: Path) -> dict[str, Path]:
    return {str(p.relative_to(out)): p for p in sorted(out.rglob("*")) if p.is_file()}


def stats_without_timings(path: Path) -> dict[str, Any]:
    """stats.json less what may differ between equal runs: timings and the worker count."""
    stats = orjson.loads(path.read_bytes())
    stats["config"]["engine"].pop("workers")
    return {k: v for k, v in stats.items() if k not in (*TIMINGS, "workers")}


def assert_complete_or_absent(out: Path, baseline: Path) -> None:
    """Every file under its final name is exactly the uninterrupted run's file."""
    reference = files(baseline)
    for name, path in files(out).items():
        if path.name.endswith(TEMPORARY_SUFFIX):
            continue
        assert name in reference, f"{name} is not a file of a complete run"
        if name == "stats.json":
            assert stats_without_timings(path) == stats_without_timings(reference[name])
        elif name == PASS_TIMES:  # seconds per finished pass: the passes, not their times
            assert orjson.loads(path.read_bytes()).keys() <= orjson.loads(
                reference[name].read_bytes()
            ).keys()
        else:
            assert path.read_bytes() == reference[name].read_bytes(), f"{name} is incomplete"


def assert_killed_where_asked(out: Path, baseline: Path, name: str, moment: str) -> None:
    """The kill happened at the named write: its file (or a file in its folder) is complete
    after it, and only a temporary exists during it."""
    reference = files(baseline)
    final = [n for n in reference if n == name or Path(n).name == name]
    temporaries = [
        p
        for p in out.rglob(f"*{TEMPORARY_SUFFIX}")  # ".<final name>.<pid><suffix>"
        if name in (p.parent.name, p.name[1:].rsplit(".", 2)[0])
    ]
    if moment == "after":
        # Another worker may have been killed mid-write (workers die with the run), but never
        # while writing the file that was already complete.
        for temporary in temporaries:
            assert not (temporary.parent / temporary.name[1:].rsplit(".", 2)[0]).exists()
        assert any((out / n).exists() for n in final) or (out / "_work" / name).is_dir()
        return
    [temporary] = temporaries
    if final:  # a named file: not there, and its temporary holds all of its bytes, fsynced
        [target] = final
        assert not (out / target).exists()
        if name != "stats.json":
            assert temporary.read_bytes() == reference[target].read_bytes()


def crash_then_resume(
    inputs: list[Path], baseline: Path, folder: Path, points: list[str], workers: int = 1
) -> None:
    """Kill a run at each point in turn (each kill while resuming from the previous one), check
    what every kill left, then resume to the end and compare with `baseline`.

    A point is "<file or shard folder>:<n>:<after|during>": the n-th write there, counted in
    the killed process (see copydesk.faults).
    """
    out, config = folder / "out", config_file(folder, workers)
    for index, point in enumerate(points):
        name, count, moment = point.split(":")
        crash = {f"COPYDESK_CRASH_{moment.upper()}": f"{name}:{count}"}
        killed = copydesk_run(inputs, out, config, *(["--resume"] if index else []), crash=crash)
        assert killed.returncode == -signal.SIGKILL, f"{point} not reached: {killed.stderr}"
        assert_complete_or_absent(out, baseline)
        assert_killed_where_asked(out, baseline, name, moment)
    finished = copydesk_run(inputs, out, config, "--resume")
    assert finished.returncode == 0, finished.stderr
    for name in ("documents.jsonl", "clusters.jsonl"):
        assert (out / name).read_bytes() == (baseline / name).read_bytes(), name
    assert stats_without_timings(out / "stats.json") == stats_without_timings(
        baseline / "stats.json"
    )
    assert not list(out.rglob(f"*{TEMPORARY_SUFFIX}")), "temporaries left behind"


@pytest.mark.slow
def test_kills_in_the_read_and_scan_passes(
    inputs: list[Path], baseline: Path, tmp_path: Path
) -> None:
    points = [
        "input:1:after",  # the first shard of unit 0
        "input:3:during",  # its third shard, written but not renamed
        "input:4:after",  # unit 0's .done marker, before unit 1 starts
        "scan:2:after",
        "templates.parquet:1:after",
        "sites.parquet:1:during",
    ]
    crash_then_resume(inputs, baseline, tmp_path, points)


@pytest.mark.slow
def test_kills_in_the_clean_match_and_write_passes(
    inputs: list[Path], baseline: Path, tmp_path: Path
) -> None:
    points = [
        "clean:1:after",  # a shard's removed-line counts, before the shard itself
        "clean:4:during",
        "match:2:after",
        "clusters.parquet:1:after",  # the match pass is complete
        "parts:2:after",
        "documents.jsonl:1:during",
        "clusters.jsonl:1:after",
        "stats.json:1:during",
    ]
    crash_then_resume(inputs, baseline, tmp_path, points)


@pytest.mark.slow
def test_kills_inside_worker_processes(inputs: list[Path], baseline: Path, tmp_path: Path) -> None:
    """With a process pool, the worker that reaches the point takes the whole run down."""
    crash_then_resume(inputs, baseline, tmp_path, ["clean:2:after"], workers=2)


def test_resume_of_a_finished_run_changes_nothing(baseline: Path, inputs: list[Path]) -> None:
    before = {name: path.read_bytes() for name, path in files(baseline).items()}
    config = Config.from_toml(config_file(baseline.parent, 1))
    copydesk.run(inputs, baseline, config, resume=True)
    after = {name: path.read_bytes() for name, path in files(baseline).items()}
    assert before.keys() == after.keys()
    assert {n for n in before if before[n] != after[n]} <= {"stats.json", PASS_TIMES}  # timings


def test_a_resumed_run_counts_the_time_of_the_passes_it_resumes(
    inputs: list[Path], tmp_path: Path
) -> None:
    out, config = tmp_path / "out", config_file(tmp_path, 1)
    killed = copydesk_run(inputs, out, config, crash={"COPYDESK_CRASH_AFTER": "clean:1"})
    assert killed.returncode == -signal.SIGKILL
    earlier = orjson.loads((out / PASS_TIMES).read_bytes())
    assert {"read", "scan"} <= earlier.keys() and "clean" not in earlier
    stats = copydesk.run(inputs, out, Config.from_toml(config), resume=True).stats
    for name, seconds in earlier.items():  # what the killed run spent, and more (stats.json
        assert stats["passes"][name] >= seconds - 0.001  # rounds to milliseconds)
    assert stats["seconds"] >= sum(earlier.values()) - 0.001
    assert abs(stats["docs_per_second"] - stats["read"] / stats["seconds"]) < 1


def test_resume_refuses_changed_inputs_or_config(
    inputs: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = [tmp_path / path.name for path in inputs]  # a copy whose files this test may touch
    for source, copy in zip(inputs, own, strict=True):
        copy.write_bytes(source.read_bytes())
    out, config = tmp_path / "out", config_file(tmp_path, 1)
    killed = copydesk_run(own, out, config, crash={"COPYDESK_CRASH_AFTER": "clean:1"})
    assert killed.returncode == -signal.SIGKILL
    changed = Config.from_toml(config).replace("dedup", jaccard_threshold=0.7)
    with pytest.raises(ValueError, match="cannot resume"):
        copydesk.run(own, out, changed, resume=True)
    # code that hashes shingles otherwise: the signatures in the clean shards would not compare
    monkeypatch.setattr("copydesk.api.SIGNATURE_VERSION", SIGNATURE_VERSION + 1)
    with pytest.raises(ValueError, match="cannot resume"):
        copydesk.run(own, out, Config.from_toml(config), resume=True)
    monkeypatch.undo()
    os.utime(own[0], ns=(0, 0))  # another modification time: the input may have changed
    with pytest.raises(ValueError, match="cannot resume"):
        copydesk.run(own, out, Config.from_toml(config), resume=True)


def test_a_run_starts_over_where_a_killed_spark_run_left_its_part_files(
    inputs: list[Path], baseline: Path, tmp_path: Path
) -> None:
    # The Spark engine writes documents.jsonl as a folder of part files and joins them into the
    # file at the end; killed before that, it leaves the folder, and the local engine must
    # start over as it does after its own kill (it stopped at the folder, with `_work/` gone).
    out = tmp_path / "out"
    (out / "documents.jsonl").mkdir(parents=True)
    (out / "documents.jsonl" / "part-00000").write_bytes(b'{"id": "half"}\n')
    (out / "_work" / "match").mkdir(parents=True)
    (out / "_work" / "state.json").write_bytes(b'{"fingerprint": "spark"}')
    (out / "notes.txt").write_bytes(b"the user's own")
    done = copydesk_run(inputs, out, config_file(tmp_path, 1))
    assert done.returncode == 0, done.stderr
    for name in ("documents.jsonl", "clusters.jsonl"):
        assert (out / name).read_bytes() == (baseline / name).read_bytes()
    assert (out / "notes.txt").read_bytes() == b"the user's own"


# --- the atomic-write helpers themselves -----------------------------------------------------


def test_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    write_bytes(target, b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_bytes(b"half of the new")
        raise RuntimeError("killed mid-way")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["result.json"]


def test_remove_temporaries_touches_only_its_own_names(tmp_path: Path) -> None:
    out = tmp_path / "out"
    own = [
        out / f".documents.jsonl.7{TEMPORARY_SUFFIX}",
        out / "_work" / "clean" / f".x.1{TEMPORARY_SUFFIX}",
    ]
    users = [
        out / ".hidden.tmp",
        out / "notes" / f".mine{TEMPORARY_SUFFIX}",
        out / "documents.jsonl",
    ]
    for path in own + users:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    remove_temporaries(out)
    assert [p.exists() for p in own] == [False, False]
    assert all(p.exists() for p in users)


# --- no orphans ------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_the_main_process_takes_its_workers_down(tmp_path: Path) -> None:
    """`kill -9 <pid>` of the run alone (not its process group) must not leave pool workers."""
    lines = DEMO.read_bytes().splitlines()
    corpus = tmp_path / "big.jsonl"
    with corpus.open("wb") as handle:
        for copy in range(400):  # ~18k documents: long enough to catch the pool at work
            for line in lines:
                record = orjson.loads(line)
                record["id"] = f"{record['id']}-{copy}"
                handle.write(orjson.dumps(record) + b"\n")
    config = config_file(tmp_path, 2)
    command = [sys.executable, "-c", "from copydesk.cli import app; app()", "run"]
    run = subprocess.Popen(
        [*command, str(corpus), "--out", str(tmp_path / "out"), "--config", str(config), "-q"],
        start_new_session=True,
    )
    try:
        workers: list[int] = []
        for _ in range(1200):  # up to a minute on a loaded machine
            workers = [p for p in _children(run.pid) if "spawn_main" in _cmdline(p)]
            if len(workers) == 2 or run.poll() is not None:
                break
            time.sleep(0.05)
        assert len(workers) == 2, "the run ended before its pool started"
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=10)
        deadline = time.monotonic() + 30
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in workers if _alive(p)], "pool workers outlived their run"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""

"""Input formats, output formats and the command line, end to end on small corpora."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from typer.testing import CliRunner

import copydesk
from copydesk.cli import app
from copydesk.config import Config

STORY = (
    "Connect with us\n"
    "The regional council approved the new flood barrier on Tuesday after a two-year debate "
    "over its cost and route along the river.\n"
    "Engineers expect construction to start in the spring and to last eighteen months, "
    "the council said in a statement.\n"
    "Share on Facebook"
)
OTHER = (
    "Snow closed three mountain passes overnight and forecasters warned of more to come "
    "as temperatures fell well below freezing across the north of the region."
)
RECORDS = [
    {"id": "orig", "text": STORY, "source": "wire.example", "date": "2026-02-01"},
    {
        "id": "copy",
        "text": STORY.replace("Tuesday", "Tuesday evening"),
        "date": "2026-02-02",
        "url": "https://www.paper.example/2026/barrier",
    },
    {"id": "snow", "text": OTHER, "source": "paper.example"},
]
QUIET = Config().replace("output", report=False)


def _check(result: copydesk.RunResult) -> None:
    docs = {d["id"]: d for d in result.documents()}
    assert set(docs) == {"orig", "copy", "snow"}
    assert docs["copy"]["status"] == "duplicate"
    assert docs["copy"]["duplicate_of"] == "orig"
    assert docs["orig"]["status"] == docs["snow"]["status"] == "kept"
    assert "Connect with us" not in docs["orig"]["text"]


def test_jsonl_gz_and_zst_inputs(tmp_path: Path) -> None:
    lines = b"".join(orjson.dumps(r) + b"\n" for r in RECORDS)
    gz = tmp_path / "in.jsonl.gz"
    gz.write_bytes(gzip.compress(lines))
    zst = tmp_path / "in.jsonl.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress(lines))
    for path in (gz, zst):
        _check(copydesk.run([path], tmp_path / f"out-{path.suffix}", QUIET))


def test_parquet_in_and_out(tmp_path: Path) -> None:
    table = pa.Table.from_pylist(RECORDS)
    pq.write_table(table, tmp_path / "in.parquet")
    config = QUIET.replace("output", format="parquet")
    result = copydesk.run([tmp_path / "in.parquet"], tmp_path / "out", config)
    _check(result)
    assert not (tmp_path / "out" / "documents.jsonl").exists()
    assert pq.read_table(tmp_path / "out" / "documents.parquet").column_names[:3] == [
        "id",
        "status",
        "reasons",
    ]


def test_txt_folder_ids_are_relative_paths(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    (folder / "2026" / "feb").mkdir(parents=True)
    (folder / "2026" / "feb" / "barrier.txt").write_text(STORY, encoding="utf-8")
    (folder / "snow.txt").write_text(OTHER, encoding="utf-8")
    result = copydesk.run([folder], tmp_path / "out", QUIET)
    assert [d["id"] for d in result.documents()] == ["2026/feb/barrier", "snow"]


def test_an_output_folder_never_touches_the_inputs(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    source = folder / "documents.jsonl"  # named like the run's own output file
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in RECORDS))
    before = source.read_bytes()
    result = CliRunner().invoke(app, ["run", str(source), "--out", str(folder), "-w", "1"])
    assert result.exit_code == 2
    assert "one of the outputs the run writes" in " ".join(result.output.split())
    assert source.read_bytes() == before  # refused before anything was deleted
    source.rename(folder / "crawl.jsonl")
    # An output folder inside the input folder, or the input folder itself: the run's own
    # outputs are not read back by the next run into it; the inputs beside them are.
    same = tmp_path / "same"
    same.mkdir()
    (same / "crawl.jsonl").write_bytes(before)
    for inputs, out in ((folder, folder / "out"), (same, same)):
        for _ in range(2):
            _check(copydesk.run([inputs], out, QUIET))
    # Inputs below the output folder that are not its outputs: `copydesk run crawl --out .`
    _check(copydesk.run([same / "crawl.jsonl"], tmp_path, QUIET))


def test_an_earlier_runs_output_in_an_input_folder_is_not_read(tmp_path: Path) -> None:
    # `copydesk run crawl --out crawl`, then `copydesk run crawl --out run2`: the first run's
    # documents, shards and report lie in the crawl now, and must not claim its ids
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "crawl.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in RECORDS))
    copydesk.run([folder], folder, QUIET)
    copydesk.run([folder], folder / "older", QUIET)
    assert (folder / "_work" / "input").is_dir() and (folder / "documents.jsonl").is_file()
    _check(copydesk.run([folder], tmp_path / "run2", QUIET))
    # a folder that merely holds such names, with no run's _work/ beside them, is read
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "documents.jsonl").write_bytes((folder / "crawl.jsonl").read_bytes())
    _check(copydesk.run([tmp_path / "other"], tmp_path / "run3", QUIET))


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "snow.txt").write_text(OTHER, encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(STORY, encoding="utf-8")  # a Latin-1 name
    docs = list(copydesk.run([folder], tmp_path / "out", QUIET).documents())
    assert [(d["id"], d["status"]) for d in docs] == [("caf\\xe9", "kept"), ("snow", "kept")]


def test_cli_run_prints_a_summary_and_writes_outputs(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    config = tmp_path / "c.toml"
    config.write_text("[dedup]\njaccard_threshold = 0.5\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["run", str(source), "--out", str(out), "--config", str(config), "-w", "1", "--no-report"],
    )
    assert result.exit_code == 0, result.output
    assert "duplicate" in result.output
    assert "docs/s in one process" in result.output
    assert "report.html" not in result.output  # --no-report: none written, none listed
    assert f"{out}/documents.jsonl" in result.output.replace("\n", "")  # the file, by name
    assert not (out / "report.html").exists()
    stats = json.loads((out / "stats.json").read_text())
    assert stats["status"] == {"kept": 2, "duplicate": 1, "filtered": 0, "invalid": 0}
    assert stats["config"]["dedup"]["jaccard_threshold"] == 0.5
    assert len((out / "clusters.jsonl").read_text().splitlines()) == 1


def test_cli_dedup_only_finds_copies_and_leaves_the_text_alone(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    out = tmp_path / "out"
    args = ["run", str(source), "--out", str(out), "--dedup-only", "--no-report", "-w", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    docs = {d["id"]: d for d in copydesk.RunResult(out, {}).documents()}
    assert docs["copy"]["duplicate_of"] == "orig"  # copies are found as in a full run
    assert docs["orig"]["text"] == STORY  # chrome lines and all: nothing is cleaned
    assert docs["orig"]["removed"] == [] and docs["orig"]["language"] is None
    stats = json.loads((out / "stats.json").read_text())
    assert stats["config"]["clean"]["rules"] is False
    assert stats["config"]["quality"]["enabled"] is False
    # [filters] read the quality signals that --dedup-only turns off: a clear error
    config = tmp_path / "c.toml"
    config.write_text("[filters]\nmin_words = 50\n")
    refused = CliRunner().invoke(app, [*args[:4], "--config", str(config), "--dedup-only"])
    assert refused.exit_code == 2
    message = " ".join(refused.output.split())
    assert "dedup_only (--dedup-only) turns off the quality signals" in message


def _modules_loaded_by(cli_calls: str, prefixes: tuple[str, ...]) -> str:
    """The modules named by `prefixes` that a fresh interpreter has loaded after `cli_calls`
    (lines of Python with `CliRunner` and `app` at hand), as the list it prints."""
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from copydesk.cli import app\n"
        f"{cli_calls}"
        f"print(sorted(m for m in sys.modules if m.startswith({prefixes!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_cli_help_and_version_answer_without_loading_the_pipeline() -> None:
    """`copydesk --help` and `--version` import the command line only: the pipeline (numba,
    polars, the rules' patterns) took ~1.3 s to import before they could answer."""
    calls = (
        "for args in (['--help'], ['--version'], ['run', '--help']):\n"
        "    assert CliRunner().invoke(app, args).exit_code == 0, args\n"
    )
    assert _modules_loaded_by(calls, ("copydesk.api", "numba", "polars")) == "[]"
    assert copydesk.run is copydesk.api.run  # the API is still there on first use


def test_text_input_needs_none_of_the_html_extra(tmp_path: Path) -> None:
    """The core install reads text without trafilatura, FastWARC or brotli (the `html` extra):
    a module-level import of brotli for WARC bodies once broke `./scripts/demo`."""
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    probe = (
        "import sys\n"
        "for name in ('trafilatura', 'fastwarc', 'brotli', 'htmldate', 'resiliparse', 'warcio'):\n"
        "    sys.modules[name] = None  # importing it raises ImportError\n"
        "import copydesk.api\n"
        "from copydesk.config import InputConfig\n"
        "from copydesk.io.readers import discover, read_unit\n"
        f"(unit,) = discover([{str(source)!r}])\n"
        "print(sum(t.num_rows for t in read_unit(unit, 0, 100, InputConfig())))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(len(RECORDS))


def test_cli_reports_bad_config_clearly(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(RECORDS[0]) + "\n")
    config = tmp_path / "c.toml"
    config.write_text("[dedup]\nthreshold = 0.5\n")
    result = CliRunner().invoke(
        app, ["run", str(source), "--out", str(tmp_path / "o"), "--config", str(config)]
    )
    assert result.exit_code == 2
    assert "unknown key(s) in [dedup]: threshold" in result.output


def test_cli_reports_config_values_of_the_wrong_type(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(RECORDS[0]) + "\n")
    config = tmp_path / "c.toml"
    for toml, message in (
        ('[clean]\nmodel = "no"\n', "clean.model must be true or false, not 'no'"),
        ('[engine]\nworkers = "2"\n', "engine.workers must be a whole number, not '2'"),
        ("[dedup]\njaccard_threshold = 1.7\n", "dedup.jaccard_threshold must lie between 0 and 1"),
        ('[dedup]\nrepresentative = "id"\n', "dedup.representative must be a list of strings"),
        ("clean = 3\n", "clean must be a [clean] table"),
    ):
        config.write_text(toml)
        result = CliRunner().invoke(
            app, ["run", str(source), "--out", str(tmp_path / "o"), "--config", str(config)]
        )
        assert result.exit_code == 2, toml
        assert message in " ".join(result.output.split()), toml


def test_cli_names_a_missing_extra_and_says_how_to_go_on_after_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(RECORDS[0]) + "\n")
    args = ["run", str(source), "--out", str(tmp_path / "o")]
    monkeypatch.delitem(sys.modules, "copydesk.engine.spark", raising=False)
    for name in [m for m in sys.modules if m.startswith("pyspark.")]:  # an earlier Spark test's
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyspark", None)  # as without the spark extra
    result = CliRunner().invoke(app, [*args, "--engine", "spark"])
    assert result.exit_code == 2
    assert "pip install 'copydesk[spark]'" in result.output
    assert "Traceback" not in result.output

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(copydesk.api, "run", interrupted)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 130
    assert "--resume" in result.output


def test_cli_says_what_failed_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(RECORDS[0]) + "\n")
    pipe = tmp_path / "feed.jsonl"
    os.mkfifo(pipe)
    result = CliRunner().invoke(app, ["run", str(pipe), "--out", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "is not a regular file or folder" in " ".join(result.output.split())

    out = tmp_path / "o"
    (out / "_work").mkdir(parents=True)  # what a run stopped by the full disk kept

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(copydesk.api, "run", disk_full)
    result = CliRunner().invoke(app, ["run", str(source), "--out", str(out)])
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "No space left on device" in output
    assert "add --resume" in output
    assert "Traceback" not in result.output


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_runs(
    tmp_path: Path,
) -> None:
    import fcntl

    from copydesk.workspace import LOCK_FILE

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    out = tmp_path / "out"
    first = copydesk.run([source], out, QUIET)
    before = (out / "documents.jsonl").read_bytes()
    with open(out / LOCK_FILE, "ab") as held:  # as the first run holds it while it runs
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ValueError, match="another copydesk run is writing to"):
            copydesk.run([source], out, QUIET)
        assert (out / "documents.jsonl").read_bytes() == before  # nothing of it deleted
        assert (out / "_work").is_dir()
    # the lock ends with its holder, also a killed one: nothing stale stops the next run
    assert copydesk.run([source], out, QUIET).stats["read"] == first.stats["read"]


def test_the_api_refuses_a_dict_for_config_and_its_result_outlives_a_chdir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match=r"Config\.from_dict"):
        copydesk.run([source], "out", {"engine": {"workers": 1}})  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()  # refused before the output folder was made
    result = copydesk.run([source], "out", QUIET)
    monkeypatch.chdir("/")
    assert len(list(result.documents())) == len(RECORDS)
    assert {"run", "Config", "RunResult"} <= set(dir(copydesk))  # completion in notebooks


def test_one_input_may_be_given_without_a_list(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    _check(copydesk.run(str(source), tmp_path / "out", QUIET))


def test_cli_rejects_unknown_input_kinds(tmp_path: Path) -> None:
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"PK")
    result = CliRunner().invoke(app, ["run", str(bad), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "cannot read" in result.output


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The output folder of a run of `RECORDS`, which the `explain` tests read."""
    folder = tmp_path_factory.mktemp("finished")
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    copydesk.run([source], folder / "out", QUIET)
    return str(folder / "out")


def test_explain_shows_removed_lines_with_reasons(finished_run: str) -> None:
    result = CliRunner().invoke(app, ["explain", "orig", "--out", finished_run])
    assert result.exit_code == 0, result.output
    assert "- [boilerplate:social] Connect with us" in result.output
    assert "  The regional council approved" in result.output
    missing = CliRunner().invoke(app, ["explain", "nope", "--out", finished_run])
    assert missing.exit_code == 2
    assert "no document with id 'nope'" in missing.output


def test_explain_reads_a_finished_run_without_loading_the_cleaner(finished_run: str) -> None:
    """Reading a run (`copydesk explain`, `RunResult`) needs none of the passes: importing the
    cleaner (its rules' patterns, models and numba kernels) made `explain` take 5.1 s instead
    of 1.5 s on a slow machine."""
    calls = (
        f"shown = CliRunner().invoke(app, ['explain', 'orig', '--out', {finished_run!r}])\n"
        "assert shown.exit_code == 0, shown.output\n"
        "assert '[boilerplate:social] Connect with us' in shown.output, shown.output\n"
    )
    cleaner = ("copydesk.clean", "copydesk.passes.clean")
    assert _modules_loaded_by(calls, cleaner) == "[]"


def _fail_on(task: int) -> int:
    if task == 2:
        raise KeyboardInterrupt
    return task


def test_a_pass_stopped_part_way_is_not_reported_done(capsys: pytest.CaptureFixture[str]) -> None:
    from copydesk.engine.local import LocalEngine
    from copydesk.progress import LogReporter

    engine = LocalEngine(1, LogReporter())
    assert engine.map("scan", _fail_on, [(0,), (1,)]) == [0, 1]
    with pytest.raises(KeyboardInterrupt):
        engine.map("clean", _fail_on, [(1,), (2,), (3,)])
    log = capsys.readouterr().err
    assert "copydesk: scan: done" in log
    assert "copydesk: clean: 3 task(s)" in log and "clean: done" not in log


def _interrupt_this_process() -> None:
    os.kill(os.getpid(), signal.SIGINT)


def test_ctrl_c_ends_a_worker_without_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    # Ctrl-C in a terminal reaches every worker too; the run's own process says what to do next
    from concurrent.futures.process import BrokenProcessPool

    from copydesk.engine.local import _spawn_pool

    with _spawn_pool(1) as pool, pytest.raises(BrokenProcessPool):
        pool.submit(_interrupt_this_process).result(timeout=60)
    assert "KeyboardInterrupt" not in capfd.readouterr().err

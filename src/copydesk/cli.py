"""The `copydesk` command: a thin layer over `copydesk.api`."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from copydesk import __version__
from copydesk.config import Config
from copydesk.extras import MissingExtraError
from copydesk.report.terminal import render_document

# copydesk.api (the pipeline: numba, polars, pyarrow, the rules' patterns, ~1 s to import) is
# imported by the commands that run it, so `copydesk --help` and `--version` answer at once.

app = typer.Typer(
    help="Clean a news crawl, keep each story once, and show who copied whom.",
    no_args_is_help=True,
    add_completion=False,
)
_out = Console()
_err = Console(stderr=True)


class EngineKind(str, Enum):
    local = "local"
    spark = "spark"


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


def _version(value: bool) -> None:
    if value:
        _out.print(f"copydesk {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """copydesk: clean, deduplicate and trace the copying of news article text."""


@app.command()
def run(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Files and folders: .jsonl/.ndjson/.json(.gz/.zst), .parquet and .txt(.gz/.zst); "
            "with the html "
            "extra .html(.gz), .warc(.gz) and Common Crawl's .warc.wet(.gz). A folder gives every "
            "file of these kinds below it."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
    config_file: Annotated[
        Path | None, typer.Option("--config", "-c", help="TOML config file.", exists=True)
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-w", help="Worker processes (default: all cores).")
    ] = None,
    output_format: Annotated[
        OutputFormat | None, typer.Option("--format", help="documents.jsonl or documents.parquet.")
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run in the same --out folder.")
    ] = False,
    report: Annotated[bool, typer.Option("--report/--no-report", help="Write report.html.")] = True,
    dedup_only: Annotated[
        bool,
        typer.Option(
            "--dedup-only",
            help="No line cleaning or quality signals: only find copies (for clean text).",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
    engine: Annotated[
        EngineKind,
        typer.Option(
            "--engine", help="local: process pool; spark: Spark jobs (the copydesk\\[spark] extra)."
        ),
    ] = EngineKind.local,
) -> None:
    """Clean and deduplicate INPUTS into the folder --out."""
    try:
        config = Config.from_toml(config_file) if config_file else Config()
        if workers is not None:
            config = config.replace("engine", workers=workers)
        if not report:
            config = config.replace("output", report=False)
        if output_format is not None:
            config = config.replace("output", format=output_format.value)
        if dedup_only:
            config = config.dedup_only()
        from copydesk.api import run as run_corpus

        result = run_corpus(
            inputs,
            out,
            config,
            resume=resume,
            progress=False if quiet else None,
            engine=engine.value,
        )
    except (ValueError, FileNotFoundError, NotADirectoryError, MissingExtraError) as error:
        _err.print(f"[bold red]error:[/] {escape(str(error))}")
        raise typer.Exit(code=2) from error
    except OSError as error:  # the disk is full, the folder is not writable...
        _err.print(f"[bold red]error:[/] {escape(str(error))}")
        if engine == EngineKind.local and os.path.isdir(out / "_work"):  # (False on an error)
            _err.print(
                f"what the run finished is kept in {escape(str(out))}/_work; once the cause "
                "is fixed, add --resume to the same command to go on from there"
            )
        raise typer.Exit(code=1) from error
    except KeyboardInterrupt as error:
        if engine == EngineKind.spark:  # Spark retries tasks itself; the local engine resumes
            _err.print("[bold red]interrupted[/]: run the command again to start over")
        else:
            _err.print(
                "[bold red]interrupted[/]: what the run finished is kept in "
                f"{escape(str(out))}/_work; add --resume to the same command to go on from there"
            )
        raise typer.Exit(code=130) from error
    if not quiet:
        _print_summary(result.stats, out)


def _print_summary(stats: dict[str, Any], out: Path) -> None:
    read = stats["read"]
    noun = "document" if read == 1 else "documents"
    _out.print(f"[bold]copydesk[/]: {read:,} {noun} read in {stats['seconds']:.1f}s")
    table = Table()
    table.add_column("status")
    table.add_column("documents", justify="right")
    for status, count in stats["status"].items():
        table.add_row(status, str(count))
    _out.print(table)
    removed = sum(stats["removed_lines"].values())
    workers = stats["workers"]
    _out.print(
        f"{removed} lines removed, {stats['clusters']['count']} clusters of copies, "
        f"{stats['docs_per_second']} docs/s "
        + ("in one process" if workers == 1 else f"with {workers} workers")
    )
    output = stats["config"]["output"]
    report = ", report.html" if output["report"] else ""
    _out.print(f"output: {out}/documents.{output['format']}, clusters.jsonl, stats.json{report}")


@app.command()
def explain(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="The document's id.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The folder of a finished run.")],
) -> None:
    """Show one document's original text with removed lines struck through and labelled."""
    from copydesk.api import explain as explain_document

    try:
        record = explain_document(out, doc_id)
    except (KeyError, FileNotFoundError) as error:
        _err.print(f"[bold red]error:[/] {escape(str(error.args[0]))}")
        raise typer.Exit(code=2) from error
    render_document(record, _out)

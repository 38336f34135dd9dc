"""Where a run keeps its intermediates: one folder, one file per shard and pass.

Shards are named after their input unit and chunk (`000003-000012`), so every pass can find a
shard's files in every other pass without a catalogue, and a resumed run sees what is done.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

OUTPUT_FILES = (
    "documents.jsonl",
    "documents.parquet",
    "clusters.jsonl",
    "stats.json",
    "report.html",
)
"""The files a run writes directly in its output folder (beside `_work/`)."""
LOCK_FILE = ".copydesk-lock"
"""The empty file in the output folder that a run holds a lock on while it runs."""


@dataclass(frozen=True)
class Workspace:
    """The paths of one run's output folder and its `_work/` intermediates."""

    out: Path

    @property
    def work(self) -> Path:
        return self.out / "_work"

    @property
    def state(self) -> Path:
        return self.work / "state.json"

    @property
    def templates(self) -> Path:
        return self.work / "templates.parquet"

    @property
    def sites(self) -> Path:
        return self.work / "sites.parquet"

    @property
    def clusters_table(self) -> Path:
        return self.work / "clusters.parquet"

    def shard(self, stage: str, name: str, suffix: str = ".parquet") -> Path:
        """The file of shard `name` in `stage` (input, scan, clean, match, parts)."""
        return self.work / stage / f"{name}{suffix}"

    def shard_names(self) -> list[str]:
        """All input shards, in global document order."""
        return sorted(p.stem for p in (self.work / "input").glob("*.parquet"))

    def output(self, name: str) -> Path:
        return self.out / name

    def make_folder(self) -> None:
        """Create the output folder where it is missing; a file in its place is an error."""
        if self.out.exists() and not self.out.is_dir():
            raise NotADirectoryError(f"the output folder (--out) is a file: {self.out}")
        self.out.mkdir(parents=True, exist_ok=True)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the output folder for one run (creating it): a second run into the same folder
        fails at once, instead of deleting the first one's files or mixing its own with them.

        An advisory lock (flock) on `LOCK_FILE`, which the kernel releases when the process
        ends, also by kill -9: nothing stale is left to clean up.
        """
        self.make_folder()
        with open(self.out / LOCK_FILE, "ab") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ValueError(
                    f"another copydesk run is writing to {self.out}: wait for it to end, or "
                    "choose another --out"
                ) from None
            yield

    def remove_earlier_run(self) -> None:
        """Delete what an earlier run left in the output folder: `_work/` and the outputs.

        `state.json` goes first, so that a run killed while this deletes can never be resumed
        from a half-deleted `_work/`. An output's name can hold a folder: the Spark engine writes
        a file's part files there before joining them, and a run killed meanwhile leaves it.
        """
        self.state.unlink(missing_ok=True)
        shutil.rmtree(self.work, ignore_errors=True)
        for name in OUTPUT_FILES:
            path = self.output(name)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)

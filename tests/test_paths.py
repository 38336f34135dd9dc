"""No escape: no file name is ever derived from an id, a URL or any other input value.

copydesk names what it writes after fixed names and shard numbers only. This test feeds ids,
URLs and file names built to escape the output folder (`../`, absolute paths, look-alike
Unicode dots and slashes, control characters) through a real `copydesk run` and
`copydesk explain`, then checks that nothing was created or changed anywhere but under --out,
that everything under --out has one of the fixed names, and that the ids come out verbatim.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

BODY = (
    "The ferry between the two islands will run every hour from May, the operator said on "
    "Tuesday, after residents collected signatures for a more frequent service."
)


def hostile_ids(root: Path) -> list[str]:
    return [
        "../../etc/passwd",
        "/abs/x",
        f"{root}/absolute-escape",
        "..",
        ".",
        "a/../../../b",
        "../" * 40 + "tmp/deep",
        "C:\\Windows\\System32\\drivers",
        "\\\\server\\share\\x",
        "~/.bashrc",
        "%2e%2e%2f%2e%2e%2fescape",
        "\u2024\u2024/one-dot-leaders",  # NFKC turns these into ".."
        "\uff0e\uff0e\uff0fwide",  # fullwidth "../"
        "\u202eevil\u202c",  # right-to-left override
        "new\nline",
        "nul\u0000byte",
        "x" * 5000,  # longer than any file name may be
        "con",
        "ﬁle/../../x",
    ]


def hostile_urls(root: Path) -> list[str]:
    return [
        "file:///etc/passwd",
        f"file://{root}/url-escape",
        "http://../../x",
        "https://evil.example/../../../../x",
        "../../relative/url",
    ]


@pytest.fixture
def world(tmp_path: Path) -> Path:
    """A folder standing for the whole file system: inputs, a working folder, an "etc"."""
    root = tmp_path / "world"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "passwd").write_text("root:x:0:0\n")
    (root / "deep" / "cwd").mkdir(parents=True)
    inputs = root / "in"
    inputs.mkdir()
    records = []
    urls = hostile_urls(root)
    for n, key in enumerate(hostile_ids(root)):
        records.append(
            {
                "id": key,
                "text": f"{BODY} Story number {n}: {' '.join(['word'] * n)}.",
                "url": urls[n % len(urls)],
                "source": key if n % 2 else None,
            }
        )
    (inputs / "feed.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    texts = inputs / "texts"
    (texts / "sub dir").mkdir(parents=True)
    for n, name in enumerate(
        ["...txt", "..txt", ".hidden.txt", "-rf.txt", "new\nline.txt", "\u202eevil.txt"]
    ):
        (texts / name).write_text(f"{BODY} Text file {n}.")
    (texts / "sub dir" / "ünï ©ode.txt").write_text(f"{BODY} Nested.")
    os.symlink(root / "etc" / "passwd", texts / "link.txt")  # reading through a link is fine
    return root


def snapshot(root: Path, skip: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every entry under `root` but `skip`: its mode and, for a file, modification time and
    bytes. (A folder's own time changes whenever an entry is added; the entries show that.)"""
    entries = {}
    for path in root.rglob("*"):
        if path == skip or skip in path.parents:
            continue
        info = path.lstat()
        if path.is_file() and not path.is_symlink():
            entries[str(path)] = (info.st_mode, info.st_mtime_ns, path.read_bytes())
        else:
            entries[str(path)] = (info.st_mode, 0, b"")
    return entries


ALLOWED = re.compile(
    r"(\.copydesk-lock|documents\.jsonl|documents\.parquet|clusters\.jsonl|stats\.json|report\.html"
    r"|_work/(state\.json|passes\.json|templates\.parquet|sites\.parquet|clusters\.parquet"
    r"|input/\d{6}\.done"
    r"|(input|scan|clean|match|parts)/\d{6}-\d{6}\.(parquet|jsonl|removed\.json)))"
)


def copydesk(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-c", "from copydesk.cli import app; app()", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nothing_is_written_outside_the_output_folder(world: Path) -> None:
    out = world / "deep" / "out"
    before = snapshot(world, out)
    cwd = world / "deep" / "cwd"
    ran = copydesk(cwd, "run", str(world / "in"), "--out", str(out), "-q", "--workers", "1")
    assert ran.returncode == 0, ran.stderr
    explained = copydesk(cwd, "explain", "../../etc/passwd", "--out", str(out))
    assert explained.returncode == 0, explained.stderr

    assert snapshot(world, out) == before, "something outside --out was created or changed"
    assert not Path("/abs").exists()
    written = [p for p in out.rglob("*") if not p.is_dir()]
    assert not [p for p in written if p.is_symlink()]
    names = sorted(p.relative_to(out).as_posix() for p in written)
    assert [n for n in names if not ALLOWED.fullmatch(n)] == []
    assert {"documents.jsonl", "clusters.jsonl", "stats.json", "report.html"} <= set(names)

    documents = [orjson.loads(line) for line in (out / "documents.jsonl").read_bytes().splitlines()]
    ids = {d["id"] for d in documents}
    assert set(hostile_ids(world)) <= ids, "ids are kept verbatim, not rewritten"
    assert {"texts/..", "texts/.", "texts/.hidden", "texts/new\nline", "texts/link"} <= ids
    assert {"texts/sub dir/ünï ©ode", "texts/\u202eevil", "texts/-rf"} <= ids
    assert not [d["id"] for d in documents if d["status"] == "invalid"]  # odd, not invalid

"""The readers under hostile input: compressed streams that end early, lie or explode, and lines
or files far beyond the configured limits. Each must cost bounded time and memory and still give
every good record before the damage."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

import copydesk
from copydesk.config import Config, InputConfig
from copydesk.io.readers import discover, read_unit

MiB = 1 << 20


def read_rows(path: Path, **limits: Any) -> list[dict[str, Any]]:
    """Every row the readers make of `path`, with `limits` as the InputConfig."""
    config = InputConfig(**limits)
    return [
        row
        for index, unit in enumerate(discover([path]))
        for table in read_unit(unit, index, 10_000, config)
        for row in table.to_pylist()
    ]


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(record) + b"\n" for record in records)


DOCS = [{"id": f"d{i}", "text": f"Story {i}: the council met again. " * 8} for i in range(2000)]


# --- truncated and corrupt compressed streams ------------------------------------------------


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_truncated_stream_keeps_every_complete_line_before_the_cut(
    tmp_path: Path, suffix: str
) -> None:
    data = jsonl(DOCS)
    packed = gzip.compress(data) if suffix == ".gz" else zstandard.compress(data)
    path = tmp_path / f"cut.jsonl{suffix}"
    path.write_bytes(packed[: len(packed) * 6 // 10])
    rows = read_rows(path)
    *good, last = rows
    assert good, "the lines before the cut must be read"
    assert [(r["id"], r["text"]) for r in good] == [(d["id"], d["text"]) for d in DOCS[: len(good)]]
    assert all(r["invalid"] is None for r in good)
    assert last["invalid"] == "invalid:truncated"
    assert last["origin"] == f"{path}:{len(good) + 1}"


def _damage_header(member: bytes) -> bytes:
    return b"XX" + member[2:]  # no gzip magic


def _damage_deflate(member: bytes) -> bytes:
    return member[:10] + b"\x07" + member[11:]  # a final block of the reserved type 3


@pytest.mark.parametrize("damage", [_damage_header, _damage_deflate])
def test_corrupt_gzip_member_costs_only_what_follows(tmp_path: Path, damage: Any) -> None:
    """A damaged member stops the file there; every line of the members before it is read.

    (Damage deeper inside a member is only caught by its CRC at the member's end, after the
    garbled lines before it came out as invalid records: see docs/RELIABILITY.md.)
    """
    first, second = jsonl(DOCS[:700]), jsonl(DOCS[700:])
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(gzip.compress(first, mtime=0) + damage(gzip.compress(second, mtime=0)))
    *good, last = read_rows(path)
    assert [(r["id"], r["text"], r["invalid"]) for r in good] == [
        (d["id"], d["text"], None) for d in DOCS[:700]
    ]
    assert (last["origin"], last["invalid"]) == (f"{path}:701", "invalid:corrupt")


def test_file_that_is_not_gzip_at_all(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(jsonl(DOCS[:3]))
    assert [(r["origin"], r["invalid"]) for r in read_rows(path)] == [
        (f"{path}:1", "invalid:corrupt")
    ]


def test_several_zstd_frames_and_gzip_members_are_read_whole(tmp_path: Path) -> None:
    parts = [jsonl(DOCS[:700]), jsonl(DOCS[700:])]
    zst = tmp_path / "frames.jsonl.zst"
    zst.write_bytes(b"".join(zstandard.compress(p) for p in parts))
    gz = tmp_path / "members.jsonl.gz"
    gz.write_bytes(b"".join(gzip.compress(p) for p in parts))
    for path in (zst, gz):
        rows = read_rows(path)
        assert [r["id"] for r in rows] == [d["id"] for d in DOCS]
        assert all(r["invalid"] is None for r in rows)


def test_zstd_long_distance_frames_are_read(tmp_path: Path) -> None:
    # what `zstd --long=31` writes from a pipe: a 2 GiB window, over zstandard's default limit
    params = zstandard.ZstdCompressionParameters(
        window_log=31, enable_ldm=True, write_content_size=False
    )
    packed = zstandard.ZstdCompressor(compression_params=params)
    path = tmp_path / "long.jsonl.zst"
    with open(path, "wb") as handle, packed.stream_writer(handle) as writer:
        writer.write(jsonl(DOCS))
    rows = read_rows(path)
    assert [r["id"] for r in rows] == [d["id"] for d in DOCS]
    assert all(r["invalid"] is None for r in rows)


@pytest.mark.parametrize("suffix", [".gz", ".zst"])
def test_empty_compressed_file_has_no_documents(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty.jsonl{suffix}"
    path.write_bytes(gzip.compress(b"") if suffix == ".gz" else b"")
    assert read_rows(path) == []


# --- decompression bombs ---------------------------------------------------------------------


def gzip_bomb(path: Path, gibibytes: int) -> None:
    """A few MB of gzip that expands to `gibibytes` GiB of zeros: zeros streamed through one
    compressor into a 64 MiB member, and that member repeated (a multi-member gzip is valid)."""
    member = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MiB)
    packed = b"".join(member.compress(zeros) for _ in range(64)) + member.flush()
    with open(path, "wb") as handle:
        for _ in range(gibibytes * 16):
            handle.write(packed)


def zstd_bomb(path: Path, gibibytes: int) -> None:
    frame = zstandard.ZstdCompressor(level=19).compress(bytes(64 * MiB))
    with open(path, "wb") as handle:
        for _ in range(gibibytes * 16):
            handle.write(frame)


@pytest.mark.parametrize("make", [gzip_bomb, zstd_bomb])
def test_decompression_bomb_stops_at_the_limit(tmp_path: Path, make: Any) -> None:
    suffix = ".gz" if make is gzip_bomb else ".zst"
    path = tmp_path / f"bomb.jsonl{suffix}"
    make(path, 4)
    assert path.stat().st_size < 8 * MiB  # "a small file that expands to gigabytes"
    tracemalloc.start()
    started = time.perf_counter()
    try:
        rows = read_rows(path, max_decompressed_bytes=256 * MiB, max_document_chars=10_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(r["origin"], r["invalid"]) for r in rows] == [
        (f"{path}:1", "invalid:decompression_limit")
    ]
    assert time.perf_counter() - started < 30
    assert peak < 96 * MiB, "the bomb must be streamed, never held"


def test_bomb_of_documents_keeps_those_before_the_limit(tmp_path: Path) -> None:
    line = jsonl([{"id": "same", "text": "The same story again and again."}])
    path = tmp_path / "many.jsonl.gz"
    member = gzip.compress(line * 10_000, mtime=0)
    path.write_bytes(member * 1_000)  # 10 million lines
    limit = 4 * MiB
    rows = read_rows(path, max_decompressed_bytes=limit)
    *good, last = rows
    assert last["invalid"] == "invalid:decompression_limit"
    assert all(r["invalid"] is None for r in good)
    # Reading stops within one read buffer of the limit.
    assert limit - 64 * 1024 <= len(good) * len(line) <= limit


def test_parquet_decoded_size_counts_against_the_limit(tmp_path: Path) -> None:
    big = "x" * (64 * 1024)
    rows = 100_000
    text = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array([big]))
    table = pa.table({"id": [f"r{i}" for i in range(rows)], "text": text})
    path = tmp_path / "bomb.parquet"
    pq.write_table(table, path, compression="zstd", row_group_size=rows)
    assert path.stat().st_size < 4 * MiB  # 6.4 GB of text once decoded
    rows = read_rows(path, max_decompressed_bytes=64 * MiB)
    *good, last = rows
    assert last["invalid"] == "invalid:decompression_limit"
    assert last["origin"] == f"{path}#{len(good)}"
    assert 0 < len(good) * len(big) <= 64 * MiB


def test_default_limit_is_far_above_any_real_shard() -> None:
    assert InputConfig().max_decompressed_bytes == 20 * 2**30


def test_input_limits_must_be_positive() -> None:
    for name in ("max_document_chars", "max_decompressed_bytes", "max_shard_chars"):
        with pytest.raises(ValueError, match=name):
            InputConfig(**{name: 0})
    with pytest.raises(ValueError, match="max_decompressed_bytes"):
        Config.from_dict({"input": {"max_decompressed_bytes": -1}})


# --- long lines and files --------------------------------------------------------------------

_MEASURE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from copydesk.config import InputConfig
    from copydesk.io.readers import discover, read_unit

    def status(key):
        for line in open("/proc/self/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024

    path, max_chars = Path(sys.argv[1]), int(sys.argv[2])
    config = InputConfig(max_document_chars=max_chars)
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")  # restart the peak (VmHWM) from here, after the imports
    before = status("VmRSS")
    rows = []
    for table in read_unit(discover([path])[0], 0, 10_000, config):
        rows.extend(
            (r["id"], r["invalid"], len(r["text"]))
            for r in table.select(["id", "invalid", "text"]).to_pylist()
        )
        del table
    print(json.dumps({"rows": rows, "growth": status("VmHWM") - before}))
    """
)


def _read_in_subprocess(path: Path, max_chars: int) -> dict[str, Any]:
    """Read `path` in a fresh interpreter and report the rows and its peak memory growth."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), str(max_chars)],
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def fifty_mb_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "long.jsonl"
    with open(path, "wb") as handle:
        handle.write(jsonl([{"id": "before", "text": "A short story before."}]))
        handle.write(b'{"id": "huge", "text": "' + b"word " * (10 * MiB) + b'"}\n')
        handle.write(jsonl([{"id": "after", "text": "A short story after."}]))
    return path


SIZE_50MB = 50 * MiB


@pytest.mark.slow
def test_50mb_line_over_the_limit_is_rejected_unparsed(fifty_mb_line: Path) -> None:
    report = _read_in_subprocess(fifty_mb_line, InputConfig().max_document_chars)
    assert report["rows"] == [
        ["before", None, 21],
        [f"{fifty_mb_line}:2", "invalid:too_long", 0],
        ["after", None, 20],
    ]
    assert report["growth"] < 2 * SIZE_50MB


@pytest.mark.slow
def test_50mb_line_within_the_limit_is_read(fifty_mb_line: Path) -> None:
    report = _read_in_subprocess(fifty_mb_line, 60_000_000)
    assert report["rows"] == [
        ["before", None, 21],
        ["huge", None, SIZE_50MB],
        ["after", None, 20],
    ]
    assert report["growth"] < 4 * SIZE_50MB


def test_line_just_over_the_text_limit_is_parsed_and_rejected(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl([{"id": "long", "text": "x" * 101}, {"id": "ok", "text": "x" * 100}]))
    rows = read_rows(path, max_document_chars=100)
    assert [(r["id"], r["invalid"]) for r in rows] == [
        ("long", "invalid:too_long"),
        ("ok", None),
    ]


def test_txt_file_over_the_limit(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "big.txt").write_text("y" * 1000)  # rejected from its size, never read
    (folder / "long.txt").write_text("y" * 30)  # read, then rejected by its length
    (folder / "fits.txt").write_text("é" * 10)  # 20 bytes, 10 characters
    rows = read_rows(folder, max_document_chars=10)
    assert [(r["id"], r["invalid"]) for r in rows] == [
        ("big", "invalid:too_long"),
        ("fits", None),
        ("long", "invalid:too_long"),
    ]


def test_txt_file_that_vanished_after_discovery(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "gone.txt").write_text("soon deleted")
    (folder / "stays.txt").write_text("still here")
    [unit] = discover([folder])
    (folder / "gone.txt").unlink()
    rows = [r for t in read_unit(unit, 0, 100, InputConfig()) for r in t.to_pylist()]
    assert [(r["id"], r["invalid"], r["text"]) for r in rows] == [
        ("gone", "invalid:unreadable", ""),
        ("stays", None, "still here"),
    ]


# --- shards ----------------------------------------------------------------------------------


def test_shards_close_early_on_text_volume(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl([{"id": f"d{i}", "text": "z" * 60} for i in range(5)]))
    [unit] = discover([path])
    tables = list(read_unit(unit, 3, 10_000, InputConfig(max_shard_chars=100)))
    assert [t.num_rows for t in tables] == [2, 2, 1]
    seqs = [s for t in tables for s in t["seq"].to_pylist()]
    assert seqs == [(3 << 40) + i for i in range(5)]


# --- Parquet details -------------------------------------------------------------------------


def test_parquet_metadata_of_other_types_becomes_text(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": pa.array([7, 8], pa.int64()),
            "text": ["First story.", "Second story."],
            "date": pa.array([date(2025, 1, 2), None], pa.date32()),
            "url": pa.array([["a", "b"], None], pa.list_(pa.string())),
            "title": pa.array([b"Bytes title", b"\xff"], pa.binary()),
        }
    )
    path = tmp_path / "meta.parquet"
    pq.write_table(table, path)
    rows = read_rows(path)
    assert [(r["id"], r["date"], r["url"], r["title"]) for r in rows] == [
        ("7", "2025-01-02", '["a","b"]', "Bytes title"),
        ("8", None, None, "\ufffd"),
    ]


def test_a_byline_given_with_the_input_is_the_records_byline(tmp_path: Path) -> None:
    body = (
        "The harbour authority said on Tuesday that the new ferry terminal would open in "
        "March, two months later than planned, after inspectors found cracks in the pier."
    )
    records = [
        {"id": "given", "text": body, "byline": "Mara Lind"},
        {"id": "in-text", "text": "By Jon Berg\n" + body.replace("Tuesday", "Monday")},
        {"id": "listed", "text": body.replace("Tuesday", "Friday"), "byline": ["Ana Ruiz", "Li"]},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    result = copydesk.run([path], tmp_path / "out", Config().replace("output", report=False))
    bylines = {doc["id"]: doc["byline"] for doc in result.documents()}
    assert bylines == {"given": "Mara Lind", "in-text": "Jon Berg", "listed": "Ana Ruiz; Li"}


def test_unreadable_parquet_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.parquet"
    pq.write_table(pa.table({"id": ["a"], "text": ["b"]}), path)
    [unit] = discover([path])
    path.unlink()
    rows = [r for t in read_unit(unit, 0, 100, InputConfig()) for r in t.to_pylist()]
    assert [(r["origin"], r["invalid"]) for r in rows] == [(f"{path}#0", "invalid:unreadable")]


def test_shard_boundaries_do_not_change_the_output(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parent.parent / "examples" / "demo" / "corpus.jsonl"
    quiet = Config().replace("output", report=False).replace("engine", workers=1)
    outputs = []
    for name, config in [
        ("whole", quiet),
        ("by-volume", quiet.replace("input", max_shard_chars=5_000)),
        ("by-count", quiet.replace("engine", batch_size=3)),
    ]:
        copydesk.run([demo], tmp_path / name, config)
        outputs.append(
            [(tmp_path / name / f).read_bytes() for f in ("documents.jsonl", "clusters.jsonl")]
        )
    assert len(list((tmp_path / "by-volume" / "_work" / "input").glob("*.parquet"))) > 5
    assert outputs[0] == outputs[1] == outputs[2]


def test_text_files_named_one_by_one_share_a_unit_per_folder(tmp_path: Path) -> None:
    # `copydesk run pages/*.txt`: one unit per folder, as for the folder itself, not per file
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for name in ("one", "two", "three"):
            (tmp_path / folder / f"{name}.txt").write_text(f"{folder} {name}", "utf-8")
    named = [tmp_path / folder / f"{name}.txt" for folder in "ab" for name in ("one", "two")]
    units = discover([*named, tmp_path / "a" / "three.txt"])
    assert [(u.path.name, [f.name for f in u.files]) for u in units] == [
        ("a", ["one.txt", "two.txt"]),
        ("b", ["one.txt", "two.txt"]),
        ("a", ["three.txt"]),  # input order is kept: a later file of "a" starts a new unit
    ]


def test_a_json_file_holding_one_document_gives_its_records(tmp_path: Path) -> None:
    records = [{"id": "a", "text": "First story."}, {"id": "b", "text": "Second story."}]
    array = tmp_path / "array.json"
    array.write_text(json.dumps([*records, "not an object"], indent=2), encoding="utf-8")
    rows = read_rows(array)
    assert [(r["id"], r["origin"], r.get("invalid")) for r in rows] == [
        ("a", f"{array}#0", None),
        ("b", f"{array}#1", None),
        (f"{array}#2", f"{array}#2", "invalid:json"),
    ]
    one = tmp_path / "one.json"
    one.write_text(json.dumps(records[0], indent=2), encoding="utf-8")
    assert [(r["id"], r["text"]) for r in read_rows(one)] == [("a", "First story.")]
    # JSON Lines named .json, with a first record longer than any read-ahead, stay JSON Lines
    long = [{"id": "c", "text": "word " * 20_000}, records[1]]
    lines = tmp_path / "lines.json.gz"
    lines.write_bytes(gzip.compress(jsonl(long)))
    assert [r["id"] for r in read_rows(lines)] == ["c", "b"]
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": "a", "text": "cut', encoding="utf-8")
    assert [r.get("invalid") for r in read_rows(broken)] == ["invalid:json"]
    # JSON Lines named .json whose first record is cut short keep the records after it
    cut = tmp_path / "cut.json"
    cut.write_bytes(b'{"id": "a", "text": "cut short\n' + jsonl(records))
    assert [(r["id"], r.get("invalid")) for r in read_rows(cut)] == [
        (f"{cut}:1", "invalid:json"),
        ("a", None),
        ("b", None),
    ]


def test_a_json_document_over_its_limit_is_refused_as_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copydesk.io.readers

    monkeypatch.setattr(copydesk.io.readers, "_JSON_DOCUMENT_MAX_BYTES", 100)
    array = tmp_path / "array.json"
    array.write_text(json.dumps([{"id": str(i), "text": "A story."} for i in range(10)]))
    assert [(r["id"], r.get("invalid")) for r in read_rows(array)] == [
        (f"{array}:1", "invalid:too_long")
    ]

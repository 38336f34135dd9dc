"""Readers: turn input files into record batches of `INPUT_SCHEMA`, never failing on one bad record.

Every record that cannot be used still becomes a row, with `invalid` set to a reason code and
`origin` saying where it came from, so that nothing is silently lost and the accounting holds.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from copydesk.document import INPUT_SCHEMA, METADATA_FIELDS, SEQ_FILE_SHIFT

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
COMPRESSED_SUFFIXES = (".gz", ".zst")
PARQUET_SUFFIXES = (".parquet", ".pq")
TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class InputUnit:
    """One logical input: a JSONL or Parquet file, or all .txt files under a folder."""

    kind: str  # "jsonl" | "parquet" | "txt"
    path: Path
    files: tuple[Path, ...] = ()  # for "txt": the files, sorted


def discover(inputs: Iterable[str | Path]) -> list[InputUnit]:
    """Expand the user's inputs into units, in a deterministic order.

    A folder contributes its .txt files (as one unit, ids are paths relative to the folder) and
    every JSONL/Parquet file below it. A file is read according to its suffix.
    """
    units: list[InputUnit] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            texts = tuple(p for p in files if p.suffix.lower() in TEXT_SUFFIXES)
            if texts:
                units.append(InputUnit("txt", path, texts))
            units.extend(_file_unit(p) for p in files if _kind_of(p) in ("jsonl", "parquet"))
        elif path.is_file():
            units.append(_file_unit(path))
        else:
            raise FileNotFoundError(f"input not found: {path}")
    return units


def _kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(TEXT_SUFFIXES):
        return "txt"
    return None


def _file_unit(path: Path) -> InputUnit:
    kind = _kind_of(path)
    if kind is None:
        raise ValueError(
            f"cannot read {path}: expected a folder of .txt files, .jsonl (optionally .gz or "
            ".zst) or .parquet"
        )
    if kind == "txt":
        return InputUnit("txt", path.parent, (path,))
    return InputUnit(kind, path)


def read_unit(
    unit: InputUnit, unit_index: int, batch_size: int, max_chars: int
) -> Iterator[pa.Table]:
    """Yield tables of at most `batch_size` rows of `INPUT_SCHEMA` for one input unit."""
    rows = {"txt": _txt_rows, "jsonl": _jsonl_rows, "parquet": _parquet_rows}[unit.kind](unit)
    builder = _BatchBuilder(unit_index, max_chars)
    for row in rows:
        builder.add(row)
        if builder.size >= batch_size:
            yield builder.flush()
    if builder.size:
        yield builder.flush()


class _BatchBuilder:
    """Collects rows, assigns `seq`, applies record-level checks, builds an Arrow table."""

    def __init__(self, unit_index: int, max_chars: int) -> None:
        self.columns: dict[str, list[Any]] = {name: [] for name in INPUT_SCHEMA.names}
        self.next_seq = unit_index << SEQ_FILE_SHIFT
        self.max_chars = max_chars

    @property
    def size(self) -> int:
        return len(self.columns["seq"])

    def add(self, row: dict[str, Any]) -> None:
        invalid = row.get("invalid")
        text = row.get("text")
        if invalid is None:
            if not isinstance(text, str):
                invalid, text = "invalid:type", None
            elif "\x00" in text:
                invalid, text = "invalid:nul_bytes", None
            elif not text.strip():
                invalid = "invalid:empty"
            elif len(text) > self.max_chars:
                invalid, text = "invalid:too_long", None
        row["invalid"] = invalid
        row["text"] = text if isinstance(text, str) else ""
        row["seq"] = self.next_seq
        self.next_seq += 1
        for name, values in self.columns.items():
            values.append(row.get(name))

    def flush(self) -> pa.Table:
        table = pa.Table.from_pydict(self.columns, schema=INPUT_SCHEMA)
        for values in self.columns.values():
            values.clear()
        return table


def _txt_rows(unit: InputUnit) -> Iterator[dict[str, Any]]:
    for path in unit.files:
        relative = path.relative_to(unit.path) if path.is_relative_to(unit.path) else path
        row: dict[str, Any] = {"id": relative.with_suffix("").as_posix(), "origin": str(path)}
        data = path.read_bytes()
        if b"\x00" in data:
            row["invalid"] = "invalid:binary"
        else:
            try:
                row["text"] = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                row["invalid"] = f"invalid:utf8 (byte {error.start})"
        yield row


def _open_maybe_compressed(path: Path) -> BinaryIO:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if suffix == ".zst":
        raw = open(path, "rb")  # noqa: SIM115 - closed through the stream reader
        return zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)  # type: ignore[return-value]
    return open(path, "rb")


def _jsonl_rows(unit: InputUnit) -> Iterator[dict[str, Any]]:
    with _open_maybe_compressed(unit.path) as handle:
        stream = io.BufferedReader(handle) if not isinstance(handle, io.BufferedReader) else handle
        line_number = 0
        while True:
            origin = f"{unit.path}:{line_number + 1}"
            try:
                line = stream.readline()
            except (EOFError, OSError, zlib.error, zstandard.ZstdError) as error:
                yield {"id": origin, "origin": origin, "invalid": f"invalid:truncated ({error})"}
                return
            if not line:
                return
            line_number += 1
            if not line.strip():
                continue
            yield _json_record(line, origin)


def _json_record(line: bytes, origin: str) -> dict[str, Any]:
    """One JSONL line as a row; anything unusable becomes an invalid row named after its place."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        reason = "invalid:utf8" if "utf-8" in str(error).lower() else "invalid:json"
        return {"id": origin, "origin": origin, "invalid": reason}
    if not isinstance(record, dict):
        return {"id": origin, "origin": origin, "invalid": "invalid:json"}
    row = _row_from_mapping(record, origin)
    return row


def _row_from_mapping(record: dict[str, Any], origin: str) -> dict[str, Any]:
    raw_id = record.get("id")
    row: dict[str, Any] = {"origin": origin, "text": record.get("text")}
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        row["id"], row["invalid"] = origin, "invalid:missing_id"
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        row["id"] = str(raw_id)
    else:
        row["id"], row["invalid"] = origin, "invalid:type (id)"
    if "invalid" not in row and "text" not in record:
        row["invalid"] = "invalid:missing_text"
    for name in METADATA_FIELDS:
        value = record.get(name)
        row[name] = value if isinstance(value, str) else (None if value is None else str(value))
    return row


def _parquet_rows(unit: InputUnit) -> Iterator[dict[str, Any]]:
    parquet = pq.ParquetFile(unit.path)
    present = [n for n in ("id", "text", *METADATA_FIELDS) if n in parquet.schema_arrow.names]
    row_number = 0
    for batch in parquet.iter_batches(batch_size=10_000, columns=present):
        for record in batch.to_pylist():
            origin = f"{unit.path}#{row_number}"
            row_number += 1
            text = record.get("text")
            if isinstance(text, bytes):
                try:
                    record["text"] = text.decode("utf-8")
                except UnicodeDecodeError:
                    yield {
                        "id": str(record.get("id") or origin),
                        "origin": origin,
                        "invalid": "invalid:utf8",
                    }
                    continue
            yield _row_from_mapping(record, origin)

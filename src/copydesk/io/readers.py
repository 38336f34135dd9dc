"""Readers: turn input files into record batches of `INPUT_SCHEMA`, never failing on one bad record.

Every record that cannot be used still becomes a row, with `invalid` set to a reason code and
`origin` saying where it came from (`path:line`, `path#row`, `path`), so that nothing is silently
lost and `kept + duplicate + filtered + invalid == read` holds. A damaged stretch of a file (a
truncated or corrupt compressed stream, an unreadable Parquet row group) becomes one invalid row
at the place where reading stopped; the rows before it, and the other row groups, are kept.

Hostile input is bounded: a JSONL line is never held beyond a byte limit derived from
`InputConfig.max_document_chars`, a .txt file over that limit is not read at all, and a
compressed file (or the decoded columns of a Parquet file) stops producing data after
`InputConfig.max_decompressed_bytes`. See docs/RELIABILITY.md.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Final

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from copydesk.config import InputConfig
from copydesk.document import (
    INPUT_SCHEMA,
    INVALID_BINARY,
    INVALID_CORRUPT,
    INVALID_DECOMPRESSION_LIMIT,
    INVALID_EMPTY,
    INVALID_ID_TYPE,
    INVALID_JSON,
    INVALID_MISSING_ID,
    INVALID_MISSING_TEXT,
    INVALID_NUL,
    INVALID_TOO_LONG,
    INVALID_TRUNCATED,
    INVALID_TYPE,
    INVALID_UNREADABLE,
    INVALID_UTF8,
    METADATA_FIELDS,
    SEQ_FILE_SHIFT,
)
from copydesk.io.html import HTML_SUFFIXES, html_rows
from copydesk.io.warc import WARC_SUFFIXES, WET_SUFFIXES, warc_rows, warc_spans, wet_rows
from copydesk.line_breaks import unify_line_breaks
from copydesk.workspace import OUTPUT_FILES

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
COMPRESSED_SUFFIXES = (".gz", ".zst")
PARQUET_SUFFIXES = (".parquet", ".pq")
TEXT_SUFFIXES = (".txt",)
# The kinds of file that are a unit of input on their own (.txt and .html files are grouped).
FILE_KINDS = ("jsonl", "parquet", "warc", "wet")

# Reason codes of records the readers cannot use (docs/FORMAT.md, docs/RELIABILITY.md).

_BOM: Final = b"\xef\xbb\xbf"
# A .json file holding one document is parsed whole (about three times its size in memory): past
# this it is refused as too long, and JSON Lines, which stream, are the way.
_JSON_DOCUMENT_MAX_BYTES: Final = 1 << 30
# A JSON string escapes a character in at most 6 bytes ("\u001f"; a surrogate pair is 12 bytes
# for 2 characters). A line longer than 6 bytes per allowed character plus the slack is rejected
# as too long without being parsed, which is what keeps a 50 GB line out of memory.
_JSON_BYTES_PER_CHAR: Final = 6
_JSON_LINE_SLACK: Final = 1 << 20  # room for the id and metadata beside the text
_SKIP_CHUNK: Final = 1 << 20
# A zstd block of 128 KiB can be encoded in 4 bytes: feeding 512 bytes of input at a time bounds
# the output of one step to 16 MiB even for a crafted bomb, at a cost of about a third of
# zstd's own speed (still over 500 MB/s of text).
_ZSTD_INPUT_CHUNK: Final = 512
# `zstd --long=31`, the long-distance mode big corpora are packed with, writes frames that need
# a 2 GiB window, over zstandard's default limit of 128 MiB (such a file would read as corrupt).
# The decoder commits window memory only as decoded bytes fill it: a 400 MB file so packed
# peaks at 392 MB, and no file at more than the 2 GiB its writer chose.
_ZSTD_MAX_WINDOW: Final = 1 << 31
_STREAM_BUFFER: Final = 1 << 16
# Parquet is decoded this many rows at a time; a batch is the unit the decompression limit and
# peak memory are counted in.
_PARQUET_BATCH_ROWS: Final = 256
# HTML extraction is slow (tens of pages per second per core), so a folder of pages is split
# into units of this many files that the engine reads in parallel.
_HTML_FILES_PER_UNIT: Final = 200


@dataclass(frozen=True)
class InputUnit:
    """One logical input: a JSONL, Parquet or WET file, the .txt files under a folder, a batch
    of HTML files, or a WARC file or one byte span of it (`warc.warc_spans`)."""

    kind: str  # "jsonl" | "parquet" | "txt" | "html" | "warc" | "wet"
    path: Path
    files: tuple[Path, ...] = ()  # for "txt" and "html": the files, sorted
    span: tuple[int, int] | None = None  # for "warc": the bytes whose records it reads


def discover(inputs: Iterable[str | Path], out: Path | None = None) -> list[InputUnit]:
    """Expand the user's inputs into units, in a deterministic order.

    A folder contributes its .txt files (as one unit, ids are paths relative to the folder), its
    HTML pages (in units of `_HTML_FILES_PER_UNIT`, so extraction runs on every core) and every
    JSONL/Parquet/WARC/WET file below it; other files in it are not inputs and are left alone. A
    file is read according to its suffix.

    `out`, the run's output folder: what the run writes there (`OUTPUT_FILES` and `_work/`)
    is never read. The run replaces those files, so an input among them is refused; a folder
    that holds them is read without them (a run's documents and intermediates would otherwise
    come back as input on the next run). Other files in `out`, or below it, are inputs like
    any others (`copydesk run corpus --out .`). The outputs of earlier runs found in an input
    folder (`copydesk run crawl --out crawl`, then `copydesk run crawl --out run2`) are left
    out the same way: their shards would claim the corpus's ids.
    """
    units: list[InputUnit] = []
    for raw in inputs:
        path = Path(raw)
        output = _output_within(path, out)
        if path.is_dir():
            found = [p for p in path.rglob("*") if _is_input_file(p)]
            names = [p.relative_to(path).as_posix() for p in found]
            outputs = run_outputs(names, () if output is None else (output,))
            files = sorted(p for p, name in zip(found, names, strict=True) if name not in outputs)
            texts = tuple(p for p in files if kind_of(p) == "txt")
            if texts:
                units.append(InputUnit("txt", path, texts))
            pages = [p for p in files if kind_of(p) == "html"]
            for start in range(0, len(pages), _HTML_FILES_PER_UNIT):
                units.append(
                    InputUnit("html", path, tuple(pages[start : start + _HTML_FILES_PER_UNIT]))
                )
            for file in files:
                if kind_of(file) in FILE_KINDS:
                    units.extend(_file_units(file))
        elif path.is_file():
            _add_file(units, path)
        elif path.exists():  # a named pipe, a socket, a device
            raise ValueError(f"input is not a regular file or folder: {path}")
        else:
            raise FileNotFoundError(f"input not found: {path}")
    return units


def _add_file(units: list[InputUnit], path: Path) -> None:
    """Add the units of one named file. A .txt or HTML file named right after another of its
    kind in the same folder joins that file's unit, as the files of a folder do: `copydesk
    run pages/*.txt` would otherwise make a unit, a shard and a task of each file (300 files:
    6.0 s, against 1.6 s for their folder)."""
    new = _file_units(path)
    last = units[-1] if units else None
    if (
        last is not None
        and len(new) == 1
        and new[0].kind in ("txt", "html")
        and (last.kind, last.path) == (new[0].kind, new[0].path)
        and (last.kind == "txt" or len(last.files) < _HTML_FILES_PER_UNIT)
    ):
        units[-1] = InputUnit(last.kind, last.path, (*last.files, path))
    else:
        units.extend(new)


def _output_within(path: Path, out: Path | None) -> str | None:
    """`out` as a folder below (or equal to) the input folder `path`, to leave its outputs out
    of it: relative to `path`, "" or ending in "/" (as `run_outputs` takes it); None where `out`
    is not there. Raises ValueError where `path` is one of the run's own outputs, which the run
    deletes or overwrites before it reads anything."""
    if out is None:
        return None
    resolved, resolved_out = path.resolve(), out.resolve()
    if resolved.is_relative_to(resolved_out) and _written_by_run(
        resolved.relative_to(resolved_out).as_posix(), ""
    ):
        raise ValueError(
            f"input {path} is one of the outputs the run writes in {out} (its documents, "
            "clusters, statistics, report or _work/), which it replaces: write the output to "
            "another folder"
        )
    if resolved_out.is_relative_to(resolved):
        relative = resolved_out.relative_to(resolved).as_posix()
        return "" if relative == "." else f"{relative}/"
    return None


def _written_by_run(path: str, folder: str) -> bool:
    """Whether `path` ("/"-separated) is, or lies in, what a run writes in its output folder
    `folder` ("" or ending in "/", relative to the same place): `_work/` and `OUTPUT_FILES`."""
    if not path.startswith(folder):
        return False
    rest = path[len(folder) :]
    return rest == "_work" or rest.startswith("_work/") or rest in OUTPUT_FILES


def run_outputs(paths: Sequence[str], known: Iterable[str] = ()) -> set[str]:
    """Of `paths`, the files below an input folder ("/"-separated, relative to it), those a
    copydesk run wrote: in the output folders `known` (the run's own, as `_output_within`
    gives it), and in any folder whose `_work/` holds a run's `state.json` (local engine) or
    Spark's stages (an earlier run). Shared by the local discovery and Spark's listing of
    storage URIs, so that both read the same files."""
    folders = set(known)
    for path in paths:
        parts = path.split("/")
        if "_work" in parts[:-1]:
            at = parts.index("_work")
            if parts[at + 1 :] == ["state.json"] or parts[at + 1] == "spark":
                folders.add("".join(f"{part}/" for part in parts[:at]))
    return {path for path in paths if any(_written_by_run(path, f) for f in folders)}


def _is_input_file(path: Path) -> bool:
    """A file in a folder to read: a regular file, or a broken link, which becomes an
    `invalid:unreadable` record instead of vanishing without a trace."""
    return path.is_file() or (path.is_symlink() and not path.exists())


def kind_of(path: Path | str) -> str | None:
    """How a file is read, by its name's suffixes (a compression suffix aside); None: not an
    input."""
    path = Path(path)
    name = _without_compression(path.name).lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(TEXT_SUFFIXES):
        return "txt"
    if path.name.lower().endswith(".zst"):
        return None  # pages and archives are read plain or gzip-compressed (as fastwarc reads)
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(WET_SUFFIXES):
        return "wet"
    return None


def _without_compression(name: str) -> str:
    """`name` without its compression suffixes (`COMPRESSED_SUFFIXES`, in any case), in its own
    case."""
    for suffix in COMPRESSED_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _file_units(path: Path) -> list[InputUnit]:
    kind = kind_of(path)
    if kind is None:
        raise ValueError(
            f"cannot read {path}: expected a folder, .txt or .jsonl (optionally .gz or .zst), "
            ".parquet, .html[.gz], .warc[.gz] or .warc.wet[.gz]"
        )
    if kind in ("txt", "html"):
        return [InputUnit(kind, path.parent, (path,))]
    if kind == "warc":
        return [InputUnit(kind, path, span=span) for span in warc_spans(path)]
    return [InputUnit(kind, path)]


def read_unit(
    unit: InputUnit, unit_index: int, batch_size: int, limits: InputConfig
) -> Iterator[pa.Table]:
    """Yield tables of `INPUT_SCHEMA` for one input unit.

    A table holds at most `batch_size` rows and is closed early once its texts reach
    `limits.max_shard_chars`, so that a run of long documents cannot make one shard huge. Where
    a table ends never changes the output: `seq` numbers documents across tables.
    """
    readers: dict[str, Callable[[InputUnit, InputConfig], Iterator[dict[str, Any]]]] = {
        "txt": _txt_rows,
        "jsonl": _jsonl_rows,
        "parquet": _parquet_rows,
        "html": lambda unit, limits: html_rows(unit.files, unit.path, limits),
        "warc": lambda unit, limits: warc_rows(unit.path, limits, unit.span),
        "wet": lambda unit, limits: wet_rows(unit.path, limits),
    }
    builder = _BatchBuilder(unit_index, limits.max_document_chars)
    for row in readers[unit.kind](unit, limits):
        builder.add(row)
        if builder.size >= batch_size or builder.chars >= limits.max_shard_chars:
            yield builder.flush()
    if builder.size:
        yield builder.flush()


class _BatchBuilder:
    """Collects rows, assigns `seq`, applies record-level checks, builds an Arrow table."""

    def __init__(self, unit_index: int, max_chars: int) -> None:
        self.columns: dict[str, list[Any]] = {name: [] for name in INPUT_SCHEMA.names}
        self.next_seq = unit_index << SEQ_FILE_SHIFT
        self.max_chars = max_chars
        self.chars = 0

    @property
    def size(self) -> int:
        return len(self.columns["seq"])

    def add(self, row: dict[str, Any]) -> None:
        """Append one row; a row whose text is unusable gets its reason and an empty text."""
        invalid = row.get("invalid")
        text = row.get("text")
        if invalid is None:
            invalid = _text_problem(text, self.max_chars)
        text = unify_line_breaks(text) if invalid is None and isinstance(text, str) else ""
        row["invalid"] = invalid
        row["text"] = text
        for name in ("id", "origin"):
            value = row.get(name)
            if isinstance(value, str) and not value.isascii():
                row[name] = storable_name(value)
        row["seq"] = self.next_seq
        self.next_seq += 1
        self.chars += len(text)
        for name, values in self.columns.items():
            values.append(row.get(name))

    def flush(self) -> pa.Table:
        table = pa.Table.from_pydict(self.columns, schema=INPUT_SCHEMA)
        for values in self.columns.values():
            values.clear()
        self.chars = 0
        return table


def storable_name(name: str) -> str:
    """`name` as UTF-8 can store it. A file name may be any bytes, which Python holds as lone
    surrogates ("caf\udce9.txt") that Arrow cannot write; they become escapes ("caf\\xe9.txt")."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _text_problem(text: object, max_chars: int) -> str | None:
    """The reason code that makes a decoded text unusable, or None."""
    if not isinstance(text, str):
        return INVALID_TYPE
    if len(text) > max_chars:
        return INVALID_TOO_LONG
    if "\x00" in text:
        return INVALID_NUL
    if not text.strip():
        return INVALID_EMPTY
    return None


def _invalid(origin: str, reason: str) -> dict[str, Any]:
    """A row for a record that could not even be parsed: it is named after its place."""
    return {"id": origin, "origin": origin, "invalid": reason}


# --- folders of .txt files -------------------------------------------------------------------


def _txt_rows(unit: InputUnit, limits: InputConfig) -> Iterator[dict[str, Any]]:
    # UTF-8 needs at most 4 bytes per character; a larger file cannot be short enough, so it is
    # rejected from its size alone (or, compressed, once that much is decompressed) instead of
    # being read into memory.
    max_bytes = 4 * limits.max_document_chars + len(_BOM)
    for path in unit.files:
        relative = path.relative_to(unit.path) if path.is_relative_to(unit.path) else path
        row: dict[str, Any] = {"id": _text_id(relative), "origin": str(path)}
        data, reason = _text_file_bytes(path, max_bytes)
        if reason is None and b"\x00" in data:
            reason = INVALID_BINARY
        if reason is None:
            try:
                row["text"] = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                reason = INVALID_UTF8
        if reason is not None:
            row["invalid"] = reason
        yield row


def _text_id(relative: Path) -> str:
    """A .txt file's id: its path below the folder without the suffixes (`a/b.txt.gz`: `a/b`)."""
    return relative.with_name(_without_compression(relative.name)).with_suffix("").as_posix()


def _text_file_bytes(path: Path, max_bytes: int) -> tuple[bytes, str | None]:
    """A .txt file's bytes, decompressed by suffix, or the reason code it cannot be read."""
    try:
        if path.suffix.lower() not in COMPRESSED_SUFFIXES:
            if path.stat().st_size > max_bytes:
                return b"", INVALID_TOO_LONG
            return path.read_bytes(), None
        with _open_stream(path, max_bytes) as stream:
            return stream.read(), None
    except DecompressionLimitError:  # the text's own bound, not the input's decompression one
        return b"", INVALID_TOO_LONG
    except _STREAM_ERRORS as error:
        return b"", _stream_error_reason(error)


# --- JSONL, plain or compressed --------------------------------------------------------------


class DecompressionLimitError(Exception):
    """A compressed input produced more bytes than `InputConfig.max_decompressed_bytes`."""


class _ZstdFrames:
    """The decompressed bytes of one or more zstd frames, with an error for a truncated frame.

    zstandard's stream readers end silently at a truncated frame, which would drop its lines
    without a trace; a decompression object says whether its frame ended, so one is driven here.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._decompressor = zstandard.ZstdDecompressor(max_window_size=_ZSTD_MAX_WINDOW)
        self._frame = self._decompressor.decompressobj()
        self._in_frame = False  # bytes of an unfinished frame have been fed
        self._pending = b""
        self._offset = 0

    def read1(self, size: int) -> bytes:
        """Up to `size` decompressed bytes; b"" at the end; EOFError for a truncated frame."""
        while self._offset >= len(self._pending):
            chunk = self._raw.read(_ZSTD_INPUT_CHUNK)
            if not chunk:
                if self._in_frame:
                    raise EOFError("zstd stream ended inside a frame")
                return b""
            self._pending, self._offset = self._decompress(chunk), 0
        start = self._offset
        self._offset = min(len(self._pending), start + size)
        return self._pending[start : self._offset]

    def _decompress(self, chunk: bytes) -> bytes:
        output = []
        while chunk:
            self._in_frame = True
            output.append(self._frame.decompress(chunk))
            if not self._frame.eof:
                break
            chunk = self._frame.unused_data  # the next frame starts in this chunk
            self._frame = self._decompressor.decompressobj()
            self._in_frame = False
        return b"".join(output)


class _Capped(io.RawIOBase):
    """A decompressed stream that refuses to produce more than `limit` bytes in total."""

    def __init__(self, source: gzip.GzipFile | _ZstdFrames, limit: int) -> None:
        self._source = source
        self._limit = limit
        self._total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        # read1, not read: GzipFile.read gathers several chunks and drops them all when a later
        # one fails, which would lose the good lines just before a damaged member.
        data = self._source.read1(len(view))
        self._total += len(data)
        if self._total > self._limit:
            raise DecompressionLimitError(f"more than {self._limit} bytes decompressed")
        view[: len(data)] = data
        return len(data)


@contextmanager
def _open_stream(path: Path, max_decompressed_bytes: int) -> Iterator[io.BufferedReader]:
    """The file's bytes, decompressed by suffix, buffered for `readline`."""
    with ExitStack() as stack:
        raw = stack.enter_context(open(path, "rb"))
        suffix = path.suffix.lower()
        if suffix == ".gz":
            source: gzip.GzipFile | _ZstdFrames = stack.enter_context(
                gzip.GzipFile(fileobj=raw, mode="rb")
            )
        elif suffix == ".zst":
            source = _ZstdFrames(raw)
        else:
            yield raw
            return
        yield io.BufferedReader(_Capped(source, max_decompressed_bytes), _STREAM_BUFFER)


# What stops reading a (compressed) file part-way; `_stream_error_reason` names each.
_STREAM_ERRORS = (OSError, EOFError, zlib.error, zstandard.ZstdError, DecompressionLimitError)


def _stream_error_reason(error: Exception) -> str:
    """The reason code for an error that stops reading a file part-way."""
    if isinstance(error, DecompressionLimitError):
        return INVALID_DECOMPRESSION_LIMIT
    if isinstance(error, EOFError):
        return INVALID_TRUNCATED
    if isinstance(error, zlib.error | zstandard.ZstdError | gzip.BadGzipFile):
        return INVALID_CORRUPT
    return INVALID_UNREADABLE


def _jsonl_rows(unit: InputUnit, limits: InputConfig) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines file, or of a `.json` file holding one JSON document (an
    array of records, or one pretty-printed record), which is told by its first line: a "["
    opens it, or a "{" alone is the line (a record cut short on the first line of JSON Lines
    still leaves the records after it). A document is read whole, up to
    `_JSON_DOCUMENT_MAX_BYTES`; JSON Lines stream."""
    max_line = _JSON_BYTES_PER_CHAR * limits.max_document_chars + _JSON_LINE_SLACK
    line_number = 1  # the line being read
    try:
        with _open_stream(unit.path, limits.max_decompressed_bytes) as stream:
            line = stream.readline(max_line + 1)
            if _without_compression(unit.path.name).lower().endswith(".json"):
                head = line.removeprefix(_BOM).strip()
                if head.startswith(b"[") or head == b"{":
                    data = line + stream.read(max(0, _JSON_DOCUMENT_MAX_BYTES + 1 - len(line)))
                    if len(data) > _JSON_DOCUMENT_MAX_BYTES:
                        yield _invalid(f"{unit.path}:1", INVALID_TOO_LONG)
                    else:
                        yield from _json_document_rows(data, unit.path)
                    return
            while line:
                origin = f"{unit.path}:{line_number}"
                if len(line) > max_line and not line.endswith(b"\n"):
                    _skip_rest_of_line(stream)
                    yield _invalid(origin, INVALID_TOO_LONG)
                elif (line := line.removeprefix(_BOM)).strip():
                    yield _json_record(line, origin)
                line_number += 1
                line = stream.readline(max_line + 1)
    except _STREAM_ERRORS as error:
        # The stream cannot be resynchronised: the line being read stands for the rest.
        yield _invalid(f"{unit.path}:{line_number}", _stream_error_reason(error))


def _json_document_rows(data: bytes, path: Path) -> Iterator[dict[str, Any]]:
    """The records of one JSON document: each object of an array (origin `path#index`), or
    the one object (`path:1`)."""
    try:
        document = orjson.loads(data.removeprefix(_BOM))
    except orjson.JSONDecodeError as error:
        yield _invalid(f"{path}:1", _json_error_reason(error))
        return
    if isinstance(document, dict):
        yield _row_from_mapping(document, f"{path}:1")
    elif isinstance(document, list):
        for index, record in enumerate(document):
            origin = f"{path}#{index}"
            yield (
                _row_from_mapping(record, origin)
                if isinstance(record, dict)
                else _invalid(origin, INVALID_JSON)
            )
    else:
        yield _invalid(f"{path}:1", INVALID_JSON)


def _skip_rest_of_line(stream: io.BufferedReader) -> None:
    """Consume the remainder of an over-long line in bounded pieces."""
    while True:
        piece = stream.readline(_SKIP_CHUNK)
        if not piece or piece.endswith(b"\n"):
            return


def _json_record(line: bytes, origin: str) -> dict[str, Any]:
    """One JSONL line as a row; anything unusable becomes an invalid row named after its place."""
    if b"\x00" in line:
        return _invalid(origin, INVALID_BINARY)
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        return _invalid(origin, _json_error_reason(error))
    if not isinstance(record, dict):
        return _invalid(origin, INVALID_JSON)
    return _row_from_mapping(record, origin)


def _json_error_reason(error: orjson.JSONDecodeError) -> str:
    """`invalid:utf8` where the bytes were not UTF-8, else `invalid:json`."""
    message = str(error).lower()
    return INVALID_UTF8 if "utf-8" in message or "surrogate" in message else INVALID_JSON


def _row_from_mapping(record: dict[str, Any], origin: str) -> dict[str, Any]:
    """A row from a parsed record (a JSON object or a Parquet row)."""
    row: dict[str, Any] = {"origin": origin, "text": record.get("text")}
    raw_id = record.get("id")
    if isinstance(raw_id, bytes):
        try:
            raw_id = raw_id.decode("utf-8")
        except UnicodeDecodeError:
            return _invalid(origin, INVALID_UTF8)
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
        row["id"], row["invalid"] = origin, INVALID_MISSING_ID
    elif isinstance(raw_id, str | int) and not isinstance(raw_id, bool):
        row["id"] = str(raw_id)
    else:
        row["id"], row["invalid"] = origin, INVALID_ID_TYPE
    text = row["text"]
    if isinstance(text, bytes):
        try:
            row["text"] = text.decode("utf-8")
        except UnicodeDecodeError:
            row.setdefault("invalid", INVALID_UTF8)
    elif text is None:
        row.setdefault("invalid", INVALID_MISSING_TEXT)
    for name in METADATA_FIELDS:
        row[name] = _metadata(record.get(name))
    authors = record.get("byline")
    if isinstance(authors, list) and authors and all(isinstance(a, str) for a in authors):
        row["byline"] = "; ".join(authors)  # a list of authors, joined as trafilatura joins them
    return row


def _metadata(value: object) -> str | None:
    """A metadata value as text: dates as ISO dates, other non-strings as JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, date):
        return value.isoformat()
    return orjson.dumps(value, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


# --- Parquet ---------------------------------------------------------------------------------


def _parquet_rows(unit: InputUnit, limits: InputConfig) -> Iterator[dict[str, Any]]:
    """Rows of a Parquet file, one row group at a time so that a damaged one costs only itself."""
    try:
        parquet = pq.ParquetFile(unit.path)
    except (pa.ArrowException, OSError) as error:
        unreadable = isinstance(error, PermissionError | FileNotFoundError)
        yield _invalid(f"{unit.path}#0", INVALID_UNREADABLE if unreadable else INVALID_CORRUPT)
        return
    present = [n for n in ("id", "text", *METADATA_FIELDS) if n in parquet.schema_arrow.names]
    if not present:
        # Arrow reads no rows for no columns; every row still becomes a record with its reason.
        for row in range(parquet.metadata.num_rows):
            yield _row_from_mapping({}, f"{unit.path}#{row}")
        return
    decoded = 0
    first_row = 0
    for group in range(parquet.num_row_groups):
        row = first_row
        try:
            for batch in parquet.iter_batches(
                batch_size=_PARQUET_BATCH_ROWS, row_groups=[group], columns=present
            ):
                batch = _plain(batch)
                decoded += batch.nbytes
                if decoded > limits.max_decompressed_bytes:
                    yield _invalid(f"{unit.path}#{row}", INVALID_DECOMPRESSION_LIMIT)
                    return
                for record in batch.to_pylist():
                    yield _row_from_mapping(record, f"{unit.path}#{row}")
                    row += 1
        except (pa.ArrowException, OSError, UnicodeDecodeError):
            # Undecodable pages, or bad UTF-8 nested in a list or struct column: the rest of
            # this row group stands as one record.
            yield _invalid(f"{unit.path}#{row}", INVALID_CORRUPT)
        first_row += parquet.metadata.row_group(group).num_rows


def _plain(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch as Python will see it: dictionary columns decoded, strings viewed as binary.

    Decoding first makes `nbytes` the true size (a dictionary column can hold one huge value
    for every row), and Arrow does not check UTF-8 when reading Parquet, so a string column is
    converted as bytes and decoded row by row: one bad value must not fail its whole batch.
    """
    columns = []
    for column in batch.columns:
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        if pa.types.is_string(column.type):
            column = column.cast(pa.binary())
        elif pa.types.is_large_string(column.type):
            column = column.cast(pa.large_binary())
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)

"""WARC inputs: the HTML responses of a crawl archive, and the page text of a WET file.

A WARC's HTML responses go through the extractor (`html.extract_page`) after their bodies are
decoded (`http_body`). A WET file (Common Crawl's "*.warc.wet.gz") holds each page's visible
text, one block per line, in "conversion" records: full-page text, which the text cleaner reads
as it reads any crawl's text, with the line model finding the article. Both are read with
FastWARC (the `html` extra).

Every record becomes one row; a damaged archive ends with one `invalid` row naming the record
where reading stopped, and one cut off inside a record ends with that record as
`invalid:truncated`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from copydesk.config import InputConfig
from copydesk.document import (
    INVALID_CORRUPT,
    INVALID_HTTP_STATUS,
    INVALID_TOO_LONG,
    INVALID_TRUNCATED,
    INVALID_UTF8,
)
from copydesk.extras import HTML_EXTRA, MissingExtraError
from copydesk.io.html import HTML_BYTES_PER_CHAR, extract_page
from copydesk.io.http_body import decoded_body, with_declared_charset
from copydesk.io.warc_members import GZIP_MAGIC, MemberWalk, first_member

WARC_SUFFIXES = (".warc",)
WET_SUFFIXES = (".wet",)  # "CC-MAIN-...-00000.warc.wet.gz"


# A gzip-compressed WARC larger than this is read as several units, one per span of this many
# bytes, so that its pages are extracted on every core: extraction runs at tens of pages a second
# a core, and a crawl's archive holds tens of thousands (Common Crawl's: ~1 GB each).
SPLIT_BYTES = 64 << 20


def warc_spans(path: Path) -> list[tuple[int, int] | None]:
    """The byte spans a WARC file is read in (None: the whole file). A record belongs to the
    span it starts in; only a gzip-compressed archive is split, since each of its records is
    a gzip member whose start can be found and checked (a plain archive's records can hold
    text that reads as a record header)."""
    try:
        size = path.stat().st_size
    except OSError:
        return [None]  # read as a whole, where the error becomes an unreadable record
    if size <= SPLIT_BYTES or not path.name.lower().endswith(".gz"):
        return [None]
    return [(start, min(start + SPLIT_BYTES, size)) for start in range(0, size, SPLIT_BYTES)]


def warc_rows(
    path: Path, limits: InputConfig, span: tuple[int, int] | None = None
) -> Iterator[dict[str, Any]]:
    """One row per HTML response record of a WARC file (of the records starting in `span`);
    the id is the record's WARC-Record-ID.

    Requests, metadata and non-HTML responses are not documents and are skipped. An HTML
    response whose status is not 2xx (a redirect, an error page) is an `invalid:http_status`
    row: the crawl holds it, but its body is no article. A body stored as it came over the wire
    (chunked, compressed) is decoded first (`http_body`).
    """
    max_bytes = HTML_BYTES_PER_CHAR * limits.max_document_chars
    yield from _rows(
        path, "response", lambda record, origin: _response_row(record, origin, max_bytes), span
    )


def wet_rows(path: Path, limits: InputConfig) -> Iterator[dict[str, Any]]:
    """One row per conversion record (a page's text) of a WET file, named by its record id."""
    max_bytes = 4 * limits.max_document_chars  # UTF-8: at most 4 bytes a character
    yield from _rows(
        path, "conversion", lambda record, origin: _conversion_row(record, origin, max_bytes)
    )


def _rows(
    path: Path,
    kind: str,
    row_of: Callable[[Any, str], dict[str, Any] | None],
    span: tuple[int, int] | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows `row_of` makes of the records of one `kind` ("response", "conversion") that
    start in `span`; a record's origin is the archive's path and the byte offset a WARC tool
    seeks to for it (its own, or its gzip member's)."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(HTML_EXTRA) from error
    record_type = WarcRecordType.response if kind == "response" else WarcRecordType.conversion
    at = start = 0 if span is None else span[0]
    ended_truncated = False  # the last row is a record cut off inside its body
    try:
        # `probe` reads the archive without moving the archive reader's stream
        with open(path, "rb") as stream, open(path, "rb") as probe:
            if span is not None:
                first = first_member(stream, span[0], span[1])
                if first is None:
                    return  # no record starts in this span
                stream.seek(start := first)
            # (a file named .gz that is not gzip is read by FastWARC as a plain archive, where
            # its position is the record's own)
            probe.seek(start)
            gzipped = probe.read(len(GZIP_MAGIC)) == GZIP_MAGIC
            members = MemberWalk(probe, start) if gzipped else None
            records = ArchiveIterator(
                stream, record_types=record_type, parse_http=kind == "response"
            )
            for record in records:
                at = seek_to = record.stream_pos
                member = None if members is None else members.member_of(str(record.record_id))
                if member is not None:  # (None: the archive breaks here, and FastWARC next)
                    seek_to = member
                    # a record whose member starts at the span's end belongs to the next span's
                    # reader (an archive compressed as one stream has one member: its first
                    # span's reader reads it all)
                    if span is not None and seek_to >= span[1]:
                        return
                row = row_of(record, f"{path}#{seek_to}")
                if row is not None:
                    ended_truncated = row.get("invalid") == INVALID_TRUNCATED
                    yield row
            # This reader read to the archive's end. FastWARC ends quietly where a gzip stream
            # is cut off, dropping the records in its last unfinished block (all of them, for
            # an archive compressed as one stream): the cut must still leave a record. One
            # reader says so: the last whose span a record starts in (a span reader reads on
            # past its span while no response record starts there).
            size = path.stat().st_size
            last = span is None or first_member(probe, span[1], size) is None
            if members is not None and last and not ended_truncated:
                problem = members.problem_at_end()
                if problem is not None:
                    yield {"id": f"{path}#{size}", "origin": f"{path}#{size}", "invalid": problem}
    except OSError:
        yield {"id": f"{path}#{at}", "origin": f"{path}#{at}", "invalid": INVALID_CORRUPT}


def _base_row(record: Any, origin: str) -> dict[str, Any]:
    record_id = str(record.record_id).removeprefix("<urn:uuid:").removesuffix(">")
    return {"id": record_id, "origin": origin, "url": record.headers.get("WARC-Target-URI")}


def _response_row(record: Any, origin: str, max_bytes: int) -> dict[str, Any] | None:
    """The row of one WARC response record (FastWARC's, HTTP parsed); None where it is no page."""
    headers = record.http_headers
    if headers is None:
        return None  # not an HTTP response
    # a server may send no Content-Type: then the crawler's own reading of the body, where it
    # wrote one (Common Crawl does), says whether it is HTML
    content_type = headers.get("Content-Type") or record.headers.get(
        "WARC-Identified-Payload-Type", ""
    )
    if "html" not in content_type.lower():
        return None
    row = _base_row(record, origin)
    if not 200 <= (headers.status_code or 0) < 300:
        return row | {"invalid": INVALID_HTTP_STATUS}  # a redirect's body was kept as an article
    raw, problem = _body(record, max_bytes)
    if problem is None:
        raw, problem = decoded_body(
            raw, headers.get("Transfer-Encoding"), headers.get("Content-Encoding"), max_bytes
        )
    if problem is not None:
        return row | {"invalid": problem}
    return row | extract_page(with_declared_charset(raw, record.http_charset), row["url"])


def _conversion_row(record: Any, origin: str, max_bytes: int) -> dict[str, Any]:
    """The row of one WET conversion record: its text, as UTF-8 (Common Crawl writes it so)."""
    row = _base_row(record, origin)
    raw, problem = _body(record, max_bytes)
    if problem is not None:
        return row | {"invalid": problem}
    try:
        return row | {"text": raw.decode("utf-8")}
    except UnicodeDecodeError:
        return row | {"invalid": INVALID_UTF8}


def _body(record: Any, max_bytes: int) -> tuple[bytes, str | None]:
    """A record's stored body, or why there is none: over `max_bytes`, or cut off."""
    if record.content_length > max_bytes:
        return b"", INVALID_TOO_LONG
    raw = record.reader.read(max_bytes + 1)
    if len(raw) < record.content_length:  # the archive ends inside this record
        return b"", INVALID_TRUNCATED
    return raw, None

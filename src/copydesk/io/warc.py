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
from copydesk.io.html import HTML_BYTES_PER_CHAR, MISSING_EXTRA, extract_page
from copydesk.io.http_body import decoded_body, with_declared_charset

WARC_SUFFIXES = (".warc",)
WET_SUFFIXES = (".wet",)  # "CC-MAIN-...-00000.warc.wet.gz"


def warc_rows(path: Path, limits: InputConfig) -> Iterator[dict[str, Any]]:
    """One row per HTML response record of a WARC file; the id is the record's WARC-Record-ID.

    Requests, metadata and non-HTML responses are not documents and are skipped. An HTML
    response whose status is not 2xx (a redirect, an error page) is an `invalid:http_status`
    row: the crawl holds it, but its body is no article. A body stored as it came over the wire
    (chunked, compressed) is decoded first (`http_body`).
    """
    max_bytes = HTML_BYTES_PER_CHAR * limits.max_document_chars
    yield from _rows(
        path, "response", lambda record, origin: _response_row(record, origin, max_bytes)
    )


def wet_rows(path: Path, limits: InputConfig) -> Iterator[dict[str, Any]]:
    """One row per conversion record (a page's text) of a WET file, named by its record id."""
    max_bytes = 4 * limits.max_document_chars  # UTF-8: at most 4 bytes a character
    yield from _rows(
        path, "conversion", lambda record, origin: _conversion_row(record, origin, max_bytes)
    )


def _rows(
    path: Path, kind: str, row_of: Callable[[Any, str], dict[str, Any] | None]
) -> Iterator[dict[str, Any]]:
    """The rows `row_of` makes of the records of one `kind` ("response", "conversion")."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(MISSING_EXTRA) from error
    record_type = WarcRecordType.response if kind == "response" else WarcRecordType.conversion
    number = 0
    try:
        with open(path, "rb") as stream:
            records = ArchiveIterator(
                stream, record_types=record_type, parse_http=kind == "response"
            )
            for number, record in enumerate(records):
                row = row_of(record, f"{path}#{number}")
                if row is not None:
                    yield row
    except OSError:
        yield {"id": f"{path}#{number}", "origin": f"{path}#{number}", "invalid": INVALID_CORRUPT}


def _base_row(record: Any, origin: str) -> dict[str, Any]:
    record_id = str(record.record_id).removeprefix("<urn:uuid:").removesuffix(">")
    return {"id": record_id, "origin": origin, "url": record.headers.get("WARC-Target-URI")}


def _response_row(record: Any, origin: str, max_bytes: int) -> dict[str, Any] | None:
    """The row of one WARC response record (FastWARC's, HTTP parsed); None where it is no page."""
    headers = record.http_headers
    content_type = (headers.get("Content-Type") if headers else None) or ""
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

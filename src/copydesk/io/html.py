"""HTML pages: a well-kept extractor first, copydesk's cleaner on top.

trafilatura finds the main content of a page (the best of the extractors measured on the
article-extraction benchmark here, see docs/CLEANING.md), and copydesk's line cleaner
then removes what it lets through: teaser blocks, agency blurbs, site templates. trafilatura and
fastwarc are the `html` extra; a clear error says so when they are missing.

Every page becomes exactly one row: a page that cannot be read, decompressed or extracted is an
`invalid:<why>` row named after its file (or WARC record: `warc.py`), never a silent gap.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from copydesk.config import InputConfig
from copydesk.document import (
    INVALID_CORRUPT,
    INVALID_DECOMPRESSION_LIMIT,
    INVALID_EXTRACT,
    INVALID_NO_CONTENT,
    INVALID_TOO_LONG,
    INVALID_TRUNCATED,
    INVALID_UNREADABLE,
)
from copydesk.extras import HTML_EXTRA, MissingExtraError

HTML_SUFFIXES = (".html", ".htm")
# HTML is far longer than the text it holds: a page may be this many times the text limit.
HTML_BYTES_PER_CHAR = 16


def page_id(path: Path, root: Path) -> str:
    """The id of an HTML file: its path relative to the folder, without .html/.htm[.gz]."""
    relative = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    name = relative.as_posix()
    name = name[:-3] if name.lower().endswith(".gz") else name
    for suffix in HTML_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


# When precision mode keeps less than this, trafilatura's default mode is asked too (below).
_SHORT_EXTRACT_CHARS = 2000
# ... and its text replaces precision's when it is at least this many times longer.
_WIDER_FACTOR = 3


def extract_page(html: bytes | str, url: str | None) -> dict[str, Any]:
    """Main text and metadata of one page, as a reader row (without id and origin)."""
    try:
        import trafilatura
    except ImportError as error:  # pragma: no cover - depends on the installed extras
        raise MissingExtraError(HTML_EXTRA) from error

    def extract(precision: bool) -> Any:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=precision,
            as_dict=False,
        )

    try:
        # Precision first: the cleaner after it can remove chrome but never bring back text,
        # and on AEB this setting scores higher (0.964 F1 against 0.960).
        document = extract(True)
        if _text_len(document) < _SHORT_EXTRACT_CHARS:
            wider = extract(False)
            if prefer_wider(_text_len(document), _text_len(wider)):
                document = wider
    except Exception:  # trafilatura raises many kinds on hostile markup; the page alone fails
        return {"url": url, "invalid": INVALID_EXTRACT}
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        return {"url": url, "invalid": INVALID_NO_CONTENT}
    return {
        "text": text,
        "extracted": True,
        "title": getattr(document, "title", None),
        # the extractor takes the byline out of the text: its author would otherwise be lost
        "byline": getattr(document, "author", None),
        "date": _stated_date(html, url, getattr(document, "date", None)),
        "url": url or getattr(document, "url", None),
        "source": getattr(document, "sitename", None) or getattr(document, "hostname", None),
    }


def html_rows(files: tuple[Path, ...], root: Path, limits: InputConfig) -> Iterator[dict[str, Any]]:
    """One row per HTML file (gzip-compressed or not), in the order given."""
    max_bytes = HTML_BYTES_PER_CHAR * limits.max_document_chars
    for path in files:
        row: dict[str, Any] = {"id": page_id(path, root), "origin": str(path)}
        data, problem = _read_page(path, min(max_bytes, limits.max_decompressed_bytes))
        if problem is not None:
            row["invalid"] = problem
        else:
            row.update(extract_page(data, None))
        yield row


def _read_page(path: Path, max_bytes: int) -> tuple[bytes, str | None]:
    """The page's bytes, decompressed, or the reason they cannot be had within `max_bytes`."""
    try:
        if not path.name.lower().endswith(".gz"):
            if path.stat().st_size > max_bytes:
                return b"", INVALID_TOO_LONG
            return path.read_bytes(), None
        with gzip.open(path, "rb") as stream:
            data = stream.read(max_bytes + 1)
    except EOFError:
        return b"", INVALID_TRUNCATED
    except (gzip.BadGzipFile, zlib.error):
        return b"", INVALID_CORRUPT
    except OSError:
        return b"", INVALID_UNREADABLE
    if len(data) > max_bytes:
        return b"", INVALID_DECOMPRESSION_LIMIT
    return data, None


def _stated_date(html: bytes | str, url: str | None, found: str | None) -> str | None:
    """The page's date, or None where the extractor's is a guess from a copyright year.

    Where a page states no date in its markup, trafilatura's date search ends with the year of
    a "© 2026" footer and makes it 1 January: 28 of 400 trafilatura-eval pages got such a date
    (2000-01-01 for a holiday villa), none of AEB's 181 news pages. A wrong date is worse than
    none, since the earliest copy of a story is its representative, so a 1 January date stands
    only where the date search without its guesses (htmldate's `extensive_search` off) finds
    one too (a story dated New Year's Day in its metadata).
    """
    if not found or not found.endswith("-01-01"):
        return found
    from htmldate import find_date  # trafilatura's own date finder

    try:
        return find_date(html, url=url, extensive_search=False, original_date=True)
    except Exception:  # as for the extractor: hostile markup costs the date alone
        return None


def _text_len(document: Any) -> int:
    text = getattr(document, "text", None) if document is not None else None
    return len(text) if text else 0


def prefer_wider(precise_chars: int, wider_chars: int) -> bool:
    """Whether trafilatura's default extraction should replace its precision-mode one.

    Precision mode switches off trafilatura's own rescues for short results (its baseline and
    recall retries run only outside that mode), so on some layouts it returns a print notice or
    a caption while the article sits in a block it pruned. A short precision result that the
    default mode beats several times over is such a miss; a merely longer default result is the
    usual extra chrome precision exists to drop. Measured on both evaluation sets
    (docs/CLEANING.md): AEB HTML path F1 +0.005, trafilatura-eval +0.004, at one more
    extraction for the pages under `_SHORT_EXTRACT_CHARS`.
    """
    return precise_chars < _SHORT_EXTRACT_CHARS and wider_chars >= _WIDER_FACTOR * max(
        precise_chars, 1
    )

"""The document record as it travels between passes: Arrow schemas, statuses and reason codes.

Every pass reads and writes Parquet shards with these schemas, so a pass never needs to know
which engine ran the previous one.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa

from copydesk.quality.names import INTEGER_SIGNALS, SIGNALS

KEPT: Final = "kept"
DUPLICATE: Final = "duplicate"
FILTERED: Final = "filtered"
INVALID: Final = "invalid"
STATUSES: Final = (KEPT, DUPLICATE, FILTERED, INVALID)

DUPLICATE_EXACT: Final = "duplicate:exact"
DUPLICATE_NEAR: Final = "duplicate:near"
DUPLICATE_PARTIAL: Final = "duplicate:partial"
FILTERED_EMPTY: Final = "filtered:empty"
TEMPLATE: Final = "boilerplate:template"
REPEAT: Final = "repeat:paragraph"
INVALID_DUPLICATE_ID: Final = "invalid:duplicate_id"
# Why a reader could not use a record (docs/FORMAT.md lists them all).
INVALID_JSON: Final = "invalid:json"  # not a JSON object
INVALID_UTF8: Final = "invalid:utf8"  # bytes that are not UTF-8, or an unpaired surrogate escape
INVALID_BINARY: Final = "invalid:binary"  # raw NUL bytes: a binary file or line
INVALID_NUL: Final = "invalid:nul_bytes"  # the decoded text contains U+0000
INVALID_EMPTY: Final = "invalid:empty"  # empty or whitespace-only text
INVALID_TOO_LONG: Final = "invalid:too_long"  # over InputConfig.max_document_chars
INVALID_MISSING_ID: Final = "invalid:missing_id"
INVALID_ID_TYPE: Final = "invalid:id_type"  # an id that is neither a string nor an integer
INVALID_MISSING_TEXT: Final = "invalid:missing_text"
INVALID_TYPE: Final = "invalid:type"  # a text that is not a string
INVALID_TRUNCATED: Final = "invalid:truncated"  # a compressed stream that ends mid-way
INVALID_CORRUPT: Final = "invalid:corrupt"  # undecodable compressed data or Parquet structure
INVALID_UNREADABLE: Final = "invalid:unreadable"  # the operating system refused to read it
INVALID_DECOMPRESSION_LIMIT: Final = "invalid:decompression_limit"
INVALID_CONTENT_ENCODING: Final = "invalid:content_encoding"  # a WARC body's, unknown
INVALID_HTTP_STATUS: Final = "invalid:http_status"  # a WARC response that is not 2xx
INVALID_NO_CONTENT: Final = "invalid:no_content"  # an HTML page the extractor finds no text in
INVALID_EXTRACT: Final = "invalid:extract"  # the HTML extractor failed on the page

def reason_key(reason: str) -> str:
    """The key a removed line's reason is counted under in stats.json: `model:0.83` counts as
    `model`, every other code as itself."""
    return "model" if reason.startswith("model:") else reason


# The metadata columns an input may carry besides `id` and `text`.
METADATA_FIELDS: Final = ("url", "source", "date", "title", "byline")

# `seq` orders documents globally: (input file index << 40) | position in that file. It is what
# makes output order, and therefore output bytes, independent of how many workers ran.
SEQ_FILE_SHIFT: Final = 40

INPUT_SCHEMA: Final = pa.schema(
    [
        ("seq", pa.int64()),
        ("id", pa.string()),
        ("text", pa.large_string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("date", pa.string()),
        ("title", pa.string()),
        ("byline", pa.string()),
        ("origin", pa.string()),
        ("invalid", pa.string()),  # reason code when the reader could not use the record
        # True when an HTML extractor already chose the main content (HTML and WARC inputs):
        # the line model, trained on full-page text, would only second-guess it.
        ("extracted", pa.bool_()),
    ]
)

REMOVED_SPAN: Final = pa.struct(
    [("start", pa.int32()), ("end", pa.int32()), ("reason", pa.string()), ("text", pa.string())]
)

# A document's quality signals (copydesk.quality.names.SIGNALS, docs/QUALITY.md): counts as
# integers, ratios as floats (null where not measurable, e.g. stop words of an unlisted language).
QUALITY: Final = pa.struct(
    [(name, pa.int32() if name in INTEGER_SIGNALS else pa.float64()) for name in SIGNALS]
)

# The scan pass's rows: one per distinct line key of each document with a site
# (`clean.templates.scan_table`).
SCAN_SCHEMA: Final = pa.schema(
    [
        ("site", pa.string()),
        ("key", pa.uint64()),
        ("doc", pa.uint64()),  # which document: a hash of its line keys in order
        ("length", pa.int32()),  # the line's characters (the longest, where it repeats)
    ]
)

CLEAN_SCHEMA: Final = pa.schema(
    [
        ("seq", pa.int64()),
        ("id", pa.string()),
        ("status", pa.string()),  # kept (for now), filtered or invalid; match decides duplicates
        ("reasons", pa.list_(pa.string())),
        ("text", pa.large_string()),
        ("length", pa.int32()),  # characters of cleaned text, for the representative choice
        ("removed", pa.list_(REMOVED_SPAN)),
        ("url", pa.string()),
        ("source", pa.string()),
        ("date", pa.string()),
        ("title", pa.string()),  # the input's, or the headline line found in the text
        ("byline", pa.string()),  # the input's, or the byline line found in the text
        ("agency", pa.string()),
        ("dateline", pa.string()),
        ("site", pa.string()),
        ("origin", pa.string()),
        ("language", pa.string()),  # ISO 639-1 or "und"; null when there is no cleaned text
        ("language_confidence", pa.float64()),
        ("mixed_language", pa.bool_()),
        ("quality", QUALITY),
        ("exact_hash", pa.uint64()),
        ("shingles", pa.int32()),
        ("signature", pa.binary()),  # num_perm little-endian uint32 values
        ("lead_keys", pa.binary()),  # dedup.lead.LEAD_BANDS little-endian uint64 keys
    ]
)

MATCH_SCHEMA: Final = pa.schema(
    [
        ("seq", pa.int64()),
        ("status", pa.string()),
        ("reasons", pa.list_(pa.string())),
        ("cluster", pa.int64()),
        ("duplicate_of", pa.string()),
        ("similarity", pa.float64()),
        ("containment", pa.float64()),
    ]
)

# The order of keys in documents.jsonl (docs/FORMAT.md).
OUTPUT_FIELDS: Final = (
    "id",
    "status",
    "reasons",
    "cluster",
    "duplicate_of",
    "similarity",
    "containment",
    "text",
    "title",
    "byline",
    "agency",
    "dateline",
    "url",
    "source",
    "date",
    "site",
    "language",
    "language_confidence",
    "mixed_language",
    "quality",
    "removed",
    "origin",
)

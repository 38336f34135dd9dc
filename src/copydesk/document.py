"""The document record as it travels between passes: Arrow schemas, statuses and reason codes.

Every pass reads and writes Parquet shards with these schemas, so a pass never needs to know
which engine ran the previous one.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa

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

# The metadata columns an input may carry besides `id` and `text`.
METADATA_FIELDS: Final = ("url", "source", "date", "title")

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
        ("origin", pa.string()),
        ("invalid", pa.string()),  # reason code when the reader could not use the record
    ]
)

REMOVED_SPAN: Final = pa.struct(
    [("start", pa.int32()), ("end", pa.int32()), ("reason", pa.string()), ("text", pa.string())]
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
        ("title", pa.string()),
        ("site", pa.string()),
        ("origin", pa.string()),
        ("exact_hash", pa.uint64()),
        ("shingles", pa.int32()),
        ("signature", pa.binary()),  # num_perm little-endian uint32 values
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
    "url",
    "source",
    "date",
    "site",
    "removed",
    "origin",
)

"""Clean+sketch pass: per shard, remove lines, then hash and sketch the cleaned text.

Duplicate detection must run on cleaned text, or two stories from one outlet look alike through
their shared chrome; that is why sketching happens here, after cleaning, and not at read time.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

from copydesk.allocator import keep_freed_memory
from copydesk.clean import CleanResult, clean_documents, cyclic_gc_paused
from copydesk.clean.fields import Fields
from copydesk.clean.templates import site_of
from copydesk.config import CleanConfig, Config
from copydesk.dedup.lead import lead_keys
from copydesk.dedup.sketch import SketchParams, minhash
from copydesk.document import (
    CLEAN_SCHEMA,
    FILTERED,
    FILTERED_EMPTY,
    INVALID,
    KEPT,
    reason_key,
)
from copydesk.io.atomic import write_bytes, write_parquet
from copydesk.quality.assess import Assessment, Page, assess_batch
from copydesk.quality.filters import parse_filters
from copydesk.workspace import Workspace


def sketch_params(config: Config) -> SketchParams:
    """The MinHash parameters a config asks for."""
    dedup = config.dedup
    return SketchParams(num_perm=dedup.num_perm, shingle_words=dedup.shingle_words, seed=dedup.seed)


# One cleaned row: status, reasons, text, removed spans, fields, and the cleaner's result
# (None for an invalid row), whose dedup text is built only for documents that stay kept.
_Cleaned = tuple[str, list[str], str, list[dict[str, Any]], Fields, CleanResult | None]


def clean_shard(name: str, workspace: Workspace, config: Config) -> None:
    """Clean and sketch one input shard; write the clean shard and its removed-line counts."""
    target = workspace.shard("clean", name)
    if target.exists():
        return
    # Cleaning frees and allocates the same buffers slice after slice; kept rather than
    # faulted in again (the match pass then starts fresh workers, so what this process keeps
    # does not raise the run's peak, which is the match pass's).
    keep_freed_memory()
    table = pq.read_table(workspace.shard("input", name))
    sites = {
        site_of(s, u)
        for s, u in zip(table["source"].to_pylist(), table["url"].to_pylist(), strict=True)
    }
    cleaned, removed_counts = clean_batch(table, load_templates(workspace.templates, sites), config)
    # The shard itself last: its existence is what tells a resumed run this shard is done.
    write_bytes(workspace.shard("clean", name, ".removed.json"), orjson.dumps(removed_counts))
    write_parquet(target, cleaned)


@cyclic_gc_paused()
def clean_batch(
    table: pa.Table, templates: dict[str, frozenset[int]], config: Config
) -> tuple[pa.Table, dict[str, int]]:
    """Clean and sketch a batch of `INPUT_SCHEMA` rows into `CLEAN_SCHEMA` rows.

    Pure: the same batch, templates and config always give the same table, on any engine.
    Returns the table and the number of removed lines per reason.
    """
    rows = table.to_pylist()
    removed_counts: Counter[str] = Counter()
    columns: dict[str, list[Any]] = {field: [] for field in CLEAN_SCHEMA.names}
    matching_texts: list[str] = []
    sites = [site_of(row["source"], row["url"]) for row in rows]
    cleaned = _clean_rows(rows, sites, templates, config)
    found_of = _assess_kept(rows, cleaned, config)
    for index, (row, site) in enumerate(zip(rows, sites, strict=True)):
        status, reasons, text, removed, fields, result = cleaned[index]
        removed_counts.update(reason_key(span["reason"]) for span in removed)
        # A document the quality verdict filters is not sketched: it can be no representative.
        found = found_of.get(index)
        if found is not None and found.reason:
            status, reasons = FILTERED, [found.reason]
        columns["language"].append(found.language if found else None)
        columns["language_confidence"].append(found.language_confidence if found else None)
        columns["mixed_language"].append(found.mixed_language if found else None)
        columns["quality"].append(found.signals if found else None)
        matching = result.matching if status == KEPT and result is not None else ""
        matching_texts.append(matching)
        for key in ("seq", "id", "url", "source", "date", "origin"):
            columns[key].append(row[key])
        columns["title"].append(fields.title)
        columns["byline"].append(fields.byline)
        columns["agency"].append(fields.agency)
        columns["dateline"].append(fields.dateline)
        columns["status"].append(status)
        columns["reasons"].append(reasons)
        columns["text"].append(text)
        columns["length"].append(len(text))
        columns["removed"].append(removed)
        columns["site"].append(site)
        columns["exact_hash"].append(
            xxhash.xxh3_64_intdigest(matching.encode("utf-8")) if matching else 0
        )
    signatures, counts = minhash(
        pa.array(matching_texts, type=pa.large_string()), sketch_params(config)
    )
    columns["shingles"] = counts.astype(np.int32).tolist()
    columns["signature"] = [
        sig.tobytes() if n else b"" for sig, n in zip(signatures, counts, strict=True)
    ]
    columns["lead_keys"] = [
        keys.tobytes() if text else b""
        for keys, text in zip(lead_keys(matching_texts), matching_texts, strict=True)
    ]
    return pa.Table.from_pydict(columns, schema=CLEAN_SCHEMA), dict(sorted(removed_counts.items()))


def _assess_kept(
    rows: list[dict[str, Any]],
    cleaned: list[_Cleaned],
    config: Config,
) -> dict[int, Assessment]:
    """Language, signals and verdict of every document that kept text (docs/QUALITY.md), by
    row index; as one batch, which keeps the language model and signal tables in cache."""
    if not config.quality.enabled:
        return {}
    kept = [i for i, (status, *_) in enumerate(cleaned) if status == KEPT]
    pages = [Page(cleaned[i][2], rows[i]["text"], cleaned[i][4].title) for i in kept]
    rules = parse_filters(config.filters.to_section())
    found = assess_batch(pages, not_article=config.quality.not_article, rules=rules)
    return dict(zip(kept, found, strict=True))


def _clean_rows(
    rows: list[dict[str, Any]],
    sites: list[str],
    templates: dict[str, frozenset[int]],
    config: Config,
) -> list[_Cleaned]:
    """Clean every valid row: the rows an HTML extractor produced in one batch (no line model),
    the others in another."""
    out: list[_Cleaned | None] = [None] * len(rows)
    batches: dict[bool, list[int]] = {False: [], True: []}
    for index, row in enumerate(rows):
        if row["invalid"] is not None:
            given = Fields(title=row["title"], byline=row["byline"])
            out[index] = (INVALID, [row["invalid"]], "", [], given, None)
        else:
            batches[bool(row["extracted"])].append(index)
    for extracted, indices in batches.items():
        results = clean_documents(
            [rows[i]["text"] for i in indices],
            template_keys=[templates.get(sites[i], frozenset()) for i in indices],
            config=for_extracted_text(config.clean) if extracted else config.clean,
            titles=[rows[i]["title"] for i in indices],
            bylines=[rows[i]["byline"] for i in indices],
        )
        for index, result in zip(indices, results, strict=True):
            out[index] = _cleaned(result)
    return [row for row in out if row is not None]


def _cleaned(result: CleanResult) -> _Cleaned:
    removed = [
        {"start": r.start, "end": r.end, "reason": r.reason, "text": r.text} for r in result.removed
    ]
    if not result.text.strip():
        return FILTERED, [FILTERED_EMPTY], result.text, removed, result.fields, result
    return KEPT, [], result.text, removed, result.fields, result


# On extracted text only a paragraph at least this long counts as a repeat (see below).
EXTRACTED_REPEAT_MIN_CHARS = 200


def for_extracted_text(clean: CleanConfig) -> CleanConfig:
    """Cleaning for text an HTML extractor already reduced to the main content.

    No line model: it learned to find the article inside full-page text, and on extracted text
    it removes true lines (AEB, HTML path: F1 0.965 without it, 0.948 with it). Repeats only
    of long paragraphs: the short lines an extracted article repeats are its own (table headers,
    interview prompts, list items), while a body pasted twice is still caught (AEB, HTML path:
    F1 0.974 with repeats of 12+ characters, 0.976 with 200+; docs/CLEANING.md).
    """
    return dataclasses.replace(
        clean,
        model=False,
        repeat_min_chars=max(clean.repeat_min_chars, EXTRACTED_REPEAT_MIN_CHARS),
    )


def load_templates(path: Path, sites: set[str]) -> dict[str, frozenset[int]]:
    """The template line keys of the given sites only, so a shard loads what it needs."""
    if not path.exists():
        return {}
    frame = pl.read_parquet(path).filter(pl.col("site").is_in(list(sites)))
    grouped = frame.group_by("site").agg(pl.col("key"))
    return {site: frozenset(keys) for site, keys in grouped.iter_rows()}

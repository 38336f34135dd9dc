"""Cross-document template lines: the lines a site repeats on many *different* articles.

A masthead tagline or a "Connect with us" block is only recognisable as chrome after seeing many
pages of one site, so the scan pass records, per document, its site, the keys of its distinct
lines and *body keys* (`body_keys`), and `find_templates` counts per (site, line) how many
distinct bodies carry the line. Counting distinct bodies rather than documents is what keeps a
story that one site republished three times from having its own paragraphs taken for template
lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl
import pyarrow as pa

from copydesk.config import CleanConfig
from copydesk.document import SCAN_SCHEMA
from copydesk.normalize import batch_line_keys


def site_of(source: str | None, url: str | None) -> str:
    """The key a document's template lines are counted under: its source, else its URL's host."""
    if source:
        return source.strip().lower()
    if url:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
        return host.removeprefix("www.")
    return ""


_MIX = 0x9E3779B97F4A7C15
_UINT64 = (1 << 64) - 1


def body_keys(text: str, keys: Sequence[int]) -> tuple[int, int]:
    """The keys of the longest line and of the longest line with another key: two copies of
    one story share them, two stories do not. (0 for a line there is not.)

    The two together name the article (the site's count of articles). A line is counted under
    the first, except the longest line itself, counted under the second: where a site's
    one-line footer is longer than its short briefs, the footer alone was every brief's key,
    so the briefs counted as one article and the footer, on all of them, as a line of one
    article, never a template.
    """
    lengths = [len(line) for line in text.split("\n")]
    if len(lengths) != len(keys) or not keys:
        return 0, 0
    first = keys[lengths.index(max(lengths))]  # the first of the longest, as max() picks
    second, second_length = 0, -1
    for key, length in zip(keys, lengths, strict=True):
        if key and key != first and length > second_length:
            second, second_length = key, length
    return first, second


def scan_table(texts: Sequence[str], sites: Sequence[str]) -> pa.Table:
    """One row per distinct (site, line key) of each document, with the document's body keys."""
    site_col: list[str] = []
    key_col: list[int] = []
    body_col: list[int] = []
    others_col: list[int] = []
    with_site = [(text, site) for text, site in zip(texts, sites, strict=True) if site]
    # (without a site there is nothing to count the lines under)
    all_keys = batch_line_keys([text for text, _ in with_site])
    for (text, site), keys in zip(with_site, all_keys, strict=True):
        first, second = body_keys(text, keys)
        body = (first * _MIX ^ second) & _UINT64  # the article: its two longest lines
        distinct = {k for k in keys if k}
        site_col.extend([site] * len(distinct))
        key_col.extend(distinct)
        body_col.extend([body] * len(distinct))
        others_col.extend(second if k == first else first for k in distinct)
    return pa.Table.from_pydict(
        {"site": site_col, "key": key_col, "body": body_col, "others": others_col},
        schema=SCAN_SCHEMA,
    )


def find_templates(
    scan_files: Sequence[Path], config: CleanConfig
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Aggregate the scan shards into (templates, sites).

    templates: site, key, bodies — the lines to remove, one row each.
    sites: site, documents (distinct bodies), template_lines — for statistics and the report.
    The aggregation streams over the shards, so memory follows the number of distinct
    (site, line) pairs, not the corpus.
    """
    empty_templates = pl.DataFrame(
        schema={"site": pl.String, "key": pl.UInt64, "bodies": pl.UInt32}
    )
    empty_sites = pl.DataFrame(
        schema={"site": pl.String, "documents": pl.UInt32, "template_lines": pl.UInt32}
    )
    if not scan_files:
        return empty_templates, empty_sites
    scan = pl.scan_parquet([str(p) for p in scan_files])
    site_bodies = scan.group_by("site").agg(pl.col("body").n_unique().alias("documents"))
    line_bodies = scan.group_by("site", "key").agg(pl.col("others").n_unique().alias("bodies"))
    templates = (
        line_bodies.join(site_bodies, on="site")
        .filter(
            (pl.col("bodies") >= config.template_min_docs)
            & (pl.col("bodies") >= pl.col("documents") * config.template_min_fraction)
        )
        .select("site", "key", pl.col("bodies").cast(pl.UInt32))
        .sort("site", "key")
        .collect(engine="streaming")
    )
    counts = templates.group_by("site").agg(pl.len().cast(pl.UInt32).alias("template_lines"))
    sites = (
        site_bodies.collect(engine="streaming")
        .join(counts, on="site", how="left")
        .with_columns(pl.col("template_lines").fill_null(0), pl.col("documents").cast(pl.UInt32))
        .sort(["template_lines", "site"], descending=[True, False])
    )
    return templates, sites

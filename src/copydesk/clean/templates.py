"""Cross-document template lines: the lines a site repeats on many *different* articles.

A masthead tagline or a "Connect with us" block is only recognisable as chrome after seeing many
pages of one site, so the scan pass records, per document, its site and the keys of its
distinct lines with their lengths (`scan_table`), and `find_templates` counts per (site, line)
how many distinct articles carry the line, an article being told by its two longest lines that
are not the site's own (`with_article_keys`). Counting distinct articles rather than documents
is what keeps a story that one site republished three times from having its own paragraphs
taken for template lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl
import pyarrow as pa
import xxhash

from copydesk.config import CleanConfig
from copydesk.document import SCAN_SCHEMA
from copydesk.normalize import batch_line_key_array


def site_of(source: str | None, url: str | None) -> str:
    """The key a document's template lines are counted under: its source, else its URL's host."""
    if source:
        return source.strip().lower()
    if url:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
        return host.removeprefix("www.")
    return ""


_KEYS_SEED = 0x636F70796465736B  # "copydesk": a document's id, from its line keys in order


def scan_table(texts: Sequence[str], sites: Sequence[str]) -> pa.Table:
    """One row per distinct (site, line key) of each document: the document's id (a hash of
    its line keys in order: two copies of a text are one document) and the line's length, its
    longest where the document repeats it. `find_templates` tells articles apart by their
    longest lines."""
    site_col: list[str] = []
    key_col: list[int] = []
    doc_col: list[int] = []
    length_col: list[int] = []
    with_site = [(text, site) for text, site in zip(texts, sites, strict=True) if site]
    # (without a site there is nothing to count the lines under)
    all_keys, first_line = batch_line_key_array([text for text, _ in with_site])
    bounds = first_line.tolist()
    for (text, site), a, b in zip(with_site, bounds[:-1], bounds[1:], strict=True):
        keys = all_keys[a:b]
        longest: dict[int, int] = {}
        for key, line in zip(keys.tolist(), text.split("\n"), strict=True):
            if key and len(line) > longest.get(key, -1):
                longest[key] = len(line)
        doc = xxhash.xxh3_64_intdigest(keys.tobytes(), seed=_KEYS_SEED)
        site_col.extend([site] * len(longest))
        key_col.extend(longest)
        doc_col.extend([doc] * len(longest))
        length_col.extend(longest.values())
    return pa.Table.from_pydict(
        {"site": site_col, "key": key_col, "doc": doc_col, "length": length_col},
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
    lines = with_article_keys(scan, config.template_min_docs)
    site_bodies = (
        lines.select("site", "body")
        .unique()
        .group_by("site")
        .agg(pl.len().cast(pl.UInt32).alias("documents"))
    )
    line_bodies = lines.group_by("site", "key").agg(pl.col("others").n_unique().alias("bodies"))
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
        .with_columns(pl.col("template_lines").fill_null(0))
        .sort(["template_lines", "site"], descending=[True, False])
    )
    return templates, sites


def with_article_keys(scan: pl.LazyFrame, min_docs: int) -> pl.LazyFrame:
    """The scan rows with the article each document is (`body`) and the article told without
    the row's own line (`others`), from the document's two longest lines that are not the
    site's own: `first` and `second`; `body` mixes both, `others` is `second` for the row of
    `first` and `first` for every other row.

    A site's own line is on at least `min_docs` documents and on more than half of the site's.
    Left among the longest, it made every page of a site one article wherever the longest line
    of full-page text is a footer, a disclaimer or a cookie notice (7 of AEB's 55 sites with two
    pages), and no line of the site was then ever a template. Copies of one story are one
    article still: their longest lines are the story's, on a few of a site's documents.
    """
    documents = scan.group_by("site").agg(pl.col("doc").n_unique().alias("site_documents"))
    carriers = scan.group_by("site", "key").agg(pl.col("doc").n_unique().alias("carriers"))
    sites_own = (
        carriers.join(documents, on="site")
        .filter(
            (pl.col("carriers") >= min_docs)
            & (pl.col("carriers") * 2 > pl.col("site_documents"))
        )
        .select("site", "key")
    )
    longest = (
        scan.join(sites_own, on=["site", "key"], how="anti")
        .unique(["site", "doc", "key"])  # a text twice in the corpus is one document, once
        .group_by("site", "doc")
        .agg(
            pl.col("key")
            .sort_by(["length", "key"], descending=[True, False])
            .head(2)
            .alias("top")
        )
        .select(
            "site",
            "doc",
            pl.col("top").list.get(0, null_on_oob=True).alias("first"),
            pl.col("top").list.get(1, null_on_oob=True).alias("second"),
        )
    )
    return (
        scan.join(longest, on=["site", "doc"], how="left")
        .with_columns(pl.col("first").fill_null(0), pl.col("second").fill_null(0))
        .select(
            "site",
            "key",
            pl.struct("first", "second").hash(seed=0).alias("body"),
            pl.when(pl.col("key") == pl.col("first"))
            .then(pl.col("second"))
            .otherwise(pl.col("first"))
            .alias("others"),
        )
    )

"""Every knob of a run in one typed tree, loadable from TOML, with defaults that work.

A config file only names what it changes:

    [dedup]
    jaccard_threshold = 0.6
    representative = ["longest", "earliest", "id"]

Unknown sections or keys are an error, not silently ignored: a typo must not change a run.
"""

from __future__ import annotations

import dataclasses
import os
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from copydesk.quality.filters import parse_filters
from copydesk.quality.names import NOT_ARTICLE_KINDS

REPRESENTATIVE_CRITERIA = (
    "most_complete",
    "source_priority",
    "earliest",
    "latest",
    "longest",
    "shortest",
    "id",
)


@dataclass(frozen=True)
class InputConfig:
    """How inputs are read."""

    max_document_chars: int = 5_000_000
    """Longer documents are marked invalid (`invalid:too_long`) instead of slowing a whole shard."""
    max_decompressed_bytes: int = 20 * 2**30
    """A compressed input file (or the decoded columns of a Parquet file) that yields more than
    this stops there with `invalid:decompression_limit`. A decompression bomb streams, so it
    costs time and disk rather than memory; 20 GiB is four times the largest single crawl shard
    in common use (a few GiB of JSONL) and about a minute of zlib, so a real shard passes and a
    bomb wastes a bounded minute. Raise it for bigger single files."""
    max_shard_chars: int = 100_000_000
    """A shard is closed early once its texts hold this many characters, so that a run of long
    documents cannot make one shard (and the worker that cleans it) use gigabytes. Shard
    boundaries never change the output."""

    def __post_init__(self) -> None:
        for name in ("max_document_chars", "max_decompressed_bytes", "max_shard_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"input.{name} must be at least 1")


@dataclass(frozen=True)
class CleanConfig:
    """Line removal: rules, cross-document template lines, repeats inside a document."""

    rules: bool = True
    templates: bool = True
    template_min_docs: int = 3
    """A line is a site template when at least this many *different* articles carry it…"""
    template_min_fraction: float = 0.02
    """…and at least this share of the site's articles do."""
    repeats: bool = True
    repeat_min_chars: int = 12
    """Shorter repeated lines ("Photo", "Share") are left to the rules: they repeat legitimately."""
    model: bool = True
    """Score the lines nothing else removed with the learned line model shipped in the package."""
    model_min_fragment_run: int = 5
    """…in documents holding a run of at least this many lines that end no sentence (blank
    lines between them aside): a menu, a list of links or of teaser headlines, as full-page
    text has. An article that an extractor already cut out of its page seldom has one, and the
    model, which learnt to find the article inside a page, removes its true lines
    (docs/CLEANING.md). 0: every document."""
    fields: bool = True
    """Move headline, byline and agency-credit lines into the record's fields (clean/fields.py)."""


@dataclass(frozen=True)
class DedupConfig:
    """Exact and near-duplicate detection."""

    enabled: bool = True
    num_perm: int = 128
    shingle_words: int = 3
    """Words per shingle; 3 keeps a copy with a typo every 30 words near J 0.7 (5 drops it to
    0.5), while unrelated news stays below J 0.05 (bench/syndication.py)."""
    bands: int = 42
    rows: int = 3
    """42 bands of 3 rows: a pair at J 0.3 becomes a candidate with probability 0.68, at 0.45
    with 0.98."""
    jaccard_threshold: float = 0.45
    """A verified pair with at least this estimated Jaccard similarity is a near duplicate."""
    containment_threshold: float = 0.7
    """…or one document whose shingles are at least this much contained in the other…"""
    coverage_threshold: float = 0.15
    """…while the contained one is at least this share of the container (its reverse
    containment): a quoted paragraph or a brief inside a long story is not a copy."""
    core_threshold: float = 0.3
    """Two clusters merge only if their anchors (each one's most complete core document) are
    near copies or one lies at least this much inside the other: no chaining (docs/DEDUP.md)."""
    min_shingles_for_containment: int = 30
    """Containment alone only counts for documents with this many shingles (short texts collide)."""
    max_bucket: int = 16
    """Buckets up to this size yield all their pairs; bigger ones link each member to the first
    (a star), which keeps candidate pairs linear in the size of a big cluster of copies."""
    representative: tuple[str, ...] = ("most_complete", "earliest", "longest", "id")
    """Order of preference for a cluster's representative; earlier criteria win. Criteria:
    most_complete (carries most of the story the cluster shares), source_priority (earliest in
    `source_priority`), earliest, latest, longest, shortest, id."""
    source_priority: tuple[str, ...] = ()
    """Sources (the input's `source` field) in order of preference, for "source_priority";
    sources not listed come after all listed ones."""
    seed: int = 0x5EED


@dataclass(frozen=True)
class EngineConfig:
    """Where and how batches run."""

    workers: int = 0
    """Worker processes at most; 0 means one per CPU core. The local engine starts no more than
    the corpus has shards (or match batches) to share: one shard runs in the main process."""
    batch_size: int = 5_000
    """Documents per shard: the unit of parallelism, spilling and peak memory."""
    match_batch_size: int = 10_000
    """Documents the match pass decides at once: its memory bound (about 25 KB per document of
    a batch of copies: signatures, candidate pairs, verification, cluster members' texts and
    spans; ~0.25 GB at the default, over the pass's ~0.55 GB of libraries and buffers) and the
    size of its id and key partitions. Copies are never split across batches, so the result
    does not depend on it; smaller batches were no slower (docs/SCALING.md)."""

    def resolved_workers(self) -> int:
        """The worker count asked for: `workers`, or the number of CPU cores."""
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class OutputConfig:
    """What the run writes."""

    format: str = "jsonl"
    report: bool = True
    report_documents: int = 20_000
    """Documents report.html embeds at most (a sample past that, docs/REPORT.md). Each carries
    its input and its cleaned text, so the page grows with this: lower it for a lighter page."""
    report_clusters: int = 5_000
    """Clusters report.html embeds at most."""
    report_text_chars: int = 40_000_000
    """Characters of document text report.html embeds at most (its size is mostly those
    texts): past that it samples fewer documents than `report_documents`."""


@dataclass(frozen=True)
class QualityConfig:
    """Language, quality signals and not-article detection of each document (docs/QUALITY.md)."""

    enabled: bool = True
    """Off: `language` and `quality` are null, and nothing is filtered as not-an-article or by
    `[filters]` (which then must be empty)."""
    not_article: tuple[str, ...] = NOT_ARTICLE_KINDS
    """Kinds of page filtered as `notarticle:<kind>`: paywall, consent, error_page, listing,
    chrome_only. Leave a kind out to keep such pages (e.g. paywall teasers); [] keeps them all."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "not_article", tuple(self.not_article))  # TOML gives a list
        bad = [kind for kind in self.not_article if kind not in NOT_ARTICLE_KINDS]
        if bad:
            raise ValueError(
                f"unknown quality.not_article kind(s) {bad}; choose from {NOT_ARTICLE_KINDS}"
            )


@dataclass(frozen=True)
class FiltersConfig:
    """`[filters]`: thresholds on the quality signals; a kept document failing one is filtered.

    In TOML the section's keys are the rules, `min_<signal>` or `max_<signal>` for any field of
    a document's `quality` record, e.g. `min_words = 50`; a document failing one gets the reason
    `filtered:<key>`. Rules are checked in the order given. None by default.
    """

    rules: tuple[tuple[str, float], ...] = ()
    """(key, threshold) pairs, as the TOML section lists them."""

    def __post_init__(self) -> None:
        parse_filters(dict(self.rules))  # an unknown key or a non-number is an error

    @classmethod
    def from_section(cls, values: dict[str, Any]) -> FiltersConfig:
        """The rules of a `[filters]` table (key = rule, value = threshold)."""
        return cls(tuple((rule.name, rule.value) for rule in parse_filters(values)))

    def to_section(self) -> dict[str, float]:
        """The `[filters]` table these rules came from."""
        return dict(self.rules)


@dataclass(frozen=True)
class Config:
    """The whole configuration of a run."""

    input: InputConfig = field(default_factory=InputConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    quality: QualityConfig = field(default_factory=QualityConfig)
    filters: FiltersConfig = field(default_factory=FiltersConfig)

    def __post_init__(self) -> None:
        _validate(self)

    @classmethod
    def from_toml(cls, path: str | Path) -> Config:
        """Load a config file; sections and keys not given keep their defaults. An error starts
        with the file's path (tomllib's own says only the line and column)."""
        with open(path, "rb") as handle:
            try:
                return cls.from_dict(tomllib.load(handle))
            except ValueError as error:  # TOML syntax (TOMLDecodeError is one), keys, values
                raise ValueError(f"{path}: {error}") from error

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Config:
        """Build a config from nested dicts, rejecting unknown sections and keys."""
        sections: dict[str, Any] = {}
        for section in dataclasses.fields(cls):
            values = data.get(section.name, {})
            if not isinstance(values, dict):
                raise ValueError(f"{section.name} must be a [{section.name}] table, not {values!r}")
            values = dict(values)
            section_type = _SECTION_TYPES[section.name]
            if section_type is FiltersConfig:  # its keys are rules, checked by parse_filters
                sections[section.name] = FiltersConfig.from_section(values)
                continue
            sections[section.name] = section_type(**_checked(section.name, values))
        unknown_sections = sorted(set(data) - set(sections))
        if unknown_sections:
            raise ValueError(
                f"unknown config section(s): {', '.join(unknown_sections)}; "
                f"valid sections: {', '.join(sections)}"
            )
        return cls(**sections)

    def replace(self, section: str, **changes: Any) -> Config:
        """A copy with some keys of one section changed (what CLI options use), each checked as
        a config file's is: `replace("clean", model="no")` is an error, not a model left on."""
        if section not in _SECTION_TYPES:
            raise ValueError(
                f"unknown config section {section!r}; valid sections: {', '.join(_SECTION_TYPES)}"
            )
        if section != "filters":  # its keys are rules, checked by parse_filters
            changes = _checked(section, changes)
        updated = dataclasses.replace(getattr(self, section), **changes)
        return dataclasses.replace(self, **{section: updated})

    def dedup_only(self) -> Config:
        """A copy with line cleaning and the quality signals off: read, normalise,
        deduplicate, write. For text that is already clean, and the job MinHash pipelines
        (datatrove's) do; `[filters]` must be empty, as they read the quality signals."""
        if self.filters.rules:
            raise ValueError(
                "dedup_only (--dedup-only) turns off the quality signals that [filters] rules "
                "read: remove the [filters] section, or keep the cleaning"
            )
        return self.replace(
            "clean", rules=False, templates=False, repeats=False, model=False, fields=False
        ).replace("quality", enabled=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dicts, as written into stats.json (and read back by `from_dict`)."""
        data = dataclasses.asdict(self)
        data["filters"] = self.filters.to_section()
        return data


_SECTION_TYPES: dict[str, Any] = {
    "input": InputConfig,
    "clean": CleanConfig,
    "dedup": DedupConfig,
    "engine": EngineConfig,
    "output": OutputConfig,
    "quality": QualityConfig,
    "filters": FiltersConfig,
}


_EXPECTED = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}


def _checked(section: str, values: dict[str, Any]) -> dict[str, Any]:
    """The keys of one section (not [filters]) as their types, or a ValueError that names the
    first unknown or mistyped key."""
    section_type = _SECTION_TYPES[section]
    known = {f.name for f in dataclasses.fields(section_type)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(
            f"unknown key(s) in [{section}]: {', '.join(unknown)}; "
            f"valid keys: {', '.join(sorted(known))}"
        )
    hints = typing.get_type_hints(section_type)
    return {key: _typed(f"{section}.{key}", value, hints[key]) for key, value in values.items()}


def _typed(name: str, value: Any, hint: Any) -> Any:
    """`value` as the key's type, or a ValueError that names the key: TOML would otherwise let
    `model = "no"` turn the model on (a non-empty string is true), and `workers = "2"` fail as
    a traceback deep in a pass."""
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif hint is str:
        ok = isinstance(value, str)
    else:  # tuple[str, ...]: a TOML list of strings
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        value = tuple(value) if ok else value
    if not ok:
        expected = _EXPECTED.get(hint, "a list of strings")
        raise ValueError(f"{name} must be {expected}, not {value!r}")
    return value


def _validate(config: Config) -> None:
    dedup = config.dedup
    if dedup.bands * dedup.rows > dedup.num_perm:
        raise ValueError(
            f"dedup.bands * dedup.rows ({dedup.bands * dedup.rows}) exceeds "
            f"dedup.num_perm ({dedup.num_perm})"
        )
    bad = [c for c in dedup.representative if c not in REPRESENTATIVE_CRITERIA]
    if bad:
        raise ValueError(
            f"unknown representative criteria {bad}; choose from {REPRESENTATIVE_CRITERIA}"
        )
    if config.output.format not in ("jsonl", "parquet"):
        raise ValueError(
            f"output.format must be 'jsonl' or 'parquet', not {config.output.format!r}"
        )
    for key in ("jaccard", "containment", "coverage", "core"):
        key = f"{key}_threshold"
        if not 0.0 <= getattr(dedup, key) <= 1.0:
            raise ValueError(f"dedup.{key} must lie between 0 and 1, not {getattr(dedup, key)}")
    if config.engine.workers < 0:
        raise ValueError("engine.workers must be at least 0 (0: every core)")
    if config.output.report_documents < 1 or config.output.report_clusters < 0:
        raise ValueError("output.report_documents must be at least 1, report_clusters at least 0")
    if config.output.report_text_chars < 1:
        raise ValueError("output.report_text_chars must be at least 1")
    if config.engine.batch_size < 1:
        raise ValueError("engine.batch_size must be at least 1")
    if config.filters.rules and not config.quality.enabled:
        raise ValueError("[filters] rules need the quality signals: set quality.enabled = true")
    if config.engine.match_batch_size < 1:
        raise ValueError("engine.match_batch_size must be at least 1")
    if config.clean.model_min_fragment_run < 0:
        raise ValueError("clean.model_min_fragment_run must be at least 0 (0: every document)")
    if config.clean.template_min_docs < 2:
        # one article is no site: every line of every article would be a template
        raise ValueError("clean.template_min_docs must be at least 2")
    if not 0.0 <= config.clean.template_min_fraction <= 1.0:
        raise ValueError("clean.template_min_fraction must lie between 0 and 1")
    if config.clean.repeat_min_chars < 0:
        raise ValueError("clean.repeat_min_chars must be at least 0")
    for key in ("num_perm", "shingle_words", "bands", "rows", "max_bucket"):
        if getattr(dedup, key) < 1:
            raise ValueError(f"dedup.{key} must be at least 1")
    if dedup.min_shingles_for_containment < 0:
        raise ValueError("dedup.min_shingles_for_containment must be at least 0")

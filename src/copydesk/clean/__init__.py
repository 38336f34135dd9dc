"""Line cleaning: rules, template lines, repeats and a line model; every removal with a reason.

`clean_documents` (and `clean_document`, its form for one text) is the one entry point: the
pipeline, the benchmarks and `copydesk explain` all call it, so what they report is what the run
does. A line gets the reason of the first stage
that claims it, in this order: named rules (`boilerplate:<rule>`), the site's template lines
(`boilerplate:template`), repeats inside the document (`repeat:paragraph`), then the line model
(`model:<score>`) for what is left. The explainable reasons come first; the model only speaks
for lines nothing else names.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import NamedTuple

import numpy as np

from copydesk.clean.fields import Fields, take_fields
from copydesk.clean.lines import LineModel, model_reasons, shipped_model
from copydesk.clean.repeats import docs_with_repeats, mark_pasted_body, mark_repeats
from copydesk.clean.rows import named_lines
from copydesk.clean.rules import needle_hits, rule_reasons
from copydesk.config import CleanConfig
from copydesk.document import TEMPLATE
from copydesk.line_breaks import unify_line_breaks
from copydesk.normalize import (
    batch_for_matching,
    batch_line_key_array,
    for_matching,
    lower_and_match,
)

__all__ = [
    "CleanResult",
    "Fields",
    "RemovedLine",
    "clean_document",
    "clean_documents",
    "cyclic_gc_paused",
]

_DEFAULT_CONFIG = CleanConfig()


class RemovedLine(NamedTuple):
    """A removed line: character offsets into the original text, the reason code, the text.

    (A named tuple: built for every removed line, and a frozen dataclass costs twice as much
    to build; most lines of a full web page are removed.)"""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True)
class CleanResult:
    """The cleaned text and every line that was removed from the original."""

    text: str
    removed: tuple[RemovedLine, ...]
    fields: Fields = field(default_factory=Fields)
    # The kept lines after `for_matching`, taken from the normalisation the line keys came
    # from (None where it did not keep the line breaks); only `matching` reads them.
    normalised_kept: list[str] | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def matching(self) -> str:
        """The cleaned text as duplicate detection reads it: `for_matching`, every whitespace
        run one space. Built on first use from the kept lines' normalised form, so the clean
        pass normalises a document once, and callers that never deduplicate pay nothing."""
        kept = self.normalised_kept
        words = " ".join(kept).split() if kept is not None else for_matching(self.text).split()
        return " ".join(words)


def clean_document(
    text: str,
    *,
    template_keys: Collection[int] = frozenset(),
    config: CleanConfig = _DEFAULT_CONFIG,
    model: LineModel | None = None,
    title: str | None = None,
    byline: str | None = None,
) -> CleanResult:
    """Remove chrome, template, repeated and model-flagged lines from one document's text.

    `template_keys` are the line keys the document's site repeats across articles (see
    `templates.find_templates`). `model` replaces the shipped line model (benchmarks score a
    data set with a model not trained on it); `config.model` False turns the model off. The
    cleaned text keeps the remaining lines verbatim (trailing spaces trimmed), with runs of
    blank lines collapsed to one and none at either end. Headline, byline and credit lines
    become `CleanResult.fields` (`title` and `byline` are the input's, if any). A lone CR,
    U+2028, U+2029 and NEL end a line, as "\n" does (`unify_line_breaks`).
    """
    return clean_documents(
        [text],
        template_keys=[template_keys],
        config=config,
        model=model,
        titles=[title],
        bylines=[byline],
    )[0]


def clean_documents(
    texts: Sequence[str],
    *,
    template_keys: Sequence[Collection[int]] | None = None,
    config: CleanConfig = _DEFAULT_CONFIG,
    model: LineModel | None = None,
    titles: Sequence[str | None] | None = None,
    bylines: Sequence[str | None] | None = None,
) -> list[CleanResult]:
    """`clean_document` of many documents (`template_keys`, `titles` and `bylines` one per
    text).

    The same result as one call per document; the stages run over slices of about a million
    characters at once, which keeps their arrays and tables in the CPU caches (the clean pass
    calls this with a whole shard).
    """
    if isinstance(texts, str):  # a str is a Sequence[str]: each character would be a document
        raise TypeError("clean_documents takes a list of texts; for one text, call clean_document")
    for name, values in (
        ("template_keys", template_keys),
        ("titles", titles),
        ("bylines", bylines),
    ):
        if values is not None and len(values) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(values)} {name}")
    # the readers did this for a run's texts; a text handed to the API directly may not have it
    texts = [unify_line_breaks(text) for text in texts]
    results: list[CleanResult] = []
    with cyclic_gc_paused():
        for start, end in _slices(texts):
            results += _clean_documents(
                texts[start:end],
                template_keys[start:end] if template_keys is not None else None,
                config,
                model,
                titles[start:end] if titles is not None else None,
                bylines[start:end] if bylines is not None else None,
            )
    return results


# Characters cleaned at once. Every stage passes over its whole batch (the code points, the
# line features, the trees' rows), so a batch must fit the CPU caches. The clean pass hands over
# a shard of 5,000 documents, ~90 MB of code points per form for news articles; cleaned at once
# that ran at about half the speed of slices of 100-400 articles (AEB bodies repeated to 5,000,
# with the line model: 1,860-2,170 documents per CPU-second at once, 3,180-3,810 in slices).
# Slices are cut by characters, not documents, because long documents fill the caches sooner:
# pages of ~49,000 characters ran at 89-93 documents per CPU-second in slices of 200 documents,
# 151-152 in slices of 20 or 5 (2026-11-26, load 0.8-2). 1M characters is ~220 news articles.
_SLICE_CHARS = 1_000_000


def _slices(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive runs of `texts` of at most `_SLICE_CHARS` characters (a
    longer text is a run of its own)."""
    start, size = 0, 0
    for index, text in enumerate(texts):
        if index > start and size + len(text) > _SLICE_CHARS:
            yield start, index
            start, size = index, 0
        size += len(text)
    if start < len(texts):
        yield start, len(texts)


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (where it is on) while a batch is cleaned.

    Cleaning makes no reference cycles (strings, lists, tuples, numpy arrays: reference
    counting frees them), but it allocates an object per removed line, and every full
    collection those allocations trigger walks every object of the process: ~10% of the time
    on full-page text (AEB full pages 568 -> 631 documents per CPU-second, load 1.9), ~4% of
    the clean pass on generated news (which also assesses and sketches in it). A cycle made
    elsewhere meanwhile is collected later. A collector the caller switched off stays off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _clean_documents(
    texts: Sequence[str],
    template_keys: Sequence[Collection[int]] | None,
    config: CleanConfig,
    model: LineModel | None,
    titles: Sequence[str | None] | None,
    bylines: Sequence[str | None] | None,
) -> list[CleanResult]:
    n = len(texts)
    keys_of = template_keys if template_keys is not None else [frozenset()] * n
    title_of = titles if titles is not None else [None] * n
    byline_of = bylines if bylines is not None else [None] * n
    split = [text.split("\n") for text in texts]
    # only the rules and the model read the lower-cased text (and the code points, taken once
    # here), only templates and repeats the line keys: a run with those stages off
    # (deduplication only) skips them
    forms = lower_and_match(texts) if config.rules or config.model else None
    lows = forms.lows if forms is not None else [""] * n
    normalised = forms.normalised if forms is not None else batch_for_matching(texts)
    reasons: list[list[str | None]] = (
        [
            rule_reasons(lines, text, low, needles)
            for lines, text, low, needles in zip(
                split, texts, lows, needle_hits(lows, forms.low_codes, forms.bounds), strict=True
            )
        ]
        if config.rules and forms is not None
        else [[None] * len(lines) for lines in split]
    )
    # the rules' verdicts as the model's `rule` feature, taken before later stages claim lines
    # (one array for the lines of all documents: one numpy call per batch, not per document)
    rule_hits = named_lines(reasons).astype(np.int8) if config.model else None
    repeated = [False] * n
    if config.templates or config.repeats:
        line_counts = np.fromiter(map(len, split), np.int64, n)
        keys, first_line = batch_line_key_array(texts, normalised, line_counts)
        if config.repeats:
            repeated = docs_with_repeats(keys, first_line).tolist()
        for index, (rs, site_keys) in enumerate(zip(reasons, keys_of, strict=True)):
            if config.templates and site_keys:
                doc_keys = keys[first_line[index] : first_line[index + 1]].tolist()
                for row, key in enumerate(doc_keys):
                    if rs[row] is None and key and key in site_keys:
                        rs[row] = TEMPLATE
    # Fields after the templates: a site's masthead on every page ("The Harbour Gazette — news
    # from the waterfront since 1911") is no headline; a byline or credit the site repeats
    # still fills its field.
    fields = [
        take_fields(lines, rs, title, byline)
        if config.fields
        else Fields(title=title, byline=byline)
        for lines, rs, title, byline in zip(split, reasons, title_of, byline_of, strict=True)
    ]
    for index, rs in enumerate(reasons):
        if repeated[index]:
            doc_keys = keys[first_line[index] : first_line[index + 1]].tolist()
            mark_repeats(split[index], doc_keys, rs, config.repeat_min_chars)
        if config.repeats:
            mark_pasted_body(split[index], normalised[index], rs)
    if config.model:
        model = model or shipped_model()
        if model is not None and rule_hits is not None and forms is not None:
            codes = (forms.codes, forms.low_codes, forms.bounds)
            model_reasons(
                model, texts, split, lows, rule_hits, reasons, codes, config.model_min_fragment_run
            )
    return [
        _assemble(lines, rs, fs, norm, _ZERO_WIDTH[0] in text or _ZERO_WIDTH[1] in text)
        for text, lines, rs, fs, norm in zip(texts, split, reasons, fields, normalised, strict=True)
    ]


# Stripped from the end of kept lines besides white space: pages carry lines of nothing but
# zero-width spaces or a byte-order mark (spacers, a BOM left at the start), which the line model
# reads as blank and which, kept as text, are invisible lines that break the paragraph structure.
_ZERO_WIDTH = ("\u200b", "\ufeff")
_NO_ZERO_WIDTH = str.maketrans(dict.fromkeys(_ZERO_WIDTH))


def _assemble(
    lines: list[str],
    reasons: list[str | None],
    fields: Fields,
    normalised: str,
    zero_width: bool,
) -> CleanResult:
    """The result from the lines and their reasons; `zero_width`: whether the text holds any
    of `_ZERO_WIDTH` (one search per text instead of a test per kept line)."""
    if not zero_width and reasons.count(None) == len(reasons):
        # Nothing removed (half of all news articles): the same text in a few C passes, blank
        # runs collapsed in the joined text, and no per-line loop.
        text = "\n".join(map(str.rstrip, lines))
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return CleanResult(text.strip("\n"), (), fields, [normalised])
    kept: list[str] = []
    removed: list[RemovedLine] = []
    offset = 0
    for line, reason in zip(lines, reasons, strict=True):
        if reason is None:
            stripped = line.rstrip()
            while zero_width and stripped.endswith(_ZERO_WIDTH):
                stripped = stripped[:-1].rstrip()
            if stripped or (kept and kept[-1]):
                kept.append(stripped)
        elif (line.translate(_NO_ZERO_WIDTH) if zero_width else line).strip():
            # (a line of nothing but white space and zero-width characters is blank: kept as
            # one, never reported as removed)
            # a CRLF text's CR is part of its line break, not of the removed line
            body = line[:-1] if line.endswith("\r") else line
            removed.append(RemovedLine(offset, offset + len(body), reason, body))
        offset += len(line) + 1
    while kept and not kept[-1]:
        kept.pop()
    normalised_lines = normalised.split("\n")
    aligned = len(normalised_lines) == len(lines)  # NFKC may, in theory, add a line break
    matching = list(compress(normalised_lines, [r is None for r in reasons])) if aligned else None
    return CleanResult("\n".join(kept), tuple(removed), fields, matching)

"""Line cleaning: rules, template lines, repeats and a line model; every removal with a reason.

`clean_document` is the one entry point: the pipeline, the benchmarks and `copydesk explain` all
call it, so what they report is what the run does. A line gets the reason of the first stage
that claims it, in this order: named rules (`boilerplate:<rule>`), the site's template lines
(`boilerplate:template`), repeats inside the document (`repeat:paragraph`), then the line model
(`model:<score>`) for what is left. The explainable reasons come first; the model only speaks
for lines nothing else names.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from copydesk.clean.fields import Fields, take_fields
from copydesk.clean.lines import LineModel, model_reasons, shipped_model
from copydesk.clean.repeats import mark_repeats
from copydesk.clean.rules import lower_text, rule_reasons
from copydesk.config import CleanConfig
from copydesk.document import TEMPLATE
from copydesk.normalize import batch_line_keys, for_matching

__all__ = ["CleanResult", "RemovedLine", "clean_document"]

_DEFAULT_CONFIG = CleanConfig()


@dataclass(frozen=True)
class RemovedLine:
    """A removed line: character offsets into the original text, the reason code, the text."""

    start: int
    end: int
    reason: str
    text: str


@dataclass(frozen=True)
class CleanResult:
    """The cleaned text and every line that was removed from the original.

    `matching` is the cleaned text as duplicate detection reads it: `for_matching` with all
    whitespace runs made one space. It comes from the normalised lines the line keys were taken
    from, so the clean pass normalises each document once, not twice.
    """

    text: str
    removed: tuple[RemovedLine, ...]
    fields: Fields = field(default_factory=Fields)
    matching: str = ""


def clean_document(
    text: str,
    *,
    template_keys: Collection[int] = frozenset(),
    config: CleanConfig = _DEFAULT_CONFIG,
    model: LineModel | None = None,
    title: str | None = None,
) -> CleanResult:
    """Remove chrome, template, repeated and model-flagged lines from one document's text.

    `template_keys` are the line keys the document's site repeats across articles (see
    `templates.find_templates`). `model` replaces the shipped line model (benchmarks score a
    data set with a model not trained on it); `config.model` False turns the model off. The
    cleaned text keeps the remaining lines verbatim (trailing spaces trimmed), with runs of
    blank lines collapsed to one and none at either end. Headline, byline and credit lines
    become `CleanResult.fields` (`title` is the input's title, if any).
    """
    lines = text.split("\n")
    low = lower_text(text, lines)
    reasons: list[str | None] = (
        rule_reasons(lines, text, low) if config.rules else [None] * len(lines)
    )
    rule_hits = np.fromiter((r is not None for r in reasons), np.int8, len(reasons))
    fields = take_fields(lines, reasons, title) if config.fields else Fields(title=title)
    normalised = for_matching(text)
    keys = batch_line_keys([text], [normalised])[0]
    if config.templates and template_keys:
        for index, key in enumerate(keys):
            if reasons[index] is None and key and key in template_keys:
                reasons[index] = TEMPLATE
    if config.repeats:
        mark_repeats(lines, keys, reasons, config.repeat_min_chars)
    if config.model:
        model = model or shipped_model()
        if model is not None:
            model_reasons(model, text, low, rule_hits, reasons)
    return _assemble(lines, reasons, fields, normalised)


def _assemble(
    lines: list[str], reasons: list[str | None], fields: Fields, normalised: str
) -> CleanResult:
    kept: list[str] = []
    matching: list[str] = []
    normalised_lines = normalised.split("\n")
    aligned = len(normalised_lines) == len(lines)  # NFKC may, in theory, add a line break
    removed: list[RemovedLine] = []
    offset = 0
    for index, (line, reason) in enumerate(zip(lines, reasons, strict=True)):
        if reason is None:
            stripped = line.rstrip()
            if stripped or (kept and kept[-1]):
                kept.append(stripped)
            if aligned:
                matching.append(normalised_lines[index])
        elif line.strip():
            removed.append(RemovedLine(offset, offset + len(line), reason, line))
        offset += len(line) + 1
    while kept and not kept[-1]:
        kept.pop()
    text = "\n".join(kept)
    words = " ".join(matching).split() if aligned else for_matching(text).split()
    return CleanResult(text, tuple(removed), fields, " ".join(words))

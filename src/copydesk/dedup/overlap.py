"""Which lines of a copy come from its representative, as character spans in both texts.

Signatures say *how much* two documents share; a reader of clusters.jsonl wants to see *what*.
This runs on cluster members only (a small share of a corpus) and exactly, on the cleaned texts.
A member line overlaps when its words equal a representative line's (the `line_key`, which
ignores case, quotes and spacing), or else when at least half of its word 3-grams occur in the
representative (a line with typos, or a paragraph re-wrapped over several lines); its partners
are the representative lines holding them. Consecutive overlapping lines whose partners follow on
merge into one span, so a verbatim copy is one span and a copy with a local paragraph inserted
is two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copydesk.normalize import batch_line_keys, for_matching

_WORD = re.compile(r"\w+")
SHINGLE_WORDS = 3
OVERLAP_SHARE = 0.5
"""A line overlaps when at least this share of its word 3-grams is in the other text."""


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line (split on "\\n"), surrounding spaces excluded; blank lines give
    an empty span. A re-wrapped copy breaks a paragraph into several lines; matching line by
    line and merging runs copes with both layouts."""
    spans = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip()) if stripped else 0
        spans.append((start + lead, start + lead + len(stripped)))
        start += len(line) + 1
    return spans


def _line_shingles(normalised: str) -> list[list[tuple[str, ...]]]:
    """Word 3-grams of every line (split on "\n") of a text normalised with `for_matching`,
    which keeps line breaks where they are."""
    out = []
    for line in normalised.split("\n"):
        words = _WORD.findall(line)
        if len(words) < SHINGLE_WORDS:
            out.append([tuple(words)] if words else [])
        else:
            out.append(list(zip(words, words[1:], words[2:], strict=False)))
    return out


class Reference:
    """A representative, indexed once for all the members compared with it."""

    def __init__(
        self, text: str, normalised: str | None = None, keys: Sequence[int] | None = None
    ) -> None:
        self.text = text
        self.normalised = for_matching(text) if normalised is None else normalised
        self.lines = paragraphs(text)
        keys = keys if keys is not None else batch_line_keys([text], [self.normalised])[0]
        self.line_of_key: dict[int, int] = {}
        for index, key in enumerate(keys):
            if key:
                self.line_of_key.setdefault(key, index)
        self._line_of_shingle: dict[tuple[str, ...], int] | None = None

    def line_of_shingle(self) -> dict[tuple[str, ...], int]:
        """Word 3-gram -> first line holding it; built on first need (most copies never do)."""
        if self._line_of_shingle is None:
            self._line_of_shingle = {}
            for index, shingles in enumerate(_line_shingles(self.normalised)):
                for shingle in shingles:
                    self._line_of_shingle.setdefault(shingle, index)
        return self._line_of_shingle

    def partners(self, shingles: list[tuple[str, ...]]) -> tuple[int, int] | None:
        """(first, last) representative line a member line with these 3-grams draws on."""
        if not shingles:
            return None
        where = self.line_of_shingle()
        hits: dict[int, int] = {}
        for shingle in shingles:
            index = where.get(shingle, -1)
            if index >= 0:
                hits[index] = hits.get(index, 0) + 1
        if sum(hits.values()) < OVERLAP_SHARE * len(shingles):
            return None
        # the lines holding a fair share of the hits
        floor = 0.2 * max(hits.values())
        strong = [index for index, count in hits.items() if count >= floor]
        return min(strong), max(strong)


def spans_against(
    reference: Reference,
    member: str,
    normalised: str | None = None,
    keys: Sequence[int] | None = None,
) -> list[dict[str, int]]:
    """Spans of `member` copied from `reference`: [{start, end, rep_start, rep_end}], character
    offsets into the two cleaned texts, in the member's order. `normalised` (`for_matching` of
    the member) and `keys` (its line keys) are given when the caller computed them in bulk."""
    normalised = for_matching(member) if normalised is None else normalised
    keys = keys if keys is not None else batch_line_keys([member], [normalised])[0]
    lines = paragraphs(member)
    unmatched = [key not in reference.line_of_key for key in keys]
    shingles = _line_shingles(normalised) if any(unmatched) else []
    out: list[dict[str, int]] = []
    last = -2  # the last representative line of the current span
    for index, ((start, end), key) in enumerate(zip(lines, keys, strict=True)):
        if end == start:
            continue  # a blank line neither breaks nor extends a span
        if unmatched[index]:
            found = reference.partners(shingles[index])
        else:
            found = (reference.line_of_key[key], reference.line_of_key[key])
        if found is None:
            last = -2
            continue
        lo, hi = found
        if out and last - 1 <= lo <= last + 1:
            out[-1]["end"] = end
            out[-1]["rep_end"] = max(out[-1]["rep_end"], reference.lines[hi][1])
            last = max(last, hi)
        else:
            rep_start, rep_end = reference.lines[lo][0], reference.lines[hi][1]
            out.append({"start": start, "end": end, "rep_start": rep_start, "rep_end": rep_end})
            last = hi
    return out


def overlap_spans(member: str, representative: str) -> list[dict[str, int]]:
    """Spans of `member` copied from `representative` (see `spans_against`)."""
    return spans_against(Reference(representative), member)

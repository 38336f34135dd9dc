"""Repetition inside one document: a body pasted twice, a caption repeated under every photo."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

import numba as nb
import numpy as np

from copydesk.clean.rows import is_prose
from copydesk.dedup.overlap import overlap_spans
from copydesk.document import REPEAT


def mark_repeats(
    lines: Sequence[str], keys: Sequence[int], reasons: list[str | None], min_chars: int
) -> None:
    """Set `REPEAT` on every line whose key was already kept earlier in the document.

    Keys come from `normalize.line_key`, so the straight-quoted and the curly-quoted copy of a
    paragraph are one paragraph. Only kept lines count as "seen": a line removed as chrome does
    not make a later body line look like a repeat. Lines shorter than `min_chars` are left alone
    because short lines ("Photo", "Reuters") repeat legitimately; so is a sentence under
    `ALONE_MIN_CHARS` unless a repeated paragraph (a repeated line that long) stands right
    above or below it: a poem's refrain ("And still the wheel turns.") and a recipe's "Season
    with salt and pepper to taste." stay. Inside a body pasted twice a short sentence goes
    with the paragraphs around it; a short line that ends no sentence ("Subscribe to our
    newsletter" above and below the story) goes wherever it repeats.
    """
    seen: set[int] = set()
    repeated: list[int] = []
    for index, (line, key) in enumerate(zip(lines, keys, strict=True)):
        if reasons[index] is not None or not key or len(line.strip()) < min_chars:
            continue
        if key in seen:
            reasons[index] = REPEAT
            repeated.append(index)
        else:
            seen.add(key)
    long = {index for index in repeated if len(lines[index].strip()) >= ALONE_MIN_CHARS}
    for index in repeated:
        if (
            index not in long
            and is_prose(lines[index], 1)
            and long.isdisjoint(_neighbours(lines, index))
        ):
            reasons[index] = None


ALONE_MIN_CHARS = 60
"""A repeated line shorter than this is removed only beside a repeated line this long."""

_LEAD_PREFIX_CHARS = 40
"""How much of the body's first paragraph tells where a second copy of the body starts."""


def mark_pasted_body(lines: Sequence[str], normalised: str, reasons: list[str | None]) -> None:
    """Set `REPEAT` on the lines of a second copy of the body that is laid out otherwise: its
    paragraphs merged, or hard-wrapped at 72 columns, so that no line repeats a line.

    Where the first 40 characters of the body's first paragraph (its first kept line of
    `ALONE_MIN_CHARS` or more; `normalised` is the text's `for_matching` form, line for line)
    open a line further down, the lines from there are compared with those above by their word
    3-grams, as copies are compared (`dedup.overlap`), and the copied ones go. One search a
    document; the comparison runs only for a document where the lead comes again.
    """
    kept = (row for row, reason in enumerate(reasons) if reason is None)
    lead = next((row for row in kept if len(lines[row].strip()) >= ALONE_MIN_CHARS), None)
    if lead is None:
        return
    lead_start = 0  # in `normalised`, found without splitting the whole text
    for _ in range(lead):
        lead_start = normalised.index("\n", lead_start) + 1
    lead_end = normalised.find("\n", lead_start)
    if lead_end < 0:
        lead_end = len(normalised)
    opening = normalised[lead_start:lead_end].strip()[:_LEAD_PREFIX_CHARS]
    again = normalised.find(opening, lead_end)
    if again < 0 or normalised[normalised.rfind("\n", 0, again) + 1 : again].strip():
        return  # not there, or inside a line (a paragraph quoting the lead), not opening one
    if normalised.count("\n") != len(lines) - 1:
        return  # NFKC made a line break: the lines do not align
    top = normalised.count("\n", 0, again)  # the row the second copy starts on
    copy = [line if reasons[row] is None else "" for row, line in enumerate(lines[top:], top)]
    original = [line if reasons[row] is None else "" for row, line in enumerate(lines[:top])]
    ends = list(itertools.accumulate(len(line) + 1 for line in copy))
    for span in overlap_spans("\n".join(copy), "\n".join(original)):
        first = bisect.bisect_right(ends, span["start"])
        last = bisect.bisect_left(ends, span["end"])
        for row in range(top + first, top + last + 1):
            if reasons[row] is None and lines[row].strip():
                reasons[row] = REPEAT


def _neighbours(lines: Sequence[str], index: int) -> list[int]:
    """The nearest non-blank line above and below line `index`."""
    found = []
    for step in (-1, 1):
        near = index + step
        while 0 <= near < len(lines) and not lines[near].strip():
            near += step
        if 0 <= near < len(lines):
            found.append(near)
    return found


@nb.njit(cache=True, nogil=True)
def docs_with_repeats(keys: np.ndarray, first_line: np.ndarray) -> np.ndarray:
    """Per document (lines `first_line[d]` to `first_line[d + 1]` of the line `keys`), whether
    any non-zero key occurs twice in it: only those can hold a repeat for `mark_repeats`.

    Most news articles repeat no line, so the clean pass runs the per-line Python loop of
    `mark_repeats` only for the few that do. Native, with an open-addressing set of the keys
    seen that stops at the first key seen twice (a web page's menus repeat early).
    """
    n_docs = len(first_line) - 1
    found = np.zeros(n_docs, np.bool_)
    longest = 0
    for doc in range(n_docs):
        longest = max(longest, first_line[doc + 1] - first_line[doc])
    size = 16
    while size < 2 * longest:
        size *= 2
    table = np.zeros(size, np.uint64)  # 0: an empty slot (key 0 is a line without words)
    for doc in range(n_docs):
        start, end = first_line[doc], first_line[doc + 1]
        mask = np.uint64(16)
        while mask < 2 * (end - start):
            mask *= np.uint64(2)
        mask -= np.uint64(1)
        table[: mask + np.uint64(1)] = 0
        for line in range(start, end):
            key = keys[line]
            if key == 0:
                continue
            slot = key & mask  # keys are finalised hashes: their low bits are uniform
            while table[slot] != 0 and table[slot] != key:
                slot = (slot + np.uint64(1)) & mask
            if table[slot] == key:
                found[doc] = True
                break
            table[slot] = key
    return found

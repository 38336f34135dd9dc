"""Which paragraphs of a copy come from its representative, as character spans in both texts.

Signatures say *how much* two documents share; a reader of clusters.jsonl wants to see *what*.
This runs on cluster members only (a small share of a corpus) and exactly, on the cleaned texts:
a line of the member overlaps when most of its word 3-grams occur in the representative; its
partners are the representative's lines holding them. Consecutive overlapping lines whose partners
follow on merge into one span, so a verbatim copy is one span and a copy with a local paragraph
inserted is two.
"""

from __future__ import annotations

import re
from collections import Counter

from copydesk.normalize import for_matching

_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")
SHINGLE_WORDS = 3
OVERLAP_SHARE = 0.5
"""A line overlaps when at least this share of its word 3-grams is in the other text."""


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, surrounding spaces excluded. A re-wrapped copy
    breaks a paragraph into several lines; matching line by line and merging runs copes with
    both layouts."""
    spans = []
    for match in _LINE.finditer(text):
        chunk = match.group()
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((match.start() + lead, match.start() + len(chunk.rstrip())))
    return spans


def _shingles(text: str) -> list[tuple[str, ...]]:
    words = _WORD.findall(for_matching(text))
    if len(words) < SHINGLE_WORDS:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def overlap_spans(member: str, representative: str) -> list[dict[str, int]]:
    """Spans of `member` copied from `representative`: [{start, end, rep_start, rep_end}],
    character offsets into the two cleaned texts, in the member's order."""
    rep_paragraphs = paragraphs(representative)
    where: dict[tuple[str, ...], int] = {}
    for index, (start, end) in enumerate(rep_paragraphs):
        for shingle in _shingles(representative[start:end]):
            where.setdefault(shingle, index)
    out: list[dict[str, int]] = []
    last = -2  # the last representative line of the current span
    for start, end in paragraphs(member):
        shingles = _shingles(member[start:end])
        hits = Counter(where[s] for s in shingles if s in where)
        if not shingles or sum(hits.values()) < OVERLAP_SHARE * len(shingles):
            last = -2
            continue
        # the representative lines this one draws on: those holding a fair share of the hits
        strong = [p for p, count in hits.items() if count >= 0.2 * max(hits.values())]
        lo, hi = min(strong), max(strong)
        if out and last - 1 <= lo <= last + 1:
            out[-1]["end"] = end
            out[-1]["rep_end"] = max(out[-1]["rep_end"], rep_paragraphs[hi][1])
            last = max(last, hi)
        else:
            out.append(
                {
                    "start": start,
                    "end": end,
                    "rep_start": rep_paragraphs[lo][0],
                    "rep_end": rep_paragraphs[hi][1],
                }
            )
            last = hi
    return out

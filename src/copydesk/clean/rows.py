"""Which line (row) of a text an offset falls on, for scans that find lines by regex, and the
line shapes the rules' scans share."""

from __future__ import annotations

import heapq
import operator
import re
from collections.abc import Iterator, Sequence
from itertools import chain, repeat
from unicodedata import east_asian_width

import numpy as np

from copydesk.normalize import CJK_CLASS

# A line ending in a colon (the text read must end in "\n"): a comment header, a list's intro.
# (A pattern that opens with a literal is searched for many times faster than one opening with
# a class: the fullwidth colon has a pattern of its own, see `colon_ends`.)
COLON_END_RE = re.compile(r":[^\S\n]*+\n")
_FULLWIDTH_COLON_END_RE = re.compile(r"：[^\S\n]*+\n")
# A line ending in ")" (a poll's answer, a counted headline, a caption's credit). Opening with a
# literal, the search skips to each ")" in C.
CLOSING_END_RE = re.compile(r"\)[^\S\n]*+(?:\n|\Z)")
# The last characters of a line that ends a sentence.
SENTENCE_END = frozenset(".!?\"”'»;。！？」』")
# A line this long is a paragraph of the story, not a label, a name or a headline.
PROSE_MIN_CHARS = 100
_CJK_RE = re.compile(f"[{CJK_CLASS}]")


def named_lines(reasons: Sequence[Sequence[str | None]]) -> np.ndarray:
    """Per line of all documents end to end (bool), whether a stage has named it by now: its
    reason is not None. One numpy call for a batch (`map(is_not, ...)` runs in C; a generator
    per line would not)."""
    return np.fromiter(
        map(operator.is_not, chain.from_iterable(reasons), repeat(None)),
        np.bool_,
        sum(map(len, reasons)),
    )


def width(text: str) -> int:
    """The length of `text` with each wide character (Chinese, Japanese, Korean) counted twice:
    a Korean sentence of 30 characters says about as much as a Latin one of 60."""
    if text.isascii():
        return len(text)
    return len(text) + sum(east_asian_width(char) in "WF" for char in text)


def words(text: str) -> int:
    """The words of `text`, each Chinese character or kana half of one (as the line model
    counts them): "主要有以下几个特点" is four words and a half, not one."""
    count = len(text.split())
    return count if text.isascii() else count + len(_CJK_RE.findall(text)) // 2


def colon_ends(text: str) -> Iterator[re.Match[str]]:
    """Where lines of `text` end in a colon, ASCII or fullwidth ("有以下几个特点："), in order."""
    ascii_ends = COLON_END_RE.finditer(text)
    if "：" not in text:
        return ascii_ends
    return heapq.merge(ascii_ends, _FULLWIDTH_COLON_END_RE.finditer(text), key=re.Match.start)


def is_prose(line: str, min_chars: int) -> bool:
    """A line of body prose: `min_chars` characters or more (spaces around it aside; a wide
    character counts twice), ending a sentence."""
    text = line.strip()
    return (
        bool(text)
        and text[-1] in SENTENCE_END
        and (len(text) >= min_chars or width(text) >= min_chars)
    )


class RowCounter:
    """The rows of line starts in `text`, asked mostly in rising order.

    The rules find their lines by scanning the whole text for a needle or a regex rather than
    by splitting it (most lines hold no match), then need each match's row. Counting the line
    breaks from the top for every match is quadratic on a text of many matches; this counts on
    from the line asked before, and from the top again only when asked for a line above it.
    """

    __slots__ = ("_row", "_start", "_text", "_top")

    def __init__(self, text: str, top: int = 0) -> None:
        """`top` is where row 0 starts: 1 for a text framed by a leading "\\n"."""
        self._text, self._top = text, top
        self._start, self._row = top, 0

    def row(self, line_start: int) -> int:
        """The row of the line that starts at `line_start`."""
        if line_start < self._start:
            self._start, self._row = self._top, 0
        self._row += self._text.count("\n", self._start, line_start)
        self._start = line_start
        return self._row

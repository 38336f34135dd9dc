"""Site widgets whose lines each read like the story's: the results of a poll, a "most read"
list with each headline's count, a feed of teasers whose headline is glued to its summary.

The line model judges a line from its shape and its neighbours', and the lines of these
widgets are sentences among sentences: on AEB's full pages it kept a poll's four answers
("• Yes, the game is cool (29%, 1,186 Votes)") twice, nine headlines of a "most commented"
box ("• Week 12 power rankings (133)"), and a local news site's feed of teasers, each a
headline and its summary run together by full-page text ("... Won’t StandWarren Mayor Jim
Fouts says ..."), which was most of what the cleaner returned for its page. What gives each
widget away is a mark that every line of it repeats, so a run of such lines is named, never
one line alone. Found after the trees (`lines.model_reasons`), on the pages the model
judged; a line an earlier stage (rules, templates, repeats) named keeps its reason.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import numba as nb
import numpy as np

from copydesk.clean.rows import CLOSING_END_RE, RowCounter
from copydesk.clean.structure import JudgedRows

_POLL = "boilerplate:poll"
_TEASER = "boilerplate:teaser"
# A page: a document with a run of this many lines that end no sentence (a menu, a list).
_PAGE_MIN_FRAGMENTS = 3

# A poll's answer with its share and its count of votes: "(41%, 1,680 Votes)", "(12 %, 345
# Stimmen)". Two answers make a poll.
_POLL_ANSWER_RE = re.compile(
    r"\(\s*\d{1,3}(?:[.,]\d+)?\s*%\s*,\s*\d[\d,.\s]*\s+[^\W\d_]+\s*\)\s*$"
)
_POLL_MIN_ANSWERS = 2
# Lines ending in ")" (`rows.CLOSING_END_RE`) are what both kinds of list need: fewer than two
# and the document has neither.
# A list item (a bullet or a number) ending in a count of comments, views or shares, with no
# other bracket in it: "• Reports: Mason Rudolph will be fined (145)". Not a year ("(2024)"),
# and not a table's row ("1. Dorothea Wierer (ITA) 35.58,7 (2)": a second bracket).
_ITEM_BULLETS = "•·▪►*–-"
_COUNTED_ITEM_RE = re.compile(
    f"(?:[{re.escape(_ITEM_BULLETS)}]|\\d{{1,2}}[.)])"
    r"\s*(?P<text>[^()]+?)\s*\((?!(?:1[89]|20)\d\d\))\d{1,3}(?:[,.]\d{3})*\)"
)
_ITEM_OPENINGS = frozenset(_ITEM_BULLETS + "0123456789")  # what the pattern's first character is
_COUNTED_MIN_WORDS = 4  # a headline, not a category's name ("- Road Bike Helmets (26)")
_COUNTED_MIN_ITEMS = 3
# A headline glued to its summary: a headline in title case of four words or more, then a
# sentence of five or more.
_GLUED_HEAD_MIN_WORDS = 4
_GLUED_HEAD_MAX_CHARS = 200  # (with the indentation of full-page text)
_GLUED_HEAD_CAPITALISED = 0.8  # of its words (tokens that start with a letter)
_GLUED_TAIL_MIN_WORDS = 5
_GLUED_TAIL_MIN_LOWER = 2  # a sentence, not more names in title case
_GLUED_MIN_ITEMS = 3
_LABEL_LOG_WORDS = np.float32(np.log1p(3))  # as the `log_words` feature counts them
# The characters that may end a headline before the summary's capital, besides a lower-case
# letter: ? ! " ’ ”.
_HEADLINE_ENDS = np.array([ord(c) for c in "?!\"’”"], np.uint32)


def name_widget_lines(
    texts: Sequence[str],
    reasons: Sequence[list[str | None]],
    judged: JudgedRows,
    codes: tuple[np.ndarray, np.ndarray, np.ndarray],
    fragment_runs: np.ndarray,
) -> None:
    """Name `boilerplate:poll` the runs of a poll's answers and `boilerplate:teaser` the runs
    of counted or glued teasers among the rows the model judged (a run: rows next to each
    other, blank lines aside). Every line of a run whose reason is still None or the model's
    gets the widget's. `codes` are the batch's code points (`lines._batch_codes`) and
    `fragment_runs` each document's longest run of lines that end no sentence
    (`line_features.fragment_runs`); `reasons` is changed in place.

    Only pages are read, documents with a run of `_PAGE_MIN_FRAGMENTS` lines that end no
    sentence (a menu, a list): a widget stands among a site's chrome, and of AEB's article
    bodies, which the benchmark times with the model judging every one, four in five have no
    such run. Lines ending in ")" are found by a search for that character, and glued
    headlines from the text's capitals: most pages hold neither widget, and a regex over
    every line (or a native pass over every character) cost more than the rest of this module.
    """
    docs = np.flatnonzero((fragment_runs >= _PAGE_MIN_FRAGMENTS) & (np.diff(judged.row_bounds) > 0))
    if len(docs) == 0:
        return
    text_codes, low_codes, bounds = codes
    # The capitals (a code point that lower-casing changes) of the pages, found by numpy: the
    # kernel then reads a few hundred places a page instead of every character. (For the
    # whole batch at once where most documents are pages; the kernel skips the others.)
    pages = np.zeros(len(texts), np.bool_)
    pages[docs] = True
    if 2 * len(docs) >= len(texts):
        capitals = np.flatnonzero(text_codes != low_codes)
    else:
        capitals = np.concatenate(
            [
                np.flatnonzero(text_codes[a:b] != low_codes[a:b]) + a
                for a, b in zip(bounds[docs].tolist(), bounds[docs + 1].tolist(), strict=True)
            ]
        )
    glue_docs, glue_at, line_starts = _glue_points(
        text_codes, low_codes, bounds, pages, capitals, _HEADLINE_ENDS
    )
    # Only a document with glue points on three lines or more can hold a feed: the others are
    # not read again.
    new_line = np.ones(len(glue_docs), np.bool_)
    new_line[1:] = (np.diff(line_starts) != 0) | (np.diff(glue_docs) != 0)
    glued_lines = np.bincount(glue_docs[new_line], minlength=len(texts))
    glued: dict[int, list[tuple[int, int]]] = {}
    wanted = glued_lines[glue_docs] >= _GLUED_MIN_ITEMS
    docs_of, starts, places = (a[wanted].tolist() for a in (glue_docs, line_starts, glue_at))
    for d, start, at in zip(docs_of, starts, places, strict=True):
        glued.setdefault(d, []).append((start, at))
    row_bounds = judged.row_bounds.tolist()
    for d in docs.tolist():
        text = texts[d]
        closing = len(CLOSING_END_RE.findall(text)) >= _POLL_MIN_ANSWERS
        points = glued.get(d, [])
        if closing or points:
            a, b = row_bounds[d], row_bounds[d + 1]
            # the rows a run cannot step over: not a label of three words or fewer ("Autos",
            # "More") between a feed's sections
            doc_rows = judged.rows[a:b][judged.log_words[a:b] > _LABEL_LOG_WORDS]
            if closing:
                _name_closing_runs(text, doc_rows, reasons[d])
            if points:
                _name_glued_runs(text, doc_rows, reasons[d], points)


def _name_closing_runs(text: str, doc_rows: np.ndarray, reasons: list[str | None]) -> None:
    """The poll and counted-list runs of one document, among its lines ending in ")"."""
    polls, counted = [], []
    rows = RowCounter(text)
    for match in CLOSING_END_RE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        line = text[start : match.start() + 1].strip()
        if "%" in line and _POLL_ANSWER_RE.search(line):
            polls.append(rows.row(start))
        elif line[0] in _ITEM_OPENINGS and (item := _COUNTED_ITEM_RE.fullmatch(line)) and len(
            item["text"].split()
        ) >= _COUNTED_MIN_WORDS:
            counted.append(rows.row(start))
    _name_runs(polls, _POLL_MIN_ANSWERS, doc_rows, reasons, _POLL)
    _name_runs(counted, _COUNTED_MIN_ITEMS, doc_rows, reasons, _TEASER)


def _name_glued_runs(
    text: str, doc_rows: np.ndarray, reasons: list[str | None], points: list[tuple[int, int]]
) -> None:
    """The runs of glued teasers of one document, from its glue points (`_glue_points`: each
    point's line start and place, in the text's order). Most points are a brand's name in a
    paragraph ("the 16-inch MacBook Pro"), far from its line's start or after a sentence: the
    points of a headline's length are found first by searches in C, and the lines are read
    only where three lines have such points."""
    near = [
        (start, at)
        for start, at in points
        if at - start <= _GLUED_HEAD_MAX_CHARS
        and ". " not in (head := text[start:at])
        and head.lstrip().count(" ") >= _GLUED_HEAD_MIN_WORDS - 1
    ]
    if len({start for start, _ in near}) < _GLUED_MIN_ITEMS:
        return
    taken: list[int] = []  # the line starts of glued teasers
    for start, at in near:
        if taken and taken[-1] == start:
            continue
        end = text.find("\n", at)
        if _glued_teaser(text[start : len(text) if end == -1 else end], at - start):
            taken.append(start)
    if len(taken) >= _GLUED_MIN_ITEMS:
        rows = RowCounter(text)
        found = [rows.row(start) for start in taken]
        _name_runs(found, _GLUED_MIN_ITEMS, doc_rows, reasons, _TEASER)


def _glued_teaser(line: str, at: int) -> bool:
    """Whether `line`, glued at `at`, is a headline in title case followed by a sentence.

    The headline (no longer than `_GLUED_HEAD_MAX_CHARS`, with no sentence ending inside it:
    `_name_glued_runs` reads only such points): `_GLUED_HEAD_MIN_WORDS` words or more, nearly
    all capitalised, and a last word that is no identifier in camel case
    ("IgnoreRequest|Content"); the summary: a sentence with lower-case words in it. Not a
    table's row: cells with their labels run together ("SaisonnameVorsaison"), or a Markdown
    table's cells between bars.
    """
    if "\t" in line or "|" in line:
        return False
    head, tail = line[:at], line[at:]
    initials = [word[0] for word in head.split() if word[0].isalpha()]
    if len(initials) < _GLUED_HEAD_MIN_WORDS:
        return False
    if sum(map(str.isupper, initials)) < _GLUED_HEAD_CAPITALISED * len(initials):
        return False
    last = head[head.rfind(" ") + 1 :] if head[-1].isalpha() else ""
    if any(a.islower() and b.isupper() for a, b in itertools.pairwise(last)):
        return False  # "IgnoreRequest|Content"; "Student-Athlete|A 24-year-old" is a headline
    tail_words = tail.split()
    return (
        len(tail_words) >= _GLUED_TAIL_MIN_WORDS
        and sum(word[0].islower() for word in tail_words) >= _GLUED_TAIL_MIN_LOWER
    )


def _name_runs(
    found: list[int], min_items: int, doc_rows: np.ndarray, reasons: list[str | None], reason: str
) -> None:
    """Name `reason` the rows of `found` that stand in runs (`_runs`), where no earlier stage
    named them."""
    for run in _runs(found, min_items, doc_rows, reasons):
        for row in run:
            now = reasons[row]
            if now is None or now.startswith("model:"):
                reasons[row] = reason


def _runs(
    found: list[int], min_items: int, doc_rows: np.ndarray, reasons: Sequence[str | None]
) -> list[list[int]]:
    """The runs of `min_items` or more rows of `found` (in rising order) next to each other
    among `doc_rows`, the document's judged rows that a run cannot step over. A row an earlier
    stage named between them (an advert, a date) does not end a run either: it is the
    widget's too, or other chrome."""
    if len(found) < min_items:
        return []
    wanted = set(found)
    open_rows = [
        row
        for row in sorted(wanted.union(doc_rows.tolist()))
        if row in wanted or (now := reasons[row]) is None or now.startswith("model:")
    ]
    place = {row: k for k, row in enumerate(open_rows)}
    places = [place[row] for row in found]
    runs, run = [], [found[0]]
    for k in range(1, len(found)):
        if places[k] == places[k - 1] + 1:
            run.append(found[k])
        else:
            runs.append(run)
            run = [found[k]]
    runs.append(run)
    return [run for run in runs if len(run) >= min_items]


@nb.njit(cache=True, nogil=True)
def _lower_letter(text: np.ndarray, low: np.ndarray, i: int) -> bool:
    """A lower-case letter: ASCII's, or a letter of the Latin, Greek or Cyrillic ranges that
    lower-casing leaves alone (close enough for a headline's last letter)."""
    c = text[i]
    if 97 <= c <= 122:
        return True
    return 0xDF <= c < 0x2000 and c != 0xF7 and c == low[i] and not 0x300 <= c < 0x370


@nb.njit(cache=True, nogil=True)
def _glue_points(
    text: np.ndarray,
    low: np.ndarray,
    char_bounds: np.ndarray,
    pages: np.ndarray,
    capitals: np.ndarray,
    headline_ends: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which of the `capitals` (places in a batch's code points, in rising order) of the
    documents marked in `pages` stand right after a headline's end, with a lower-case letter
    or a space after them: after two lower-case letters ("StandWarren", "RunDenny",
    "SteakhouseA party") or a digit and one ("1940sDuring"), a digit before a lower-case
    letter ("To 250,000The") or one of `headline_ends` after a letter ("Rise?Violence"); not
    "iPhone" or "McDonald". Per point its document, its offset in the document's text and
    where its line starts there."""
    out_doc = []
    out_at = []
    out_line = []
    d = 0
    for i in capitals:
        before = text[i - 1] if i > 0 else 32
        if before == 32 or before == 10:
            continue  # a word's first letter: nearly every capital
        while char_bounds[d + 1] <= i:
            d += 1
        a, b = char_bounds[d], char_bounds[d + 1]
        if not pages[d] or i < a + 2 or i + 1 >= b:
            continue
        if not (text[i + 1] == 32 or _lower_letter(text, low, i + 1)):
            continue
        if _lower_letter(text, low, i - 1):
            glued = _lower_letter(text, low, i - 2) or 48 <= text[i - 2] <= 57
        elif 48 <= before <= 57:
            glued = text[i + 1] != 32  # "250,000The", not "15.35W X"
        else:
            glued = False
            for c in headline_ends:
                glued |= before == c
            glued &= text[i - 2] != low[i - 2] or _lower_letter(text, low, i - 2)
        if glued:
            start = i
            while start > a and text[start - 1] != 10:
                start -= 1
            out_doc.append(d)
            out_at.append(i - a)
            out_line.append(start - a)
    return np.array(out_doc, np.int64), np.array(out_at, np.int64), np.array(out_line, np.int64)

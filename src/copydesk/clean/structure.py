"""The page's structure after the line model: what the trees cannot decide line by line.

The model scores each line from its features and its neighbourhood's scores. Some of what
makes a line article text is the shape of the lines around it: a list introduced by a
sentence ending in a colon, a numbered list whose first items were kept, a recipe's
ingredients under their header, a table whose other rows were kept, a paragraph next to the
story's paragraphs, a short line between two lines that agree; and one line's shape the
features do not see, a tag cloud's words in alphabetical order. Each step here gives back (or,
for the short line and the tag cloud, takes) lines the model judged, never a line an earlier
stage (rules, templates, repeats) named; `lines.model_reasons` runs them in order after the
trees.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numba as nb
import numpy as np

from copydesk.clean.rows import RowCounter, colon_ends, named_lines, words

# A short line says little about itself ("Photos", "Read more", a subheading, a date): the model
# scores it from its neighbourhood anyway, and where both lines around it share a verdict, the
# line is theirs (as jusText decides its short blocks by their neighbours). A longer one that ends
# a sentence is a paragraph.
_SHORT_LOG_WORDS = np.float32(np.log1p(10))  # ten words or fewer, as the `log_words` feature


@dataclass(frozen=True)
class JudgedRows:
    """The rows the model judged in a batch (the non-blank lines of the documents it judged),
    as `lines.model_reasons` hands them to the steps that read the page's rows at once.

    `rows`, `row_bounds`: each row's line in its document, and each document's first row (and
    the end), as `_score_lines` gives them; `line_bounds`: each document's first line among the
    lines of all documents end to end (and the end); `unclaimed`: per line of all documents,
    whether no earlier stage named it; `log_words`, `terminal`: each row's `log_words` and
    `ends_terminal` features; `content`: its score (NaN where an earlier stage named the line).
    """

    rows: np.ndarray
    row_bounds: np.ndarray
    line_bounds: np.ndarray
    unclaimed: np.ndarray
    log_words: np.ndarray
    terminal: np.ndarray
    content: np.ndarray


# Article text comes in one block. A paragraph of the story that the model scored near its
# threshold, most often the last one above a page's footer or the lead under its header, still
# stands next to the story's other paragraphs; chrome that reads like prose (a teaser's summary,
# a comment) stands next to chrome, or is named by a rule, which the model never overrides.
def keep_paragraphs_beside_prose(reasons: Sequence[list[str | None]], judged: JudgedRows) -> None:
    """Give back the paragraphs the model removed next to a kept paragraph: a run of lines of
    more than ten words that end a sentence, all removed by the model, right above or below
    (blank lines aside) a kept line of that kind. Where the model removed every paragraph of
    a document, the one it scored highest is kept first: a page is not emptied of its prose.
    `reasons` is changed in place.

    Found at once for the whole batch in numpy: the runs of such removed paragraphs, and
    whether a kept paragraph opens or closes each.
    """
    rows, content = judged.rows, judged.content
    if len(rows) == 0:
        return
    doc, line, removed = _rows_now(reasons, judged)
    paragraph = (judged.terminal == 1) & (judged.log_words > _SHORT_LOG_WORDS)
    kept = paragraph & ~removed
    taken = paragraph & removed & judged.unclaimed[line]  # the model's verdicts only
    has_kept = np.zeros(len(judged.row_bounds) - 1, np.bool_)
    has_kept[doc[kept]] = True
    orphans = np.flatnonzero(taken & ~has_kept[doc])
    if len(orphans):
        by_doc_best_first = orphans[np.lexsort((-content[orphans], doc[orphans]))]
        best = by_doc_best_first[
            np.concatenate(([True], np.diff(doc[by_doc_best_first]) != 0))
        ]
        for k in best.tolist():
            reasons[int(doc[k])][int(rows[k])] = None
        kept[best], taken[best] = True, False
    same_doc = doc[1:] == doc[:-1]
    after_taken = np.concatenate(([False], taken[:-1] & same_doc))
    before_taken = np.concatenate((taken[1:] & same_doc, [False]))
    starts = np.flatnonzero(taken & ~after_taken)
    ends = np.flatnonzero(taken & ~before_taken)
    kept_above = np.concatenate(([False], kept[:-1] & same_doc))[starts]
    kept_below = np.concatenate((kept[1:] & same_doc, [False]))[ends]
    beside = kept_above | kept_below
    for start, end in zip(starts[beside].tolist(), ends[beside].tolist(), strict=True):
        for k in range(start, end + 1):
            reasons[int(doc[k])][int(rows[k])] = None


def follow_neighbours(reasons: Sequence[list[str | None]], judged: JudgedRows) -> None:
    """A short line the model judged takes the verdict the lines above and below it share:
    kept between two removed lines, it is removed (`model:context`); removed between two kept
    ones, it is kept. Blank lines are not neighbours. The rows are compared at once in numpy,
    and `reasons` is changed in place for the few that flip.
    """
    if len(judged.rows) < 3:
        return  # (a batch of extracted articles: the model judged few, if any)
    doc, line, removed = _rows_now(reasons, judged)
    odd = np.flatnonzero(
        (removed[:-2] == removed[2:]) & (removed[1:-1] != removed[:-2]) & (doc[:-2] == doc[2:])
    )
    odd = odd + 1
    odd = odd[judged.unclaimed[line[odd]] & (judged.log_words[odd] <= _SHORT_LOG_WORDS)]
    for d, row in zip(doc[odd].tolist(), judged.rows[odd].tolist(), strict=True):
        reasons[d][row] = "model:context" if reasons[d][row] is None else None


# A tag cloud, a blog's keywords on one line without a label ("Abenteuer Akrobatik basteln Cake
# Pops Cirque Du Soleil ..."; with a label, "Tags: ...", the rules name it), reads to the model
# like a long line of words, and it kept some: one AEB page's cloud of 111 words was half of
# what the cleaner returned for it. What gives a cloud away is its order: blogs list their tags
# alphabetically, and no sentence or menu keeps ten words in that order by chance.
_TAG_CLOUD_MIN_WORDS = 10
_TAG_CLOUD_SORTED_SHARE = 0.9  # of the pairs of neighbouring words, each word after the one before
_TAG_CLOUD_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
# a sentence's end or a clause's, or the brackets and operators of code and tables
_NO_CLOUD_RE = re.compile(r"[.!?;:。！？](?:\s|$)|[()\[\]{}<>=|$#`]")
_TAG_CLOUD = "boilerplate:tags"


def remove_tag_clouds(
    lines: Sequence[Sequence[str]], reasons: Sequence[list[str | None]], judged: JudgedRows
) -> None:
    """Name `boilerplate:tags` the kept lines the model judged that are tag clouds
    (`is_tag_cloud`); `lines` are each document's lines. Only lines of ten words or more that
    end no sentence are read, so a page of prose costs one numpy pass; whether such a line is
    still kept is asked of its reason alone, not of every line of the batch (`_rows_now`).
    `reasons` is changed in place.
    """
    long_fragments = np.flatnonzero(
        (judged.terminal == 0) & (judged.log_words >= np.float32(np.log1p(_TAG_CLOUD_MIN_WORDS)))
    )
    doc_of = np.searchsorted(judged.row_bounds, long_fragments, side="right") - 1
    found = zip(doc_of.tolist(), judged.rows[long_fragments].tolist(), strict=True)
    for d, row in found:
        if reasons[d][row] is None and is_tag_cloud(lines[d][row]):
            reasons[d][row] = _TAG_CLOUD


def is_tag_cloud(line: str) -> bool:
    """Whether `line` is ten words or more in alphabetical order (nine pairs of neighbours in
    ten at least; case aside, an accented letter beside its base letter) with no sentence mark
    and no bracket of code among them."""
    if _NO_CLOUD_RE.search(line):
        return False
    found = _TAG_CLOUD_WORD_RE.findall(line)
    if len(found) < _TAG_CLOUD_MIN_WORDS:
        return False
    # Counted pair by pair, and given up as soon as the pairs left cannot reach the share:
    # most lines read here are prose, out of order within their first few words.
    needed = _TAG_CLOUD_SORTED_SHARE * (len(found) - 1)
    pairs_left = len(found) - 1
    in_order = 0
    keys = (unicodedata.normalize("NFKD", word.casefold()) for word in found)
    for a, b in itertools.pairwise(keys):
        pairs_left -= 1
        in_order += a < b
        if in_order + pairs_left < needed:
            return False
    return True


def _rows_now(
    reasons: Sequence[list[str | None]], judged: JudgedRows
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row the model judged: its document, its line among the lines of all documents end
    to end, and whether a stage has removed it by now."""
    doc = np.repeat(np.arange(len(judged.row_bounds) - 1), np.diff(judged.row_bounds))
    line = judged.rows + judged.line_bounds[doc]
    return doc, line, named_lines(reasons)[line]


# A sentence that ends in a colon introduces what follows it ("The band's 2020 tour dates:"
# over thirty lines of "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL"). The model
# judges a line by its shape and its neighbourhood, and a list's items have a menu's shape, so
# it removed such lists (on one AEB page, 39% of the article).
_INTRO_MIN_WORDS = 3  # "Tags:", "Share:" are labels, not sentences
_LIST_ITEM_MAX_WORDS = 25  # a longer line is a paragraph, for the model to judge
_LIST_MAX_ITEMS = 60


def keep_introduced_lists(text: str, reasons: list[str | None]) -> None:
    """Give back the list under a kept line that ends in a colon: the lines below it that the
    model removed, up to the first line it did not (kept, or named by an earlier stage), a
    line longer than a list item, or `_LIST_MAX_ITEMS` items. `reasons` is the document's, the
    model's verdicts included; it is changed in place.

    (The lines are found from the colons, not by splitting the text: most lines end in none.
    A last line ending in one is not found, and has no list below it.)
    """
    intros = []
    rows = RowCounter(text)
    for match in colon_ends(text):
        start = text.rfind("\n", 0, match.start()) + 1
        row = rows.row(start)
        if reasons[row] is None and words(text[start : match.start()]) >= _INTRO_MIN_WORDS:
            intros.append((row, match.end()))
    for row, at in intros:  # `at`: where the line after the intro starts
        taken = 0
        while at < len(text) and row + 1 < len(reasons):
            row += 1
            end = text.find("\n", at)
            end = len(text) if end == -1 else end
            line, at = text[at:end], end + 1
            if not line.strip():
                continue
            reason = reasons[row]
            if (
                reason is None
                or not reason.startswith("model:")
                or taken == _LIST_MAX_ITEMS
                or len(line.split()) > _LIST_ITEM_MAX_WORDS
            ):
                break
            reasons[row] = None
            taken += 1


# A numbered list whose opening the model kept ("1) Lego Star Wars 75188 ...", "2) Polistil
# 960574 ...", each item with its shop link under it): the model scores an item by its
# distance from the article's prose, so down a long list the items fall under the threshold
# one by one (AEB's Italian gift list of 22: items 9 to 22 removed). Numbers that follow on
# from 1 make the items one list, and the list is the article's where its first items are.
# (Found from the lists' first items: a search for "1." or "1)" runs at the speed of a search
# for the character "1", where a pattern tried at every line's start took 70 us a page.)
_ITEM_LEAD = r"[^\S\n]*(?:[•·*–-][^\S\n]*)?"  # spaces, a bullet
_ITEM_LEAD_RE = re.compile(_ITEM_LEAD)
_FIRST_ITEM_RE = re.compile(r"1[.)][^\S\n]+\S")
_ITEM_RE = re.compile(_ITEM_LEAD + r"(\d{1,3})[.)][^\S\n]+\S")
_NUMBERED_MAX_GAP = 4  # rows from an item to the next: a link or a line of text between them
_NUMBERED_MIN_ITEMS = 3
_NUMBERED_KEPT_ITEMS = 2  # the model kept the list's first two items


def keep_numbered_lists(text: str, reasons: list[str | None]) -> None:
    """Give back what the model removed inside a numbered list that it kept the start of: the
    lines from item 1 to the list's last item (numbers that follow on, each item within
    `_NUMBERED_MAX_GAP` rows of the one before) that the model removed, if no longer than a
    list item. `reasons` is the document's; it is changed in place.
    """
    rows = RowCounter(text)
    lines: list[str] | None = None
    for one in _FIRST_ITEM_RE.finditer(text):
        start = text.rfind("\n", 0, one.start()) + 1
        if not _ITEM_LEAD_RE.fullmatch(text, start, one.start()):
            continue  # a number inside a line, "11.", "2021."
        row = rows.row(start)
        if reasons[row] is not None:
            continue
        items = _numbered_items(text, start, row)
        if len(items) < _NUMBERED_MIN_ITEMS or any(
            reasons[item] is not None for item in items[:_NUMBERED_KEPT_ITEMS]
        ):
            continue
        lines = text.split("\n") if lines is None else lines
        for row in range(items[0], items[-1] + 1):
            reason = reasons[row]
            if (
                reason is not None
                and reason.startswith("model:")
                and words(lines[row]) <= _LIST_ITEM_MAX_WORDS
            ):
                reasons[row] = None


def _numbered_items(text: str, start: int, row: int) -> list[int]:
    """The rows of a numbered list's items, from its item 1 at `row` (starting at `start`):
    each next number within `_NUMBERED_MAX_GAP` rows of the one before, up to a gap or an item
    of another number."""
    items = [row]
    while True:
        for gap in range(1, _NUMBERED_MAX_GAP + 1):
            start = text.find("\n", start) + 1
            if not start:
                return items
            item = _ITEM_RE.match(text, start)
            if item:
                if int(item.group(1)) != len(items) + 1:
                    return items
                items.append(items[-1] + gap)
                break
        else:
            return items


# A recipe's ingredients under their header ("Zutaten", "Ingredients", "Składniki"): one
# short line per ingredient, most of them led by a quantity ("• 1 Pck. Vanillepuddingpulver",
# "125 g Mehl", "½ tsp cinnamon"), with a part's subheader here and there ("Für die Füllung:").
# The model removed them as it removes a menu, which they look like line by line: given back,
# 107 lines of nine recipes on the two evaluation sets' full pages (2026-11-27; 16 of them
# marked as article text by the sets, none as chrome). The header's word in the languages of
# the evaluation sets and their neighbours:
_INGREDIENTS_WORDS = (
    "ingredients", "ingredient list", "zutaten", "składniki", "ingrédients", "ingredientes",
    "ingredienti", "ingrediënten", "ingredienser", "ингредиенты", "malzemeler", "suroviny",
)
# and what each of them opens with, lower-cased, which a native scan looks for at line starts.
_INGREDIENTS_STEMS = ("ingr", "zutat", "składnik", "ингредиент", "malzeme", "surovin")
_STEM_CODES = np.array([ord(c) for stem in _INGREDIENTS_STEMS for c in stem], np.uint32)
_STEM_BOUNDS = np.cumsum([0] + [len(stem) for stem in _INGREDIENTS_STEMS]).astype(np.int64)
# The header alone on its line, or with the servings it makes ("Zutaten für 4 Personen").
_INGREDIENTS_HEADER_RE = re.compile(
    r"(?i)(?:" + "|".join(_INGREDIENTS_WORDS) + r")"
    r"(?:[^\S\n]*:?|[^\S\n]+(?:für|for|pour|per|para|na|voor|dla|на)\b[^.!?\n]{0,25})"
)
# An ingredient's line: a bullet, if any, then a quantity (a number or a vulgar fraction).
_BULLETS = "•·*–-"
_QUANTITY_RE = re.compile("[" + re.escape(_BULLETS) + r"]?[^\S\n]*[\d½¼¾⅓⅔⅛]")
_INGREDIENTS_HEADER_MAX_CHARS = 60  # (with the indentation of full-page text)
_INGREDIENTS_MIN_QUANTITIES = 3  # fewer: a header followed by prose or a menu
_INGREDIENTS_MAX_LINES = 80
_INGREDIENT_MAX_WORDS = 4  # a bullet item without a quantity ("• Salz", "• pinch of salt")
_SUBHEADER_MAX_WORDS = 6  # "Für den Mürbeteig:", "PB Filling:"
_INGREDIENTS_MAX_LEAD_IN = 2  # short lines between the header and the first quantity


@nb.njit(cache=True, nogil=True)
def _ingredient_headers_kernel(
    low: np.ndarray,
    bounds: np.ndarray,
    docs: np.ndarray,
    stems: np.ndarray,
    stem_bounds: np.ndarray,
) -> np.ndarray:
    out = np.zeros(len(docs), np.bool_)
    for k in range(len(docs)):
        i, end = bounds[docs[k]], bounds[docs[k] + 1]
        while i < end and not out[k]:  # at a line's start
            while i < end and (low[i] == 32 or low[i] == 9 or low[i] == 0xA0):
                i += 1
            for s in range(len(stem_bounds) - 1):
                a, size = stem_bounds[s], stem_bounds[s + 1] - stem_bounds[s]
                j = 0
                while j < size and i + j < end and low[i + j] == stems[a + j]:
                    j += 1
                if j == size:
                    out[k] = True
                    break
            while i < end and low[i] != 10:  # on to the next line (the tight loop of the scan)
                i += 1
            i += 1
    return out


def ingredient_headers(low: np.ndarray, bounds: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Which of the documents `docs` have a line that opens (spaces aside) with one of
    `_INGREDIENTS_STEMS`, from the lower-cased code points of a batch end to end and where
    each document starts (and the end). One native pass: nearly no page has such a line, and
    `str.find` of the six stems cost ~12 us of a news article."""
    return _ingredient_headers_kernel(low, bounds, docs, _STEM_CODES, _STEM_BOUNDS)


def keep_ingredient_lists(text: str, reasons: list[str | None]) -> None:
    """Give back a recipe's list of ingredients: its header ("Zutaten", "Ingredients", ... alone
    on its line, `_INGREDIENTS_HEADER_RE`) and the lines under it, as long as each is an
    ingredient (led by a quantity, or a bullet item of a few words) or a part's subheader
    ending in a colon, with at least `_INGREDIENTS_MIN_QUANTITIES` quantities among them. Up
    to two short lines may stand between the header and the first quantity ("für", "Für
    Stücke" without its number). Only lines the model removed are given back; a line an
    earlier stage named ends the list. (`model_reasons` calls it for the pages that have a
    line opening with the header's word: `ingredient_headers`.)
    """
    lines = text.split("\n")
    row = 0
    while row < len(lines):
        header = lines[row]
        if len(header) > _INGREDIENTS_HEADER_MAX_CHARS or not _INGREDIENTS_HEADER_RE.fullmatch(
            header.strip()
        ):
            row += 1
            continue
        taken, quantities, lead_in = [row], 0, 0
        row += 1
        while row < len(lines) and len(taken) <= _INGREDIENTS_MAX_LINES:
            line = lines[row].strip()
            reason = reasons[row]
            if line and reason is not None and not reason.startswith("model:"):
                break
            if line:
                n_words = len(line.split())
                quantity = _QUANTITY_RE.match(line) is not None
                if not (
                    quantity
                    or (line.endswith(":") and n_words <= _SUBHEADER_MAX_WORDS)
                    or (line[0] in _BULLETS and n_words <= _INGREDIENT_MAX_WORDS)
                ):
                    if quantities or lead_in == _INGREDIENTS_MAX_LEAD_IN:
                        break
                    if n_words > _INGREDIENT_MAX_WORDS:
                        break
                    lead_in += 1
                quantities += quantity
                taken.append(row)
            row += 1
        if quantities >= _INGREDIENTS_MIN_QUANTITIES:
            for k in taken:
                if (reasons[k] or "").startswith("model:"):
                    reasons[k] = None


# A table as full-page text has it: a row per line, its cells separated by tabs. The model judges
# the rows one by one, and in a table of standings, prices or dates, it removed some rows and
# kept others of the same table (a standings table on AEB's page 11ea381a, rows 21 and 22 of
# 40 removed). What the table is, it is for all its rows.
_TABS_RE = re.compile(r"\t+")
_TABLE_MIN_ROWS = 3


def keep_table_rows(text: str, reasons: list[str | None]) -> None:
    """Give back the rows the model removed from a table of which it kept a row: a table is a
    run of `_TABLE_MIN_ROWS` or more lines (blank lines aside) with the same number, two or
    more, of tab-separated cells. Rows an earlier stage named stay removed. `reasons` is the
    document's, changed in place.

    (The rows are found from the tabs, not by splitting the text: on a full page most lines
    hold none.)
    """
    rows = RowCounter(text)
    table: list[int] = []
    cells = end = 0
    at = text.find("\t")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        if table and text[end:start].strip():  # a line without a tab between: the table ends
            _keep_table(table, reasons)
            table = []
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        row_cells = len(_TABS_RE.split(text[start:end].strip()))
        if table and row_cells != cells:
            _keep_table(table, reasons)
            table = []
        if row_cells >= 2:
            table.append(rows.row(start))
            cells = row_cells
        at = text.find("\t", end)
    _keep_table(table, reasons)


def _keep_table(table: list[int], reasons: list[str | None]) -> None:
    """The model's verdicts on the rows `table` lists undone, if they are a table's (enough of
    them) and the model kept one."""
    if len(table) >= _TABLE_MIN_ROWS and any(reasons[row] is None for row in table):
        for row in table:
            if (reasons[row] or "").startswith("model:"):
                reasons[row] = None

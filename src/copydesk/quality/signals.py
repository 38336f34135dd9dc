"""Quality signals of a cleaned document: the measures that `[filters]` rules are written against.

The set follows Gopher (Rae et al. 2021, appendix A) and RedPajama-V2's quality signals, so that
thresholds from those papers carry over: word count, mean word length, the "symbol-to-word" ratio
(hashes and ellipses per word), bullet and ellipsis line shares, the share of words with a letter,
stop words, and the repetition measures (duplicate lines, top 2/3/4-gram, duplicate 5..10-grams).
Added for news: digit and uppercase ratios (tables, scores, all-caps shouting) and the share of
lines that end like a sentence.

Words are whitespace-separated tokens split at apostrophes ("l'homme" -> "l", "homme", as stop
word lists need), keeping only letters, marks and digits ("U.S." -> "us", "well-known" ->
"wellknown"), compared case-insensitively. A token with no letter or digit ("—", "|") is no word.

Everything is computed in one pass of a numba kernel over the text's code points: a Python loop
over ~700 words and nine n-gram sizes would cost a millisecond a document, twenty times the
budget (docs/QUALITY.md has the figures).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numba as nb
import numpy as np

from copydesk.normalize import code_points, is_cjk
from copydesk.quality.names import INTEGER_SIGNALS, SIGNALS

__all__ = [
    "SIGNALS",
    "STOPWORD_LANGUAGES",
    "TextShape",
    "measure",
    "quality_signals",
    "text_shape",
]

# Decimals kept of each ratio: enough for any threshold, and short in documents.jsonl.
_DECIMALS = 4
STOPWORD_LANGUAGES: tuple[str, ...] = ("de", "en", "es", "fr", "it", "nl", "pl", "pt")

# Character classes (low four bits of the table entry) and flags (the bits above them).
_OTHER, _SPACE, _LOWER, _UPPER, _MARK, _DIGIT, _APOSTROPHE, _PUNCT, _SYMBOL, _IDEOGRAPH = range(10)
_TERMINAL, _BULLET, _HASH, _ELLIPSIS = 16, 32, 64, 128
_BMP = 0x10000
_DOT, _NEWLINE = ord("."), ord("\n")
_SEED = 0xCBF29CE484222325

_APOSTROPHES = "'’ʼ‘`´"
# What a sentence ends with, closing quotes included ('He said "no."' ends a sentence).
_TERMINALS = '.!?…"”’»«)。！？؟।'
# What a list item starts with (Gopher's "bullet lines"); dashes are included because crawls
# render <li> as "- item" and "– item".
_BULLETS = "•‣◦⁃∙▪▫►▸●○■□–—-*·✓✔➢➤→"


def _char_class(cp: int) -> int:
    char = chr(cp)
    category = unicodedata.category(char)
    if is_cjk(cp):  # a character is a word: word counts and n-grams stay meaningful
        return _IDEOGRAPH
    if char.isspace():
        return _SPACE
    if char in _APOSTROPHES:
        return _APOSTROPHE
    if category in ("Lu", "Lt"):
        return _UPPER
    return {"L": _LOWER, "M": _MARK, "N": _DIGIT, "P": _PUNCT, "S": _SYMBOL}.get(
        category[0], _OTHER
    )


@cache
def _tables() -> tuple[np.ndarray, np.ndarray]:
    """Class-and-flags and lower-case tables for the BMP (built once per process, ~60 ms).

    Code points above the BMP are classed in the kernel: emoji blocks as symbols, CJK extension
    planes as ideographs, the rest (historic scripts) as letters.
    """
    info = np.array([_char_class(cp) for cp in range(_BMP)], dtype=np.uint8)
    for chars, flag in (
        (_TERMINALS, _TERMINAL),
        (_BULLETS, _BULLET),
        ("#", _HASH),
        ("…", _ELLIPSIS),
    ):
        for char in chars:
            info[ord(char)] |= flag
    lower = np.array(
        [ord(f) if len(f := chr(cp).lower()) == 1 else cp for cp in range(_BMP)], dtype=np.uint32
    )
    return info, lower


@nb.njit(inline="always", cache=True)
def _mix(h: np.uint64, x: np.uint64) -> np.uint64:
    h = (h ^ x) * np.uint64(0x9E3779B97F4A7C15)
    return h ^ (h >> np.uint64(29))


@nb.njit(inline="always", cache=True)
def _close_paragraph(counts: np.ndarray, words: int, terminal: bool) -> None:
    """Count one paragraph into counts[17:26] (26 and 27 hold the state between calls).

    [paragraphs, headline-like (2-20 words, no closing punctuation), words in prose
    paragraphs (25+ words, closed), sentence paragraphs (10+ words, closed), words in those,
    short paragraphs (3 words or fewer), words in the longest paragraph, the longest run of
    consecutive sentence paragraphs, headline-then-sentence pairs]: the shape that tells a
    page of headlines, teasers and menus from running text.
    """
    counts[17] += 1
    headline = 2 <= words <= 20 and not terminal
    if headline:
        counts[18] += 1
    if terminal and words >= 25:
        counts[19] += words
    if terminal and words >= 10:
        counts[20] += 1
        counts[21] += words
        counts[26] += 1
        counts[24] = max(counts[24], counts[26])
        if counts[27]:
            counts[25] += 1
    else:
        counts[26] = 0
    if words <= 3:
        counts[22] += 1
    counts[23] = max(counts[23], words)
    counts[27] = 1 if headline else 0


@nb.njit(cache=True, nogil=True)
def _words_and_lines(
    cps: np.ndarray, info: np.ndarray, lower: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Word hashes and lengths, line keys and lengths, and counts, in one pass over the text.

    A line's key is made of its words' hashes, so lines that differ only in case, spacing or
    punctuation are the same line, as with copydesk's own line keys; a line without words has
    key 0 and never counts as a duplicate. A line's length is from its first to its last
    non-space character.

    counts: [chars by class (10 entries), hashes, ellipses, words with a letter, lines,
    terminal lines, bullet lines, ellipsis lines, then the paragraph counts of
    `_close_paragraph`]. A paragraph is a line plus the lines that continue it: a line that
    starts in lower case after one that ends without punctuation is a hard-wrapped line.
    """
    n = cps.shape[0]
    word_hash = np.empty(n + 1, dtype=np.uint64)
    word_len = np.empty(n + 1, dtype=np.int64)
    line_hash = np.empty(n + 1, dtype=np.uint64)
    line_len = np.empty(n + 1, dtype=np.int64)
    counts = np.zeros(28, dtype=np.int64)
    para_words = -1  # words of the paragraph being read; -1 before the first line
    para_terminal = False
    words = 0
    lines = 0
    h = np.uint64(_SEED)
    length = 0
    has_alpha = False
    dots = 0
    lh = np.uint64(_SEED)
    line_words = 0
    first = -1
    last = -1
    for i in range(n + 1):
        c = cps[i] if i < n else _NEWLINE
        if c < _BMP:
            entry = info[c]
        elif 0x1F000 <= c < 0x1FB00:
            entry = _SYMBOL
        elif 0x20000 <= c < 0x40000:
            entry = _IDEOGRAPH
        else:
            entry = _LOWER
        cls = entry & 15
        counts[cls] += 1
        if _LOWER <= cls <= _DIGIT:
            h = _mix(h, np.uint64(lower[c] if c < _BMP else c))
            length += 1
            has_alpha = has_alpha or cls <= _UPPER
        elif length and (cls == _SPACE or cls == _APOSTROPHE or cls == _IDEOGRAPH):  # noqa: SIM109
            word_hash[words] = _mix(h, np.uint64(length)) | np.uint64(1)
            word_len[words] = length
            lh = _mix(lh, word_hash[words])
            line_words += 1
            words += 1
            if has_alpha:
                counts[12] += 1
            h = np.uint64(_SEED)
            length = 0
            has_alpha = False
        if cls == _IDEOGRAPH:
            word_hash[words] = _mix(h, np.uint64(c)) | np.uint64(1)
            word_len[words] = 1
            lh = _mix(lh, word_hash[words])
            line_words += 1
            words += 1
            counts[12] += 1
        if c == _DOT:
            dots += 1
            if dots == 3:
                counts[11] += 1
        else:
            dots = 0
        if cls != _SPACE:
            if first < 0:
                first = i
            last = i
            if entry & _HASH:
                counts[10] += 1
            elif entry & _ELLIPSIS:
                counts[11] += 1
        elif c == _NEWLINE:
            if first >= 0:
                line_hash[lines] = _mix(lh, np.uint64(line_words)) | np.uint64(1)
                if line_words == 0:
                    line_hash[lines] = 0
                line_len[lines] = last - first + 1
                lines += 1
                end = cps[last]
                end_flags = info[end] if end < _BMP else 0
                if end_flags & _TERMINAL:
                    counts[14] += 1
                if end_flags & _ELLIPSIS or (
                    end == _DOT
                    and last - first >= 2
                    and cps[last - 1] == _DOT
                    and cps[last - 2] == _DOT
                ):
                    counts[16] += 1
                start = cps[first]
                start_entry = info[start] if start < _BMP else _LOWER
                if start_entry & _BULLET:
                    counts[15] += 1
                terminal = (end_flags & _TERMINAL) != 0
                if para_words >= 0 and not para_terminal and (start_entry & 15) == _LOWER:
                    para_words += line_words  # a hard-wrapped line continues the paragraph
                else:
                    if para_words >= 0:
                        _close_paragraph(counts, para_words, para_terminal)
                    para_words = line_words
                para_terminal = terminal
            lh = np.uint64(_SEED)
            line_words = 0
            first = -1
            last = -1
    if para_words >= 0:
        _close_paragraph(counts, para_words, para_terminal)
    counts[_SPACE] -= 1  # the newline added after the last character
    counts[13] = lines
    return word_hash[:words], word_len[:words], line_hash[:lines], line_len[:lines], counts


@nb.njit(cache=True, nogil=True)
def _slot(keys: np.ndarray, key: np.uint64) -> int:
    """Open-addressing slot of `key` (0 marks an empty slot; keys are odd, never 0)."""
    mask = keys.shape[0] - 1
    s = int(key >> np.uint64(40)) & mask
    while keys[s] != 0 and keys[s] != key:
        s = (s + 1) & mask
    return s


@nb.njit(cache=True, nogil=True)
def _repetition(
    word_hash: np.ndarray, word_len: np.ndarray, line_hash: np.ndarray, line_len: np.ndarray
) -> np.ndarray:
    """Gopher repetition measures: duplicate lines, top 2..4-gram, duplicate 5..10-grams.

    Definitions as in RedPajama-V2: a top n-gram's share is (occurrences x its word characters)
    over all word characters, 0 when nothing repeats; a duplicate n-gram share counts every
    character of every word covered by an n-gram that occurs more than once, each word once.
    A duplicate line is a line equal to an earlier one (Gopher counts repeats, not originals).

    An n-gram can only repeat where both (n-1)-grams inside it repeat, so each size only visits
    the positions still live from the size before, kept in a compact list: after the 2-grams of
    ordinary prose few positions remain, and the ten sizes cost little more than two.
    """
    out = np.zeros(11, dtype=np.float64)
    n_lines = line_hash.shape[0]
    if n_lines:
        keys = np.zeros(_table_size(n_lines), dtype=np.uint64)
        dup_lines = 0
        dup_chars = 0
        total_chars = 0
        for i in range(n_lines):
            total_chars += line_len[i]
            if line_hash[i] == 0:
                continue
            s = _slot(keys, line_hash[i])
            if keys[s] == 0:
                keys[s] = line_hash[i]
            else:
                dup_lines += 1
                dup_chars += line_len[i]
        out[0] = dup_lines / n_lines
        out[1] = dup_chars / total_chars if total_chars else 0.0
    n = word_hash.shape[0]
    total = 0
    for i in range(n):
        total += word_len[i]
    if n < 2 or total == 0:
        return out
    size = _table_size(n)
    keys = np.zeros(size, dtype=np.uint64)
    hits = np.zeros(size, dtype=np.int64)
    slots = np.empty(n, dtype=np.int64)
    # Seeded first, so that an n-gram's hash depends on word order: _mix(a, b) alone would
    # give "buy now" and "now buy" the same hash (its first step is a ^ b).
    grams = np.empty(n, dtype=np.uint64)
    for i in range(n):
        grams[i] = _mix(np.uint64(_SEED), word_hash[i])
    gram_chars = word_len.copy()
    # live[:n_live]: in order, the positions whose current-size gram repeats (all single words
    # to start with); cand[:m]: those where a gram one word longer can start.
    live = np.arange(n)
    n_live = n
    cand = np.empty(n, dtype=np.int64)
    for gram in range(2, 11):
        if n - gram + 1 < 2:
            break
        m = 0
        for j in range(n_live - 1):
            i = live[j]
            if live[j + 1] == i + 1:
                grams[i] = _mix(grams[i], word_hash[i + gram - 1]) | np.uint64(1)
                gram_chars[i] += word_len[i + gram - 1]
                s = _slot(keys, grams[i])
                keys[s] = grams[i]
                hits[s] += 1
                slots[i] = s
                cand[m] = i
                m += 1
        if m == 0:
            break
        best_hits = 1
        best_chars = 0
        covered = 0
        covered_to = 0
        n_live = 0
        for j in range(m):
            i = cand[j]
            k = hits[slots[i]]
            if k > 1:
                if k > best_hits or (k == best_hits and gram_chars[i] > best_chars):
                    best_hits = k
                    best_chars = gram_chars[i]
                for w in range(max(i, covered_to), i + gram):
                    covered += word_len[w]
                covered_to = i + gram
                live[n_live] = i
                n_live += 1
        out[gram] = (best_hits * best_chars if gram <= 4 else covered) / total
        for j in range(m):
            keys[slots[cand[j]]] = 0
            hits[slots[cand[j]]] = 0
    return out


@nb.njit(cache=True, nogil=True)
def _table_size(n: int) -> int:
    size = 2
    while size < 2 * n:
        size *= 2
    return size


@nb.njit(cache=True, nogil=True)
def _stop_table(word_hash: np.ndarray) -> np.ndarray:
    """An open-addressing set of stop-word hashes, probed by `_slot`."""
    keys = np.zeros(_table_size(word_hash.shape[0]), dtype=np.uint64)
    for i in range(word_hash.shape[0]):
        keys[_slot(keys, word_hash[i])] = word_hash[i]
    return keys


@nb.njit(cache=True, nogil=True)
def _kernel(
    cps: np.ndarray, info: np.ndarray, lower: np.ndarray, stopwords: np.ndarray, has_list: bool
) -> np.ndarray:
    """Every signal in `SIGNALS` order, then the paragraph counts, in one numba call."""
    word_hash, word_len, line_hash, line_len, counts = _words_and_lines(cps, info, lower)
    out = np.zeros(len(SIGNALS) + 9, dtype=np.float64)
    words = word_hash.shape[0]
    lines = counts[13]
    chars = 0
    for cls in range(10):
        if cls != _SPACE:
            chars += counts[cls]
    cased = counts[_LOWER] + counts[_UPPER]
    out[0] = words
    out[1] = lines
    if words:
        hits = 0
        for i in range(words):
            if stopwords[_slot(stopwords, word_hash[i])] == word_hash[i]:
                hits += 1
        out[2] = word_len.sum() / words
        out[3] = (counts[10] + counts[11]) / words
        out[6] = counts[12] / words
        out[7] = hits / words
    if not has_list:
        out[7] = np.nan
    if chars:
        out[4] = counts[_DIGIT] / chars
    if cased:
        out[5] = counts[_UPPER] / cased
    if lines:
        out[8] = counts[14] / lines
        out[9] = counts[15] / lines
        out[10] = counts[16] / lines
    out[11:22] = _repetition(word_hash, word_len, line_hash, line_len)
    out[22:] = counts[17:26]
    return out


@cache
def _stopwords(language: str) -> np.ndarray | None:
    """The language's stop words as a hash set, hashed by the kernel's own word rules."""
    if language not in STOPWORD_LANGUAGES:
        return None
    listing = resources.files("copydesk.quality").joinpath("stopwords", f"{language}.txt")
    lines = listing.read_text(encoding="utf-8").splitlines()
    words = "\n".join(line for line in lines if not line.startswith("#"))
    return _stop_table(np.unique(_words_and_lines(code_points(words), *_tables())[0]))


_NO_STOPWORDS = np.zeros(2, dtype=np.uint64)


@lru_cache(maxsize=4)
def _analyse(text: str, language: str) -> np.ndarray:
    """The kernel's output for one text, kept for the next caller.

    The clean pass calls `quality_signals` and then `detect_not_article` on the same cleaned
    text; the small cache makes the second call free instead of a second pass.
    """
    stopwords = _stopwords(language)
    values = _kernel(
        code_points(text),
        *_tables(),
        _NO_STOPWORDS if stopwords is None else stopwords,
        stopwords is not None,
    )
    values.flags.writeable = False
    return values


@dataclass(frozen=True)
class TextShape:
    """How a text is laid out in paragraphs: what tells running text from menus and headlines.

    A paragraph is a line plus the hard-wrapped lines that continue it. "Headline" paragraphs
    have 2-20 words and no closing punctuation; "prose" words are those in closed paragraphs of
    25+ words; "sentence" paragraphs are closed ones of 10+ words (the running text); "short"
    ones have 3 words or fewer. A section front alternates headline and one-paragraph teaser
    (many headline-teaser pairs, short runs of running text); an article runs on.
    """

    words: int
    lines: int
    terminal_lines: float
    paragraphs: int
    headline_paragraphs: int
    prose_words: int
    sentence_paragraphs: int
    sentence_words: int
    short_paragraphs: int
    longest_paragraph: int
    longest_sentence_run: int
    headline_teaser_pairs: int


def _shape(values: np.ndarray) -> TextShape:
    shape = [int(v) for v in values[len(SIGNALS) :]]
    return TextShape(int(values[0]), int(values[1]), float(values[8]), *shape)


def text_shape(text: str, language: str) -> TextShape:
    """The paragraph layout of `text` (shares the kernel pass with `quality_signals`)."""
    return _shape(_analyse(text, language))


def measure(text: str, language: str) -> tuple[dict[str, float | int | None], TextShape]:
    """`quality_signals` and `text_shape` of one text from one kernel pass."""
    values = _analyse(text, language)
    return _signals(values), _shape(values)


def quality_signals(text: str, language: str) -> dict[str, float | int | None]:
    """Every signal in `SIGNALS` for one cleaned document, ratios rounded to 4 decimals.

    `language` is an ISO 639-1 code (as from `detect_language`); it only picks the stop-word
    list, and `stopword_ratio` is None for a language without one, so that a
    `min_stopword_ratio` rule leaves such documents alone rather than dropping them all. Ratios
    over nothing (no words, no lines) are 0.0. Rounding here, not at output, means a rule sees
    exactly the number the output shows.
    """
    return _signals(_analyse(text, language))


def _signals(analysed: np.ndarray) -> dict[str, float | int | None]:
    values = np.round(analysed[: len(SIGNALS)], _DECIMALS).tolist()  # 22 round() calls: 20 µs
    return {
        name: (
            int(value)
            if name in INTEGER_SIGNALS
            else None
            if value != value  # NaN: not measurable
            else value
        )
        for name, value in zip(SIGNALS, values, strict=True)
    }

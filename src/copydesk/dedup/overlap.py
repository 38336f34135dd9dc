"""Which lines of a copy come from its representative, as character spans in both texts.

Signatures say *how much* two documents share; a reader of clusters.jsonl wants to see *what*.
This runs on cluster members only, exactly, on the cleaned texts. A member line overlaps when its
words equal a representative line's (its line key, which ignores case, quotes and spacing), or
else when at least half of its word 3-grams occur in the representative (a line with typos, or a
paragraph re-wrapped over several lines; the 3-grams run across line breaks); its partners are
the representative lines holding them. Consecutive overlapping lines whose partners follow on
(blank lines aside) merge into one span, so a verbatim copy is one span and a copy with a local
paragraph inserted is two.

Written as a numba kernel over the batch's UTF-8 text rather than with Python sets of word
tuples: every clustered document's text is compared here, and in Python this was most of the
match pass's time (~330 us per member; 15 of 21 s at 100,000 documents). The kernel reads the
cleaned texts as they are and folds each character through one table (`_fold_table`) built
from `for_matching`'s own map: a word is a run of letters, digits and underscores (Python's
regex `\\w`), lower-cased, with quotes, dashes and special spaces as separators and zero-width
characters ignored; a Chinese character or kana is a word of its own, as in the signatures.
Unlike `for_matching` it applies no NFKC (compatibility forms such as ligatures stay distinct)
and folds case with `str.lower` over the Basic Multilingual Plane (characters beyond it, emoji
and rare scripts, separate words): spans only need two copies' words to agree, and it saves
normalising every member again.
"""

from __future__ import annotations

import functools

import numba as nb
import numpy as np
import pyarrow as pa

from copydesk.normalize import CHAR_MAP, hash_finish, is_cjk

SHINGLE_WORDS = 3
OVERLAP_SHARE = 0.5
"""A line overlaps when at least this share of its word 3-grams is in the other text."""
STRONG_SHARE = 0.2
"""Its partners are the representative line holding the most hits and the lines next to it
(blank lines aside) holding at least this share of that many: a paragraph re-wrapped over
several lines. A phrase the line shares with a paragraph further away is no partner."""

SPAN_TYPE = pa.list_(
    pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("rep_start", pa.int64()),
            ("rep_end", pa.int64()),
        ]
    )
)
"""Spans of one member: character offsets into the member's and the representative's texts."""


def overlap_spans(member: str, representative: str) -> list[dict[str, int]]:
    """Spans of `member` copied from `representative`: [{start, end, rep_start, rep_end}],
    character offsets into the two texts, in the member's order."""
    texts = pa.array([member, representative], pa.large_string())
    spans: list[dict[str, int]] = batch_spans(texts, np.array([[0, 1]])).to_pylist()[0]
    return spans


def batch_spans(texts: pa.Array | pa.ChunkedArray, pairs: np.ndarray) -> pa.ListArray:
    """Spans (`SPAN_TYPE`) of each (member, representative) row of `pairs`, indices into
    `texts` (an Arrow string column, read in place).

    A text that is the representative of many members is indexed once for all of them when
    their pairs are consecutive.
    """
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    texts = texts.cast(pa.large_string())
    _, offsets_buffer, data_buffer = texts.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[
        texts.offset : texts.offset + len(texts) + 1
    ]
    data = (
        np.frombuffer(data_buffer, dtype=np.uint8)
        if data_buffer is not None
        else np.zeros(0, np.uint8)
    )
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    # the columns as contiguous copies: strided, they are another type to numba than the
    # contiguous columns of one pair, and the kernel compiled twice on a fresh install
    members, representatives = np.ascontiguousarray(pairs.T)
    spans, bounds = _spans_kernel(data, offsets, members, representatives, _fold_table())
    fields = [pa.array(spans[:, i]) for i in range(4)]
    values = pa.StructArray.from_arrays(fields, names=["start", "end", "rep_start", "rep_end"])
    return pa.ListArray.from_arrays(pa.array(bounds.astype(np.int32)), values, type=SPAN_TYPE)


_SEPARATOR = -1
_IGNORED = -2


@functools.cache
def _fold_table() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane: the lower-cased code point of a word
    character (`\\w`), `_IGNORED` for the zero-width characters `for_matching` deletes, or
    `_SEPARATOR`. Built once per process (~40 ms)."""
    table = np.full(0x10000, _SEPARATOR, dtype=np.int32)
    for cp in range(0x10000):
        char = chr(cp)
        if char.isalnum() or char == "_":
            lower = char.lower()
            table[cp] = ord(lower) if len(lower) == 1 else cp
    for cp, replacement in CHAR_MAP.items():
        if replacement == "":
            table[cp] = _IGNORED
    return table


_NO_LINE = -2
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_SHORT_LINE = np.uint64(0x9E3779B97F4A7C15)  # keeps a 1- or 2-word line's key off the 3-grams'


@nb.njit(cache=True, nogil=True)
def _is_space(cp: int) -> bool:
    """`str.isspace` of a code point (its full list; a test checks it against Python's)."""
    if cp <= 0x20:
        return cp == 0x20 or 0x09 <= cp <= 0x0D or 0x1C <= cp <= 0x1F
    if cp < 0x85:
        return False
    return (
        cp == 0x85
        or cp == 0xA0
        or cp == 0x1680
        or 0x2000 <= cp <= 0x200A
        or cp == 0x2028
        or cp == 0x2029
        or cp == 0x202F
        or cp == 0x205F
        or cp == 0x3000
    )


@nb.njit(cache=True, nogil=True)
def _rotate(x: np.uint64, bits: int) -> np.uint64:
    return (x << np.uint64(bits)) | (x >> np.uint64(64 - bits))


@nb.njit(cache=True, nogil=True)
def _document(
    data: np.ndarray, offsets: np.ndarray, doc: int, fold: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(line starts, line ends, line keys, word 3-gram hashes, each line's first 3-gram index)
    of one UTF-8 text of the batch, in one pass over its bytes.

    Starts and ends are character offsets, surrounding spaces excluded (a blank line gives an
    empty span at its start). A line's key hashes its words (0 for a line without words). The
    3-grams run over the text's words across line breaks, each owned by the line of its last
    word: a re-wrapped copy cuts a paragraph's last words into a short line ("reform."), and
    only with the words before it does that line hold a 3-gram of the paragraph. A line that
    owns none (the text's first words) gets one hash of its words instead.
    """
    start, stop = offsets[doc], offsets[doc + 1]
    n_lines = 1
    for position in range(start, stop):
        if data[position] == 10:
            n_lines += 1
    lo = np.zeros(n_lines, np.int64)
    hi = np.zeros(n_lines, np.int64)
    keys = np.zeros(n_lines, np.uint64)
    shingles = np.zeros(stop - start + n_lines, np.uint64)  # at most one a byte, + short lines
    line_shingles = np.zeros(n_lines + 1, np.int64)
    count = line = char = line_start = content_end = n_words = line_words = 0
    content_start = -1
    words = np.zeros(3, np.uint64)  # the text's last three word hashes
    key = word = _FNV_OFFSET
    in_word = cjk_word = False
    position = start
    while position <= stop:
        if position == stop:
            cp, width = 10, 1  # the last line ends here
        else:
            byte = int(data[position])
            if byte < 0x80:
                cp, width = byte, 1
            elif byte < 0xE0:
                cp, width = ((byte & 0x1F) << 6) | (int(data[position + 1]) & 0x3F), 2
            elif byte < 0xF0:
                cp = ((byte & 0x0F) << 12) | ((int(data[position + 1]) & 0x3F) << 6)
                cp |= int(data[position + 2]) & 0x3F
                width = 3
            else:
                cp, width = 0x10000, 4  # beyond the table: a separator, never a space
        folded = int(fold[cp]) if cp < 0x10000 else _SEPARATOR
        # A Chinese character or kana is a word of its own (those scripts put no spaces
        # between words): the word before it ends, and the character is read again.
        again = folded >= 0 and in_word and (cjk_word or is_cjk(cp))
        if again:
            folded = _SEPARATOR
        if folded >= 0:
            if not in_word:
                cjk_word = is_cjk(cp)
                if line_words > 0:
                    key = (key ^ np.uint64(0x20)) * _FNV_PRIME
                word = _FNV_OFFSET
            key = (key ^ np.uint64(folded)) * _FNV_PRIME
            word = (word ^ np.uint64(folded)) * _FNV_PRIME
            in_word = True
        elif folded == _SEPARATOR and in_word:
            words[0], words[1], words[2] = words[1], words[2], hash_finish(word)
            n_words += 1
            line_words += 1
            if n_words >= SHINGLE_WORDS:
                mixed = words[0] ^ _rotate(words[1], 21) ^ _rotate(words[2], 42)
                shingles[count] = hash_finish(mixed)
                count += 1
            in_word = False
            if again:
                continue
        if cp == 10:
            if line_words > 0 and count == line_shingles[line]:  # owns no 3-gram
                before = words[1] if line_words > 1 else np.uint64(0)  # this line's words only
                mixed = _SHORT_LINE * np.uint64(line_words) ^ words[2] ^ _rotate(before, 21)
                shingles[count] = hash_finish(mixed)
                count += 1
            keys[line] = hash_finish(key) if line_words > 0 else np.uint64(0)
            lo[line] = content_start if content_start >= 0 else line_start
            hi[line] = content_end if content_start >= 0 else line_start
            line += 1
            line_shingles[line] = count
            key = _FNV_OFFSET
            line_words = 0
            line_start = char + 1
            content_start = -1
        elif not _is_space(cp):
            if content_start < 0:
                content_start = char
            content_end = char + 1
        char += 1
        position += width
    return lo, hi, keys, shingles[:count], line_shingles


@nb.njit(cache=True, nogil=True)
def _first_of_each(values: np.ndarray, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct `values`, each with the first (lowest) line holding it."""
    order = np.argsort(values, kind="mergesort")  # stable: equal values keep line order
    keep = np.ones(order.size, np.bool_)
    for i in range(1, order.size):
        keep[i] = values[order[i]] != values[order[i - 1]]
    chosen = order[keep]
    return values[chosen], lines[chosen]


@nb.njit(cache=True, nogil=True)
def _lookup(sorted_values: np.ndarray, lines: np.ndarray, value: np.uint64) -> int:
    """The line of `value` in a `_first_of_each` table, or -1."""
    at = np.searchsorted(sorted_values, value)
    if at < sorted_values.size and sorted_values[at] == value:
        return int(lines[at])
    return -1


@nb.njit(cache=True, nogil=True)
def _partners(
    shingles: np.ndarray,
    values: np.ndarray,
    lines: np.ndarray,
    hits: np.ndarray,
    blank: np.ndarray,
) -> tuple[int, int]:
    """(first, last) representative line a member line with these 3-grams draws on (see
    `STRONG_SHARE`), or (-1, -1) when under `OVERLAP_SHARE` of them are in the representative.
    `hits` is a zeroed counter per representative line, left zeroed; `blank` marks the
    representative's blank lines."""
    if shingles.size == 0:
        return -1, -1
    where = np.empty(shingles.size, np.int64)
    total = 0
    best = -1
    for s in range(shingles.size):
        where[s] = _lookup(values, lines, shingles[s])
        if where[s] >= 0:
            hits[where[s]] += 1
            total += 1
            if best < 0 or hits[where[s]] > hits[best] or (
                hits[where[s]] == hits[best] and where[s] < best
            ):
                best = where[s]
    first = final = best
    if best >= 0 and total >= OVERLAP_SHARE * shingles.size:
        strong = STRONG_SHARE * hits[best]
        for step in (-1, 1):
            line = best + step
            while 0 <= line < hits.size and (blank[line] or hits[line] >= strong):
                if not blank[line]:
                    first, final = min(first, line), max(final, line)
                line += step
    else:
        first = final = -1
    for s in range(shingles.size):
        if where[s] >= 0:
            hits[where[s]] = 0
    return first, final


@nb.njit(cache=True, nogil=True)
def _spans_kernel(
    data: np.ndarray,
    offsets: np.ndarray,
    members: np.ndarray,
    references: np.ndarray,
    fold: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """(spans (s, 4) int64, int64 bounds of each pair's spans) of every (member, reference)."""
    n_pairs = members.size
    bounds = np.zeros(n_pairs + 1, np.int64)
    out = np.zeros((16, 4), np.int64)
    n_out = 0
    current = -1
    ref_lo = ref_hi = ref_rank = np.zeros(0, np.int64)
    ref_blank = np.zeros(0, np.bool_)
    key_values = np.zeros(0, np.uint64)
    key_lines = np.zeros(0, np.int64)
    shingle_values = np.zeros(0, np.uint64)
    shingle_lines = np.zeros(0, np.int64)
    shingles_ready = False
    hits = np.zeros(0, np.int64)
    for p in range(n_pairs):
        r = references[p]
        if r != current:  # index the representative (pairs of one come together)
            current = r
            ref_lo, ref_hi, ref_keys, ref_shingles, ref_line_shingles = _document(
                data, offsets, r, fold
            )
            # the representative's lines counted without its blank lines: a partner "follows
            # on" from the last one across a paragraph break
            ref_rank = np.cumsum(ref_lo != ref_hi)
            ref_blank = ref_lo == ref_hi
            has_words = np.flatnonzero(ref_keys != 0)
            key_values, key_lines = _first_of_each(ref_keys[has_words], has_words)
            shingles_ready = False
            hits = np.zeros(ref_lo.size, np.int64)
        lo, hi, keys, shingles, line_shingles = _document(data, offsets, members[p], fold)
        last = _NO_LINE  # the last representative line of the current span
        for line in range(lo.size):
            if lo[line] == hi[line]:
                continue  # a blank line neither breaks nor extends a span
            partner = _lookup(key_values, key_lines, keys[line]) if keys[line] != 0 else -1
            if partner >= 0:
                first, final = partner, partner
            else:
                if not shingles_ready:
                    owner = np.zeros(ref_shingles.size, np.int64)
                    for j in range(ref_line_shingles.size - 1):
                        owner[ref_line_shingles[j] : ref_line_shingles[j + 1]] = j
                    shingle_values, shingle_lines = _first_of_each(ref_shingles, owner)
                    shingles_ready = True
                first, final = _partners(
                    shingles[line_shingles[line] : line_shingles[line + 1]],
                    shingle_values,
                    shingle_lines,
                    hits,
                    ref_blank,
                )
                if final < 0:
                    last = _NO_LINE
                    continue
            if n_out > bounds[p] and last >= 0 and abs(ref_rank[first] - ref_rank[last]) <= 1:
                out[n_out - 1, 1] = hi[line]
                out[n_out - 1, 3] = max(out[n_out - 1, 3], ref_hi[final])
                last = max(last, final)
            else:
                if n_out == out.shape[0]:
                    grown = np.zeros((2 * n_out, 4), np.int64)
                    grown[:n_out] = out
                    out = grown
                out[n_out, 0], out[n_out, 1] = lo[line], hi[line]
                out[n_out, 2], out[n_out, 3] = ref_lo[first], ref_hi[final]
                n_out += 1
                last = final
        bounds[p + 1] = n_out
    return out[:n_out], bounds

"""Text normalisation for matching keys.

Two copies of one story rarely agree byte for byte: outlets swap straight quotes for curly ones,
use other dashes, change case in headlines, re-wrap lines and add non-breaking spaces. Every key
copydesk compares (line hashes for templates and repeats, exact-duplicate hashes, shingles for
MinHash) is taken from the *normalised* text so that those differences do not hide a copy. The
cleaned text that copydesk outputs is never normalised: only the keys are.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from itertools import repeat
from typing import Final, NamedTuple

import numba as nb
import numpy as np

# Quote, apostrophe and dash variants that carry no meaning for matching. Built once; str.translate
# is a C loop, so this stays cheap on the hot path.
CHAR_MAP: dict[int, str] = {
    **{ord(c): "'" for c in "‘’‚‛′`´ʼ"},
    **{ord(c): '"' for c in "“”„‟″«»‹›「」『』"},
    **{ord(c): "-" for c in "‐‑‒–—―−﹘﹣－"},
    **{ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\r\f\v"},
    **{ord(c): "" for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"},
    ord("…"): "...",
}
# str.translate with a dict costs a dict lookup per character. Instead a regex finds which of
# the few characters to replace a text holds, and str.replace swaps each (a C loop): several
# times faster on mostly-ASCII news text than translate, and ~2-3x faster than a regex
# substitution calling back into Python at every match. The order of the replacements does not
# matter: no replacement contains a character that is replaced.
_SPECIAL = re.compile("[" + re.escape("".join(chr(c) for c in CHAR_MAP)) + "]")
_SPACE_RUNS = re.compile("  +")
# The mapped characters that NFKC itself turns into their replacement (no-break and other
# spaces, "…" -> "..."). They are replaced BEFORE the NFKC step: NFKC composes the full
# compatibility decomposition (NFKD), which is the same string whether such a character or its
# replacement stands in the text, so the result is unchanged; and the text is then usually NFKC
# already, so normalising it is skipped. Normalising a 10 kB text costs ~200-300 us, and a
# no-break space or an ellipsis is what makes most news text non-NFKC (AEB: 150 of 181 full
# pages, 20 of 181 article bodies).
_NFKC_ALIKE = frozenset(
    chr(code)
    for code, replacement in CHAR_MAP.items()
    if replacement and unicodedata.normalize("NFKD", chr(code)) == replacement
)


def code_points(text: str) -> np.ndarray:
    """The code points of `text` as uint32, for the native kernels that read text.

    ASCII text goes through the UTF-32 codec, which copies it fast. Any other text is copied
    into a numpy string, whose elements are code points: a plain widening copy, where the codec
    checks every character (a batch of AEB bodies, 1 MB with curly quotes: 0.79 -> 0.17 ms).
    Neither fails on a lone surrogate from a bad decode, and numpy keeps trailing NULs in a
    string whose length it takes from the string.

    Read-only either way, as the codec's bytes are: numba compiles a kernel once per
    signature, and a read-only array is another type than a writable one, so mixed arrays
    compiled the line model's feature pass (~8 s) twice on a fresh install.
    """
    if text.isascii():  # a flag CPython keeps: no scan
        return np.frombuffer(text.encode("utf-32-le"), np.uint32)
    codes = np.array(text).reshape(1).view(np.uint32)
    codes.flags.writeable = False
    return codes


def for_matching(text: str) -> str:
    """Return `text` with case, Unicode compatibility forms, quotes, dashes and spacing unified.

    Line breaks are kept (so line keys can still be taken); runs of spaces collapse to one.
    """
    return _for_matching(text, None)


# The mapped characters by number, for `batch_for_matching`. All of them are in the Basic
# Multilingual Plane, and fewer than 62: a text's mask has a bit for each, and bits 62 and 63
# for `_SPACED` and `_FOLDS_APART`.
_MAPPED = tuple(chr(code) for code in CHAR_MAP)
assert len(CHAR_MAP) < 62 and max(CHAR_MAP) < 0x10000
# The mapped characters and their replacements have no case, so replacing them before or after
# case folding gives the same string.
assert all(
    chr(code).lower() == chr(code) and not any(map(str.isalpha, new))
    for code, new in CHAR_MAP.items()
)
# The characters that are a space or become one or nothing: only where two of them stand
# together can the mapped text hold two spaces in a row (unless NFKC made more spaces).
_SPACING_CODES = [ord(" "), *(code for code, new in CHAR_MAP.items() if new in (" ", ""))]
_SPACED = 1 << 62  # a text holds two `_SPACING_CODES` characters in a row
_FOLDS_APART = 1 << 63  # a text holds a character of `_folds_apart`, or one beyond the BMP
# A sharp s ("ß", "ẞ") lowers to "ß" and case-folds to "ss": the one difference between the
# two forms that German text (most of it) holds, so it is replaced like a mapped character.
_SHARP_S = 1 << len(CHAR_MAP)
_MAPPED_BITS = _SHARP_S - 1
_NFKC_UNSURE = 1 << 61  # a text holds a character of `_nfkc_unsure`, or one beyond the BMP
assert _SHARP_S < _NFKC_UNSURE


def _folds_apart() -> np.ndarray:
    """1 for each BMP code point whose `casefold` is not its `lower` ("ß", "ﬁ", "µ", Cherokee),
    that `lower` lengthens ("İ"), that lowers by its context (capital sigma), or a surrogate.

    A text with none of them (nor any character beyond the BMP) lowers one character to one
    character of the BMP (`_lower_table`) and case-folds to its lower-cased form. Only the
    blocks of 4,096 characters whose folding and lowering differ are looked at one character
    at a time.
    """
    table = np.zeros(0x10000, np.uint8)
    for block in range(0, 0x10000, 4096):
        chars = "".join(map(chr, range(block, block + 4096)))
        if chars.casefold() != chars.lower() or len(chars.lower()) != len(chars):
            for char in chars:
                lowered = char.lower()
                table[ord(char)] = char.casefold() != lowered or len(lowered) != 1
    table[0x03A3] = 1  # "Σ" lowers to "ς" at the end of a word, and folds to "σ"
    table[0xD800:0xE000] = 1  # lone surrogates: `lower_and_match` lowers through UTF-16
    return table


def _nfkc_unsure() -> np.ndarray:
    """1 for each BMP code point that keeps a text from being NFKC for certain: one that NFKC
    changes on its own, a combining mark (it may be reordered or composed), one that composes
    with the character before it (the second of a canonical pair, Hangul jamo), a surrogate.

    A text with none of them (nor any character beyond the BMP) is NFKC: it passes the
    normalization quick check (every character NFKC_QC=Yes, none with a combining class), so
    `_for_matching` skips `unicodedata.is_normalized` for it (~5 us of a 4 kB article). The
    mapped characters that NFKC turns into their replacement (`_NFKC_ALIKE`) are replaced
    before that check, so they do not count.
    """
    table = np.zeros(0x10000, np.uint8)
    for code in range(0x10000):
        char = chr(code)
        if unicodedata.combining(char) or unicodedata.normalize("NFKC", char) != char:
            table[code] = 1
        decomposition = unicodedata.decomposition(char).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            table[int(decomposition[1], 16)] = 1
    table[0x1100:0x1200] = 1  # Hangul jamo (syllables compose algorithmically)
    table[0xD800:0xE000] = 1
    table[[ord(char) for char in _NFKC_ALIKE]] = 0
    return table


@functools.cache
def _code_facts() -> np.ndarray:
    """For `_text_masks`, per BMP code point: bit 8 NFKC unsure, bit 7 spacing, bit 6 folds
    apart, bits 0-5 its number among the mapped characters + 1 (0: not mapped; one more for a
    sharp s). Built on first use (~25 ms)."""
    facts = _folds_apart().astype(np.uint16) << 6
    facts[list(CHAR_MAP)] = np.arange(1, len(CHAR_MAP) + 1)
    facts[[ord("ß"), ord("ẞ")]] = len(CHAR_MAP) + 1  # `_SHARP_S`, not apart
    facts[_SPACING_CODES] |= 128
    facts |= _nfkc_unsure().astype(np.uint16) << 8
    return facts


@functools.cache
def _lower_table() -> np.ndarray:
    """Per BMP code point, its lower-cased form as one UTF-16 unit (0 for those `_folds_apart`
    marks whose lower-cased form is not one BMP character). Built on first use (~5 ms) from
    `str.lower` of blocks of 4,096 characters."""
    table = np.zeros(0x10000, np.uint32)
    for block in range(0, 0x10000, 4096):
        chars = "".join(map(chr, range(block, block + 4096)))
        lowered = chars.lower()
        if len(lowered) == len(chars):
            codes = code_points(lowered)
            table[block : block + 4096] = codes
        else:
            for char in chars:
                single = char.lower()
                table[ord(char)] = ord(single) if len(single) == 1 else 0
    table[table > 0xFFFF] = 0
    return table.astype(np.uint16)


def lower_text(text: str) -> str:
    """Lower-case `text` keeping every character at its offset.

    The one character whose lower case is two characters, the Turkish dotted capital "İ" ("i"
    and a combining dot), becomes "i", as Turkish writes it: the rules then read "İlgili
    Haberler" as the phrase they know, and offsets agree with the original.
    """
    return text.replace("İ", "i").lower() if "İ" in text else text.lower()


def batch_for_matching(texts: Sequence[str]) -> list[str]:
    """`for_matching` of each text (the same strings), for a batch at once (see
    `lower_and_match`, which the clean pass uses)."""
    masks: list[int | None] = [None] * len(texts)
    wide = [index for index, text in enumerate(texts) if not text.isascii()]
    if wide:
        codes = code_points("".join(texts[i] for i in wide))
        bounds = np.cumsum([0] + [len(texts[i]) for i in wide], dtype=np.int64)
        wide_masks = _text_masks(codes, bounds, _code_facts()).tolist()
        for index, mask in zip(wide, wide_masks, strict=True):
            masks[index] = mask
    return [
        _for_matching(text, None) if mask is None else _for_matching_by_mask(text, mask)
        for text, mask in zip(texts, masks, strict=True)
    ]


class TextForms(NamedTuple):
    """A batch of texts as the clean pass reads them (see `lower_and_match`)."""

    lows: list[str]  # `lower_text` of each text
    normalised: list[str]  # `for_matching` of each text
    codes: np.ndarray  # uint32: the code points of the texts end to end, then two zeros
    low_codes: np.ndarray  # the same of the lower-cased texts
    bounds: np.ndarray  # int64: text i is codes[bounds[i] : bounds[i + 1]]


def lower_and_match(texts: Sequence[str]) -> TextForms:
    """`lower_text` and `for_matching` of each text (the same strings), and the code points of
    both for the native stages that read them (the rules' needle scan, the line model).

    What each text needs is found in one native pass over the batch's code points: which
    mapped characters it holds (a regex scan per text for them was a third of
    `for_matching`'s time on news text), whether it lowers one BMP character to one and
    case-folds to its lower-cased form (nearly all news text), and whether mapping can leave
    two spaces in a row (searching for them cost ~5 us of a 4 kB article). Such a text is then
    lower-cased by a table lookup per character in a second native pass (`str.lower` walks the
    Unicode case tables character by character, ~3 ns each; no library lowers an array of code
    points), and its matching form is its lower-cased form with the mapped characters
    replaced: no case folding of its own. The clean pass takes both forms of every document
    from here, and encodes each text once.
    """
    codes = code_points("".join([*texts, "\0\0"]))  # one copy: no second string for "+"
    bounds = np.cumsum([0, *map(len, texts)], dtype=np.int64)
    masks = _text_masks(codes, bounds, _code_facts()).tolist()
    low_codes = _lower_units(codes, _lower_table())
    units = low_codes.astype(np.uint16).data.cast("B")  # a memoryview: sliced without copies
    starts = bounds.tolist()
    lows: list[str] = []
    normalised: list[str] = []
    for k, (text, mask) in enumerate(zip(texts, masks, strict=True)):
        if text.isascii():
            low = text.lower()
            normalised.append(_for_matching(text, None, True, low))
        elif mask & _FOLDS_APART:
            low = lower_text(text)
            low_codes[starts[k] : starts[k + 1]] = code_points(low)
            normalised.append(_for_matching_by_mask(text, mask))
        else:
            low = str(units[2 * starts[k] : 2 * starts[k + 1]], "utf-16-le")
            normalised.append(_for_matching_by_mask(text, mask, low))
        lows.append(low)
    low_codes.flags.writeable = False  # the same type as `codes` (see `code_points`)
    return TextForms(lows, normalised, codes, low_codes, bounds)


def _for_matching_by_mask(text: str, mask: int, lowered: str | None = None) -> str:
    """`_for_matching` of a non-ASCII text from what its `_text_masks` mask tells, and its
    lower-cased form where that is its case folding but for a sharp s (not `_FOLDS_APART`)."""
    return _for_matching(
        text,
        _mapped(mask),
        bool(mask & _SPACED),
        lowered,
        bool(mask & _SHARP_S),
        not mask & _NFKC_UNSURE,
    )


def _mapped(mask: int) -> set[str]:
    """The mapped characters whose bits `mask` holds."""
    mapped = set()
    bits = mask & _MAPPED_BITS
    while bits:
        lowest = bits & -bits
        mapped.add(_MAPPED[lowest.bit_length() - 1])
        bits ^= lowest
    return mapped


@nb.njit(cache=True, nogil=True)
def _lower_units(codes: np.ndarray, table: np.ndarray) -> np.ndarray:
    """The lower-cased code point of each code point of the BMP by `_lower_table` (uint32; the
    others are left to the caller). One flat loop over the batch with no branch, which the
    compiler vectorises."""
    low = np.empty(len(codes), np.uint32)
    for position in range(len(codes)):
        low[position] = table[codes[position] & np.uint32(0xFFFF)]
    return low


@nb.njit(cache=True, nogil=True)
def _text_masks(codes: np.ndarray, bounds: np.ndarray, facts: np.ndarray) -> np.ndarray:
    """Per text (code points between bounds), a bit per mapped character it holds, `_SPACED`,
    `_NFKC_UNSURE` and `_FOLDS_APART` (see there) as uint64, from the `_code_facts` of its
    characters."""
    masks = np.zeros(len(bounds) - 1, np.uint64)
    for text in range(len(bounds) - 1):
        mask = np.uint64(0)
        spaced = 0
        after_spacing = 0
        unsure = 0
        for position in range(bounds[text], bounds[text + 1]):
            code = codes[position]
            # beyond the BMP: "folds apart" and NFKC unsure
            fact = facts[code] if code < 0x10000 else 64 | 256
            spacing = (fact >> 7) & 1
            spaced |= spacing & after_spacing  # no branch: spaces are frequent
            after_spacing = spacing
            unsure |= fact >> 8
            if fact & 127:
                if fact & 64:
                    mask |= np.uint64(1) << np.uint64(63)
                else:
                    mask |= np.uint64(1) << np.uint64((fact & 63) - 1)
        masks[text] = (
            mask | (np.uint64(spaced) << np.uint64(62)) | (np.uint64(unsure) << np.uint64(61))
        )
    return masks


def _for_matching(
    text: str,
    specials: set[str] | None,
    spaced: bool = True,
    lowered: str | None = None,
    sharp_s: bool = False,
    nfkc: bool = False,
) -> str:
    """`for_matching`, given the mapped characters `text` holds where the caller knows them,
    False for `spaced` where no two characters that are or become a space (or nothing) stand
    together, `text.lower()` where that is `text.casefold()` but for a sharp s (`sharp_s`:
    whether it holds one), and True for `nfkc` where the text is NFKC once its `_NFKC_ALIKE`
    characters are replaced (no character of `_nfkc_unsure`)."""
    if text.isascii():
        folded = lowered if lowered is not None else text.casefold()
    else:
        if specials is None:
            specials = set(_SPECIAL.findall(text))
        if lowered is None or not nfkc:  # else `text` is not read again
            text = _replace_mapped(text, specials & _NFKC_ALIKE)
        # The quick check costs a sixth of normalising, and most news text is already NFKC.
        changed = (
            {}
            if nfkc or unicodedata.is_normalized("NFKC", text)
            else _lines_nfkc_changes(text.split("\n"))
        )
        if lowered is None:
            folded = _replace_mapped(text, specials - _NFKC_ALIKE).casefold()
        else:
            # NFKC already, so folding the text is lowering it (and a sharp s to "ss"); the mapped
            # characters have no case, so they are replaced in the lower-cased text just as well
            folded = _replace_mapped(lowered.replace("ß", "ss") if sharp_s else lowered, specials)
        if changed:
            # The other lines are NFKC, so folded above as they stand. Each line NFKC changes
            # is replaced by its NFKC form mapped and folded: mapped even where that form is
            # ASCII ("ⓒ\t" -> "c\t"), as a line of a non-ASCII text; NFKC may make spaces.
            folded_lines = folded.split("\n")
            for row, line in changed.items():
                folded_lines[row] = _replace_mapped(line, set(_SPECIAL.findall(line))).casefold()
            folded = "\n".join(folded_lines)
            spaced = True
    # One regex pass. Spelt "  +", the pattern starts with a literal that `re` finds with a fast
    # search: full-page text (~120 runs of indentation a page) 84 -> 38 us a page, where
    # `str.replace` passes, each halving every run, took 84 and `" {2,}"` 71.
    return _SPACE_RUNS.sub(" ", folded) if spaced and "  " in folded else folded


# French typography sets guillemets off by (no-break) spaces, « ainsi », where a copy of the
# same text with straight quotes has "ainsi": the spaces go with the guillemets. Only an opening
# mark after a space or a line's start, and a closing one before no word character, so German
# guillemets, which point inwards (»so«), keep the space after their closing mark.
_GUILLEMETS = "«»‹›"


def _replace_mapped(text: str, specials: set[str]) -> str:
    """`text` with each of the mapped characters `specials` replaced (see `_SPECIAL`), and the
    spaces French typography puts inside guillemets removed."""
    if not specials.isdisjoint(_GUILLEMETS):
        text = _unspace_guillemets(text)
    for special in specials:
        text = text.replace(special, CHAR_MAP[ord(special)])
    return text


def _unspace_guillemets(text: str) -> str:
    """`text` without the white space (other than line breaks) after an opening guillemet that
    follows white space or starts the text, nor before a closing one followed by no letter or
    digit.

    By hand from the marks, found by `str.find`: a regex for the spaces starts with a
    lookbehind or a class of white space, which Python's `re` tries at every position (~11 ns
    a character for each of the two, 1.2 ms for a 53 kB article), and even a regex for the
    four marks alone scans at ~3 ns a character, where `str.find` takes a tenth of that.
    """
    marks = []
    for mark in _GUILLEMETS:
        at = text.find(mark)
        while at != -1:
            marks.append(at)
            at = text.find(mark, at + 1)
    pieces: list[str] = []
    last = 0  # text[last:] is still to be copied
    for at in sorted(marks):
        if text[at] in "«‹":
            if at and not text[at - 1].isspace():
                continue
            end = at + 1
            while end < len(text) and text[end] != "\n" and text[end].isspace():
                end += 1
            if end > at + 1:
                pieces.append(text[last : at + 1])
                last = end
        elif at + 1 == len(text) or not text[at + 1].isalnum():
            start = at
            while start > last and text[start - 1] != "\n" and text[start - 1].isspace():
                start -= 1
            if start < at:
                pieces.append(text[last:start])
                last = at
    pieces.append(text[last:])
    return "".join(pieces)


def _lines_nfkc_changes(lines: list[str]) -> dict[int, str]:
    """The NFKC form of each line NFKC changes, by row.

    Line by line, because a line break neither reorders nor composes with its neighbours (so
    this is NFKC of the text), and because a page that is not NFKC mostly is, but for a few
    lines ("½", "ⓒ", full-width brackets): normalising every line and folding the whole text
    again cost 1.4 ms for a 53 kB AEB article with two fractions, against ~0.25 ms for its
    two normalised lines with the rest folded from its lower-cased form.
    """
    return {
        row: unicodedata.normalize("NFKC", line)
        for row, line in enumerate(lines)
        if not line.isascii() and not unicodedata.is_normalized("NFKC", line)
    }


def line_key(line: str) -> int:
    """A 64-bit key of a line's words after `for_matching`; 0 for a line with no word characters.

    Punctuation and spacing do not count, so "Share this article:" and "share  this ARTICLE"
    get one key, as do a paragraph with straight quotes and its curly-quoted twin.
    """
    return line_keys(line)[0]


def line_keys(text: str) -> list[int]:
    """`line_key` of every line of `text` (split on "\\n")."""
    return batch_line_keys([text])[0]


def batch_line_keys(
    texts: Sequence[str], normalised: Sequence[str] | None = None
) -> list[list[int]]:
    """The line keys of every line of every text (see `batch_line_key_array`)."""
    keys, first_line = batch_line_key_array(texts, normalised)
    flat, bounds = keys.tolist(), first_line.tolist()
    return [flat[bounds[i] : bounds[i + 1]] for i in range(len(texts))]


def batch_line_key_array(
    texts: Sequence[str],
    normalised: Sequence[str] | None = None,
    line_counts: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The line keys of every line of every text end to end (uint64), and the index of each
    text's first line (with the end): text i's line j has key `keys[first_line[i] + j]`.

    Hashed in one native pass over the batch: the normalised texts are joined by line breaks
    and encoded to UTF-8 in two C calls, and a numba kernel hashes the words of each line of
    the whole buffer, which is what makes keying every line of every document twice per run
    (scan and clean) cheap. A word is a run of ASCII letters and digits or non-ASCII bytes,
    exactly as in the MinHash tokenizer. `normalised` is `for_matching` of each text, where the
    caller needs it too (the clean pass does), `line_counts` the number of lines of each text
    where the caller has split them. The arrays let the clean pass skip, without leaving
    native code, the documents with no repeated line (see `clean.repeats.docs_with_repeats`).
    """
    if normalised is None:
        normalised = [for_matching(text) for text in texts]
    lines = (
        np.fromiter(map(str.count, texts, repeat("\n")), np.int64, len(texts)) + 1
        if line_counts is None
        else line_counts
    )
    first_line = np.zeros(len(texts) + 1, np.int64)
    np.cumsum(lines, out=first_line[1:])
    if not texts:
        return np.zeros(0, np.uint64), first_line
    data = np.frombuffer("\n".join(normalised).encode("utf-8", "surrogatepass"), np.uint8)
    keys = np.empty(np.count_nonzero(data == 10) + 1, np.uint64)
    _line_keys_kernel(data, keys)
    # Normalising never removes a line break, so equal totals mean equal counts per text; a
    # compatibility form that added one (none does today) shifts the lines after it.
    if len(keys) != first_line[-1]:
        split_at = np.cumsum([0, *(norm.count("\n") + 1 for norm in normalised)])
        keys = np.concatenate(
            [
                keys[split_at[i] : split_at[i + 1]]
                if split_at[i + 1] - split_at[i] == lines[i]
                else np.array([line_key(line) for line in text.split("\n")], np.uint64)
                for i, text in enumerate(texts)
            ]
        )
    return keys, first_line


_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_GAP = np.uint64(0x100)  # a word after a gap: outside every byte's value


# A word byte: an ASCII letter or digit, or any byte of a non-ASCII character.
_WORD_BYTE = np.array(
    [c >= 0x80 or (chr(c).isascii() and chr(c).isalnum()) for c in range(256)], np.uint64
)


@nb.njit(cache=True, nogil=True)
def _line_keys_kernel(data: np.ndarray, keys: np.ndarray) -> None:
    """Fill `keys` with the key of each line of `data` (UTF-8 lines joined by line breaks).

    A line's key hashes its word bytes in order, the first byte of every word but the line's
    first marked with `_GAP`, so that how the words are separated does not count. Without a
    branch per byte: a byte outside words leaves the hash as it is by a conditional move.
    Branching on word starts and ends mispredicted at every word (~1.2x slower on news).
    """
    word = _WORD_BYTE
    line = 0
    h = _FNV_OFFSET
    previous = np.uint64(0)  # whether the byte before was a word byte
    seen = np.uint64(0)  # whether the line has a word yet
    for position in range(data.shape[0]):
        c = data[position]
        if c == 10:
            keys[line] = hash_finish(h) if seen else np.uint64(0)
            line += 1
            h = _FNV_OFFSET
            previous = seen = np.uint64(0)
            continue
        is_word = word[c]
        marked = np.uint64(c) | (_GAP * (is_word & seen & (previous ^ np.uint64(1))))
        stepped = (h ^ marked) * _FNV_PRIME
        h = stepped if is_word else h
        previous = is_word
        seen |= is_word
    keys[line] = hash_finish(h) if seen else np.uint64(0)


# The code points `is_cjk` accepts, as the inside of a regex character class.
CJK_CLASS: Final = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


@nb.njit(inline="always", cache=True)
def is_cjk(cp: int) -> bool:
    """Whether code point `cp` is a Chinese character of the Basic Multilingual Plane (the
    unified ideographs, extension A, the compatibility ideographs) or a Japanese kana: scripts
    written without spaces between words, whose every character copydesk counts as a word of
    its own (half a word in the line model's features, which mimic a spaced language's)."""
    return (
        (0x3040 <= cp <= 0x30FF)
        or (0x3400 <= cp <= 0x4DBF)
        or (0x4E00 <= cp <= 0x9FFF)
        or (0xF900 <= cp <= 0xFAFF)
    )


@nb.njit(inline="always", cache=True)
def hash_finish(h: np.uint64) -> np.uint64:
    """splitmix64 finaliser, never 0: a line key of 0 is reserved for lines without words."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    h = h ^ (h >> np.uint64(31))
    return h if h != np.uint64(0) else np.uint64(1)

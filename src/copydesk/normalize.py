"""Text normalisation for matching keys.

Two copies of one story rarely agree byte for byte: outlets swap straight quotes for curly ones,
use other dashes, change case in headlines, re-wrap lines and add non-breaking spaces. Every key
copydesk compares (line hashes for templates and repeats, exact-duplicate hashes, shingles for
MinHash) is taken from the *normalised* text so that those differences do not hide a copy. The
cleaned text that copydesk outputs is never normalised: only the keys are.
"""

from __future__ import annotations

import re
import unicodedata

import xxhash

# Quote, apostrophe and dash variants that carry no meaning for matching. Built once; str.translate
# is a C loop, so this stays cheap on the hot path.
_CHAR_MAP: dict[int, str] = {
    **{ord(c): "'" for c in "‘’‚‛′`´ʼ"},
    **{ord(c): '"' for c in "“”„‟″«»‹›「」『』"},
    **{ord(c): "-" for c in "‐‑‒–—―−﹘﹣－"},
    **{ord(c): " " for c in "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\r\f\v"},
    **{ord(c): "" for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"},
    ord("…"): "...",
}
_TRANSLATION = str.maketrans(_CHAR_MAP)
_SPACES = re.compile(r" {2,}")
_NON_WORD = re.compile(r"[\W_]+")


def for_matching(text: str) -> str:
    """Return `text` with case, Unicode compatibility forms, quotes, dashes and spacing unified.

    Line breaks are kept (so line keys can still be taken); runs of spaces collapse to one.
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATION).casefold()
    return _SPACES.sub(" ", text)


def line_key_text(line: str) -> str:
    """The part of a line that decides whether two lines are "the same line".

    Punctuation and spacing are dropped as well, so "Share this article:" and "share this
    article" get one key, as do a paragraph with straight quotes and its curly-quoted twin.
    """
    return _NON_WORD.sub(" ", for_matching(line)).strip()


def line_key(line: str) -> int:
    """A 64-bit hash of `line_key_text(line)`; 0 is reserved for lines with no word characters."""
    key_text = line_key_text(line)
    if not key_text:
        return 0
    return xxhash.xxh3_64_intdigest(key_text.encode("utf-8")) or 1


def line_keys(text: str) -> list[int]:
    """`line_key` of every line of `text` (split on "\\n"), normalising the document once.

    Normalising the whole text in one call and then splitting is several times faster than
    normalising line by line, which matters because every document goes through here twice.
    """
    raw_lines = text.split("\n")
    normalised = for_matching(text).split("\n")
    if len(normalised) != len(raw_lines):  # a compatibility form introduced a line break
        return [line_key(line) for line in raw_lines]
    keys = []
    for line in normalised:
        key_text = _NON_WORD.sub(" ", line).strip()
        keys.append(xxhash.xxh3_64_intdigest(key_text.encode("utf-8")) or 1 if key_text else 0)
    return keys

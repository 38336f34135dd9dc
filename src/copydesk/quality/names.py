"""Names shared by the quality modules and the config: signals and not-article kinds.

Kept apart from the kernels so that loading a config (which checks `[filters]` keys against
these names) does not compile or import numba.
"""

from __future__ import annotations

from typing import Final

__all__ = ["INTEGER_SIGNALS", "NOT_ARTICLE_KINDS", "SIGNALS"]

# The quality signals in output order: the fields of a document's `quality` record and what a
# `[filters]` rule can name (docs/QUALITY.md defines each).
SIGNALS: Final[tuple[str, ...]] = (
    "words",
    "lines",
    "mean_word_length",
    "symbol_ratio",
    "digit_ratio",
    "uppercase_ratio",
    "alpha_word_ratio",
    "stopword_ratio",
    "terminal_punctuation_ratio",
    "bullet_line_ratio",
    "ellipsis_line_ratio",
    "dup_line_fraction",
    "dup_line_char_fraction",
    "top_2gram_char_fraction",
    "top_3gram_char_fraction",
    "top_4gram_char_fraction",
    "dup_5gram_char_fraction",
    "dup_6gram_char_fraction",
    "dup_7gram_char_fraction",
    "dup_8gram_char_fraction",
    "dup_9gram_char_fraction",
    "dup_10gram_char_fraction",
)
INTEGER_SIGNALS: Final = frozenset({"words", "lines"})

# Kinds of page that are not a story; each is filtered with the reason `notarticle:<kind>`.
NOT_ARTICLE_KINDS: Final[tuple[str, ...]] = (
    "paywall",
    "consent",
    "error_page",
    "listing",
    "chrome_only",
)

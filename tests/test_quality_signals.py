"""Quality signals of cleaned text: counts, ratios and the Gopher repetition measures."""

from __future__ import annotations

import pytest

from copydesk.quality.names import SIGNALS
from copydesk.quality.signals import quality_signals

from .test_quality_language import DE, EN, PL

TABLE_ARTICLE = """Bayern extend lead after late winner in Dortmund
Bayern Munich moved five points clear at the top of the Bundesliga on Saturday after Harry Kane \
scored in the 89th minute to beat Borussia Dortmund 2-1.
The standings after 24 matches:
Pos | Team | P | Pts
1 | Bayern Munich | 24 | 58
2 | Bayer Leverkusen | 24 | 53
3 | VfB Stuttgart | 24 | 49
Bayern host Leipzig next weekend, while Dortmund travel to Stuttgart."""


def test_every_signal_is_present_in_output_order() -> None:
    assert list(quality_signals(EN, "en")) == list(SIGNALS)


def test_words_split_at_apostrophes_and_lines_count_non_blank_lines() -> None:
    signals = quality_signals("Hello, world! It's a test.\n\n  \nSecond line here", "en")
    assert signals["words"] == 9  # hello world it s a test second line here
    assert signals["lines"] == 2
    assert signals["mean_word_length"] == pytest.approx(32 / 9, abs=1e-4)


def test_stopword_ratio_uses_the_documents_language() -> None:
    assert quality_signals("the cat is on the mat", "en")["stopword_ratio"] == pytest.approx(
        4 / 6, abs=1e-4
    )
    # German stop words are not English ones: the same text read as German has far fewer.
    assert quality_signals(EN, "de")["stopword_ratio"] < quality_signals(EN, "en")["stopword_ratio"]
    assert quality_signals(DE, "de")["stopword_ratio"] > 0.3
    assert quality_signals(PL, "pl")["stopword_ratio"] > 0.15


def test_stopword_ratio_is_null_for_a_language_without_a_list() -> None:
    assert (
        quality_signals("Hallitus esitteli tiistaina uuden budjetin.", "fi")["stopword_ratio"]
        is None
    )
    assert (
        quality_signals("Hallitus esitteli tiistaina uuden budjetin.", "und")["stopword_ratio"]
        is None
    )


def test_repeated_lines_count_the_repeats_not_the_originals() -> None:
    signals = quality_signals("Breaking news\nShare this\nBreaking news\nbreaking   NEWS!", "en")
    assert signals["dup_line_fraction"] == 0.5
    # Case, spacing and punctuation aside, lines 3 and 4 repeat line 1: their 13 + 16
    # characters over 13 + 10 + 13 + 16.
    assert signals["dup_line_char_fraction"] == pytest.approx(29 / 52, abs=1e-4)


def test_top_ngram_share_depends_on_word_order() -> None:
    # "buy now" x3 (6 word characters each) over 23 word characters; "now buy" is another 2-gram.
    signals = quality_signals("buy now buy now buy now today", "en")
    assert signals["top_2gram_char_fraction"] == pytest.approx(18 / 23, abs=1e-4)


def test_a_body_pasted_twice_is_all_duplicate_ngrams() -> None:
    once = quality_signals(EN, "en")
    twice = quality_signals(EN + "\n" + EN, "en")
    assert once["dup_5gram_char_fraction"] == 0.0
    assert once["dup_10gram_char_fraction"] == 0.0
    assert twice["dup_5gram_char_fraction"] == 1.0
    assert twice["dup_10gram_char_fraction"] == 1.0
    assert twice["dup_line_fraction"] == 0.5


def test_terminal_punctuation_bullets_and_ellipses() -> None:
    text = "A full sentence.\nA question?\n- a list item\n• another item\nA teaser that stops…"
    signals = quality_signals(text, "en")
    assert signals["terminal_punctuation_ratio"] == pytest.approx(3 / 5, abs=1e-4)  # ".", "?", "…"
    assert signals["bullet_line_ratio"] == pytest.approx(2 / 5, abs=1e-4)
    assert signals["ellipsis_line_ratio"] == pytest.approx(1 / 5, abs=1e-4)


def test_all_caps_text_has_an_uppercase_ratio_of_one() -> None:
    caps = quality_signals("PARLIAMENT REJECTS BUDGET IN LATE-NIGHT VOTE", "en")
    assert caps["uppercase_ratio"] == 1.0
    assert quality_signals(EN, "en")["uppercase_ratio"] < 0.05


def test_a_table_inside_an_article_shows_in_the_digit_and_punctuation_ratios() -> None:
    table = quality_signals(TABLE_ARTICLE, "en")
    plain = quality_signals(EN, "en")
    assert table["digit_ratio"] > 3 * plain["digit_ratio"]
    assert table["terminal_punctuation_ratio"] < 0.5
    assert table["symbol_ratio"] == 0.0  # Gopher's symbols are "#" and "...", not "|"


def test_hashes_and_ellipses_count_as_symbols() -> None:
    signals = quality_signals("#news #breaking #world see more...", "en")
    assert signals["symbol_ratio"] == pytest.approx(4 / 5, abs=1e-4)


def test_empty_text_gives_zeros_not_errors() -> None:
    signals = quality_signals("", "en")
    assert signals["words"] == 0
    assert all(value == 0 for value in signals.values())


def test_chinese_characters_count_as_words() -> None:
    signals = quality_signals("国务院周三发布新的经济刺激计划。", "zh")
    assert signals["words"] == 15
    assert signals["alpha_word_ratio"] == 1.0


def test_a_lone_surrogate_counts_as_a_character_not_an_error() -> None:
    assert quality_signals("abc \ud800 def", "en")["words"] == 2

import re

import numba
import pytest

from copydesk.normalize import (
    CJK_CLASS,
    batch_line_keys,
    code_points,
    for_matching,
    is_cjk,
    line_key,
    line_keys,
    lower_and_match,
)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain ASCII\n",
        "„Zürich“ — Łódź",  # two bytes a character in CPython
        "emoji 😀 and 𝔘",  # four
        "bad decode \ud800 here",  # a lone surrogate
        "ends in NULs é\0\0",  # kept, not stripped as numpy strips its fixed-width strings
        "\0",
    ],
)
def test_code_points_are_the_characters_ordinals(text: str) -> None:
    assert code_points(text).dtype.name == "uint32"
    assert code_points(text).tolist() == [ord(c) for c in text]


@pytest.mark.parametrize(
    "texts", [["plain ASCII\n"], ["„Zürich“ — Łódź", "emoji 😀"], ["İstanbul"]]
)
def test_code_points_are_one_array_type_for_any_text(texts: list[str]) -> None:
    """numba compiles a kernel per argument type, and a writable array is another type than a
    read-only one: every text's code points, and both forms of `lower_and_match`, are read-only
    C-contiguous uint32, so the kernels compile once, not once per kind of text."""
    forms = lower_and_match(texts)
    for codes in (code_points(texts[0]), forms.codes, forms.low_codes):
        assert numba.typeof(codes) == numba.typeof(code_points("ascii"))


def test_quotes_dashes_spaces_and_case_are_unified() -> None:
    curly = "“Ferry fares”\u00a0rise — again, says O’Neill…"
    straight = '"ferry fares" rise - again, says o\'neill...'
    assert for_matching(curly) == straight


def test_french_spacing_inside_guillemets_is_unified_and_german_guillemets_keep_theirs() -> None:
    straight = for_matching('Il a dit : "Nous ne céderons pas", puis "non".')
    for french in (
        "Il a dit : « Nous ne céderons pas », puis « non ».",
        "Il a dit : «\u00a0Nous ne céderons pas\u00a0», puis «\u202fnon\u202f».",
        "Il a dit : «Nous ne céderons pas», puis «non».",
    ):
        assert for_matching(french) == straight
    # German guillemets point inwards: the space after the closing « separates two words
    german = for_matching("Er sagte: »Das ist gut.« Dann ging er, »sofort«.")
    assert german == for_matching('Er sagte: "Das ist gut." Dann ging er, "sofort".')
    # a line break next to a guillemet stays: line keys count the lines
    assert for_matching("«\nNous »").split("\n") == ['"', 'nous"']


def test_line_breaks_survive_normalisation() -> None:
    assert for_matching("One\nTwo\n\nThree").split("\n") == ["one", "two", "", "three"]


def test_line_key_ignores_punctuation_and_spacing() -> None:
    assert line_key("Share this article:") == line_key("share  this ARTICLE")
    assert line_key("Share this article") != line_key("Share this story")
    assert line_key("  Hola, señor!  ") == line_key("hola señor")


def test_lines_without_words_get_the_reserved_key() -> None:
    assert line_key("— * —") == 0
    assert line_key("") == 0


def test_line_keys_match_line_key_per_line() -> None:
    text = "Zürich: Die Stadt „wächst“\n\nŁódź — miasto\n“Quoted” line\n   "
    assert line_keys(text) == [line_key(line) for line in text.split("\n")]


def test_batch_keys_equal_single_keys_and_handle_empty_texts() -> None:
    texts = ["A line\nAnother line", "", "Ünïcode wörds — here\n\n"]
    assert batch_line_keys(texts) == [line_keys(t) for t in texts]
    assert batch_line_keys(texts)[1] == [0]
    assert len(batch_line_keys(texts)[2]) == 3


def test_line_keys_separate_words_not_how_they_are_joined() -> None:
    # words are hashed byte by byte: a gap before a word must count, its kind must not
    assert line_key("ab c") != line_key("a bc")
    assert line_key("ab c") != line_key("abc")
    assert line_key("ab c") == line_key("ab -- c") == line_key("ab\tc")
    assert line_key("Łódź miasto") == line_key("łódź, MIASTO!")
    assert line_key("x \ud800 y") == line_key("x  \ud800, y")  # a lone surrogate is a word


def test_batch_keys_stay_aligned_where_the_normalised_form_has_more_lines() -> None:
    from copydesk.normalize import batch_line_key_array

    texts = ["one two", "three\nfour"]
    # a normalised form with a line break its text lacks (NFKC could, in theory, add one)
    keys, first_line = batch_line_key_array(texts, ["one\ntwo", "three\nfour"])
    assert first_line.tolist() == [0, 1, 3]
    assert keys.tolist() == [line_key("one two"), line_key("three"), line_key("four")]


def test_every_mapped_character_is_replaced_whatever_its_neighbours() -> None:
    from copydesk.normalize import CHAR_MAP

    everything = "".join(chr(c) for c in CHAR_MAP)
    out = for_matching(f"A{everything}B{everything[::-1]}C{everything}")
    assert not set(out) & {chr(c) for c in CHAR_MAP}
    text = "„Zitat“ – ‘quote’—«guillemets» … end\u00a0\u00a0x"
    assert for_matching(text) == '"zitat" - \'quote\'-"guillemets" ... end x'


def _reference(text: str) -> str:
    """`for_matching` step by step: NFKC of the whole text, then the map (both skipped for ASCII
    text, which keeps its tabs), case folding and one space per run, in that order."""
    import re
    import unicodedata

    from copydesk.normalize import CHAR_MAP

    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(CHAR_MAP)
    text = text.casefold()
    return re.sub(" {2,}", " ", text)


def test_shortcuts_equal_nfkc_of_the_whole_text_then_the_map() -> None:
    # The characters NFKC maps like the map does (no-break and thin spaces, "…", full-width
    # hyphen) are replaced before NFKC, and NFKC runs line by line; next to combining marks,
    # compatibility forms (ligatures, circled letters, Arabic presentation forms), Hangul
    # jamo and line breaks the result must still be that of the definition.
    import random

    pieces = [
        "\u00a0", "\u2009", "\u3000", "\u2026", "\uff0d", "\ufe63", "\u2019", "\u201c", "\u2014",
        "\u00ad", "\u200b", "\t", "\u0301", "\u0308", "\u0327", "\u0345", "\u0338", "\u3099",
        "\ufb01", "\u24d2", "\u00bd", "\ufe83", "\u212b", "\u1100", "\u1161", "\u11a8", "\u00c5",
        "\u0627", "\u0653", "e", "A", "=", "  ", " ", "\n", ".", "Zürich",
    ]  # fmt: skip
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert for_matching(text) == _reference(text), repr(text)
    page = "Fête\u00a0de la musique…\n\ufb01n\u0301 \u24d2 2024\n\n  ½ Stadt\u2009— „wächst“   "
    assert for_matching(page) == _reference(page)


def test_batch_for_matching_equals_for_matching_per_text() -> None:
    from copydesk.normalize import batch_for_matching

    texts = [
        "Plain ASCII\twith a tab",
        "",
        "“Curly” quotes\u00a0and an ellipsis…\nZweite Zeile — „Zitat“",
        "Emoji \U0001f600 beyond the BMP, a lone surrogate \ud800 and \ufb01ne ½",
        "Łódź\u2009–\u2009miasto\r\n",
        "no mapped characters: é à ü",
        "Il a dit : «\u00a0Nous ne céderons pas\u00a0», a-t-il ajouté.",
    ]
    assert batch_for_matching(texts) == [for_matching(text) for text in texts]
    assert batch_for_matching([]) == []


def test_lower_and_match_equals_lower_text_and_for_matching() -> None:
    # Texts lower-cased by table and matched from their lower-cased form; the others (sharp s,
    # ligatures, micro sign, final sigma, dotted capital I, Cherokee, lone surrogates, text
    # beyond the BMP, text NFKC changes) by `str.lower` and case folding. Spaces collapse only
    # where two spacing characters (spaces, ones mapped to a space or to nothing) meet.
    import itertools
    import random

    from copydesk.normalize import batch_for_matching, lower_and_match, lower_text

    pieces = [
        "A", "z", "É", "ß", "ẞ", "Σ", "ΟΔΟΣ ", "ς", "İ", "ı", "µ", "ﬁ", "Ꭰ", "ꭰ", "ǅ", "Ω",
        "\u2126", "\U00010400", "\U0001f600", "\u00a0", "\u2026", "\u2019", "\u00ad", "\t",
        "\u0301", "½", " ", "  ", "\n", "Zürich", "ŁÓDŹ", "\u200b", "\u2009", "\u2002",
        "\ud800", "Ǆ",
    ]  # fmt: skip
    rng = random.Random(11)
    texts = [
        "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20_000)
    ]
    texts += ["“Curly” STRASSE\u00a0…", "Wie geht's — gut", "ΟΔΟΣ ΑΘΗΝΩΝ", "İstanbul"]
    expected = [for_matching(text) for text in texts]
    forms = lower_and_match(texts)
    lows = [lower_text(text) for text in texts]
    assert forms.lows == lows
    assert forms.normalised == expected
    assert batch_for_matching(texts) == expected
    # the code points the needle scan and the line model read: of the texts and of `lows`
    assert forms.codes.tobytes() == ("".join(texts) + "\0\0").encode("utf-32-le", "surrogatepass")
    assert forms.low_codes[: forms.bounds[-1]].tobytes() == "".join(lows).encode(
        "utf-32-le", "surrogatepass"
    )
    assert forms.bounds.tolist() == [0, *itertools.accumulate(map(len, texts))]
    assert lower_and_match([]).lows == []


def test_texts_the_batch_takes_for_nfkc_are_nfkc() -> None:
    # The batch skips the NFKC check for texts holding none of `_nfkc_unsure`'s characters:
    # every other character must be NFKC on its own, and mixed with the ones that are not
    # (mapped characters NFKC decomposes differently: acute accent, double prime, no-break
    # hyphen; combining marks; jamo; compatibility forms) the result must be the definition's.
    import random
    import unicodedata

    from copydesk.normalize import _NFKC_ALIKE, _nfkc_unsure, batch_for_matching, lower_and_match

    unsure = _nfkc_unsure()  # but for `_NFKC_ALIKE`, replaced before the check
    sure = [chr(c) for c in range(0x10000) if not unsure[c] and chr(c) not in _NFKC_ALIKE]
    assert all(unicodedata.is_normalized("NFKC", char) for char in sure)
    pieces = [
        "\u00b4", "\u2033", "\u2011", "\u00a0", "\u2026", "\u0301", "\u0308", "\u3099", "\u1161",
        "\u11a8", "\u1100", "\uac00", "\u0bbe", "\u0b92", "\ufb01", "\u00bd", "\u00e9", "e",
        "\u2019", "É", " ", "\n", "Zürich",
    ]  # fmt: skip
    rng = random.Random(5)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) for _ in range(20_000)]
    expected = [_reference(text) for text in texts]
    assert batch_for_matching(texts) == expected
    assert lower_and_match(texts).normalised == expected


def test_the_cjk_class_holds_what_is_cjk_accepts() -> None:
    # the rules' regex class and the native test must name the same characters
    in_class = re.compile(f"[{CJK_CLASS}]")
    for cp in range(0x10000):
        assert (in_class.match(chr(cp)) is not None) == is_cjk(cp), hex(cp)

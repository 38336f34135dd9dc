from copydesk.normalize import batch_line_keys, for_matching, line_key, line_keys


def test_quotes_dashes_spaces_and_case_are_unified() -> None:
    curly = "“Ferry fares”\u00a0rise — again, says O’Neill…"
    straight = '"ferry fares" rise - again, says o\'neill...'
    assert for_matching(curly) == straight


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


def test_every_mapped_character_is_replaced_whatever_its_neighbours() -> None:
    from copydesk.normalize import CHAR_MAP

    everything = "".join(chr(c) for c in CHAR_MAP)
    out = for_matching(f"A{everything}B{everything[::-1]}C{everything}")
    assert not set(out) & {chr(c) for c in CHAR_MAP}
    text = "„Zitat“ – ‘quote’—«guillemets» … end\u00a0\u00a0x"
    assert for_matching(text) == '"zitat" - \'quote\'-"guillemets" ... end x'

"""The cleaning orchestrator, template detection and within-document repeats."""

import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from copydesk.clean import clean_document, clean_documents
from copydesk.clean.line_features import longest_fragment_run
from copydesk.clean.repeats import docs_with_repeats, mark_repeats
from copydesk.clean.templates import find_templates, scan_table, site_of
from copydesk.config import CleanConfig
from copydesk.normalize import batch_line_key_array, line_key

BODY = (
    "The harbour authority approved a new ferry timetable on Monday after months of talks.\n"
    "Passengers will see more crossings at peak hours, the authority said in a statement."
)


def test_site_prefers_source_then_url_host() -> None:
    assert site_of("Harbour Gazette", "https://www.other.example/x") == "harbour gazette"
    assert (
        site_of(None, "https://www.harbourgazette.example/2026/ferry") == "harbourgazette.example"
    )
    assert site_of(None, "harbourgazette.example/2026/ferry") == "harbourgazette.example"
    assert site_of(None, None) == ""


def test_template_lines_are_removed_and_reported_with_offsets() -> None:
    text = f"The Gazette — since 1911\n{BODY}\n"
    result = clean_document(text, template_keys={line_key("The Gazette — since 1911")})
    assert result.text == BODY
    (span,) = result.removed
    assert span.reason == "boilerplate:template"
    assert text[span.start : span.end] == "The Gazette — since 1911"


def test_blank_line_runs_collapse_and_ends_are_trimmed() -> None:
    text = "\n\nFirst paragraph of the story is here.\n\n\n\nSecond paragraph follows it.\n\n"
    assert clean_document(text).text == (
        "First paragraph of the story is here.\n\nSecond paragraph follows it."
    )


def test_text_with_nothing_removed_is_assembled_like_text_with_a_removed_line() -> None:
    # (the first takes a shortcut without the per-line loop)
    config = CleanConfig(model=False)
    for text in (
        "\n \t\nFirst paragraph here.  \r\n\n\n\n\n  Second paragraph.\n   \n\n",
        "One line only, trailing spaces   ",
        "Para one.\n\nPara two.\n\n\nPara three.\n",
        "",
        " \n\n ",
    ):
        plain = clean_document(text, config=config)
        assert plain.removed == ()
        chrome = clean_document(text + "\nShare this article", config=config)
        assert [line.reason for line in chrome.removed] == ["boilerplate:share"]
        assert plain.text == chrome.text
        assert plain.matching == chrome.matching == " ".join(text.split()).lower()


@pytest.mark.parametrize("line_break", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_other_line_breaks_end_lines_for_the_api_as_for_the_readers(line_break: str) -> None:
    # a caller of the API hands over text the readers never saw: its chrome lines must still
    # be lines, with offsets into the text as given; a CRLF's CR belongs to the line break,
    # not to the removed line
    text = line_break.join(["Share this article", *BODY.split("\n"), "Follow us on Twitter"])
    result = clean_document(text, config=CleanConfig(model=False))
    assert result.text == BODY
    assert [text[line.start : line.end] for line in result.removed] == [
        "Share this article",
        "Follow us on Twitter",
    ]
    assert [line.text for line in result.removed] == ["Share this article", "Follow us on Twitter"]


def test_a_line_of_zero_width_spaces_is_blank_even_inside_chrome() -> None:
    # an invisible spacer line is kept as a blank line, never reported as a removed line
    lines = ["Related", "Storm hits coast", "\u200b", "Flood warning for the Elbe", "\u200b \ufeff"]
    body = "The council voted on Tuesday to approve the budget, which includes money for parks."
    result = clean_document("\n".join([body, *lines]), config=CleanConfig(model=False))
    assert result.text == body
    assert [line.text for line in result.removed] == [lines[0], lines[1], lines[3]]


def test_clean_documents_refuses_one_str() -> None:
    # a str is a Sequence[str]: each of its characters would be cleaned as a document
    with pytest.raises(TypeError, match="clean_document"):
        clean_documents(BODY)  # type: ignore[arg-type]
    assert [r.text for r in clean_documents([BODY])] == [BODY]


def test_lines_of_zero_width_spaces_count_as_blank() -> None:
    text = "\ufeffFirst paragraph of the story.\n\u200b\n \u200b\u200b \nSecond paragraph.\u200b"
    assert clean_document(text, config=CleanConfig(model=False)).text == (
        "\ufeffFirst paragraph of the story.\n\nSecond paragraph."
    )


def test_text_with_nothing_to_remove_is_unchanged() -> None:
    result = clean_document(BODY)
    assert result.text == BODY
    assert result.removed == ()


def test_repeats_are_quote_insensitive_and_keep_the_first() -> None:
    lines = [
        'The minister said "no" to the harbour plan on Friday, and the council agreed.',
        "Other line of text here.",
        "The minister said “no” to the harbour plan on Friday, and the council agreed.",
    ]
    reasons: list[str | None] = [None, None, None]
    mark_repeats(lines, [line_key(x) for x in lines], reasons, min_chars=12)
    assert reasons == [None, None, "repeat:paragraph"]


def test_a_short_sentence_repeated_on_its_own_stays_and_goes_inside_a_pasted_body() -> None:
    refrain = "And still the wheel turns."
    verse = "The first verse tells of the morning shift going down into the pit at dawn."
    menu = "Subscribe to our newsletter"
    poem = [menu, verse, refrain, "The second verse tells of the fire.", refrain, menu]
    reasons: list[str | None] = [None] * len(poem)
    mark_repeats(poem, [line_key(x) for x in poem], reasons, min_chars=12)
    # the refrain stays; a short line that is no sentence is still chrome where it repeats
    assert reasons == [None] * 5 + ["repeat:paragraph"]
    pasted = [verse, "", refrain, "", verse, "", refrain]
    reasons = [None] * len(pasted)
    mark_repeats(pasted, [line_key(x) for x in pasted], reasons, min_chars=12)
    assert reasons == [None] * 4 + ["repeat:paragraph", None, "repeat:paragraph"]


def test_short_lines_and_removed_lines_do_not_count_as_seen() -> None:
    lines = ["Photo", "Photo", "Chrome line removed by a rule", "Chrome line removed by a rule"]
    reasons: list[str | None] = [None, None, "boilerplate:advert", None]
    mark_repeats(lines, [line_key(x) for x in lines], reasons, min_chars=12)
    assert reasons == [None, None, "boilerplate:advert", None]


def test_only_documents_repeating_a_worded_line_are_looked_at_for_repeats() -> None:
    texts = [
        BODY,  # nothing repeats
        "***\n\n***\n" + BODY,  # only lines without words repeat (key 0)
        BODY + "\n\n" + BODY,  # the body twice
        BODY,  # the same lines as the document before, but each once
        "A caption under the photo here.\n" * 40 + BODY,  # more lines than the first table
    ]
    keys, first_line = batch_line_key_array(texts)
    assert docs_with_repeats(keys, first_line).tolist() == [False, False, True, False, True]


def test_batch_repeats_match_repeats_marked_one_document_at_a_time() -> None:
    pasted_twice = BODY + "\n\n" + BODY.replace('"', "“")
    texts = [BODY, pasted_twice, "Photo\nPhoto\n" + BODY, pasted_twice + "\nShort\nShort"]
    config = CleanConfig(model=False)
    batch = clean_documents(texts, config=config)
    assert [r.removed for r in batch] == [clean_document(t, config=config).removed for t in texts]
    assert [r.reason for r in batch[1].removed] == ["repeat:paragraph", "repeat:paragraph"]


def test_a_footer_longer_than_the_briefs_it_closes_is_a_template(tmp_path: Path) -> None:
    # As every brief's longest line, the footer made the briefs one article, carrying it once.
    footer = "The Gazette: local news since 1887, every morning, from the harbour to the hills."
    briefs = ["A burglary on Mill Street.", "The library opens late.", "A water main burst."]
    docs = [("gazette.example", f"{brief}\n{footer}") for brief in briefs]
    templates, sites = find_templates(_scan_files(tmp_path, docs), CleanConfig())
    assert templates["key"].to_list() == [line_key(footer)]
    assert sites.row(0, named=True)["documents"] == 3


def _scan_files(tmp_path: Path, docs: list[tuple[str, str]]) -> list[Path]:
    path = tmp_path / "scan.parquet"
    pq.write_table(scan_table([t for _, t in docs], [s for s, _ in docs]), path)
    return [path]


def test_a_line_on_many_different_articles_is_a_template(tmp_path: Path) -> None:
    docs = [
        ("a.example", f"Masthead of site A\nStory number {i} with its own long body text.")
        for i in range(4)
    ]
    templates, sites = find_templates(_scan_files(tmp_path, docs), CleanConfig())
    assert templates["key"].to_list() == [line_key("Masthead of site A")]
    assert sites.row(0, named=True) == {"site": "a.example", "documents": 4, "template_lines": 1}


def test_one_story_republished_by_a_site_is_not_a_template(tmp_path: Path) -> None:
    story = "Masthead of site A\nThe same long story body republished again and again by A."
    templates, _ = find_templates(_scan_files(tmp_path, [("a.example", story)] * 5), CleanConfig())
    assert templates.height == 0


DISCLAIMER = (
    "Consult your physician and follow all safety instructions before beginning any exercise "
    "program or using any supplement or meal replacement product, especially if you have any "
    "unique medical conditions or needs."
)


def test_pages_whose_longest_line_is_the_sites_own_are_different_articles(tmp_path: Path) -> None:
    # Full-page text: the site's disclaimer is every page's longest line. As the article's key
    # it made the pages one article, and the menu no template.
    stories = ["Ten minutes of stretching a day helps.", "Sleep matters for recovery.", "Eat."]
    docs = [("fit.example", f"Workouts\nNutrition\n{story}\n{DISCLAIMER}") for story in stories]
    templates, sites = find_templates(_scan_files(tmp_path, docs), CleanConfig())
    expected = sorted(line_key(line) for line in ("Workouts", "Nutrition", DISCLAIMER))
    assert templates["key"].to_list() == expected
    assert sites.row(0, named=True)["documents"] == 3
    # a corpus of two pages a site (AEB's) finds them with `template_min_docs = 2`
    two = find_templates(_scan_files(tmp_path, docs[:2]), CleanConfig(template_min_docs=2))[0]
    assert two["key"].to_list() == expected


def test_copies_of_one_story_with_their_own_teasers_are_one_article(tmp_path: Path) -> None:
    story = (
        "The council approved the new budget on Tuesday after a long debate over schools.\n"
        "The mayor said the vote showed that the city could still agree on what matters."
    )
    copies = [f"Masthead\n{story}\nRead next: teaser number {i}" for i in range(3)]
    others = [f"Masthead\nAnother story, number {i}, with a body of its own." for i in range(5)]
    docs = [("a.example", text) for text in copies + others]
    templates, sites = find_templates(_scan_files(tmp_path, docs), CleanConfig())
    assert templates["key"].to_list() == [line_key("Masthead")]
    assert sites.row(0, named=True)["documents"] == 6


def test_templates_are_counted_per_site(tmp_path: Path) -> None:
    docs = [
        (f"site{i}.example", f"Shared line\nStory {i} body that is long enough.") for i in range(5)
    ]
    templates, _ = find_templates(_scan_files(tmp_path, docs), CleanConfig())
    assert templates.height == 0


def test_extracted_text_keeps_short_repeats_and_drops_a_body_pasted_twice() -> None:
    """On text an HTML extractor produced, a repeated table header or interview prompt is the
    article's own; a long paragraph printed twice (an AMP copy) is still a repeat."""
    from copydesk.clean import clean_documents
    from copydesk.passes.clean import for_extracted_text

    header = "| Team | Played | Points |"
    long_paragraph = (
        "The league's board said on Friday that the season would restart in March, after "
        "the stadium repairs are finished, and that no match would be played behind closed "
        "doors unless the health authority asked for it."
    )
    lines = [header, "| Rovers | 12 | 25 |", "", long_paragraph, ""]
    lines += [header, "| United | 12 | 21 |", "", long_paragraph]
    text = "\n".join(lines)
    [extracted] = clean_documents([text], config=for_extracted_text(CleanConfig(model=False)))
    [full_page] = clean_documents([text], config=CleanConfig(model=False))
    kept = extracted.text.split("\n")
    assert kept.count(header) == 2
    assert kept.count(long_paragraph) == 1
    assert [r.reason for r in extracted.removed] == ["repeat:paragraph"]
    assert full_page.text.split("\n").count(header) == 1  # full-page text: chrome-like


def test_cleaning_leaves_the_garbage_collector_as_it_found_it() -> None:
    # clean_documents pauses the cyclic collector while it runs; it must switch it back on,
    # also when cleaning fails, and never switch on one the caller had switched off.
    import gc

    import pytest

    from copydesk.clean import clean_documents

    text = "Share this article\nThe council met on Monday.\nShare this article"
    assert gc.isenabled()
    assert clean_documents([text])[0].text == "The council met on Monday."
    assert gc.isenabled()
    with pytest.raises(ValueError):
        clean_documents([text, text], titles=["only one title"])  # zip(strict=True) fails
    assert gc.isenabled()
    gc.disable()
    try:
        clean_documents([text])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_line_model_does_not_judge_thai_lao_myanmar_or_khmer() -> None:
    # Scripts without spaces between words whose words the features do not count (Chinese and
    # Japanese they count a character at a time): left to the rules, whatever their shape.
    from copydesk.clean.lines import unspaced

    thai = "\n".join(
        [
            "หน้าแรก", "ข่าว", "กีฬา", "บันเทิง", "เศรษฐกิจ", "ต่างประเทศ",
            "นายกรัฐมนตรีเดินทางไปเยือนประเทศญี่ปุ่นอย่างเป็นทางการเพื่อหารือความร่วมมือด้านเศรษฐกิจ",
            "ทั้งสองฝ่ายได้ลงนามในบันทึกความเข้าใจหลายฉบับ ครอบคลุมด้านพลังงาน การขนส่ง และเทคโนโลยี",
        ]
    )
    assert unspaced(thai)
    assert longest_fragment_run(thai) >= 5  # the model would judge it by its fragments
    assert not unspaced("国家统计局周一公布的数据显示，居民收入实际增长百分之五。")
    assert not unspaced("政府は月曜日、来年度の予算案を閣議決定した。")
    assert not unspaced("Zürich: Der Stadtrat hat am Dienstag den Haushalt beschlossen.")
    assert not unspaced("한국 정부는 월요일 내년도 예산안을 확정했다.")  # Korean spaces its words
    assert clean_document(thai).text == thai


PASTED = [
    "Storm Ciarán brought winds of up to 100 mph to the coast of Cornwall on Thursday, leaving "
    "150,000 homes without power.",
    "\"It's the worst storm I've seen in forty years,\" said fisherman Tom Penrose, who had tied "
    "his boat up in Newlyn harbour the night before.",
    "The Met Office issued a rare red warning for the far south-west, where trees were brought "
    "down across roads and railway lines.",
    "Network Rail said services between Exeter and Penzance would not run until Saturday.",
]


@pytest.mark.parametrize(
    "second",
    [
        " ".join(PASTED[:2]) + "\n\n" + " ".join(PASTED[2:]),  # paragraphs merged
        "\n".join(textwrap.wrap(" ".join(PASTED), 72)),  # hard-wrapped, curly quotes
    ],
    ids=["merged", "wrapped"],
)
def test_a_body_pasted_twice_in_another_layout_is_removed(second: str) -> None:
    first = "\n\n".join(PASTED)
    text = first + "\n\n" + second.replace('"', "“")
    result = clean_document(text, config=CleanConfig(model=False))
    assert result.text == first
    assert {r.reason for r in result.removed} == {"repeat:paragraph"}


def test_a_paragraph_quoting_the_lead_is_no_second_body() -> None:
    # a pull quote opens the page; the paragraph that holds the whole quote is the story's
    quote = "You're going to see a number of things that Stadia can do, says Jack Buser."
    story = [
        quote,
        "Google's foray into gaming has finally arrived as its streaming service launched.",
        "Stadia has been built from the ground up, Buser said. " + quote + " It launches today.",
    ]
    text = "\n\n".join(story)
    assert clean_document(text, config=CleanConfig(model=False)).text == text

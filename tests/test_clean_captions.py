"""Photo captions named after the line model (`clean/captions.py`): a kept line that ends in
its picture's credit."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.clean import clean_document
from copydesk.config import CleanConfig

from .test_clean_widgets import explain_crawled_page, keep_every_line

STORY = [
    "Home Depot on Tuesday reported third-quarter profit that beat analysts' expectations, but "
    "the retailer cut its sales forecast for the year.",
    "Vicente Aguiar loads garage door trims into his pickup truck outside a Home Depot in "
    "Hialeah, Fla. (AP Photo/Alan Diaz, File)",
    "The company said it now expects sales to grow about 1.8% this year, down from 2.3%.",
]
CAPTIONS = [
    "WASHINGTON, DC - NOVEMBER 19: Jennifer Williams testifies before the House Intelligence "
    "Committee. (Photo by Chip Somodevilla/Getty Images)",
    "The plague wiped out half of Europe in the 14th century (Image: GETTY)",
    "Eine Frau mit einem Hut voller Anti-Brexit-Buttons in London (Bild: Vickie Flores / EPA)",
    "VW-Chef Herbert Diess: Die Stimmung in Wolfsburg ist nicht gut. (Foto: Volkswagen)",
    "Prezydent Andrzej Duda podczas spotkania w Pałacu Prezydenckim (fot. PAP/Leszek Szymański)",
    "Bernhard Dernburg in German East Africa in 1908 (picture alliance/akg-images)",
    "A student erasing answers from a test (smolaw11/iStock)",
    "The core stage after the installation of its four RS-25 engines. (credit: NASA/Jude Guidry)",
]
# lines that end in a bracket about pictures or agencies and are no caption
NOT_CAPTIONS = [
    # an agency's credit closes the story's last paragraph
    "Die Zyste könne sich jederzeit neu bilden, hieß es. (FR mit dpa)",
    "Loriot starb im August 2011 im Alter von 87 Jahren. (dpa)",
    # a picture mentioned, no credit
    "My natural clay face mask is easy to make at home (see photo above)",
    "For example this one is really lovely. (Please click on the picture to display it larger.)",
    # an image's address in Markdown
    "![ Natural ]( https://cdn.pixabay.com/photo/2023/04/19/19/11/lake-7938396_960_720.jpg )",
    # a credit alone, in brackets
    "(Foto: Charlotte Elsen)",
    # a place whose name holds a picture agency's
    "Lincoln delivered the speech at the cemetery in 1863 (Gettysburg, Pennsylvania)",
]
MENU = ["Home", "Business", "Markets", "Tech"]


def _captions(page: list[str], config: CleanConfig | None = None) -> list[str]:
    """The lines of `page` named as captions."""
    config = config or CleanConfig(fields=False, model_min_fragment_run=0)
    result = clean_document("\n".join(page), model=keep_every_line(), config=config)
    return [line.text for line in result.removed if line.reason == "boilerplate:caption"]


def test_captions_ending_in_their_credit_are_named_and_the_story_stays() -> None:
    assert _captions([*MENU, *STORY, *CAPTIONS]) == [STORY[1], *CAPTIONS]


@pytest.mark.parametrize("line", NOT_CAPTIONS)
def test_lines_that_only_look_like_a_caption_stay(line: str) -> None:
    assert _captions([*MENU, STORY[0], line, STORY[2]]) == []


def test_a_line_an_earlier_stage_named_keeps_its_reason() -> None:
    # the caption under every photo of a gallery: a repeat, whatever its credit
    page = [*MENU, *STORY, STORY[1]]
    result = clean_document("\n".join(page), model=keep_every_line())
    assert [(line.text, line.reason) for line in result.removed if line.text == STORY[1]] == [
        (STORY[1], "repeat:paragraph")
    ]


def test_a_document_the_model_does_not_judge_keeps_its_captions() -> None:
    # extracted text with no run of lines that end no sentence: as shipped, the model does not
    # judge it, and its captions are the extractor's choice
    assert _captions(STORY, CleanConfig(fields=False)) == []


def test_copydesk_run_names_a_crawled_pages_caption(tmp_path: Path) -> None:
    # the README's path, with the shipped line model, then `copydesk explain`
    menu = [*MENU, "Economy", "Personal Finance", "Opinion"]
    page = [*menu, *STORY, "", "Most Popular", "Contact Us", "Terms of Use", "Privacy Policy"]
    shown = explain_crawled_page(tmp_path, page)
    assert f"- [boilerplate:caption] {STORY[1]}" in shown
    for line in (STORY[0], STORY[2]):
        assert f"  {line}" in shown and f"] {line}" not in shown

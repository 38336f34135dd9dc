"""Site widgets named after the line model (`clean/widgets.py`): a poll's results, a list of
headlines with their counts, a feed of teasers whose headline is glued to its summary."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from copydesk.clean import clean_document
from copydesk.clean.line_features import CONTEXT_NAMES, FEATURE_NAMES
from copydesk.clean.lines import Forest, LineModel
from copydesk.cli import app
from copydesk.config import CleanConfig

# a site's menu: the widget step reads pages (a run of three lines that end no sentence)
MENU = ["Home", "Local News", "Sports", "Weather"]
ARTICLE = [
    "Berrien County Health Department officials said Monday the victim was one of two people "
    "who contracted the mosquito-borne virus. The death occurred Saturday.",
    "Cases of Eastern Equine Encephalitis first appeared in West Michigan at the end of August, "
    "and the virus has since been reported in six counties.",
]
POLL = [
    "Have you already played the new game?",
    "  • I do not have anyone to play with (41%, 1,680 Votes)",
    "  • Yes, the game is cool (29%, 1,186 Votes)",
    "  • No, but I know that the game is cool (15%, 625 Votes)",
]
MOST_COMMENTED = [
    "  • Myles Garrett should expect a significant suspension (148)",
    "  • Reports: Mason Rudolph will be fined (145)",
    "  • Vikings come back to beat the Broncos (145)",
    "  • Week 12 power rankings (133)",
]
# a local news site's feed: each link's headline runs into its summary in full-page text
GLUED_FEED = [
    "    Police: 2 In Custody After Death Of U of M-Dearborn Student-AthleteA 24-year-old woman "
    "and a 28-year-old man have been arrested in connection with the death.",
    "    Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left a "
    "steakhouse in Troy without paying their bill after a fight in the restaurant.",
    "    Michigan To Mail Redistricting Panel Applications To 250,000The state of Michigan will "
    "mail 250,000 applications encouraging voters to apply to serve on a new commission.",
    "    Tape Gaffe Ends Hamlin's Title RunDenny Hamlin's championship run was foiled by the "
    "tale of the tape.",
    "    Is Violence In Sports On The Rise?Violence is part of the game in many sports, but one "
    "player crossed a line this week.",
    "    Michigan Couple Finds Newspapers Dating Back To 1940sDuring a renovation of their home, "
    "a couple found a stack of newspapers in the walls.",
]


def keep_every_line() -> LineModel:
    """A model that keeps every line, so that only the steps after it remove any (the widgets'
    here, the captions' in `test_clean_captions.py`)."""
    tree = Forest(
        feature=np.array([0, -1, -1], np.int32),
        threshold=np.array([0.0, 0.0, 0.0]),
        left=np.array([1, 0, 0], np.int32),
        right=np.array([2, 0, 0], np.int32),
        value=np.array([0.0, 6.0, 6.0]),
        roots=np.array([0], np.int32),
        base=0.5,
    )
    return LineModel(tree, tree, 0.5, "a test", FEATURE_NAMES + CONTEXT_NAMES)


def _removed(page: list[str]) -> list[tuple[str, str]]:
    """The removed lines of `page` but the menu's (the rules name those), with their reasons."""
    config = CleanConfig(fields=False, model_min_fragment_run=0)
    result = clean_document("\n".join(page), model=keep_every_line(), config=config)
    return [(line.text.strip(), line.reason) for line in result.removed if line.text not in MENU]


def test_a_poll_a_counted_list_and_a_glued_feed_are_named_and_the_story_stays() -> None:
    page = [*MENU, *ARTICLE, "", *POLL, "", *MOST_COMMENTED, "", "Autos", *GLUED_FEED]
    removed = _removed(page)
    assert removed == (
        [(line.strip(), "boilerplate:poll") for line in POLL[1:]]
        + [(line.strip(), "boilerplate:teaser") for line in MOST_COMMENTED]
        + [(line.strip(), "boilerplate:teaser") for line in GLUED_FEED]
    )


def test_a_feed_goes_on_past_its_sections_labels() -> None:
    # a label of three words or fewer between the feed's sections does not end the run (and
    # stays: it is the model's to judge); two teasers in each section make one feed
    page = [*MENU, *ARTICLE, "", *GLUED_FEED[:2], "", "Autos", "", *GLUED_FEED[2:4]]
    assert _removed(page) == [(line.strip(), "boilerplate:teaser") for line in GLUED_FEED[:4]]


def test_a_line_a_rule_named_keeps_its_reason_inside_a_widget() -> None:
    # "Advertisement" between two teasers is the rules' line: it keeps the rules' reason, and
    # the run goes on past it
    page = [*MENU, *ARTICLE, *GLUED_FEED[:2], "Advertisement", GLUED_FEED[2]]
    assert _removed(page) == [
        (GLUED_FEED[0].strip(), "boilerplate:teaser"),
        (GLUED_FEED[1].strip(), "boilerplate:teaser"),
        ("Advertisement", "boilerplate:advert"),
        (GLUED_FEED[2].strip(), "boilerplate:teaser"),
    ]


NOT_WIDGETS = {
    "one answer is no poll": POLL[:2],
    "two counted headlines are no list": MOST_COMMENTED[:2],
    "a feed is three teasers or more": GLUED_FEED[:2],
    "the story's paragraphs between them": [
        GLUED_FEED[0],
        "The outbreak is the state's worst in more than a decade, officials said.",
        GLUED_FEED[1],
        "Residents are urged to use insect repellent until the first hard freeze.",
        GLUED_FEED[2],
    ],
    # a standings table: each row has a second bracket, and its counts are the article
    "standings": [
        "1. Dorothea Wierer (ITA) 35.58,7 (2)",
        "2. Dzinara Alimbekava (BLR) +3,7 (1)",
        "3. Anais Chevalier-Bouchet (FRA) +11,6 (1)",
    ],
    # the counts are years: a list of the story's sources or records
    "years": [
        "- Share of homes that sold above asking (2024)",
        "- Median number of days on the market (2024)",
        "- Homes that sold below their listing price (2023)",
    ],
    # a product list whose names are camel case, each with a sentence after it
    "camel-case products": [
        "Humanscale QuickStand 81/100 Rating – See at amazon.com. The Humanscale QuickStand "
        "offers a unique vertical column design.",
        "Ergotron WorkFit-A 77/100 Rating – See at amazon.com. The WorkFit-A is a high-quality "
        "standing desk converter that clamps on.",
        "HealthPostures TaskMate 6100 78/100 Rating – See at amazon.com. The American-made "
        "TaskMate Executive boasts a single motor.",
    ],
    # a Markdown table's rows, cells in title case and camel case
    "markdown table": [
        "| Blue Shield of California | Non-Profit | ~4.8M | CA | Yes | Emphasis on affordability |",
        "| CareSource | Non-Profit | ~2.5M | 6 | Medicaid focus | Specializes in underserved "
        "communities |",
        "| Point32Health | Non-Profit | ~2.4M | 6 | Yes | Merger of Harvard Pilgrim and Tufts "
        "Health Plan |",
    ],
    # identifiers in camel case, a setting per line (which the rules take for a menu joined by
    # "/": that is theirs)
    "settings": [
        "- IgnoreRequestContent / IgnoreResponseContent - toggle body logging",
        "- IgnoreRequestHeaders / IgnoreResponseHeaders - exclude specific headers",
        "- RedactRequestHeaders / RedactResponseHeaders - mask sensitive header values",
    ],
}


@pytest.mark.parametrize("lines", NOT_WIDGETS.values(), ids=NOT_WIDGETS.keys())
def test_lines_that_only_look_like_a_widget_stay(lines: list[str]) -> None:
    widget_reasons = {"boilerplate:poll", "boilerplate:teaser"}
    removed = _removed([*MENU, *ARTICLE, *lines])
    assert [line for line, reason in removed if reason in widget_reasons] == []


def test_an_article_without_a_sites_chrome_is_not_read() -> None:
    # extracted text, no run of three lines that end no sentence: the step leaves it alone
    # (as shipped, the model does not judge it either)
    assert _removed([*ARTICLE, "", *POLL[1:]]) == []


def test_copydesk_run_names_the_widgets_of_a_crawled_page(tmp_path: Path) -> None:
    # the README's path: `copydesk run` on a page with a site's menu (a run of six lines that
    # end no sentence, so the shipped line model judges it), then `copydesk explain`
    menu = [*MENU, "Entertainment", "Business"]
    page = [*menu, *ARTICLE, "", *POLL, "", *MOST_COMMENTED, "", "Autos", *GLUED_FEED]
    shown = explain_crawled_page(tmp_path, page)
    for line in POLL[1:]:
        assert f"- [boilerplate:poll] {line}" in shown
    for line in MOST_COMMENTED + GLUED_FEED:
        assert f"- [boilerplate:teaser] {line}" in shown
    for line in ARTICLE:
        assert f"  {line}" in shown and f"] {line}" not in shown


def explain_crawled_page(tmp_path: Path, page: list[str]) -> str:
    """What `copydesk explain` shows of `page` after `copydesk run` on it, as one line of JSON
    Lines, with the shipped model."""
    source = tmp_path / "crawl.jsonl"
    source.write_text(json.dumps({"id": "page-1", "text": "\n".join(page)}) + "\n")
    out = str(tmp_path / "out")
    ran = CliRunner().invoke(app, ["run", str(source), "--out", out, "-w", "1"])
    assert ran.exit_code == 0, ran.output
    return CliRunner().invoke(app, ["explain", "page-1", "--out", out]).output

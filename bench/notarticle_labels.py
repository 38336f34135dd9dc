"""The labelled set for not-article detection, built from real pages in ../shared/data.

Nothing of the pages is copied here: this file holds the rules that label each page and the
labels a person gave by reading pages, keyed by page (bench/quality.py loads the text).

How a page gets its label, first match wins:
1. `REVIEWED` below: pages read by hand. They were found by a deliberately loose search, not by
   the detector: every page whose full-page text holds a paywall-like phrase ("full story",
   "Abonnent", "weiterlesen", ...), whose title or first lines hold an error-like phrase, whose
   URL or title looks like an index (category, tag, archive, ...), or whose main text has fewer
   than 60 words; then every page the detector flagged in either condition of
   bench/quality.py. Pages read and found to be ordinary articles are listed too, with why, so
   the reading is on record.
2. wcxb's own page type: article -> "article"; listing and collection -> "listing"; product,
   forum, service, documentation -> "other" (not a story, but none of the not-article kinds:
   reported, not scored).
3. Every other aeb and trafilatura-eval page -> "article" (both sets were built from article
   pages).

Derived documents, made from real page text and labelled by construction:
- chrome_only: the header of an aeb / trafilatura-eval page (every line above its first
  main-content line) and its last ten lines, i.e. what a crawler gets when the article is
  rendered by a script that did not run;
- consent: the cookie banner of a real page (its lines that mention cookies, with the two lines
  either side; only pages where one of them is a sentence) as the whole document, i.e. what a
  crawler gets from a consent wall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quality import Page

ARTICLE, OTHER = "article", "other"
KINDS = ("paywall", "consent", "error_page", "listing", "chrome_only")

# (source, page key) -> (label, what the page is). Keys as in bench/quality.py: aeb id,
# trafilatura-eval URL key, wcxb "split/file".
REVIEWED: dict[tuple[str, str], tuple[str, str]] = {
    # Paywall and registration stubs: the text breaks off into a prompt.
    ("aeb", "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856"): (
        "paywall",
        "WSJ: standfirst and one paragraph, then 'To Read the Full Story / Subscribe Sign In'",
    ),
    ("aeb", "7ab16ade32386ece353b8d31fc3bb7e660189efd5bf3c8549aaba101ad3f5ef5"): (
        "paywall",
        "WSJ: standfirst and byline, then 'To Read the Full Story'",
    ),
    (
        "trafilatura",
        "https://www.zeit.de/2019/43/klimaschutz-banken-unternehmen-fracking-oelfoerderung-"
        "fossile-brennstoffe",
    ): ("paywall", "ZEIT: 'Exklusiv für Abonnenten', teaser, 'Sie sind bereits Digital-Abonnent?'"),
    (
        "trafilatura",
        "https://www.badische-zeitung.de/viele-studierende-sind-noch-verzweifelt-auf-"
        "wohnungssuche-in-freiburg",
    ): ("paywall", "BZ: first paragraph cut at '...', then 'Jetzt diesen Artikel lesen!'"),
    ("trafilatura", "https://www.volksstimme.ch/gute-loehne-alleine-reichen-nicht"): (
        "paywall",
        "teaser cut at '...', then 'Möchten Sie weiterlesen? Ja. Ich bin Abonnent.'",
    ),
    (
        "trafilatura",
        "https://dietagespresse.com/halloween-bizarrer-horrorclown-versetzt-oesterreich-in-"
        "angst-und-schrecken/",
    ): ("paywall", "two paragraphs, then 'Kostenlos registrieren und weiterlesen'"),
    ("trafilatura", "https://www.topagrar.com/energie/news/schnee-belastet-module-10558804.html"): (
        "paywall",
        "subscription offer ('Bereits Abonnent?Einloggen') and the opening paragraphs only",
    ),
    ("trafilatura", "hard::haitiantimes.com-family.html"): (
        "paywall",
        "three paragraphs, then 'To view the full story, please subscribe'",
    ),
    ("trafilatura", "hard::nationnews.com-schools.html"): (
        "paywall",
        "opening paragraphs, then 'Subscribe now to our eNATION edition for the full story.'",
    ),
    ("trafilatura", "hard::nationnews.com-tridents.html"): (
        "paywall",
        "opening paragraphs, then 'Subscribe now to our eNATION edition for the full story.'",
    ),
    ("wcxb", "dev/0221"): ("paywall", "STAT+ teaser; 'exclusive to STAT+ subscribers' prompt"),
    # Read because of a paywall-like phrase, and whole articles.
    ("trafilatura", "https://www.golfpost.de/golf-im-tv-777789172/"): (
        ARTICLE,
        "metered-wall text is in the HTML, but the whole TV schedule is there",
    ),
    (
        "trafilatura",
        "https://www.salon.com/2020/01/10/despite-everything-u-s-emissions-dipped-in-2019_partner/",
    ): (ARTICLE, "'Already a Subscriber?' is the ad-free offer; article complete"),
    ("trafilatura", "https://makronom.de/warum-es-ein-ressourcenschutzgesetz-braucht-45273"): (
        ARTICLE,
        "'um weiterzulesen' belongs to a sidebar teaser; article complete",
    ),
    ("trafilatura", "https://www.lacrux.com/klettern/mammut-nimmt-adam-ondra-unter-vertrag/"): (
        ARTICLE,
        "says it has *no* paywall; article complete",
    ),
    (
        "trafilatura",
        "https://www.kirche-und-leben.de/artikel/muensters-caritas-chef-kessmann-ist-gegen-"
        "impfpflicht-in-der-pflege",
    ): (ARTICLE, "'Diesen Artikel konnten Sie kostenlos lesen'; article complete"),
    # Read because the detector flagged them (main-content condition).
    ("trafilatura", "https://backen.de/rezept/maulwurfkuchen-mit-erdbeeren"): (
        OTHER,
        "recipe page; its main text is the title six times and the serving size",
    ),
    (
        "trafilatura",
        "https://web.archive.org/web/20181206101316/https://swap-stop.org/de/filmswap/"
        "zusammenarbeit-shuji-walter-april-2018-i/",
    ): (OTHER, "photo gallery: camera and film captions, no running text"),
    (
        "trafilatura",
        "https://www.gelbe-liste.de/produkte/Chininum-salicylicum-D4-DHU-Tabletten_433873",
    ): (OTHER, "drug product sheet"),
    ("trafilatura", "https://mitundvoneinander.wordpress.com/2008/12/31/ratschlage-geben/"): (
        "chrome_only",
        "the post is a PDF link; the text is the byline and the comment form",
    ),
    # Flagged too, and left as articles (so counted as false alarms): the page is a story
    # whose text the extractor lost (btv.de: headline only; dubisthalle.de: headline and
    # comment form) or could not decode (xinhuanet via web.archive.org: GBK read as UTF-8).
    # Read because the main text is tiny: the page does not serve its content.
    (
        "trafilatura",
        "https://www.homify.de/diy/20546/wie-man-eine-runde-tischdecke-in-nur-7-schritten-"
        "herstellt",
    ): ("error_page", "'Dein Browser ist leider veraltet.' and nothing else"),
}


@dataclass
class Labelled:
    """One document of the labelled set: the text the detector sees and the expected kind."""

    source: str
    key: str
    label: str  # "article", "other", or one of KINDS
    how: str  # "reviewed", "source", or "derived"
    clean: str  # main-content text (the "main" condition)
    original: str
    title: str | None
    full: str | None  # full-page text, for the "full page + copydesk cleaning" condition


def page_label(page: Page) -> tuple[str, str]:
    """(label, how) of a real page, by the rules in the module docstring."""
    if (page.source, page.key) in REVIEWED:
        return REVIEWED[(page.source, page.key)][0], "reviewed"
    if page.source == "wcxb":
        if page.page_type == "article":
            return ARTICLE, "source"
        if page.page_type in ("listing", "collection"):
            return "listing", "source"
        return OTHER, "source"
    return ARTICLE, "source"


def labelled_pages(pages: list[Page]) -> list[Labelled]:
    """The real pages, as found, with their labels (pages with no main text are left out)."""
    out = []
    for page in pages:
        label, how = page_label(page)
        if page.source == "wcxb":
            clean = page.body
            original = "\n".join([page.body, *page.boilerplate])
        else:
            clean = page.main or ""
            original = page.full or ""
        if clean.strip():
            out.append(Labelled(page.source, page.key, label, how, clean, original, page.title,
                                page.full))  # fmt: skip
    return out


_COOKIE = re.compile(r"cookie", re.IGNORECASE)


_FOOTER_LINES = 10


def _chrome_only(page: Page) -> str | None:
    """The page's header (everything before its first main-content line) and its last lines.

    This is what a crawler gets from a page whose article is rendered by a script that did not
    run: the menus, breadcrumbs and log-in links above the story and the footer below it.
    """
    if not page.full or not page.main:
        return None
    main_lines = {line.strip() for line in page.main.splitlines() if line.strip()}
    lines = [line for line in page.full.splitlines() if line.strip()]
    first = next((i for i, line in enumerate(lines) if line.strip() in main_lines), None)
    if first is None:
        return None
    last = max(i for i, line in enumerate(lines) if line.strip() in main_lines)
    footer = lines[max(last + 1, len(lines) - _FOOTER_LINES) :]
    text = "\n".join(lines[:first] + footer).strip()
    return text or None


def _cookie_banner(page: Page) -> str | None:
    """The page's cookie banner: lines that mention cookies, two lines either side.

    Only pages where one such line is a sentence (8+ words, "We use cookies to ...") have a
    banner; a footer link "Cookie settings" alone is not one.
    """
    if not page.full:
        return None
    lines = [line.strip() for line in page.full.splitlines() if line.strip()]
    keep: set[int] = set()
    sentence = False
    for i, line in enumerate(lines):
        if _COOKIE.search(line):
            keep.update(range(max(0, i - 2), min(len(lines), i + 3)))
            sentence = sentence or len(line.split()) >= 8
    if not sentence:
        return None
    return "\n".join(lines[i] for i in sorted(keep))


def derived(pages: list[Page]) -> list[Labelled]:
    """chrome_only and consent documents made from the aeb and trafilatura-eval pages."""
    out = []
    for page in pages:
        if page.source == "wcxb" or page_label(page)[0] != ARTICLE:
            continue
        chrome = _chrome_only(page)
        if chrome:
            out.append(Labelled(page.source, page.key, "chrome_only", "derived", chrome, chrome,
                                page.title, chrome))  # fmt: skip
        banner = _cookie_banner(page)
        if banner:
            out.append(Labelled(page.source, page.key, "consent", "derived", banner, banner,
                                page.title, banner))  # fmt: skip
    return out

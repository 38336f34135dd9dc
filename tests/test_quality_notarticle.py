"""Pages that are not stories, each with its own reason; real stories of every shape are kept."""

from __future__ import annotations

import pytest

from copydesk.quality.assess import Page, assess, assess_batch
from copydesk.quality.names import NOT_ARTICLE_KINDS
from copydesk.quality.notarticle import detect_not_article

from .test_quality_language import DE, EN, FR, PL
from .test_quality_signals import TABLE_ARTICLE

PAYWALL_EN = """Council approves record budget amid protests
The city council on Monday approved a record $4.2 billion budget after a heated eight-hour \
session in which dozens of residents urged members to cut police spending and expand housing aid.
Subscribe to continue reading
Already a subscriber? Sign in"""
PAYWALL_DE = """Exklusiv für Abonnenten
Wohnungsnot in Freiburg: Studierende suchen verzweifelt
Zum Semesterstart haben noch immer Hunderte Studierende kein Zimmer gefunden. Die Stadt prüft \
Notunterkünfte in Turnhallen.
Sie sind bereits Digital-Abonnent? Hier anmelden"""
PAYWALL_FR = """Réforme des retraites : le gouvernement prêt à un compromis
Le Premier ministre a ouvert la porte mardi à des aménagements du texte, à condition que l'âge \
légal de départ reste fixé à 64 ans.
Il vous reste 78% de cet article à lire. La suite est réservée aux abonnés."""
CONSENT_EN = """We value your privacy
We and our 842 partners store and/or access information on a device, such as cookies, and \
process personal data for personalised ads and content, ad and content measurement, audience \
insights and product development.
You can accept all cookies or manage your preferences at any time.
Accept all
Reject all
Manage options"""
CONSENT_DE = """Wir verwenden Cookies
Wir und unsere Partner speichern Informationen auf einem Gerät und greifen darauf zu, um \
Inhalte und Anzeigen zu personalisieren. Mit einem Klick auf „Alle akzeptieren“ stimmen Sie zu.
Alle akzeptieren
Ablehnen
Datenschutzeinstellungen"""
ERROR_EN = """404 - Page not found
Sorry, the page you are looking for does not exist or has been moved.
Go to homepage"""
ERROR_PL = """Błąd 404
Nie znaleziono strony. Sprawdź adres lub wróć na stronę główną."""
LISTING = "\n".join(
    f"{headline}\n{date}\nRead more"
    for headline, date in [
        ("Storm leaves thousands without power in the north", "12.03.2024"),
        ("Mayor announces new plan for city centre traffic", "12.03.2024"),
        ("Local team wins regional cup after penalty shootout", "11.03.2024"),
        ("School meals to become free for all primary pupils", "11.03.2024"),
        ("Police appeal for witnesses after bridge collision", "10.03.2024"),
        ("Hospital waiting lists fall for third month running", "10.03.2024"),
    ]
)
CHROME = "Home\nNews\nSport\nWeather\nContact us\nLog in"

COOKIE_STORY = """Regulator fines retailer over cookie banner
France's data protection regulator on Thursday fined an online retailer 40 million euros for \
making it harder to refuse cookies than to accept them.
The regulator said the company's consent banner offered an "Accept all" button on the first \
screen but hid the option to reject cookies behind two further menus.
Under European rules, websites must obtain free and informed consent before storing \
advertising cookies on a visitor's device, and refusing must be as easy as accepting.
The company said it disagreed with the decision and would appeal. It has already changed the \
banner so that both buttons appear side by side, a spokesperson said.
Privacy campaigners welcomed the fine, the largest the regulator has imposed this year, and \
said many other sites still used similar designs to push visitors into agreeing.
The retailer has two months to appeal to the Council of State."""
CODE_STORY = """Python 3.13 makes the interpreter faster, core developers say
The new release of the Python programming language, published on Monday, includes an \
experimental just-in-time compiler and a build without the global interpreter lock.
Developers can try the free-threaded build by installing it separately. A simple benchmark \
shows the difference:
import time
def work(n):
    return sum(i * i for i in range(n))
start = time.perf_counter()
work(10_000_000)
print(time.perf_counter() - start)
On the test machine, the loop ran about 12 percent faster than under Python 3.12, although the \
developers warn that results vary widely between programs.
Support for Python 3.8 ended in October, and the maintainers urge users to upgrade."""
ALL_CAPS_STORY = """BREAKING: PARLIAMENT REJECTS BUDGET IN LATE-NIGHT VOTE
Parliament rejected the government's budget in a late-night vote on Wednesday, plunging the \
coalition into its deepest crisis since taking office.
The bill fell by 12 votes after two junior coalition partners abstained. The prime minister said \
she would present a revised plan within a week.
Opposition leaders called for early elections, saying the government had lost its majority."""
# A whole story (~600 words) from a paywalled site: the subscription box sits after the text.
FULL_STORY_WITH_BOX = "\n".join(
    ["Council approves record budget amid protests", *([EN] * 12), "Subscribe to continue reading"]
)


def _reason(text: str, original: str | None = None, title: str | None = None) -> str | None:
    return detect_not_article(
        text, original_text=text if original is None else original, title=title, language="en"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (PAYWALL_EN, "notarticle:paywall"),
        (PAYWALL_DE, "notarticle:paywall"),
        (PAYWALL_FR, "notarticle:paywall"),
        (CONSENT_EN, "notarticle:consent"),
        (CONSENT_DE, "notarticle:consent"),
        (ERROR_EN, "notarticle:error_page"),
        (ERROR_PL, "notarticle:error_page"),
        (LISTING, "notarticle:listing"),
        (CHROME, "notarticle:chrome_only"),
    ],
)
def test_each_kind_of_page_gets_its_reason(text: str, reason: str) -> None:
    assert _reason(text) == reason


def test_a_paywall_prompt_the_cleaner_removed_is_found_in_the_original() -> None:
    teaser = PAYWALL_EN.rsplit("\n", 2)[0]
    assert _reason(teaser) is None
    original = "Home\nPolitics\n" + PAYWALL_EN + "\nContact us"
    assert _reason(teaser, original) == "notarticle:paywall"


def test_an_error_title_marks_a_short_page() -> None:
    assert _reason("Go to homepage\nSearch", title="404 Not Found") == "notarticle:error_page"


@pytest.mark.parametrize(
    "text",
    [
        EN,
        "Storm leaves thousands without power\n" + EN,  # a brief: headline and one paragraph
        EN + "\nSubscribe to our newsletter for the latest news.",
        FULL_STORY_WITH_BOX,
        COOKIE_STORY,
        CODE_STORY,
        TABLE_ARTICLE,
        ALL_CAPS_STORY,
        "\n\n".join([DE, DE.replace("Mittwoch", "Donnerstag")]),
        PL,
        FR,
    ],
)
def test_stories_of_every_shape_are_articles(text: str) -> None:
    assert _reason(text) is None


def test_only_the_kinds_asked_for_are_detected() -> None:
    kinds = [kind for kind in NOT_ARTICLE_KINDS if kind != "paywall"]
    assert (
        detect_not_article(
            PAYWALL_EN, original_text=PAYWALL_EN, title=None, language="en", kinds=kinds
        )
        is None
    )
    assert (
        detect_not_article(CHROME, original_text=CHROME, title=None, language="en", kinds=())
        is None
    )


def test_assess_labels_a_story_and_names_the_first_reason() -> None:
    found = assess(
        CODE_STORY, original_text=CODE_STORY, title=None, not_article=NOT_ARTICLE_KINDS, rules=[]
    )
    assert (found.language, found.mixed_language, found.reason) == ("en", False, None)
    assert found.signals["words"] > 100
    stub = assess(
        PAYWALL_EN, original_text=PAYWALL_EN, title=None, not_article=NOT_ARTICLE_KINDS, rules=[]
    )
    assert stub.reason == "notarticle:paywall"


def test_a_batch_gives_what_each_document_gives_alone() -> None:
    texts = [CODE_STORY, PAYWALL_EN, CONSENT_DE, EN, LISTING, ERROR_PL, TABLE_ARTICLE, CHROME]
    pages = [Page(text, text, None) for text in texts]
    batch = assess_batch(pages, not_article=NOT_ARTICLE_KINDS, rules=[])
    alone = [
        assess(text, original_text=text, title=None, not_article=NOT_ARTICLE_KINDS, rules=[])
        for text in texts
    ]
    assert batch == alone
    assert [found.reason for found in batch][:3] == [
        None,
        "notarticle:paywall",
        "notarticle:consent",
    ]

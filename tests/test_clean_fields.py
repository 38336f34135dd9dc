"""Headline, byline, agency credit and dateline become fields instead of text or loss."""

from __future__ import annotations

from typing import Any

import pytest

from copydesk.clean import clean_document
from copydesk.clean.fields import Fields, take_fields
from copydesk.config import CleanConfig

RULES_ONLY = CleanConfig(model=False)

LEAD_EN = (
    "LONDON (Reuters) - Ferry crews on the Isle of Wight voted on Monday to strike for 48 hours "
    "later this month in a dispute over new rosters, their union said."
)
LEAD_DE = (
    "Berlin (dpa) - Die Bundesregierung hat am Montag einen Plan für den Ausbau der Stromnetze "
    "vorgestellt, der bis zum Jahr 2030 rund 40 Milliarden Euro kosten soll."
)
LEAD_PL = (
    "WARSZAWA, 3 maja (PAP) - Prezydent podpisał w piątek ustawę o budżecie na przyszły rok, "
    "poinformowała w komunikacie kancelaria prezydenta."
)
LEAD_FR = (
    "PARIS (AFP) - Le gouvernement a présenté mercredi un projet de loi pour accélérer la "
    "construction de logements sociaux dans les grandes villes du pays."
)
BODY = (
    "The walkout is planned for March 19 and 20, and the operator said it would run a reduced "
    "timetable with agency crew if the strike went ahead."
)


def fields_of(lines: list[str], title: str | None = None) -> tuple[Fields, list[str | None]]:
    reasons: list[str | None] = [None] * len(lines)
    return take_fields(lines, reasons, title), reasons


def test_english_wire_story() -> None:
    lines = ["Ferry crews vote to strike", "By Jane Doe, Reuters", "", LEAD_EN, BODY]
    fields, reasons = fields_of(lines)
    assert fields == Fields("Ferry crews vote to strike", "Jane Doe", "Reuters", "LONDON")
    assert reasons == ["field:title", "field:byline", None, None, None]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Stromnetz-Ausbau kostet 40 Milliarden", "Von Anna Schmidt und Jonas Weber", LEAD_DE],
            Fields(
                "Stromnetz-Ausbau kostet 40 Milliarden",
                "Anna Schmidt und Jonas Weber",
                "dpa",
                "Berlin",
            ),
        ),
        (
            [LEAD_PL, "Autor: Anna Nowak", "Źródło: PAP"],
            Fields(None, "Anna Nowak", "PAP", "WARSZAWA, 3 maja"),
        ),
        (
            [LEAD_FR, "© AFP 2026"],
            Fields(None, None, "AFP", "PARIS"),
        ),
    ],
)
def test_multilingual_bylines_credits_and_datelines(lines: list[str], expected: Fields) -> None:
    fields, reasons = fields_of(lines)
    assert fields == expected
    for line, reason in zip(lines, reasons, strict=True):
        if line.startswith(("Von", "Autor")):
            assert reason == "field:byline"
        if line in ("Źródło: PAP", "© AFP 2026"):
            assert reason == "field:agency"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST", "Michael David Smith"),
        ("Geschrieben von Anna Schmidt am 12.03.2024 um 14:05 Uhr", "Anna Schmidt"),
        ("Publié par Jean Dupont le 3 mars 2024", "Jean Dupont"),
        ("Publicado por Ana Souza em 10 de março de 2024", "Ana Souza"),
        # the stamp right after the names, a month the names could take given back to it
        ("By Joseph Tsidulko November 19, 2019, 07:47 PM EST", "Joseph Tsidulko"),
        ("By Umair Irfan Updated Nov 13, 2019, 10:28am EST", "Umair Irfan"),
        ("By Amelie Marie Nishizawa Feb 8, 2020 5 min read", "Amelie Marie Nishizawa"),
        ("By Jane Doe Monday, 12 March 2024", "Jane Doe"),
        ("By Anna Smith June 5, 2020", "Anna Smith"),
        ("Von Claudia Riedler 19. Oktober 2019 00:04 Uhr", "Claudia Riedler"),
        ("Por Juliet Jimenez 5 mayo, 2022, 6:12 pm", "Juliet Jimenez"),
        ("von Diane Buckstegge Veröffentlicht am 1. Mai 2019", "Diane Buckstegge"),
        # the date first, and a user name the date tells as a byline
        ("Posted on March 30, 2015 by Admin", "Admin"),
        ("Veröffentlicht am 6. Juli 2015 von Mark Hosak — Hinterlasse eine Antwort", "Mark Hosak"),
        ("Veröffentlicht am 12. Juni 2017 von gizzmo", "gizzmo"),
        ("Posted on 2015-04-05 by marc", "marc"),
        ("Opublikowano 5 maja 2020 przez Anna Nowak", "Anna Nowak"),
        ("by oz on December 4, 2006", "oz"),
        ("von Herr_Rein Veröffentlicht am 11. Juni 2019", "Herr_Rein"),
        # Blogger's, with the time of day
        ("Posted by Ned Deily at 5:11 AM", "Ned Deily"),
        ("Eingestellt von Anna Schmidt um 21:11", "Anna Schmidt"),
    ],
)
def test_blog_bylines_with_their_date_are_bylines(byline: str, names: str) -> None:
    fields, reasons = fields_of(["Ferry crews vote to strike", byline, LEAD_EN, BODY])
    assert fields.byline == names
    assert reasons[1] == "field:byline"


@pytest.mark.parametrize(
    ("line", "names"),
    [
        # a weekday without a number after it is a name: "Domingo", and "Sun" in "Sun Li"
        ("by Joel Santo Domingo", "Joel Santo Domingo"),
        ("By Sun Li and Wang Wei", "Sun Li and Wang Wei"),
        # a date followed by a sentence is the lead, not a stamp
        ("By Christmas Eve December 24, 2019, the shops had closed.", None),
        ("By March 2020 the virus had reached every province.", None),
        ("Posted on Monday, the notice was gone by noon.", None),
        # a user name and a clock head a forum's reply, not the page
        ("von Anton692 um 21:02", None),
    ],
)
def test_words_of_a_date_beside_a_by_phrase(line: str, names: str | None) -> None:
    fields, reasons = fields_of(["Ferry crews vote to strike", line, LEAD_EN, BODY])
    assert fields.byline == names
    assert reasons[1] == ("field:byline" if names else None)


def test_a_by_phrase_running_on_without_a_date_is_not_a_byline() -> None:
    lines = ["Ferry crews vote to strike", "By Jane Doe on the ground in Kyiv", LEAD_EN, BODY]
    fields, reasons = fields_of(lines)
    assert fields.byline is None
    assert reasons[1] is None


def test_input_title_removes_the_repeated_headline_line_only() -> None:
    lines = ["Menu", "Ferry crews vote to “strike”", LEAD_EN]
    fields, reasons = fields_of(lines, title='Ferry crews vote to "strike"')
    assert fields.title == 'Ferry crews vote to "strike"'
    assert reasons == [None, "field:title", None]


def test_body_lines_are_not_mistaken_for_fields() -> None:
    lines = [
        "By Tuesday evening, rescuers had reached the last of the stranded villages in the valley.",
        BODY,
        "Reuters reported earlier that the talks had failed.",
        "The union will meet again on Friday.",
    ]
    fields, reasons = fields_of(lines)
    assert fields == Fields()
    assert reasons == [None] * len(lines)


def test_a_single_line_document_has_no_title() -> None:
    fields, reasons = fields_of(["Storm warning for the weekend"])
    assert fields.title is None
    assert reasons == [None]


def test_clean_document_keeps_the_dateline_in_the_text() -> None:
    text = "\n".join(["Ferry crews vote to strike", "By Jane Doe", "", LEAD_EN, BODY, "(Reuters)"])
    result = clean_document(text, config=RULES_ONLY)
    assert result.text == LEAD_EN + "\n" + BODY
    assert result.fields == Fields("Ferry crews vote to strike", "Jane Doe", "Reuters", "LONDON")
    assert {r.text: r.reason for r in result.removed} == {
        "Ferry crews vote to strike": "field:title",
        "By Jane Doe": "field:byline",
        "(Reuters)": "field:agency",
    }


def test_the_inputs_byline_wins_and_the_texts_line_still_goes() -> None:
    text = "\n".join(["By Jane Doe", LEAD_EN, BODY])
    result = clean_document(text, config=RULES_ONLY, byline="  Jane  Doe; Harbour Desk ")
    assert result.fields.byline == "Jane Doe; Harbour Desk"
    assert {r.text: r.reason for r in result.removed}["By Jane Doe"] == "field:byline"
    wire = clean_document(BODY, config=RULES_ONLY, byline="Reuters")
    assert (wire.fields.byline, wire.fields.agency) == ("Reuters", "Reuters")
    # with the field stage off, the given byline is passed through as the title is
    off = clean_document(BODY, config=CleanConfig(model=False, fields=False), byline="Jane Doe")
    assert off.fields == Fields(byline="Jane Doe")


def test_fields_off_leaves_the_lines_to_the_other_stages() -> None:
    text = "\n".join(["By Jane Doe", LEAD_EN, BODY])
    result = clean_document(text, config=CleanConfig(model=False, fields=False), title="T")
    assert result.fields == Fields(title="T")
    assert "By Jane Doe" in result.text


def test_wire_copies_in_the_demo_carry_agency_and_dateline(
    demo_docs: dict[str, dict[str, Any]],
) -> None:
    for doc_id in ("nwa-flood-fund", "hg-flood-fund", "md-flood-fund"):
        assert demo_docs[doc_id]["agency"] == "NWA"
        assert demo_docs[doc_id]["dateline"] == "ALDMOOR, March 10"
        assert demo_docs[doc_id]["text"].count("ALDMOOR, March 10 (NWA)") == 1
    assert demo_docs["hg-ferry-strike"]["agency"] is None


@pytest.mark.parametrize(
    "lead",
    [
        "The World Health Organization (WHO) - The agency said on Monday that cases of measles "
        "had risen sharply in Europe last year.",
        "International Monetary Fund (IMF) - The fund cut its forecast for global growth on "
        "Tuesday, citing trade tensions.",
        "EXCLUSIVE — The minister is set to resign after the budget vote, three people familiar "
        "with the matter said.",
        "BREAKING — A strong earthquake struck off the coast of Japan on Friday morning, the "
        "meteorological agency said.",
    ],
)
def test_an_abbreviation_or_a_kicker_is_no_dateline(lead: str) -> None:
    fields = clean_document("Headline of the story here\n\n" + lead).fields
    assert (fields.dateline, fields.agency) == (None, None)


@pytest.mark.parametrize("suffix", [" | The Herald", " - The Herald", " — The Herald"])
def test_a_title_naming_its_site_still_takes_the_headline_out_of_the_text(suffix: str) -> None:
    headline = "Flood warning for the Elbe in Dresden"
    body = "The river is expected to peak on Thursday, the city said in a statement on Monday."
    result = clean_document(f"{headline}\n\n{body}", title=headline + suffix)
    assert result.fields.title == headline
    assert result.text.strip() == body


def test_a_sites_masthead_is_no_headline_and_its_staff_byline_still_a_byline() -> None:
    from copydesk.normalize import line_key

    masthead = "The Harbour Gazette — news from the waterfront since 1911"
    byline = "By Gazette Staff"
    body = (
        "Crews on the Harbourton to Skerry Island ferry have voted to walk out for 48 hours later "
        "this month in a dispute over new shift patterns, their union said on Monday."
    )
    text = f"{masthead}\n{byline}\n{body}"
    site = frozenset({line_key(masthead), line_key(byline)})
    result = clean_document(text, template_keys=site, config=CleanConfig(model=False))
    assert result.fields.title is None
    assert result.fields.byline == "Gazette Staff"
    assert [r.reason for r in result.removed] == ["boilerplate:template", "field:byline"]
    # without the site's templates the masthead reads as a headline, as before
    assert clean_document(text, config=CleanConfig(model=False)).fields.title == masthead


@pytest.mark.parametrize(
    ("lead", "dateline", "agency"),
    [
        ("MADRID, 3 feb (EFE).- El Consejo de Ministros aprobó este martes la reforma laboral, "
         "que limita los contratos temporales.", "MADRID, 3 feb", "EFE"),
        ("(ANSA) - BOLOGNA, 16 MAG - È allerta rossa in Emilia-Romagna per il maltempo che da "
         "ieri sta colpendo la regione.", "BOLOGNA, 16 MAG", "ANSA"),
    ],
)  # fmt: skip
def test_efe_and_ansa_datelines(lead: str, dateline: str, agency: str) -> None:
    fields = clean_document("Headline of the story here\n\n" + lead).fields
    assert (fields.dateline, fields.agency) == (dateline, agency)


@pytest.mark.parametrize(
    ("lead", "dateline", "agency"),
    [
        ("МОСКВА, 27 ноя — РИА Новости. Президент России провёл во вторник совещание с членами "
         "правительства по вопросам экономики.", "МОСКВА, 27 ноя", "РИА Новости"),
        ("МОСКВА, 27 ноября. /ТАСС/. Президент России провёл во вторник совещание с членами "
         "правительства по вопросам экономики.", "МОСКВА, 27 ноября", "ТАСС"),
        ("新华社北京11月27日电（记者王小明）国务院总理周二主持召开国务院常务会议，部署进一步做好稳"
         "就业工作。", "北京11月27日", "新华社"),
        ("中新网11月27日电 据国家统计局网站消息，今年前十个月全国规模以上工业企业利润同比增长。",
         "11月27日", "中新网"),
        ("【ワシントン共同】米政府は26日、新たな経済制裁を発表した。対象には複数の金融機関が含ま"
         "れる見通しだ。", "ワシントン", "共同"),
        ("(서울=연합뉴스) 홍길동 기자 = 정부는 화요일 국무회의를 열고 물가 안정을 위한 종합 대책을 "
         "의결했다고 밝혔다.", "서울", "연합뉴스"),
        ("القاهرة (رويترز) - عقد مجلس الوزراء اجتماعه الأسبوعي يوم الثلاثاء لمناقشة الأوضاع "
         "الاقتصادية في البلاد.", "القاهرة", "رويترز"),
        ("（中央社記者張三新竹27日電）新竹科學園區今年前三季營業額較去年同期成長百分之十五，創歷史新高。",
         "新竹27日", "中央社"),
        ("[서울=뉴시스] 이영희 기자 = 정부는 화요일 국무회의를 열고 물가 안정을 위한 종합 대책을 "
         "의결했다고 밝혔다.", "서울", "뉴시스"),
    ],
)  # fmt: skip
def test_datelines_of_agencies_writing_in_other_scripts(
    lead: str, dateline: str, agency: str
) -> None:
    result = clean_document("Headline of the story here\n\n" + lead)
    assert (result.fields.dateline, result.fields.agency) == (dateline, agency)
    assert lead in result.text  # the dateline opens the lead sentence: it stays


@pytest.mark.parametrize(
    ("page", "title", "byline"),
    [
        # a site's menu above the story (which the rules remove) no longer pushes the
        # headline and the lead's dateline out of reach; a byline in Cyrillic
        ("Главная\nНовости\nПолитика\nЭкономика\nСпорт\nКультура\nВ мире\nОбщество\n"
         "Мнения\nВидео\nЦентробанк сохранил ключевую ставку на уровне 21% годовых\n"
         "Опубликовано: 27 ноября 2024, 10:23\nАвтор: Анна Петрова\n"
         "МОСКВА, 27 ноя — РИА Новости. Банк России на заседании в пятницу сохранил ключевую "
         "ставку на уровне 21% годовых, говорится в сообщении регулятора.",
         "Центробанк сохранил ключевую ставку на уровне 21% годовых", "Анна Петрова"),
        # a Chinese headline is words by its characters, not by its spaces
        ("首页\n国内\n国际\n财经\n体育\n港鐵明年票價加幅2.89% 每程平均加約3毫\n作者：张三\n"
         "新华社北京11月27日电（记者王小明）国务院总理周二主持召开国务院常务会议，部署进一步做好稳就业"
         "工作，确定支持中小企业发展的措施。", "港鐵明年票價加幅2.89% 每程平均加約3毫", "张三"),
        ("정부, 물가 안정 종합 대책 의결\n홍길동 기자\n(서울=연합뉴스) 홍길동 기자 = 정부는 "
         "화요일 국무회의를 열고 물가 안정을 위한 종합 대책을 의결했다고 밝혔다. 대책에는 에너지 "
         "요금 지원이 포함됐다.", "정부, 물가 안정 종합 대책 의결", "홍길동"),
        ("مصر ترفع أسعار الوقود للمرة الثالثة هذا العام\nبقلم: سارة القحطاني\nالقاهرة (رويترز) - "
         "رفعت مصر أسعار الوقود يوم الجمعة للمرة الثالثة هذا العام في إطار برنامج الإصلاح "
         "الاقتصادي.", "مصر ترفع أسعار الوقود للمرة الثالثة هذا العام", "سارة القحطاني"),
    ],
)  # fmt: skip
def test_headline_and_byline_in_other_scripts(page: str, title: str, byline: str) -> None:
    result = clean_document(page, config=CleanConfig(model=False))
    assert (result.fields.title, result.fields.byline) == (title, byline)
    assert result.fields.dateline is not None
    assert title not in result.text
    assert {"field:title", "field:byline"} <= {line.reason for line in result.removed}


def test_an_agency_named_inside_a_russian_sentence_is_no_dateline() -> None:
    lead = (
        "Президент России провёл во вторник совещание с членами правительства — РИА Новости "
        "сообщают об этом со ссылкой на Кремль."
    )
    fields = clean_document("Headline of the story here\n\n" + lead).fields
    assert (fields.dateline, fields.agency) == (None, None)


@pytest.mark.parametrize(
    ("credit", "byline"),
    [
        ("Reporting by Jane Roe in London; Editing by John Doe", "Jane Roe"),
        # as Reuters' clients print it: in parentheses, the other hands after commas
        ("(Reporting by Will Dunham; Editing by Tom Brown)", "Will Dunham"),
        (
            "(Reporting by Greg Roumeliotis, Joshua Franklin, Koh Gui Qing, with reporting by "
            "Herb Lash and Megan Davies, editing by Martin Howell.)",
            "Greg Roumeliotis, Joshua Franklin, Koh Gui Qing",
        ),
    ],
)
def test_a_wire_storys_reporting_credit_is_its_byline(credit: str, byline: str) -> None:
    body = (
        "Oil prices rose more than 3 percent on Monday after a drone attack on a Saudi "
        "processing plant disrupted output at one of the world's largest facilities."
    )
    result = clean_document(f"{body}\n\n{credit}")
    assert result.fields.byline == byline
    assert result.text == body
    assert [r.reason for r in result.removed] == ["field:byline"]


@pytest.mark.parametrize(
    "line",
    [
        "(Reporting by Jane Roe; Editing by John Doe",  # a parenthesis opened and not closed
        "(Reporting by Jane Roe; Editing by John Doe (Reuters)",
        "Reporting by the newspaper's own staff showed that the plant had been hit before.",
    ],
)
def test_a_line_that_only_starts_like_a_reporting_credit_stays(line: str) -> None:
    body = (
        "Oil prices rose more than 3 percent on Monday after a drone attack on a Saudi "
        "processing plant disrupted output at one of the world's largest facilities."
    )
    result = clean_document(f"{body}\n\n{line}", config=CleanConfig(model=False))
    assert result.fields.byline is None
    assert result.text == f"{body}\n\n{line}"


def test_a_headline_over_a_short_lead_or_a_blogs_intro_is_the_title() -> None:
    news = (
        "Survivors recall night the dam broke\n\n"
        "It was just after two in the morning when the first siren sounded below the dam.\n\n"
        "Those are the words of Elena Marsh, 54, who lived in Low Ford for thirty years."
    )
    blog = (
        "Why I finally switched to a standing desk (and what I learned)\n\n"
        "Posted by Mark Evans on March 10, 2024\n\n"
        "I resisted for years. Standing desks seemed like a fad for people with money.\n\n"
        "Then my back gave out, on a Tuesday, when I bent down to pick up a pen."
    )
    assert clean_document(news).fields.title == "Survivors recall night the dam broke"
    fields = clean_document(blog).fields
    assert (fields.title, fields.byline) == (
        "Why I finally switched to a standing desk (and what I learned)",
        "Mark Evans",
    )
    # a first line over a line that is no paragraph of prose is not taken for a headline
    menu = "Latest news from the valley\nWeather\nTraffic\nSport and results from the weekend"
    assert clean_document(menu, config=CleanConfig(model=False)).fields.title is None


@pytest.mark.parametrize(
    "stamp",
    ["2024年03月12日 09:30　来源：新华社", "Published 10:02 AM EST Nov 19, 2019 | Updated"],
)
def test_a_stamp_over_the_lead_is_no_headline(stamp: str) -> None:
    fields, reasons = fields_of([stamp, LEAD_EN, BODY])
    assert fields.title is None
    assert reasons[0] is None


def test_a_headline_may_hold_a_year_or_a_time() -> None:
    for headline in ("2024 Olympics: what to watch on Sunday", "Shooting at 9:30 leaves two hurt"):
        fields, _ = fields_of([headline, LEAD_EN, BODY])
        assert fields.title == headline

"""The learned line model: features, the shipped model on real-looking pages, the JSON format."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copydesk.clean import clean_document
from copydesk.clean.line_features import (
    CONTEXT_NAMES,
    FEATURE_NAMES,
    line_features,
    longest_fragment_run,
    probability_context,
)
from copydesk.clean.lines import Forest, LineModel, shipped_model
from copydesk.clean.rules import lower_text
from copydesk.clean.structure import (
    _INGREDIENTS_STEMS,
    _INGREDIENTS_WORDS,
    JudgedRows,
    follow_neighbours,
    ingredient_headers,
    is_tag_cloud,
    keep_ingredient_lists,
    keep_introduced_lists,
    keep_numbered_lists,
    keep_paragraphs_beside_prose,
    keep_table_rows,
)
from copydesk.config import CleanConfig
from copydesk.normalize import code_points

# Full-page text of a German regional news page, as a crawler without main-content extraction
# stores it: a menu of the paper's local editions, the article, then a list of other stories
# with no header, and the footer. The menu and list use no word a rule knows: only their shape
# gives them away, which is the line model's job.
GERMAN_PAGE = """\
Bad Kreuznach
Kirn
Meisenheim
Rüdesheim
Langenlonsheim
Stadtrat beschließt neue Radwege für die Innenstadt
Der Stadtrat hat am Dienstagabend mit großer Mehrheit beschlossen, in den kommenden zwei Jahren \
mehr als zwölf Kilometer neue Radwege in der Innenstadt zu bauen. Die Kosten von rund 4,8 \
Millionen Euro sollen zum Teil aus Fördermitteln des Landes gedeckt werden.
Oberbürgermeisterin Katrin Vogel sprach von einem wichtigen Schritt für die Verkehrswende. \
„Wer mit dem Rad zur Arbeit fährt, soll sich in unserer Stadt sicher fühlen“, sagte sie nach \
der Abstimmung.
Kritik kam von der Opposition, die vor allem den Wegfall von rund 300 Parkplätzen an der \
Bahnhofstraße bemängelte. Die Einzelhändler dort befürchten, dass ihnen Kundschaft verloren \
geht, wenn Autofahrer keinen Stellplatz mehr finden.
Die ersten Bauarbeiten sollen im Frühjahr beginnen. Die Stadt will die Anwohner vorher auf \
einer Bürgerversammlung über die Pläne informieren.
Neue Buslinie verbindet Nordstadt und Klinikum
12.03.2024, 14:05 Uhr
Baustelle an der Ringstraße dauert länger
12.03.2024, 11:40 Uhr
Wochenmarkt zieht auf den Rathausplatz
11.03.2024, 18:15 Uhr
Impressum
Datenschutz
Kontakt"""

GERMAN_BODY = [line for line in GERMAN_PAGE.split("\n") if len(line) > 150]
GERMAN_CHROME = [
    "Bad Kreuznach",
    "Kirn",
    "Meisenheim",
    "Rüdesheim",
    "Langenlonsheim",
    "Neue Buslinie verbindet Nordstadt und Klinikum",
    "12.03.2024, 14:05 Uhr",
    "Baustelle an der Ringstraße dauert länger",
    "Wochenmarkt zieht auf den Rathausplatz",
]

# A Polish news page: a list of most-read stories above the article (numbered, no header), the
# article, then a teaser block under "Czytaj także" (a rule's job) and footer links.
POLISH_PAGE = """\
1. Pociągi na Mazowszu opóźnione po awarii sieci
2. Koniec remontu mostu w Toruniu
3. Zimowy rozkład jazdy autobusów
Rząd przyjął projekt ustawy o ochronie wód gruntowych
Rada Ministrów przyjęła we wtorek projekt ustawy, który ma ograniczyć pobór wód gruntowych \
przez duże zakłady przemysłowe. Nowe przepisy mają wejść w życie od stycznia przyszłego roku.
Jak poinformował rzecznik rządu, firmy pobierające więcej niż tysiąc metrów sześciennych wody \
dziennie będą musiały co roku przedstawiać raport o jej zużyciu. Za przekroczenie limitów \
grożą kary sięgające nawet miliona złotych.
Eksperci od dawna ostrzegali, że w wielu regionach kraju poziom wód gruntowych spada z roku na \
rok, a susze rolnicze zdarzają się coraz częściej.
Przepisy mają jeszcze zostać przyjęte przez parlament, gdzie prace nad nimi rozpoczną się \
w przyszłym miesiącu.
Czytaj także:
Susza w Wielkopolsce. Rolnicy liczą straty
Ceny wody w miastach wzrosną od lipca
Nowe zbiorniki retencyjne na Podkarpaciu
Regulamin
Polityka prywatności
Reklama"""

POLISH_BODY = [line for line in POLISH_PAGE.split("\n") if len(line) > 100]
POLISH_TEASERS = [
    "Susza w Wielkopolsce. Rolnicy liczą straty",
    "Ceny wody w miastach wzrosną od lipca",
    "Nowe zbiorniki retencyjne na Podkarpaciu",
]

# Chinese and Japanese news pages: a menu of sections, the article, related stories and the
# footer. No spaces between words: the features count their characters (see the test below).
CHINESE_PAGE = """\
首页
新闻
国际
国内
体育
财经
娱乐
科技
2024年03月12日 09:30　来源：新华社
联合国秘书长周二在纽约总部发表讲话，呼吁各国加强合作，共同应对气候变化带来的挑战。\
他指出，过去一年全球平均气温再创新高，极端天气事件频发。
他表示，发展中国家在应对气候变化方面面临资金和技术的双重困难，发达国家应履行承诺，提供更多支持。
据新华社报道，多国代表在会上表示支持秘书长的倡议，并承诺将在下个月的气候大会上提出更具雄心的减排目标。
分析人士认为，此次讲话释放了明确信号，国际社会需要在未来十年内采取果断行动。
相关新闻
中国经济增长超预期
股市周二小幅上涨
新款手机发布会举行
关注我们
关于我们
联系我们"""

JAPANESE_PAGE = """\
ホーム
ニュース
政治
経済
国際
スポーツ
エンタメ
来年度予算案、概算要求が過去最大に
2024年8月31日 18時05分
政府は３１日、来年度予算案の概算要求を締め切った。各省庁の要求総額は過去最大となる見通しで、\
財政規律をめぐる議論が再燃しそうだ。
財務省によると、社会保障費の自然増や防衛費の増額が主な要因となっている。\
与党内からは歳出削減を求める声も上がっている。
専門家は「将来世代への負担を考えれば、抜本的な見直しが必要だ」と指摘している。
政府は年末までに予算案をまとめ、来年の通常国会に提出する方針だ。
関連記事
円相場、一時１４０円台に
台風１０号、九州に接近
利用規約
プライバシーポリシー
お問い合わせ"""

needs_model = pytest.mark.skipif(shipped_model() is None, reason="no line model shipped")


# The numbered most-read list above the Polish headline is left out of the assertion: with no
# header and no page around it, the models score its items at the threshold (0.35-0.52), and
# retraining flips them (the model with page-relative features keeps two of the three). What
# the test pins is the article, the teaser block and the footer.
@needs_model
@pytest.mark.parametrize(
    ("page", "body", "chrome"),
    [
        (GERMAN_PAGE, GERMAN_BODY, GERMAN_CHROME),
        (POLISH_PAGE, POLISH_BODY, [*POLISH_TEASERS, "Regulamin", "Polityka prywatności"]),
        (
            CHINESE_PAGE,
            [line for line in CHINESE_PAGE.split("\n") if line.endswith("。")],
            [line for line in CHINESE_PAGE.split("\n") if len(line) <= 9 and "年" not in line],
        ),
        (
            JAPANESE_PAGE,
            [line for line in JAPANESE_PAGE.split("\n") if line.endswith("。")],
            [*JAPANESE_PAGE.split("\n")[:7], *JAPANESE_PAGE.split("\n")[-6:]],
        ),
    ],
    ids=["de-menu", "pl-teasers", "zh-menu", "ja-menu"],
)
def test_shipped_model_keeps_the_article_and_drops_the_chrome(
    page: str, body: list[str], chrome: list[str]
) -> None:
    assert len(body) >= 3
    result = clean_document(page)
    kept = result.text.split("\n")
    for line in body:
        assert line in kept
    removed = {r.text: r.reason for r in result.removed}
    for line in chrome:
        assert line in removed, line
        assert removed[line].startswith(("boilerplate:", "model:")), removed[line]


@needs_model
def test_model_only_claims_lines_the_rules_leave() -> None:
    result = clean_document(GERMAN_PAGE)
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Impressum"] == "boilerplate:navigation"  # a named rule wins over the model
    scores = [float(r.reason[6:]) for r in result.removed if r.reason.startswith("model:")]
    assert scores, "the model removed nothing on a page with a menu of local editions"
    assert all(0.5 <= s <= 1.0 for s in scores)  # the score is P(chrome), shown as 0.50-1.00


def test_model_off_in_config_leaves_only_named_reasons() -> None:
    result = clean_document(GERMAN_PAGE, config=CleanConfig(model=False))
    assert not any(r.reason.startswith("model:") for r in result.removed)
    assert "Bad Kreuznach" in result.text.split("\n")  # only the model knows this is a menu


def test_features_one_row_per_non_blank_line() -> None:
    text = "Menu\n\n  \nA first sentence of the article, long enough to be prose.\nEnd"
    lines = text.split("\n")
    rows, features = line_features(text, lower_text(text), np.zeros(len(lines), np.int8))
    assert rows.tolist() == [0, 3, 4]
    assert features.shape == (3, len(FEATURE_NAMES))
    column = dict(zip(FEATURE_NAMES, features[1], strict=True))
    assert column["ends_terminal"] == 1.0
    assert column["blank_before"] == 1.0
    assert column["stop_ratio"] > 0.2  # "a", "of", "the", "to", "be"


@pytest.mark.parametrize(
    ("sentence", "menu"),
    [
        (  # Portuguese
            "O governo anunciou nesta terça-feira que vai aumentar o salário mínimo em 2024, "
            "segundo o ministro da Fazenda.",
            "Política Economia Esportes Cultura",
        ),
        (  # Russian
            "Правительство заявило во вторник, что в следующем году минимальная зарплата "
            "будет повышена, сообщил министр финансов.",
            "Политика Экономика Спорт Культура",
        ),
        (  # Ukrainian
            "Уряд заявив у вівторок, що в наступному році мінімальна зарплата буде "
            "підвищена, повідомив міністр фінансів.",
            "Політика Економіка Спорт Культура",
        ),
        (  # Indonesian
            "Pemerintah mengumumkan pada hari Selasa bahwa upah minimum akan dinaikkan tahun "
            "depan, kata menteri keuangan.",
            "Politik Ekonomi Olahraga Budaya",
        ),
        (  # Turkish
            "Hükümet salı günü yaptığı açıklamada asgari ücretin gelecek yıl artırılacağını "
            "duyurdu ve bu kararın çok önemli olduğunu söyledi.",
            "Gündem Ekonomi Spor Kültür",
        ),
        (  # Swedish
            "Regeringen meddelade på tisdagen att minimilönen ska höjas nästa år, enligt "
            "finansministern som också kommenterade budgeten.",
            "Inrikes Utrikes Sport Kultur",
        ),
        (  # Czech
            "Vláda v úterý oznámila, že minimální mzda se příští rok zvýší, což podle ministra "
            "financí bude mít vliv na rozpočet.",
            "Domácí Zahraničí Sport Kultura",
        ),
        (  # Romanian
            "Guvernul a anunțat marți că salariul minim va fi majorat anul viitor, potrivit "
            "ministrului de finanțe.",
            "Politică Economie Sport Cultură",
        ),
        (  # Finnish
            "Hallitus ilmoitti tiistaina, että minimipalkkaa nostetaan ensi vuonna, mutta "
            "päätös ei ole vielä lopullinen.",
            "Kotimaa Ulkomaat Urheilu Kulttuuri",
        ),
        (  # Hungarian
            "A kormány kedden bejelentette, hogy a minimálbért jövőre emelik, de a döntés még "
            "nem végleges.",
            "Belföld Külföld Sport Kultúra",
        ),
    ],
)
def test_prose_has_stop_words_in_more_languages_than_the_training_sets(
    sentence: str, menu: str
) -> None:
    # The model learnt from English, German and Polish pages that prose is about a third
    # function words and a menu none. A language without a list read as a menu: its prose had
    # a stop-word share of 0, and the model removed it (an Indonesian AEB page: recall 0.35).
    text = f"{sentence}\n{menu}"
    _, features = line_features(text, lower_text(text), np.zeros(2, np.int8))
    prose, labels = (dict(zip(FEATURE_NAMES, row, strict=True)) for row in features)
    assert prose["stop_ratio"] >= 0.15  # Turkish, which builds its grammar into the word: 0.17
    assert labels["stop_ratio"] == 0.0


def test_features_do_not_depend_on_case_shifting_characters() -> None:
    # "İ" lower-cases to two characters; the lower-cased twin must keep offsets.
    text = "İstanbul'da seçim sonuçları açıklandı.\nMenu"
    low = lower_text(text)
    assert low == "istanbul'da seçim sonuçları açıklandı.\nmenu"
    rows, _ = line_features(text, low, np.zeros(2, np.int8))
    assert rows.tolist() == [0, 1]


def test_chinese_and_japanese_lines_are_counted_a_character_at_a_time() -> None:
    # No spaces between words: each character is half a word, its function characters (的, 在,
    # hiragana) are the line's stop words, and 。 ends a sentence, so that prose and a menu
    # item read as they would in a spaced language.
    text = (
        "他表示，发展中国家在应对气候变化方面面临资金和技术的双重困难，发达国家应履行承诺。\n"
        "国际新闻\n"
        "財務省によると、社会保障費の自然増や防衛費の増額が主な要因となっている。\n"
        "スポーツ"
    )
    _, features = line_features(text, lower_text(text), np.zeros(4, np.int8))
    zh, menu, ja, label = (dict(zip(FEATURE_NAMES, row, strict=True)) for row in features)
    assert zh["log_words"] == pytest.approx(np.log1p(19.0))  # 38 characters
    assert menu["log_words"] == pytest.approx(np.log1p(2.0))
    assert zh["ends_terminal"] == ja["ends_terminal"] == 1.0
    assert menu["ends_terminal"] == label["ends_terminal"] == 0.0
    assert zh["stop_ratio"] == pytest.approx(6 / 38)  # 他, 中, 在, 对, 和, 的
    assert ja["stop_ratio"] > 0.25  # によると, や, の, と, ている
    assert menu["stop_ratio"] == label["stop_ratio"] == 0.0
    assert zh["mean_word_len"] == pytest.approx(2.0)
    assert zh["starts_upper"] == menu["starts_upper"] == 1.0  # no case: a line start is a capital
    # A Latin word ends where a Chinese character starts: "iPhone发布" is not one long word.
    mixed = "苹果公司发布iPhone新品"
    _, row = line_features(mixed, lower_text(mixed), np.zeros(1, np.int8))
    assert dict(zip(FEATURE_NAMES, row[0], strict=True))["log_words"] == pytest.approx(
        np.log1p(1 + 0.5 * 8)
    )


def _stump(feature: int, threshold: float, left: float, right: float) -> Forest:
    """One tree: feature <= threshold -> left leaf value, else right."""
    return Forest(
        feature=np.array([feature, -1, -1], np.int32),
        threshold=np.array([threshold, 0.0, 0.0]),
        left=np.array([1, 0, 0], np.int32),
        right=np.array([2, 0, 0], np.int32),
        value=np.array([0.0, left, right]),
        roots=np.array([0], np.int32),
        base=0.5,
    )


def test_forest_walks_trees_and_applies_the_logistic() -> None:
    forest = _stump(0, 1.0, -2.0, 3.0)
    x = np.array([[0.5], [1.0], [4.0]], np.float32)
    expected = 1 / (1 + np.exp(-np.array([0.5 - 2.0, 0.5 - 2.0, 0.5 + 3.0])))
    np.testing.assert_allclose(forest.predict(x), expected)


def test_forest_pads_uneven_trees_and_keeps_exact_thresholds() -> None:
    # Root: feature 0 <= 0.1 -> leaf 1.0; else feature 1 <= 5 -> leaf -1.0, else leaf 2.0.
    # 0.1 lies between two float32 values; float32(0.1) is the one above it, so it goes right.
    forest = Forest(
        feature=np.array([0, -1, 1, -1, -1], np.int32),
        threshold=np.array([0.1, 0.0, 5.0, 0.0, 0.0]),
        left=np.array([1, 0, 3, 0, 0], np.int32),
        right=np.array([2, 0, 4, 0, 0], np.int32),
        value=np.array([0.0, 1.0, 0.0, -1.0, 2.0]),
        roots=np.array([0], np.int32),
        base=0.0,
    )
    above = np.float32(0.1)
    assert float(above) > 0.1 > float(np.nextafter(above, np.float32(0)))
    x = np.array([[0.0, 9.0], [above, 9.0], [above, 3.0], [above, 9.0]], np.float32)
    scores = forest.predict(x, want=np.array([True, True, True, False]))
    np.testing.assert_allclose(scores[:3], 1 / (1 + np.exp(-np.array([1.0, 2.0, -1.0]))))
    assert np.isnan(scores[3])


def _random_forest(rng: np.random.Generator, n_features: int) -> Forest:
    """Trees of uneven depth (0 to 7 levels) with random splits, as flat node arrays."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []

    def grow(depth: int) -> int:
        node = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(0)
        right.append(0)
        value.append(float(rng.normal()))
        if depth > 0 and rng.random() < 0.85:
            feature[node] = int(rng.integers(n_features))
            threshold[node] = float(rng.normal())
            left[node] = grow(depth - 1)
            right[node] = grow(depth - 1)
        return node

    roots = [grow(int(rng.integers(0, 8))) for _ in range(int(rng.integers(1, 12)))]
    return Forest(
        np.array(feature, np.int32),
        np.array(threshold),
        np.array(left, np.int32),
        np.array(right, np.int32),
        np.array(value),
        np.array(roots, np.int32),
        float(rng.normal()),
    )


def _walk(forest: Forest, row: np.ndarray) -> float:
    """The reference: each tree walked node by node, the leaves' values summed in tree order."""
    total = forest.base
    for root in forest.roots.tolist():
        node = root
        while forest.feature[node] >= 0:
            go_left = float(row[forest.feature[node]]) <= forest.threshold[node]
            node = forest.left[node] if go_left else forest.right[node]
        total += forest.value[node]
    return 1.0 / (1.0 + np.exp(-total))


@pytest.mark.parametrize("seed", range(20))
def test_forest_predicts_what_walking_each_tree_gives(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(seed)
    n_features = int(rng.integers(1, 9))
    forest = _random_forest(rng, n_features)
    x = rng.normal(size=(int(rng.integers(0, 60)), n_features)).astype(np.float32)
    if len(x):  # values on the thresholds, where float32 rounding could send a row astray
        splits = forest.feature >= 0
        x[0, forest.feature[splits]] = forest.threshold[splits].astype(np.float32)
    expected = [_walk(forest, row) for row in x]
    np.testing.assert_allclose(forest.predict(x), expected, rtol=1e-12)
    # in slices of a few rows (how batches past 32-bit indices are scored): the same scores
    monkeypatch.setattr("copydesk.clean.lines._PREDICT_ROWS", 7)
    np.testing.assert_allclose(forest.predict(x), expected, rtol=1e-12)


@needs_model
def test_model_file_round_trips(tmp_path: Path) -> None:
    model = shipped_model()
    assert model is not None
    path = tmp_path / "lines.json"
    model.save(path)
    again = LineModel.load(path)
    assert again.trained_on == model.trained_on
    lines = GERMAN_PAGE.split("\n")
    low = lower_text(GERMAN_PAGE)
    hits = np.zeros(len(lines), np.int8)
    np.testing.assert_array_equal(
        model.score(GERMAN_PAGE, low, hits)[1], again.score(GERMAN_PAGE, low, hits)[1]
    )


def test_model_with_other_features_is_refused(tmp_path: Path) -> None:
    forest = _stump(0, 1.0, -1.0, 1.0)
    model = LineModel(forest, forest, 0.5, "nothing", ("log_chars",))
    path = tmp_path / "old.json"
    model.save(path)
    with pytest.raises(ValueError, match="features do not match"):
        LineModel.load(path)


def test_stage_two_sees_where_a_line_stands_on_its_page() -> None:
    # A page stage 1 is unsure of everywhere: the article (rows 1-2) scores under 0.5, yet
    # highest on the page. Stage 2 gets the page's top score, the distance below it, the share
    # of the page's text scored higher, and the block within 0.2 of the top.
    p = np.array([0.30, 0.45, 0.44, 0.10, 0.20])
    chars = np.array([10.0, 200.0, 100.0, 5.0, 50.0])
    context = probability_context(p, np.log1p(chars))
    column = {name: i for i, name in enumerate(CONTEXT_NAMES)}
    assert np.allclose(context[:, column["p_doc_max"]], 0.45)
    assert np.allclose(context[:, column["p_below_max"]], 0.45 - p)
    weight = chars + 1.0
    above = [weight[p > p[r]].sum() / weight.sum() for r in range(len(p))]
    assert np.allclose(context[:, column["p_rank"]], above)
    assert context[:, column["p_in_top_block"]].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert np.allclose(context[:, column["p_top_block_gap"]], np.log1p([0, 0, 0, 1, 2]))


def test_the_model_never_removes_a_documents_only_line() -> None:
    # A model that calls every line chrome (every score -4 on the log-odds scale) removes the
    # lines of a page, but not an article stored as one line: with no page around it, the
    # model has nothing to judge it against (the shipped model scored some such articles at
    # 0.54-0.56 chrome, which would have emptied them).
    stump = _stump(0, 1e9, -4.5, -4.5)  # log_chars <= 1e9 always: every line -4.5 + 0.5
    model = LineModel(stump, stump, 0.5, "test", FEATURE_NAMES + CONTEXT_NAMES)
    article = " ".join(line for line in GERMAN_PAGE.split("\n")[5:9])
    # every document is the model's to judge here (`test_an_article_without_fragments_...`)
    config = CleanConfig(rules=False, fields=False, model_min_fragment_run=0)
    one_line = clean_document(article, config=config, model=model)
    assert one_line.text == article and one_line.removed == ()
    # the same text with a blank line and a short second line: now it is a page, the model's,
    # which removes the short line; the long one is the page's only paragraph, and a page is
    # not emptied of its prose (`keep_paragraphs_beside_prose`)
    page = clean_document(article + "\n\nEin zweiter Absatz.", config=config, model=model)
    assert page.text == article
    assert [(line.text, line.reason) for line in page.removed] == [
        ("Ein zweiter Absatz.", "model:0.98")
    ]
    # with a page's chrome above it, the paragraph still stays and only the chrome goes
    page = clean_document("Menü\nSuche\n\n" + article, config=config, model=model)
    assert page.text == article
    assert [line.text for line in page.removed] == ["Menü", "Suche"]


def test_an_article_without_fragments_is_not_the_models_to_judge() -> None:
    # Full-page text holds runs of lines that end no sentence: menus, link lists, teaser
    # headlines. An article an extractor already cut out of its page (a headline, a date,
    # paragraphs) holds none, and the model, which learnt to find the article in a page,
    # would judge it against a page that is not there. A model calling every line chrome:
    stump = _stump(0, 1e9, -4.5, -4.5)
    model = LineModel(stump, stump, 0.5, "test", FEATURE_NAMES + CONTEXT_NAMES)
    menu, rest = GERMAN_PAGE.split("\n")[:5], GERMAN_PAGE.split("\n")[5:10]
    article = "\n\n".join([*rest[:1], "12.03.2024, 14:05 Uhr", "Von Jana Roth", *rest[1:]])
    config = CleanConfig(rules=False, fields=False)
    assert longest_fragment_run(article) == 3  # the headline, the date and the byline
    assert clean_document(article, config=config, model=model).removed == ()
    # five fragments in a row make a page, blank lines between them or not: the model judges
    # it and removes every line but the paragraphs (a page is not emptied of its prose)
    paragraphs = "\n\n".join(rest[1:])
    for joiner in ("\n", "\n\n"):
        page = clean_document(joiner.join([*menu[:2], article]), config=config, model=model)
        assert page.text == paragraphs and len(page.removed) == 2 + 3
    four = clean_document("\n".join([*menu[:1], article]), config=config, model=model)
    assert four.removed == ()
    # the run asked for is a setting; 0 has the model judge every document
    every = CleanConfig(rules=False, fields=False, model_min_fragment_run=0)
    assert clean_document(article, config=every, model=model).text == paragraphs
    lenient = CleanConfig(rules=False, fields=False, model_min_fragment_run=4)
    page = clean_document("\n".join([*menu[:1], article]), config=lenient, model=model)
    assert page.text == paragraphs


@needs_model
def test_a_large_batch_is_cleaned_in_slices_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A shard is cleaned in slices of `_SLICE_CHARS` characters (to stay in the CPU caches):
    # every document gets what cleaning it alone gives, its own title and site template lines.
    from copydesk.clean import _slices, clean_documents
    from copydesk.normalize import line_key

    monkeypatch.setattr("copydesk.clean._SLICE_CHARS", len(GERMAN_PAGE) + 40)
    texts = [GERMAN_PAGE, POLISH_PAGE, "Share this article\nThe council met.", ""] * 2
    texts.append(GERMAN_PAGE.replace("Kirn", "Kirn (dpa)"))
    titles = [None, "Wybory w Krakowie", None, None, "Stadtrat", None, None, None, None]
    menu = frozenset({line_key("Bad Kreuznach"), line_key("Meisenheim")})
    keys = [menu, frozenset(), frozenset(), frozenset(), frozenset(), menu, menu, menu, menu]
    alone = [
        clean_document(text, template_keys=k, title=title)
        for text, k, title in zip(texts, keys, titles, strict=True)
    ]
    # a slice ends before the text that would take it over the size; a longer text is alone
    assert list(_slices(texts)) == [(0, 1), (1, 4), (4, 5), (5, 8), (8, 9)]
    assert list(_slices(["a" * 2000, "b", "c" * 5000, "d"])) == [(0, 1), (1, 2), (2, 3), (3, 4)]
    assert clean_documents(texts, template_keys=keys, titles=titles) == alone
    # seven different results among the nine (the short ones repeat): a mix-up would show
    assert len({repr(result) for result in alone}) == 7
    with pytest.raises(ValueError, match="9 texts but 8 titles"):
        clean_documents(texts, titles=titles[:-1])


TOUR = [
    "The Doobie Brothers 50th Anniversary Tour 2020 dates:",
    "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL",
    "",
    "June 10 -- MIDFLORIDA Credit Union Amphitheatre, Tampa, FL",
    "June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA",
    "Share this article",
    "Most Popular",
]


def test_a_list_under_a_sentence_ending_in_a_colon_is_given_back() -> None:
    reasons: list[str | None] = [None, "model:0.60", None, "model:0.79", "model:0.66"]
    reasons += ["boilerplate:share", "model:0.97"]
    keep_introduced_lists("\n".join(TOUR), reasons)
    # up to the first line the model did not remove: the rules' verdict and what follows stay
    assert reasons == [None] * 5 + ["boilerplate:share", "model:0.97"]


def test_a_label_with_a_colon_or_a_paragraph_under_it_is_not_a_list() -> None:
    long_line = " ".join(["word"] * 30) + "."
    text = "\n".join(["Tags:", "Apple", "The tour dates:", long_line, "June 9"])
    reasons: list[str | None] = [None, "model:0.90", None, "model:0.70", "model:0.80"]
    keep_introduced_lists(text, reasons)
    assert reasons == [None, "model:0.90", None, "model:0.70", "model:0.80"]



GIFT_LIST = [
    "Ecco allora le offerte da non lasciarsi sfuggire:",
    "1) Lego Star Wars 75188 Bombardiere della Resistenza",
    "http://amzn.to/2iJFhRj",
    "",
    "2) Polistil 960574 Pista Elettrica Sorpasso",
    "http://amzn.to/2hZfWFJ",
    "",
    "3) Blade Runner The Final Cut (4K Ultra HD + Blu-Ray)",
    "http://amzn.to/2hWEIX7",
    "Pubblicità",
    "4) Roger Waters – The Wall (DVD)",
    "http://amzn.to/2i2e7b7",
    "Amazon black Friday Natale regali",
    "Articoli correlati",
]


def test_a_numbered_list_whose_first_items_were_kept_is_given_back_to_its_last_item() -> None:
    reasons: list[str | None] = [None] * 7 + ["model:0.50", "model:0.51", "boilerplate:advert"]
    reasons += ["model:0.72", "model:0.67", "model:0.92", "boilerplate:label"]
    keep_numbered_lists("\n".join(GIFT_LIST), reasons)
    # items 3 and 4 and the link between them are back; a rule's line inside the list and the
    # lines below its last item (where the list ends is not known) stay removed
    assert reasons == [None] * 9 + ["boilerplate:advert", None] + reasons[11:]
    assert reasons[11:] == ["model:0.67", "model:0.92", "boilerplate:label"]


def test_numbered_lines_that_are_no_kept_list_stay_removed() -> None:
    names = ["Pensionsfonds", "Direktversicherung", "Pensionskasse", "Unterstützungskasse"]
    items = [f"{n}. {name}" for n, name in enumerate(names, 1)]
    cases = [
        # the model removed the list's first item: a most-read list under the article
        (items, [None, "model:0.70", "model:0.80", "model:0.90"], 1),
        # numbers that do not start at 1, or skip one, or two items only
        ([f"{n}. {name}" for n, name in enumerate(names, 2)], None, 2),
        ([items[0], items[1], "4. Pensionskasse", "5. Unterstützungskasse"], None, 2),
        ([*items[:2], "Mehr zum Thema"], None, 2),
        # items too far apart to be one list
        ([items[0], items[1], "a", "b", "c", "d", items[2], items[3]], None, 2),
        # a numbered paragraph is no list item
        ([*items[:2], "3. " + " ".join(["Wort"] * 30)], None, 2),
    ]
    for lines, reasons, kept in cases:
        reasons = reasons or [None] * kept + ["model:0.80"] * (len(lines) - kept)
        before = list(reasons)
        keep_numbered_lists("\n".join(lines), reasons)
        assert reasons == before, lines

def test_a_list_under_a_chinese_or_japanese_intro_is_given_back() -> None:
    # a fullwidth colon, and an intro of one "word" between spaces that is a sentence
    for intro, item in (
        ("分行业看，41个工业大类行业中有16个行业利润同比增长，主要有以下几个特点：",
         "——高技术制造业利润由降转增；"),
        ("気象庁は、次の点を呼びかけている:", "・水道管の凍結防止"),
    ):  # fmt: skip
        reasons: list[str | None] = [None, "model:0.55", "model:0.52"]
        keep_introduced_lists("\n".join([intro, item, item]), reasons)
        assert reasons == [None, None, None], intro
    # a label stays a label: "标签：" is one word
    reasons = [None, "model:0.90"]
    keep_introduced_lists("标签：\n经济", reasons)
    assert reasons == [None, "model:0.90"]


def test_an_intro_the_model_removed_gives_back_nothing() -> None:
    reasons: list[str | None] = ["model:0.80", "model:0.60", None, "model:0.79", "model:0.66"]
    reasons += ["boilerplate:share", "model:0.97"]
    before = list(reasons)
    keep_introduced_lists("\n".join(TOUR), reasons)
    assert reasons == before


# A recipe as a crawler's full-page text has it (lecker.de's layout): the model removed the
# header, the ingredients and the part of the page after them.
RECIPE = [
    "Es ist der Schneewittchen-Kuchen, der mit Schattenmorellen und Marshmallows lockt.",
    "Zutaten",
    "Für Stücke",
    "• 1 Pck.  Vanillepuddingpulver",
    "• 350 g  Zucker",
    "",
    "Für den Teig:",
    "• 450 g  weiche Butter",
    "•     Salz",
    "• ½ Pck.  Backpulver",
    "Zubereitung",
    "Teilen",
    "Ähnliche Rezepte",
]
RECIPE_REASONS: list[str | None] = [None] + ["model:0.98"] * 4 + [None] + ["model:0.95"] * 5
RECIPE_REASONS += ["boilerplate:share", "model:1.00"]


def test_a_recipes_list_of_ingredients_is_given_back() -> None:
    reasons = list(RECIPE_REASONS)
    keep_ingredient_lists("\n".join(RECIPE), reasons)
    # the header, the line before the first quantity, the items and a part's subheader; the
    # next step's header ends the list, and the model's other verdicts stay
    assert reasons == [None] * 10 + ["model:0.95", "boilerplate:share", "model:1.00"]
    # in English, the header with its servings, the items led by fractions and numbers
    lines = ["Ingredients for 6 jars", "• 8-9 ripe pears", "• 1/2 tsp ground cloves", "1 lemon"]
    reasons = ["model:0.90"] * 4
    keep_ingredient_lists("\n".join(lines), reasons)
    assert reasons == [None] * 4


def test_the_pages_with_an_ingredients_header_are_found_natively() -> None:
    texts = [
        "\n".join(RECIPE),  # "Zutaten" opens a line
        "Die Zutaten sind einfach: Mehl, Eier, Salz.\nMehr dazu morgen.",  # the word inside
        "Home\n   Składniki:\n1 szklanka mąki",  # opened by spaces
        "ИНГРЕДИЕНТЫ\n200 г муки",  # upper case: the scan reads the lower-cased text
        "Ing",  # a stem cut off by the end of the text
    ]
    lows = [text.lower() for text in texts]
    low = code_points("".join(lows))
    bounds = np.cumsum([0, *map(len, lows)])
    found = ingredient_headers(low, bounds, np.arange(len(texts)))
    assert found.tolist() == [True, False, True, True, False]
    # only the documents asked about
    assert ingredient_headers(low, bounds, np.array([1, 3])).tolist() == [False, True]


def test_every_ingredients_header_word_opens_with_a_stem_the_scan_looks_for() -> None:
    # the native scan finds the pages by the stems; a header word without one would never be
    # looked for
    for word in _INGREDIENTS_WORDS:
        assert any(word.lower().startswith(stem) for stem in _INGREDIENTS_STEMS), word


def test_a_list_that_is_not_a_recipes_stays_removed() -> None:
    cases = [
        # a menu under a menu item that names ingredients
        ["• Ingredients & Preparation", "• 5 Best Brownies", "• 10 Cookies", "• 3 Pies"],
        # two quantities are no list of ingredients
        ["Zutaten", "• 200 g Mehl", "• 2 Eier", "Newsletter abonnieren"],
        # the header's word in a sentence
        ["Die Zutaten sind einfach:", "200 g Mehl", "2 Eier", "1 Prise Salz"],
        # a line that is no ingredient before the first quantity, beyond the lead-in's two
        ["Składniki", "Menu", "Przepisy", "Kontakt", "1 szklanka mąki", "2 jajka", "3 łyżki"],
    ]
    for lines in cases:
        reasons: list[str | None] = ["model:0.90"] * len(lines)
        keep_ingredient_lists("\n".join(lines), reasons)
        assert reasons == ["model:0.90"] * len(lines), lines[0]
    # a line an earlier stage named ends the list, and only the model's lines are given back
    lines = ["Ingredients", "1 cup flour", "Advertisement", "2 eggs", "3 tbsp sugar"]
    reasons = ["model:0.90", "model:0.90", "boilerplate:advert", "model:0.90", "model:0.90"]
    keep_ingredient_lists("\n".join(lines), reasons)
    assert reasons == ["model:0.90", "model:0.90", "boilerplate:advert"] + ["model:0.90"] * 2


# A standings table as full-page text has it (cells joined by tabs), in the middle of a page.
STANDINGS = [
    "Classificação do campeonato após a 10ª etapa, em Interlagos:",
    "Pos.\t\tPiloto\t\tPontos\t\tVitórias",
    "1\t\tKyle Busch\t\t5040\t\t5",
    "",
    "2\t\tMartin Truex Jr.\t\t5035\t\t7",
    "3\t\tKevin Harvick\t\t5033\t\t4",
    "4\t\tDenny Hamlin\t\t5027\t\t6",
    "Publicidade",
    "Home\t\tNotícias",
    "Fórmula 1\t\tStock Car",
    "Contato\t\tSobre",
]


def test_a_tables_rows_stay_where_the_model_kept_one() -> None:
    reasons: list[str | None] = [None, None, "model:0.60", None, "model:0.55", None]
    reasons += ["model:0.58", "boilerplate:advert", "model:0.90", "model:0.95", "model:0.97"]
    assert len(reasons) == len(STANDINGS)
    keep_table_rows("\n".join(STANDINGS), reasons)
    # the table's removed rows are back (a blank line does not split it, a line without a
    # tab does); the menu of three rows under it, every one removed, stays removed
    assert reasons == [None] * 7 + ["boilerplate:advert", "model:0.90", "model:0.95", "model:0.97"]


def test_rows_that_are_no_table_stay_removed() -> None:
    cases = [
        ["a\tb", "c\td", "prose between", "e\tf"],  # two rows, then one: no run of three
        ["a\tb", "c\td\te", "f\tg", "h\ti\tj"],  # the number of cells changes every row
        ["a\t", "b\t", "c\t"],  # a tab at the end of a line separates no cells
    ]
    for lines in cases:
        reasons: list[str | None] = [None] + ["model:0.80"] * (len(lines) - 1)
        before = list(reasons)
        keep_table_rows("\n".join(lines), reasons)
        assert reasons == before, lines
    # a row an earlier stage named stays removed; the model's rows of the table come back
    reasons = [None, "repeat:paragraph", "model:0.80"]
    keep_table_rows("a\t1\nb\t2\nc\t3", reasons)
    assert reasons == [None, "repeat:paragraph", None]


def test_the_structure_steps_run_after_the_model_in_clean_document() -> None:
    # a model that keeps exactly the lines ending a sentence: it removes every ingredient, the
    # menu and the table rows but one ("Jr."), and the page's structure gives back what belongs
    terminal = FEATURE_NAMES.index("ends_terminal")
    model = LineModel(
        _stump(terminal, 0.5, -6.0, 6.0),
        _stump(terminal, 0.5, -6.0, 6.0),
        0.5,
        "a test",
        FEATURE_NAMES + CONTEXT_NAMES,
    )
    page = [
        "Home",
        "Rezepte",
        "Backen",
        "Dieser Kuchen mit Schattenmorellen gelingt auch Anfängern, und er schmeckt allen.",
        "Zutaten",
        "• 1 Pck. Vanillepuddingpulver",
        "• 350 g Zucker",
        "• 500 ml Milch",
        "Den Backofen vorheizen und die Form fetten, dann den Teig hineingeben.",
        "Punkte\t\tSiege\t\tFahrer",
        "5040\t\t5\t\tKyle Busch",
        "5035\t\t7\t\tMartin Truex Jr.",
        "5033\t\t4\t\tKevin Harvick",
        "1. Den Backofen auf 180 Grad vorheizen.",
        "2. Die Butter mit dem Zucker schaumig rühren.",
        "3. Im Ofen 40 Minuten backen",
        "4. Mit Puderzucker bestäuben",
        "Impressum",
        "Datenschutz",
    ]
    config = CleanConfig(fields=False, model_min_fragment_run=0)  # the model judges the page
    result = clean_document("\n".join(page), model=model, config=config)
    kept = result.text.split("\n")
    assert page[3:9] == kept[:6]  # the ingredients and their header are back
    assert page[9:13] == kept[6:10]  # the table's rows, with the one the model kept
    assert page[13:17] == kept[10:]  # the numbered steps, the last two without a full stop
    removed = {line.text: line.reason.split(":")[0] for line in result.removed}
    assert removed == {
        "Home": "boilerplate",
        "Rezepte": "model",
        "Backen": "model",
        "Impressum": "boilerplate",
        "Datenschutz": "boilerplate",
    }


TAG_CLOUDS = [
    # a tag of two words ("Cake Pops") breaks the order once
    "Abenteuer Akrobatik basteln Cake Pops Clown Dekoration dekorieren draußen DVD Eis "
    "Erlebnisgeschenk Essen Feier Film Fußball Gartenparty Geschenke Halloween",
    # one pair out of order ("comunicado comunicação"); a word with and without its accents
    "agua alerta ambiente amizade atendimento atirador bem-estar biblioteca caminhada campanha "
    "capacitacao capacitação carnaval civil cmdca comunicado comunicação concreto concurso "
    "conselheiros conselho contação cultura",
    "Artenschutz, Bartgeier, Bavaria, Bayern, Biodiversität, Naturschutz, Schutzprojekt, "
    "Tierhilfe, Vögel, Wally",
]
NOT_TAG_CLOUDS = [
    # sorted, but nine words
    "Apple Arbeit CSS Debug Design Doctrine Dojo Entwicklung Fehler",
    # a sentence whose words happen to run in order in places
    "All big cats eat meat, but lions hunt in prides while tigers hunt alone at night",
    # a roll call in alphabetical order is a sentence: it ends in a full stop
    "Voting yes were Adams, Baker, Clark, Davis, Evans, Fisher, Gomez, Harris and Irving.",
    # a menu of sections in the site's own order
    "Home News Politik Wirtschaft Sport Kultur Reise Auto Digital Wissen Gesundheit",
    # a table's row: the same word again is no tag after the one before
    "Object-Oriented Yes Yes Yes Yes Yes Yes Yes Partial Yes Yes",
    # code, whose names an index may sort
    "`combinations_with_replacement('ABCD', 2)` | AA AB AC AD BB BC BD CC CD DD |",
    # a hard-wrapped line of prose
    "is specified it must refer to an earlier entry in the",
]


@pytest.mark.parametrize("line", TAG_CLOUDS)
def test_a_line_of_words_in_alphabetical_order_is_a_tag_cloud(line: str) -> None:
    assert is_tag_cloud(line)


@pytest.mark.parametrize("line", NOT_TAG_CLOUDS)
def test_lines_out_of_order_short_or_ending_a_sentence_are_no_tag_cloud(line: str) -> None:
    assert not is_tag_cloud(line)


def test_a_tag_cloud_the_model_kept_is_named_tags() -> None:
    # a model that keeps every line: the cloud goes, as `boilerplate:tags`; the menu and the
    # article stay (the menu is the model's to judge)
    keep_all = _stump(0, 0.0, 6.0, 6.0)
    model = LineModel(keep_all, keep_all, 0.5, "a test", FEATURE_NAMES + CONTEXT_NAMES)
    page = [
        NOT_TAG_CLOUDS[3],
        "Die Grundschule am Park feiert ihr fünfzigjähriges Bestehen mit einem Fest für alle.",
        "Eltern, Kinder und Lehrer laden am Samstag ab zehn Uhr auf den Schulhof ein.",
        TAG_CLOUDS[0],
    ]
    config = CleanConfig(fields=False, model_min_fragment_run=0)
    result = clean_document("\n".join(page), model=model, config=config)
    assert [(line.text, line.reason) for line in result.removed] == [
        (TAG_CLOUDS[0], "boilerplate:tags")
    ]
    assert result.text.split("\n") == page[:3]


def test_a_short_line_takes_the_verdict_its_neighbours_share() -> None:
    # document 0: prose, "Photos" (model: chrome), a blank line, a long paragraph, a share
    # button (a rule), "Sponsored" (model: kept), "Advertisement" (a rule);
    # document 1: "Top stories" (kept) and a menu item (model: chrome)
    reasons: list[list[str | None]] = [
        [None, "model:0.80", None, None, "boilerplate:share", None, "boilerplate:advert"],
        [None, "model:0.90"],
    ]
    words = [30, 1, 25, 2, 1, 1, 2, 1]  # per non-blank line
    rows = np.array([0, 1, 3, 4, 5, 6, 0, 1])
    unclaimed = np.array([True, True, True, True, False, True, False, True, True])
    log_words = np.log1p(np.array(words, np.float32))
    no_scores = np.full(len(rows), np.nan)  # (`follow_neighbours` reads neither)
    judged = JudgedRows(
        rows, np.array([0, 6, 8]), np.array([0, 7, 9]), unclaimed, log_words, no_scores, no_scores
    )
    follow_neighbours(reasons, judged)
    assert reasons == [
        # "Photos" sits between two kept lines (the blank one aside) and is kept; the long
        # paragraph keeps its verdict, and so does the rule's line; "Sponsored" sits between
        # two removed lines and is removed
        [None, None, None, None, "boilerplate:share", "model:context", "boilerplate:advert"],
        # a document's first line has no neighbour above it in another document
        [None, "model:0.90"],
    ]


def test_a_paragraph_the_model_removed_beside_a_kept_one_stays() -> None:
    # document 0 (one row per line): a menu item, two kept paragraphs, two paragraphs the model
    # removed, a removed line of three words, a removed paragraph, a teaser's summary a rule named
    # document 1: a removed paragraph under a removed menu item, and a kept paragraph after a
    # blank line and a rule's line
    reasons: list[list[str | None]] = [
        ["model:0.95", None, None, "model:0.55", "model:0.70", "model:0.90", "model:0.60",
         "boilerplate:teaser"],
        ["model:0.97", "model:0.65", None, "boilerplate:share", None],
    ]  # fmt: skip
    words = [1, 30, 25, 20, 40, 3, 28, 22, 2, 30, 2, 35]
    terminal = [0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1]
    rows = [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 3, 4]  # document 1's line 2 is blank
    _keep_paragraphs(reasons, rows, [0, 8, 12], [0, 8, 13], words, terminal)
    assert reasons == [
        # the run of two removed paragraphs under the kept ones comes back; the short line ends
        # the run, so the paragraph below it keeps the model's verdict, and the rule's line stays
        [
            "model:0.95", None, None, None, None, "model:0.90", "model:0.60",
            "boilerplate:teaser",
        ],
        # no kept paragraph beside it (the share button stands between, a rule's verdict)
        ["model:0.97", "model:0.65", None, "boilerplate:share", None],
    ]  # fmt: skip


def _keep_paragraphs(
    reasons: list[list[str | None]],
    rows: list[int],
    row_bounds: list[int],
    line_bounds: list[int],
    words: list[int],
    terminal: list[int],
) -> None:
    """`keep_paragraphs_beside_prose` on `reasons` as `model_reasons` calls it: the lines no
    earlier stage named (None or `model:<score>`) are the model's, and each row's score is
    1 - its chrome score, 0.9 for a kept line, NaN for a line an earlier stage named."""
    unclaimed = [reason is None or reason.startswith("model:") for doc in reasons for reason in doc]
    scores = []
    for d in range(len(row_bounds) - 1):
        for row in rows[row_bounds[d] : row_bounds[d + 1]]:
            reason = reasons[d][row]
            if reason is None:
                scores.append(0.9)
            elif reason.startswith("model:"):
                scores.append(1.0 - float(reason.split(":")[1]))
            else:
                scores.append(float("nan"))
    judged = JudgedRows(
        np.array(rows),
        np.array(row_bounds),
        np.array(line_bounds),
        np.array(unclaimed),
        np.log1p(np.array(words, np.float32)),
        np.array(terminal, np.float32),
        np.array(scores),
    )
    keep_paragraphs_beside_prose(reasons, judged)


def test_a_page_the_model_would_empty_of_prose_keeps_its_best_paragraph() -> None:
    # document 0: a menu item, a paragraph at 0.80, the article's two paragraphs at 0.55 and
    # 0.60 (all removed by the model), a comment thread a rule named
    # document 1: nothing but menu items and a short line, which stay removed
    # document 2: a kept paragraph, so the removed one far below it stays removed
    reasons: list[list[str | None]] = [
        ["model:0.99", "model:0.80", "model:0.55", "model:0.60", "boilerplate:comments"],
        ["model:0.97", "model:0.95", "model:0.70"],
        [None, "model:0.99", "model:0.52"],
    ]  # fmt: skip
    words = [1, 20, 40, 30, 50, 2, 3, 6, 30, 2, 25]
    terminal = [0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1]
    rows = [0, 1, 2, 3, 4, 0, 1, 2, 0, 1, 2]
    bounds = [0, 5, 8, 11]
    _keep_paragraphs(reasons, rows, bounds, bounds, words, terminal)
    assert reasons == [
        # the best paragraph (0.55) stays, and the paragraphs beside it with it; the rule's
        # verdict is never the model's to undo
        ["model:0.99", None, None, None, "boilerplate:comments"],
        ["model:0.97", "model:0.95", "model:0.70"],
        [None, "model:0.99", "model:0.52"],
    ]

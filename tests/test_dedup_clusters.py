"""Clustering of copies: partial copies found, roundups and look-alikes kept apart, the
representative chosen as configured, overlap spans that point into both texts."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import copydesk
from copydesk.config import Config
from copydesk.dedup.cluster import AcceptRule, verified_clusters
from copydesk.dedup.lsh import band_hashes, candidate_pairs
from copydesk.dedup.overlap import overlap_spans
from copydesk.dedup.sketch import SketchParams, minhash
from copydesk.dedup.verify import pair_similarity
from copydesk.normalize import for_matching

FERRY = [
    "Ferry crews on the northern routes walked out at dawn on Tuesday after talks over night "
    "shift pay collapsed late on Monday evening, leaving thousands of commuters stranded.",
    "The union said its members had been offered a rise of two per cent, well below the rate "
    "of inflation, and that the operator had refused to discuss rest periods between crossings.",
    "Queues formed at the harbour terminal from six in the morning as passengers learned that "
    "only one vessel, crewed by managers, would sail before noon.",
    "The operator said it regretted the disruption and urged the union to return to the table, "
    "adding that its offer was the most generous in the company's history.",
    "Local businesses on the islands warned that a long strike would empty their shops in the "
    "busiest month of the year, when visitors usually double the population.",
    "A spokesperson for the transport ministry said officials were monitoring the situation "
    "closely and were ready to help both sides reach an agreement.",
    "The strike is set to last forty-eight hours, and the union has not ruled out further "
    "action if the dispute is not settled by the end of the month.",
    "Passengers holding tickets for cancelled sailings can claim a full refund or travel on any "
    "service in the following seven days, the operator said.",
]
ORCHARD = [
    "Apple growers in the river valley expect their smallest harvest in a decade after a late "
    "frost in April destroyed most of the blossom on the lower slopes.",
    "The growers' association estimates that yields will fall by nearly half, with the early "
    "varieties hit hardest because they had flowered before the cold snap.",
    "Several family orchards have already told seasonal pickers that they will need fewer hands "
    "this autumn, and some will not open their farm shops at all.",
    "Cider makers, who buy much of the valley's fruit, said they would import apples from "
    "abroad to keep their presses running through the winter.",
    "The regional council has opened a hardship fund for growers who lost more than a third of "
    "their crop, with grants of up to twenty thousand to cover wages and loans.",
    "Scientists at the agricultural college said frosts after flowering have become more common "
    "as warmer springs bring the blossom out earlier each year.",
    "They are testing frost fans and late-flowering varieties in trial plots, though growers say "
    "replanting an orchard takes at least five years to pay back.",
    "Prices at the farm gate are expected to rise, but the association warned that higher "
    "prices would not make up for the apples that never grew.",
]
# Two different stories on a recurring yearly event: one topic, a nine-word phrase in common.
MARATHON_2024 = [
    "The city marathon returned to the riverside on Sunday, drawing a record field of runners.",
    "More than twelve thousand runners crossed the finish line in front of the town hall, "
    "cheered on by crowds that lined the embankment from the old bridge to the park.",
    "Kenyan runner Daniel Kiptoo won the men's race in two hours and nine minutes, breaking the "
    "course record set in 2019 by almost a minute on a cool and windless morning.",
    "The women's race went to local favourite Anna Berg, a schoolteacher who trains on the same "
    "streets before her lessons and finished eleven seconds clear of the field.",
    "Organisers said the new route through the harbour district had been a success, and that "
    "the water stations had been doubled after complaints from last year's runners.",
    "Two runners were treated for exhaustion near the twentieth mile and released the same day.",
]
MARATHON_2025 = [
    "The city marathon returned to the riverside on Sunday, under heavy rain and strong wind.",
    "Fewer than nine thousand runners started this year, after organisers capped entries to ease "
    "crowding at the narrow start beside the cathedral and the flower market.",
    "Ethiopian runner Meron Tesfaye took the men's title in two hours and fourteen minutes, well "
    "outside the record as gusts slowed the leaders along the exposed seafront.",
    "In the women's race the defending champion dropped out with an injury at halfway, leaving "
    "a student from the university sports club to win her first marathon.",
    "The council said next year's race may move to October, when the weather is usually calmer, "
    "and that a vote on the new date will be held in the spring.",
    "Volunteers handed out foil blankets to hundreds of shivering runners at the finish.",
]
ROUNDUP_INTRO = "Here is what you need to know this morning: two stories from around the region."


def _text(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs)


def _typos(paragraphs: list[str], every: int) -> list[str]:
    """Swap two letters in every `every`-th word (a sloppy re-typing)."""
    out = []
    for p in paragraphs:
        words = p.split(" ")
        for i in range(3, len(words), every):
            w = words[i]
            if len(w) > 3:
                words[i] = w[0] + w[2] + w[1] + w[3:]
        out.append(" ".join(words))
    return out


def _cluster(texts: list[str], rule: AcceptRule | None = None) -> np.ndarray:
    """The match pass's steps on raw texts: sketch, LSH candidates (plus every pair, so the test
    sees verification, not banding luck), estimates, verified clusters."""
    params = SketchParams(shingle_words=3)
    signatures, counts = minhash([" ".join(for_matching(t).split()) for t in texts], params)
    n = len(texts)
    lsh = candidate_pairs(band_hashes(signatures, 42, 3), 16)
    every = np.array([(i, j) for i in range(n) for j in range(i + 1, n)], dtype=np.int64)
    pairs = np.unique(np.concatenate([lsh, every]), axis=0)
    jaccard, c_ij, c_ji = pair_similarity(signatures, counts, pairs)
    return verified_clusters(
        pairs, jaccard, c_ij, c_ji, signatures, counts, rule or AcceptRule(jaccard=0.45)
    )


def test_partial_copies_are_found_by_containment() -> None:
    truncated = FERRY[:4]  # half the story
    padded = FERRY + ORCHARD[:6]  # the whole story and as much again of local text
    labels = _cluster([_text(FERRY), _text(truncated), _text(padded), _text(ORCHARD[6:])])
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == 3


def test_a_roundup_quoting_two_stories_does_not_glue_them() -> None:
    ferry_short = FERRY[:4]
    orchard_short = ORCHARD[:5]
    roundup = [ROUNDUP_INTRO, *ferry_short, *orchard_short]
    texts = [
        _text(FERRY),
        _text(_typos(FERRY, 11)),
        _text(ferry_short),
        _text(ORCHARD),
        _text(orchard_short),
        _text(roundup),
    ]
    labels = _cluster(texts)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4]
    assert labels[0] != labels[3]
    assert labels[5] == 5, "the roundup is its own document, in neither story's cluster"
    # plain union-find over the same accepted pairs would have glued all six together
    from copydesk.dedup.cluster import connected_components

    params = SketchParams(shingle_words=3)
    signatures, counts = minhash([" ".join(for_matching(t).split()) for t in texts], params)
    pairs = np.array([(i, j) for i in range(6) for j in range(i + 1, 6)], dtype=np.int64)
    jac, c_ij, c_ji = pair_similarity(signatures, counts, pairs)
    accepted = AcceptRule(jaccard=0.45).accepts(
        jac, c_ij, c_ji, counts[pairs[:, 0]], counts[pairs[:, 1]]
    )
    assert len(set(connected_components(6, pairs[accepted]).tolist())) == 1


def test_clusters_do_not_depend_on_pair_order() -> None:
    texts = [_text(FERRY), _text(FERRY[:4]), _text(_typos(FERRY, 7)), _text(ORCHARD)]
    params = SketchParams(shingle_words=3)
    signatures, counts = minhash([" ".join(for_matching(t).split()) for t in texts], params)
    pairs = np.array([(i, j) for i in range(4) for j in range(i + 1, 4)], dtype=np.int64)
    jac, c_ij, c_ji = pair_similarity(signatures, counts, pairs)
    first = verified_clusters(pairs, jac, c_ij, c_ji, signatures, counts, AcceptRule())
    flip = np.random.default_rng(3).permutation(len(pairs))
    second = verified_clusters(
        pairs[flip], jac[flip], c_ij[flip], c_ji[flip], signatures, counts, AcceptRule()
    )
    assert first.tolist() == second.tolist() == [0, 0, 0, 3]


def test_overlap_spans_point_into_both_texts() -> None:
    representative = _text(FERRY)
    # a local paragraph inserted, the rest re-wrapped at 60 columns
    member = "\n".join([FERRY[0], ORCHARD[0], *[p[:60] + "\n" + p[60:] for p in FERRY[1:5]]])
    spans = overlap_spans(member, representative)
    assert len(spans) == 2
    first, second = spans
    assert member[first["start"] : first["end"]] == FERRY[0]
    assert representative[first["rep_start"] : first["rep_end"]] == FERRY[0]
    assert member[second["start"] : second["end"]].replace("\n", "") == "".join(FERRY[1:5])
    assert representative[second["rep_start"] : second["rep_end"]] == "\n".join(FERRY[1:5])
    assert overlap_spans(_text(ORCHARD), representative) == []


def _run(tmp_path: Path, records: list[dict[str, Any]], **dedup: Any) -> copydesk.RunResult:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config = Config().replace("engine", workers=1).replace("output", report=False)
    if dedup:
        config = config.replace("dedup", **dedup)
    return copydesk.run([corpus], tmp_path / "out", config)


def _jsonl(folder: Path, records: list[dict[str, Any]]) -> Path:
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _record(doc_id: str, paragraphs: list[str], source: str, date: str) -> dict[str, Any]:
    return {"id": doc_id, "text": _text(paragraphs), "source": source, "date": date}


@pytest.fixture()
def syndicated() -> list[dict[str, Any]]:
    return [
        _record("herald-truncated", FERRY[:3], "Herald", "2025-06-01T08:00"),
        _record("agency-full", FERRY, "Agency", "2025-06-01T09:00"),
        _record("post-typos", _typos(FERRY, 10), "Post", "2025-06-01T10:00"),
        _record("courier-local", [*FERRY, ORCHARD[0]], "Courier", "2025-06-01T11:00"),
        _record("marathon-2024", MARATHON_2024, "Herald", "2024-05-05T12:00"),
        _record("marathon-2025", MARATHON_2025, "Herald", "2025-05-04T12:00"),
        _record("marathon-2025-post", _typos(MARATHON_2025, 12), "Post", "2025-05-04T15:00"),
    ]


def test_most_complete_version_is_kept_and_every_copy_points_to_it(
    tmp_path: Path, syndicated: list[dict[str, Any]]
) -> None:
    result = _run(tmp_path, syndicated)
    docs = {d["id"]: d for d in result.documents()}
    ferry = [d for d in docs if d.startswith(("herald-", "agency-", "post-", "courier-"))]
    # the earliest copy is truncated: the default prefers the most complete version
    assert docs["agency-full"]["status"] == "kept"
    for doc_id in ferry:
        if doc_id != "agency-full":
            assert docs[doc_id]["status"] == "duplicate"
            assert docs[doc_id]["duplicate_of"] == "agency-full"
            assert docs[doc_id]["cluster"] == docs["agency-full"]["cluster"]
    assert docs["herald-truncated"]["reasons"] == ["duplicate:partial"]
    assert docs["herald-truncated"]["containment"] >= 0.8
    cluster = next(c for c in result.clusters() if c["representative"] == "agency-full")
    members = {m["id"]: m for m in cluster["members"]}
    full = docs["agency-full"]["text"]
    for doc_id in ("herald-truncated", "courier-local"):
        spans = members[doc_id]["spans"]
        text = docs[doc_id]["text"]
        assert spans, doc_id
        for span in spans:
            assert for_matching(text[span["start"] : span["end"]]) in for_matching(full)
            assert full[span["rep_start"] : span["rep_end"]] in full


def test_recurring_yearly_event_stories_stay_apart(
    tmp_path: Path, syndicated: list[dict[str, Any]]
) -> None:
    phrase = "the city marathon returned to the riverside on sunday"
    assert phrase in MARATHON_2024[0].lower() and phrase in MARATHON_2025[0].lower()
    docs = {d["id"]: d for d in _run(tmp_path, syndicated).documents()}
    assert docs["marathon-2024"]["status"] == "kept"
    assert docs["marathon-2024"]["cluster"] is None
    assert docs["marathon-2025-post"]["duplicate_of"] == "marathon-2025"
    assert docs["marathon-2025"]["cluster"] != docs["marathon-2024"]["cluster"]


def test_source_priority_chooses_the_representative(
    tmp_path: Path, syndicated: list[dict[str, Any]]
) -> None:
    result = _run(
        tmp_path,
        syndicated,
        representative=("source_priority", "earliest", "id"),
        source_priority=("Post", "Agency"),
    )
    docs = {d["id"]: d for d in result.documents()}
    assert docs["post-typos"]["status"] == "kept"
    assert docs["agency-full"]["duplicate_of"] == "post-typos"
    assert docs["marathon-2025"]["duplicate_of"] == "marathon-2025-post"


def test_earliest_representative(tmp_path: Path, syndicated: list[dict[str, Any]]) -> None:
    result = _run(tmp_path, syndicated, representative=("earliest", "id"))
    docs = {d["id"]: d for d in result.documents()}
    assert docs["herald-truncated"]["status"] == "kept"
    assert docs["agency-full"]["duplicate_of"] == "herald-truncated"


def test_representative_settings_load_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "copydesk.toml"
    path.write_text(
        '[dedup]\nrepresentative = ["source_priority", "most_complete", "earliest"]\n'
        'source_priority = ["AFP", "Reuters"]\n',
        encoding="utf-8",
    )
    dedup = Config.from_toml(path).dedup
    assert dedup.representative == ("source_priority", "most_complete", "earliest")
    assert dedup.source_priority == ("AFP", "Reuters")
    path.write_text('[dedup]\nrepresentative = ["freshest"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="freshest"):
        Config.from_toml(path)


def _completeness(texts: list[str], labels: list[int]) -> np.ndarray:
    from copydesk.dedup.cluster import completeness

    signatures, _ = minhash(
        [" ".join(for_matching(t).split()) for t in texts], SketchParams(shingle_words=3)
    )
    return completeness(np.array(labels), signatures)


def test_completeness_prefers_the_full_text_and_ignores_a_local_paragraph() -> None:
    texts = [
        _text(FERRY[:4]),  # truncated
        _text(_typos(FERRY, 6)),  # sloppy
        _text(FERRY),  # the wire text
        _text([*FERRY, ORCHARD[0]]),  # the wire text and a local paragraph
        _text(ORCHARD),  # another story, alone
    ]
    score = _completeness(texts, [0, 0, 0, 0, 4])
    assert score[2] == score[3]  # a local paragraph neither helps nor hurts
    assert score[2] > score[1] and score[2] > score[0]
    assert score[4] == 0


def test_completeness_prefers_the_full_text_where_no_other_copy_holds_the_rest() -> None:
    # In a pair, or where every other copy is cut at the same place, the rest of the story is
    # held by one member, as a local addition would be: the copy holding half of it never wins.
    pair = _completeness([_text(FERRY[:4]), _text(FERRY)], [0, 0])
    assert pair[1] > pair[0]
    cut_alike = _completeness([_text(FERRY[:4]), _text(FERRY[:4]), _text(FERRY)], [0, 0, 0])
    assert cut_alike[2] > cut_alike[0] == cut_alike[1]


def test_earliest_compares_moments_not_date_strings(tmp_path: Path) -> None:
    # 22:30 at UTC-5 is 03:30 UTC on the 16th: after 01:00 UTC, though it sorts first as text;
    # "2025-6-1" (unpadded) is before "2025-06-15", though it sorts after it as text.
    records = [
        _record("new-york", FERRY, "Post", "2025-06-15T22:30:00-05:00"),
        _record("london", _typos(FERRY, 10), "Herald", "2025-06-16T01:00:00Z"),
        _record("orchard-late", ORCHARD, "Herald", "2025-06-15"),
        _record("orchard-early", _typos(ORCHARD, 10), "Post", "2025-6-1"),
    ]
    result = _run(tmp_path, records, representative=("earliest", "id"))
    docs = {d["id"]: d for d in result.documents()}
    assert docs["new-york"]["duplicate_of"] == "london"
    assert docs["orchard-late"]["duplicate_of"] == "orchard-early"


def test_date_instant_reads_the_forms_crawls_use() -> None:
    import polars as pl

    from copydesk.passes.match import date_instant

    dates = [
        "2025-06-16T01:00:00Z", "2025-06-16T03:00:00+02:00", "2025-06-16 01:00:00",
        "2025-06-16T01:00", "Mon, 16 Jun 2025 01:00:00 GMT", "Mon, 16 Jun 2025 03:00:00 +0200",
        "16 Jun 2025 01:00:00 +0000", "2025-06-16T06:00:00+05", "2025-06-16 01:00:00 UTC",
        "1750035600",  # Unix seconds
        "2025-06-16t01:00:00z",  # RFC 3339 in lower case
    ]  # fmt: skip
    frame = pl.DataFrame({"date": [*dates, "2025-6-16", "Mon, 16 Jun 2025 01:00:00 EST", None]})
    instants = frame.select(date_instant(pl.col("date")))["date"].to_list()
    assert len({str(moment) for moment in instants[: len(dates)]}) == 1  # one moment, eleven forms
    assert str(instants[len(dates)]) == "2025-06-16 00:00:00+00:00"
    assert instants[-2:] == [None, None]


def test_source_priority_ignores_case_and_spaces(tmp_path: Path) -> None:
    records = [
        _record("paper", FERRY, "Le Monde", "2025-06-01T08:00"),
        _record("agency", _typos(FERRY, 10), " afp ", "2025-06-01T09:00"),
    ]
    result = _run(
        tmp_path, records, representative=("source_priority", "earliest"), source_priority=("AFP",)
    )
    docs = {d["id"]: d for d in result.documents()}
    assert docs["paper"]["duplicate_of"] == "agency"


def test_a_french_copy_with_straight_quotes_is_an_exact_duplicate(tmp_path: Path) -> None:
    story = [
        "Le gouvernement a présenté mercredi un plan d'économies de vingt milliards d'euros, "
        "qui prévoit notamment le gel des pensions de retraite pendant un an.",
        "« Nous ne céderons pas sur l'essentiel », a déclaré le Premier ministre devant les "
        "députés, tandis que l'opposition dénonçait « un budget d'austérité ».",
        "Les syndicats ont appelé à une journée de mobilisation le 2 octobre dans toute la France, "
        "la première depuis la réforme des retraites de 2023.",
    ]
    typographic = [p.replace("« ", "«\u202f").replace(" »", "\u202f»") for p in story]
    plain = [p.replace("« ", '"').replace(" »", '"') for p in story]
    records = [
        _record("le-monde", typographic, "Le Monde", "2025-09-03T08:00"),
        _record("wire", plain, "AFP", "2025-09-03T09:00"),
    ]
    docs = {d["id"]: d for d in _run(tmp_path, records).documents()}
    assert docs["wire"]["reasons"] == ["duplicate:exact"]
    assert docs["wire"]["duplicate_of"] == "le-monde"


# A Chinese wire story (no spaces between words), and next year's story on the same occasion.
XINHUA = [
    "新华社北京3月12日电 联合国秘书长周二在纽约总部发表讲话，呼吁各国加强合作，"
    "共同应对气候变化带来的挑战。他指出，过去一年全球平均气温再创新高，极端天气事件频发。",
    "他表示，发展中国家在应对气候变化方面面临资金和技术的双重困难，发达国家应履行承诺，提供更多支持。",
    "据报道，多国代表在会上表示支持秘书长的倡议，并承诺将在下个月的气候大会上提出更具雄心的减排目标。",
    "分析人士认为，此次讲话释放了明确信号，国际社会需要在未来十年内采取果断行动。",
    "秘书长还强调，小岛屿国家受海平面上升威胁最为严重，国际社会应优先帮助这些国家提高适应能力。",
    "会议期间，多个非政府组织在会场外举行活动，呼吁各国政府兑现减排承诺，保护地球家园。",
]
NEW_YEAR_2017 = [
    "新华社北京12月31日电 国家主席在新年前夕发表二〇一七年新年贺词，向全国各族人民致以新年的祝福。",
    "他说，二〇一六年，我们团结一心、攻坚克难，经济保持中高速增长，全面深化改革取得新突破。",
    "他表示，这一年，航天事业取得重大进展，里约奥运会上中国女排再度夺冠。",
    "他最后祝愿各国人民幸福安康，世界和平美好。",
]
NEW_YEAR_2018 = [
    "新华社北京12月31日电 国家主席在新年前夕发表二〇一八年新年贺词，向全国各族人民致以新年的祝福。",
    "他说，二〇一七年，我们描绘了全面建成小康社会、开启全面建设社会主义现代化国家新征程的宏伟蓝图。",
    "他表示，这一年，国产大型客机成功首飞，首艘国产航母下水，雄安新区设立。",
    "他最后祝愿各国人民幸福安康，世界和平美好。",
]


def test_chinese_copies_edited_in_every_paragraph_are_found_and_look_alikes_kept(
    tmp_path: Path,
) -> None:
    # Each character is a word: with words cut only at commas (a clause a word), one small
    # edit per paragraph left this copy at an estimated Jaccard of 0.02, and it was missed.
    edits = [("周二", "12日"), ("双重困难", "双重挑战"), ("下个月", "下月"), ("果断", "坚决"),
             ("最为严重", "最严重"), ("兑现", "履行")]
    edited = [p.replace(*edit) for p, edit in zip(XINHUA, edits, strict=True)]
    assert all(a != b for a, b in zip(XINHUA, edited, strict=True))
    records = [
        _record("xinhua", XINHUA, "Xinhua", "2024-03-12T08:00"),
        _record("edited", ["联合国秘书长呼吁加强气候合作", *edited], "Daily", "2024-03-12T09:00"),
        _record("lead", XINHUA[:2], "Evening", "2024-03-12T10:00"),
        _record("2017", NEW_YEAR_2017, "Xinhua", "2016-12-31T19:00"),
        _record("2018", NEW_YEAR_2018, "Xinhua", "2017-12-31T19:00"),
    ]
    result = _run(tmp_path, records)
    docs = {d["id"]: d for d in result.documents()}
    assert docs["xinhua"]["status"] == "kept"
    assert docs["edited"]["duplicate_of"] == docs["lead"]["duplicate_of"] == "xinhua"
    assert docs["2017"]["status"] == docs["2018"]["status"] == "kept"
    assert docs["2017"]["cluster"] is None and docs["2018"]["cluster"] is None
    cluster = next(c for c in result.clusters() if c["representative"] == "xinhua")
    member = next(m for m in cluster["members"] if m["id"] == "edited")
    assert member["similarity"] >= 0.6
    text = docs["edited"]["text"]
    (span,) = member["spans"]  # every paragraph, the headline line aside
    assert text[span["start"] : span["end"]] == "\n".join(edited)
    assert docs["xinhua"]["text"][span["rep_start"] : span["rep_end"]] == "\n".join(XINHUA)


def _random_story(rng: random.Random, vocabulary: list[str], paragraphs: int = 8) -> list[str]:
    return [
        " ".join(rng.choice(vocabulary) for _ in range(50)).capitalize() + "."
        for _ in range(paragraphs)
    ]


def test_a_copy_of_only_a_storys_lead_is_found_without_a_third_copy(tmp_path: Path) -> None:
    # An aggregator's first two of eight paragraphs: Jaccard ~0.25 with the story, where the
    # text bands find a pair about half the time; the lead keys find it (docs/DEDUP.md).
    rng = random.Random(7)
    letters = "abcdefghiklmnoprstuvw"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(5000)]
    records = []
    for n in range(40):
        story = _random_story(rng, vocabulary)
        records.append(_record(f"story-{n}", story, "Agency", "2025-06-01T09:00"))
        lead = [f"Headline {n} of the aggregator", *story[:2]]  # its own headline line first
        records.append(_record(f"lead-{n}", lead, "Aggregator", "2025-06-01T08:00"))
    config = Config().dedup_only().replace("engine", workers=1).replace("output", report=False)
    result = copydesk.run([_jsonl(tmp_path, records)], tmp_path / "out", config)
    docs = {d["id"]: d for d in result.documents()}
    found = [n for n in range(40) if docs[f"lead-{n}"]["duplicate_of"] == f"story-{n}"]
    # the lead bands find 92% of such pairs (docs/DEDUP.md), the text bands about half
    assert len(found) >= 36, len(found)
    assert all(docs[f"story-{n}"]["status"] == "kept" for n in found)  # the full story represents
    stories = {d["cluster"] for d in docs.values() if d["cluster"] is not None}
    assert len(stories) == len(found)  # and no two stories meet


def test_lead_keys_are_shared_by_copies_of_a_lead_and_not_by_other_stories() -> None:
    from copydesk.dedup.lead import lead_keys

    rng = random.Random(3)
    vocabulary = ["".join(rng.choices("abcdefghiklmnoprstuvw", k=6)) for _ in range(3000)]
    story, other = _random_story(rng, vocabulary), _random_story(rng, vocabulary)
    texts = [
        " ".join(story),
        "An outlet's own headline " + " ".join(story[:2]),
        " ".join(other),
        "",
    ]
    keys = lead_keys([for_matching(t) for t in texts])
    assert set(keys[0]) & set(keys[1])
    assert not set(keys[0]) & set(keys[2])
    assert not keys[3].any()  # no text, no keys

"""`[filters]` and `[quality]` config, and what a run writes: language, signals, reasons."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import copydesk
from copydesk.config import Config
from copydesk.quality.filters import apply_filters, parse_filters

from .test_quality_language import DE, EN, PL
from .test_quality_notarticle import CONSENT_EN, PAYWALL_EN
from .test_quality_signals import TABLE_ARTICLE


def test_rules_keep_their_order_and_name_the_first_failure() -> None:
    rules = parse_filters({"min_words": 50, "max_digit_ratio": 0.01})
    assert apply_filters({"words": 10, "digit_ratio": 0.5}, rules) == "filtered:min_words"
    assert apply_filters({"words": 80, "digit_ratio": 0.5}, rules) == "filtered:max_digit_ratio"
    assert apply_filters({"words": 80, "digit_ratio": 0.0}, rules) is None
    assert apply_filters({"words": 50, "digit_ratio": 0.01}, rules) is None  # bounds included


def test_a_signal_that_cannot_be_measured_passes_its_rule() -> None:
    rules = parse_filters({"min_stopword_ratio": 0.2})
    assert apply_filters({"stopword_ratio": None}, rules) is None
    assert apply_filters({"stopword_ratio": 0.1}, rules) == "filtered:min_stopword_ratio"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"min_wordz": 50}, "unknown filter 'min_wordz'"),
        ({"least_words": 50}, "valid filters: min_words, max_words"),
        ({"min_words": "fifty"}, "needs a finite number"),
        ({"min_words": True}, "needs a finite number"),
        ({"max_symbol_ratio": float("nan")}, "needs a finite number"),
    ],
)
def test_bad_filters_are_refused_with_a_clear_message(
    section: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Config.from_dict({"filters": section})


def test_filters_and_quality_load_from_toml_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "copydesk.toml"
    path.write_text(
        '[quality]\nnot_article = ["consent", "error_page"]\n\n'
        "[filters]\nmin_words = 50\nmax_dup_line_fraction = 0.3\n"
    )
    config = Config.from_toml(path)
    assert config.filters.rules == (("min_words", 50.0), ("max_dup_line_fraction", 0.3))
    assert config.quality.not_article == ("consent", "error_page")
    assert Config.from_dict(config.to_dict()) == config
    with pytest.raises(ValueError, match=r"unknown quality\.not_article"):
        Config.from_dict({"quality": {"not_article": ["paywal"]}})
    with pytest.raises(ValueError, match="need the quality signals"):
        Config.from_dict({"quality": {"enabled": False}, "filters": {"min_words": 5}})


def _variants(paragraph: str, count: int) -> list[str]:
    """`count` paragraphs that differ in their first word: the cleaner drops exact repeats."""
    first, rest = paragraph.split(" ", 1)
    return [f"{first}{'s' * i} {rest}" for i in range(count)]


def _corpus(path: Path) -> Path:
    docs = {
        "story-en": "Council votes to expand bus network\n" + "\n\n".join(_variants(EN, 3)),
        "story-de": "\n\n".join([DE, DE.replace("Mittwoch", "Donnerstag")]),
        "story-pl": PL,
        "story-table": TABLE_ARTICLE,
        "mixed": "\n\n".join(_variants(EN, 2) + _variants(DE, 4)),
        "paywall": PAYWALL_EN,
        "consent": CONSENT_EN,
        "brief": "Storm warning lifted for the coast on Sunday evening.",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in docs.items()))
    return path


def _run(tmp_path: Path, config: Config) -> dict[str, dict[str, Any]]:
    out = tmp_path / "out"
    result = copydesk.run([_corpus(tmp_path / "in.jsonl")], out, config)
    docs = {doc["id"]: doc for doc in result.documents()}
    counted: dict[str, int] = {}
    for doc in docs.values():
        for reason in doc["reasons"]:
            counted[reason] = counted.get(reason, 0) + 1
    assert result.stats["reasons"] == counted
    return docs


def test_a_run_labels_every_document_and_filters_by_rule_and_kind(tmp_path: Path) -> None:
    config = Config.from_dict(
        {"engine": {"workers": 1}, "filters": {"min_words": 30}, "output": {"report": True}}
    )
    docs = _run(tmp_path, config)
    assert {k: (d["status"], d["reasons"]) for k, d in docs.items()} == {
        "story-en": ("kept", []),
        "story-de": ("kept", []),
        "story-pl": ("kept", []),
        "story-table": ("kept", []),
        "mixed": ("kept", []),
        "paywall": ("filtered", ["notarticle:paywall"]),
        "consent": ("filtered", ["notarticle:consent"]),
        "brief": ("filtered", ["filtered:min_words"]),
    }
    languages = {k: (d["language"], d["mixed_language"]) for k, d in docs.items()}
    assert languages["story-de"] == ("de", False)
    assert languages["story-pl"] == ("pl", False)
    assert languages["mixed"] == ("de", True)
    assert 0.8 < docs["story-en"]["language_confidence"] <= 1.0
    assert docs["brief"]["quality"]["words"] == 9
    # Three near-copies of one paragraph: most 10-grams repeat.
    assert docs["story-en"]["quality"]["dup_10gram_char_fraction"] > 0.5
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    for reason in ("notarticle:paywall", "notarticle:consent", "filtered:min_words"):
        assert reason in report


def test_quality_can_keep_chosen_kinds_or_be_turned_off(tmp_path: Path) -> None:
    config = Config.from_dict(
        {
            "engine": {"workers": 1},
            "quality": {"not_article": ["consent"]},
            "output": {"report": False},
        }
    )
    docs = _run(tmp_path / "some", config)
    assert docs["paywall"]["status"] == "kept"
    assert docs["consent"]["reasons"] == ["notarticle:consent"]
    off = Config.from_dict(
        {"engine": {"workers": 1}, "quality": {"enabled": False}, "output": {"report": False}}
    )
    docs = _run(tmp_path / "off", off)
    assert all(d["status"] == "kept" for d in docs.values())
    assert all(d["language"] is None and d["quality"] is None for d in docs.values())

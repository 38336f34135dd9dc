"""One document's language, signals and verdict, as the clean pass needs them.

The order is fixed by what each step needs: the language picks the stop-word list of the
signals; not-article detection and the `[filters]` rules share the signals' kernel pass (cached
in `signals`), so the three together read the text about twice, not five times.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from copydesk.quality.filters import FilterRule, apply_filters
from copydesk.quality.language import detect_language
from copydesk.quality.notarticle import detect_not_article
from copydesk.quality.signals import quality_signals

__all__ = ["Assessment", "assess"]

# Decimals of the language confidence in the output.
_CONFIDENCE_DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Assessment:
    """What copydesk records about one kept document.

    `language` is an ISO 639-1 code or "und"; `signals` holds every quality signal by name;
    `reason` is `notarticle:<kind>` or `filtered:<rule>` when the document is to be filtered.
    """

    language: str
    language_confidence: float
    mixed_language: bool
    signals: dict[str, float | int | None]
    reason: str | None


def assess(
    clean_text: str,
    *,
    original_text: str,
    title: str | None,
    not_article: Collection[str],
    rules: list[FilterRule],
) -> Assessment:
    """Language, quality signals, and the first reason to filter `clean_text`, if any.

    Not-article kinds are checked before the `[filters]` rules: "this is a paywall stub" says
    more than "this has fewer than 50 words".
    """
    guess = detect_language(clean_text)
    signals = quality_signals(clean_text, guess.code)
    reason = detect_not_article(
        clean_text,
        original_text=original_text,
        title=title,
        language=guess.code,
        kinds=not_article,
    ) or apply_filters(signals, rules)
    return Assessment(
        guess.code,
        round(guess.confidence, _CONFIDENCE_DECIMALS),
        guess.mixed,
        signals,
        reason,
    )

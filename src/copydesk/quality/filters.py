"""`[filters]` rules: thresholds on quality signals that turn a kept document into a filtered one.

A config section like

    [filters]
    min_words = 50
    max_symbol_ratio = 0.1
    max_dup_line_fraction = 0.3

becomes one rule per key: `min_<signal>` keeps documents whose signal is at least the value,
`max_<signal>` those at most the value, for any signal in `names.SIGNALS`. A document failing a
rule is filtered with the reason `filtered:<key>`, so the output says which threshold removed
it. Rules are checked in the order the section lists them and the first failure is the reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from copydesk.quality.names import SIGNALS

__all__ = ["FilterRule", "apply_filters", "parse_filters", "rule_names"]


@dataclass(frozen=True)
class FilterRule:
    """Keep a document only while its signal is at least (`minimum`) or at most `value`.

    `name` is the config key (e.g. "min_words"), and what the reason code names.
    """

    name: str
    signal: str
    minimum: bool
    value: float

    def passes(self, signals: Mapping[str, float | int | None]) -> bool:
        """Whether the document satisfies the rule.

        A None signal (stop-word ratio of a language without a list) means "not measurable" and
        passes: a rule must not drop every document of a language copydesk has no list for.
        """
        observed = signals[self.signal]
        if observed is None:
            return True
        return observed >= self.value if self.minimum else observed <= self.value


def rule_names() -> list[str]:
    """Every valid `[filters]` key."""
    return [f"{bound}_{signal}" for signal in SIGNALS for bound in ("min", "max")]


def parse_filters(section: Mapping[str, Any]) -> list[FilterRule]:
    """The rules of a `[filters]` config section, in its order.

    Raises ValueError for a key that names no signal (listing the valid keys, since a typo would
    otherwise silently keep everything) and for a value that is not a finite number.
    """
    rules = []
    for name, value in section.items():
        bound, _, signal = str(name).partition("_")
        if bound not in ("min", "max") or signal not in SIGNALS:
            raise ValueError(
                f"unknown filter {name!r} in [filters]; valid filters: {', '.join(rule_names())}"
            )
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError(f"filter {name!r} needs a finite number, not {value!r}")
        rules.append(FilterRule(str(name), signal, bound == "min", float(value)))
    return rules


def apply_filters(signals: Mapping[str, float | int | None], rules: list[FilterRule]) -> str | None:
    """The reason code `filtered:<rule name>` of the first rule the document fails, or None."""
    for rule in rules:
        if not rule.passes(signals):
            return f"filtered:{rule.name}"
    return None

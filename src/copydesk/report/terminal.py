"""The terminal document view behind ``copydesk explain ID``.

It shows the same thing as the HTML report's document view: the original text line by line,
removed lines struck through and labelled with their reason. On a colour terminal that is done
with styles; otherwise (a pipe, a file, ``NO_COLOR``) every line gets a plain marker, ``  `` for
a kept line and ``- [reason]`` for a removed one, so the output can be read and grepped as text.

Document text is untrusted: it is printed as ``rich.text.Text`` (never as markup, so ``[red]``
in an article stays literal) and control characters are made visible, so an article cannot
move the cursor, recolour or retitle the user's terminal with escape sequences.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.text import Text

# Control characters, and the format characters that reorder text on a terminal or hide in it
# (bidi embeddings, overrides and isolates; the zero-width space, word joiner and BOM). The
# joiners that shape scripts and emoji (ZWNJ, ZWJ) and the bidi marks print as they are.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028-\u202e\u2060\u2066-\u2069\ufeff]"
)
_STATUS_STYLE = {
    "kept": "bold green",
    "duplicate": "bold blue",
    "filtered": "bold yellow",
    "invalid": "bold red",
}


def render_document(record: Mapping[str, Any], console: Console) -> None:
    """Print one document: header facts, then its original text with removals marked.

    ``record`` is a documents.jsonl record plus ``"original"`` (the input text the ``removed``
    spans index into). Without ``"original"`` the cleaned ``text`` is shown, and the removed
    lines are listed after it, since their offsets then point nowhere.
    """
    plain = _plain(console)
    for label, value in _facts(record):
        line = Text(f"{label}: ", style="" if plain else "dim")
        style = "" if plain or label != "status" else _STATUS_STYLE.get(value, "bold")
        line.append(_visible(value), style=style)
        _print(console, line)
    _print(console, Text("-" * 40, style="" if plain else "dim"))
    original = record.get("original")
    spans = _spans(record)
    if isinstance(original, str):
        for text, reasons in _lines(original, spans):
            _print(console, _line(text, reasons, plain))
    else:
        for text in str(record.get("text") or "").split("\n"):
            _print(console, _line(text, [], plain))
        if spans:
            _print(console, Text("(original text not available; removed lines:)"))
            for span in spans:
                removed = str(span.get("text", "")).rstrip("\n")
                _print(console, _line(removed, [span["reason"]], plain))


def _plain(console: Console) -> bool:
    """Plain markers unless this is a terminal that shows colour."""
    return not console.is_terminal or console.no_color or console.color_system is None


def _print(console: Console, text: Text) -> None:
    # soft_wrap: long lines are wrapped by the terminal, not broken into several output lines
    console.print(text, soft_wrap=True, markup=False, highlight=False, emoji=False)


def _visible(text: str) -> str:
    """Show control and bidi characters as ``\\x1b``-style escapes instead of sending them
    raw: a right-to-left override in an id or title would reorder the terminal's text."""
    return _CONTROL.sub(_escape_control, text)


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _facts(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    reasons = [str(r) for r in record.get("reasons") or []]
    facts = [("id", str(record.get("id", ""))), ("status", str(record.get("status", "")))]
    facts.append(("reasons", ", ".join(reasons) if reasons else "none"))
    cluster = record.get("cluster")
    facts.append(("cluster", "none" if cluster is None else str(cluster)))
    duplicate_of = record.get("duplicate_of")
    facts.append(("duplicate_of", "none" if duplicate_of is None else str(duplicate_of)))
    for key in ("similarity", "containment"):
        value = record.get(key)
        if isinstance(value, (int, float)):
            facts.append((key, f"{value:.2f}"))
    for key in ("title", "byline", "agency", "dateline", "site", "url", "origin"):
        value = record.get(key)
        if value:
            facts.append((key, str(value)))
    removed = record.get("removed") or []
    facts.append(("removed lines", str(len(removed))))
    for other in record.get("others") or []:
        why = ", ".join(str(r) for r in other.get("reasons") or [])
        facts.append(("same id", f"{other.get('origin')} ({other.get('status')}: {why})"))
    return facts


def _spans(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    spans = []
    for span in record.get("removed") or []:
        start, end = span.get("start"), span.get("end")
        if isinstance(start, int) and isinstance(end, int) and start < end:
            spans.append({**span, "reason": str(span.get("reason", ""))})
    return sorted(spans, key=lambda s: (s["start"], s["end"]))


def _lines(original: str, spans: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[str]]]:
    """Split ``original`` into lines, each with the reasons of the removed spans it overlaps.

    Any overlap marks the line removed: the pipeline removes whole lines, so a span never
    covers part of a line only. An empty line counts when a span starts on it.
    """
    out: list[tuple[str, list[str]]] = []
    start = 0
    for raw in original.split("\n"):
        end = start + len(raw)
        reasons: list[str] = []
        for span in spans:
            if span["start"] >= max(end, start + 1):
                break
            if span["end"] > start and span["reason"] not in reasons:
                reasons.append(span["reason"])
        out.append((raw, reasons))
        start = end + 1
    return out


def _line(text: str, reasons: list[str], plain: bool) -> Text:
    shown = _visible(text.rstrip("\r"))
    if not reasons:
        return Text("  " + shown)
    label = f"[{', '.join(reasons)}]"
    if plain:
        return Text(f"- {label} {shown}")
    line = Text("- ", style="red")
    line.append(label, style="bold yellow")
    line.append(" ")
    line.append(shown, style="strike red")
    return line

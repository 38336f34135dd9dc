"""render_document: the `copydesk explain` view, plain when piped and coloured on a terminal."""

from __future__ import annotations

import io
import re
from typing import Any

from rich.console import Console

from copydesk.report.terminal import render_document

STRUCK = re.compile(r"\x1b\[(?:\d+;)*9(?:;\d+)*m")  # SGR 9: crossed-out
ORIGINAL = (
    "Harbour Gazette | News | Sport\n"
    "The council approved the flood fund on Tuesday.\n"
    "\n"
    "Share this article\n"
    "Work starts in June.\n"
)


def record(**changes: Any) -> dict[str, Any]:
    """A duplicate document with two removed lines (a template line and a share line)."""
    share = ORIGINAL.index("Share")
    rec: dict[str, Any] = {
        "id": "hg-flood-fund",
        "status": "duplicate",
        "reasons": ["duplicate:near"],
        "cluster": 1,
        "duplicate_of": "nwa-flood-fund",
        "similarity": 0.8516,
        "containment": 0.8605,
        "text": "The council approved the flood fund on Tuesday.\n\nWork starts in June.",
        "title": "Flood fund",
        "url": "https://harbourgazette.example/flood",
        "source": "harbourgazette.example",
        "date": "2026-03-11",
        "site": "harbourgazette.example",
        "removed": [
            {"start": 0, "end": 31, "reason": "boilerplate:template", "text": ORIGINAL[:31]},
            {
                "start": share,
                "end": share + 19,
                "reason": "boilerplate:share",
                "text": "Share this article\n",
            },
        ],
        "origin": "corpus.jsonl:9",
        "original": ORIGINAL,
    }
    rec.update(changes)
    return rec


def render(rec: dict[str, Any], **console_args: Any) -> str:
    out = io.StringIO()
    render_document(rec, Console(file=out, width=60, **console_args))
    return out.getvalue()


def test_plain_output_marks_each_removed_line_with_its_reason() -> None:
    text = render(record(), force_terminal=False)
    assert "\x1b[" not in text, "no escape codes when not writing to a terminal"
    lines = text.splitlines()
    for fact in (
        "id: hg-flood-fund",
        "status: duplicate",
        "reasons: duplicate:near",
        "cluster: 1",
        "duplicate_of: nwa-flood-fund",
        "similarity: 0.85",
        "containment: 0.86",
        "removed lines: 2",
    ):
        assert fact in lines
    body = lines[lines.index("-" * 40) + 1 :]
    assert body == [
        "- [boilerplate:template] Harbour Gazette | News | Sport",
        "  The council approved the flood fund on Tuesday.",
        "  ",
        "- [boilerplate:share] Share this article",
        "  Work starts in June.",
        "  ",
    ]


def test_long_lines_are_not_broken_when_piped() -> None:
    long_line = "word " * 40
    rec = record(original=long_line + "\n", removed=[])
    assert "  " + long_line in render(rec, force_terminal=False).splitlines()


def test_terminal_output_strikes_removed_lines_in_colour() -> None:
    text = render(record(), force_terminal=True, color_system="truecolor")
    share = next(line for line in text.splitlines() if "Share this article" in line)
    assert STRUCK.search(share) and share.endswith("Share this article\x1b[0m")
    assert "[boilerplate:share]" in share
    kept = next(line for line in text.splitlines() if "flood fund on Tuesday" in line)
    assert not STRUCK.search(kept)


def test_no_color_on_a_terminal_gets_plain_markers() -> None:
    text = render(record(), force_terminal=True, no_color=True)
    assert "- [boilerplate:share] Share this article" in text.splitlines()


def test_hostile_text_is_shown_not_obeyed() -> None:
    """Rich markup stays literal and terminal escapes from an article are made visible."""
    evil = "[bold red]fake[/bold red] \x1b]0;pwned\x07\x1b[2J end"
    rec = record(original=evil + "\n", removed=[], title="\x1b[31mred")
    for args in ({"force_terminal": False}, {"force_terminal": True, "color_system": "truecolor"}):
        text = render(rec, **args)
        assert "[bold red]fake[/bold red]" in text
        assert "\\x1b]0;pwned\\x07\\x1b[2J end" in text
        assert "\x1b]0;" not in text and "\x1b[2J" not in text and "\x1b[31mred" not in text


def test_without_original_shows_clean_text_and_lists_removals() -> None:
    rec = record()
    del rec["original"]
    lines = render(rec, force_terminal=False).splitlines()
    assert "  The council approved the flood fund on Tuesday." in lines
    assert "(original text not available; removed lines:)" in lines
    assert "- [boilerplate:share] Share this article" in lines


def test_kept_document_without_cluster() -> None:
    rec = record(status="kept", reasons=[], cluster=None, duplicate_of=None, similarity=None)
    lines = render(rec, force_terminal=False).splitlines()
    assert "reasons: none" in lines and "cluster: none" in lines
    assert "duplicate_of: none" in lines
    assert not any(line.startswith("similarity") for line in lines)


def test_a_bidi_override_is_shown_not_obeyed_and_other_records_are_named() -> None:
    # U+202E would print "evil.exe" backwards on the terminal; U+200B hides in a title
    others = [{"origin": "feed.jsonl:20", "status": "invalid", "reasons": ["invalid:empty"]}]
    rec = record(title="invoice\u202eexe.pdf\u200b", others=others)
    text = render(rec, force_terminal=False)
    assert "invoice\\u202eexe.pdf\\u200b" in text and "\u202e" not in text
    assert "same id: feed.jsonl:20 (invalid: invalid:empty)" in text
    # the joiners that shape Persian words and emoji sequences print as they are
    family = record(title="می\u200cخواهم \U0001f469\u200d\U0001f467")
    assert "می\u200cخواهم \U0001f469\u200d\U0001f467" in render(family, force_terminal=False)

"""Phrase lists as fast regular expressions: prefix tries the regex engine rejects early.

The line rules (and the fields' patterns) match hundreds of phrases in eight languages at each
line start. Python's `re` tries an alternation's branches one by one; a trie over the phrases
lets it reject a line after a character or two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from copydesk.normalize import lower_text

# Horizontal white space only: in MULTILINE scans "\s" would run across line ends.
WS = r"[^\S\n]"


def phrase_key(text: str) -> str:
    """The lookup key of a phrase or of the text a phrase matched: lower case as `lower_text`
    writes it, single spaces."""
    return " ".join(lower_text(text).split())


def trie(phrases: Iterable[str]) -> str:
    """One regex alternation for many lower-case phrases, as a prefix trie.

    Python's regex engine tries the branches of an alternation one by one; a trie lets it reject
    a line after a character or two instead of after hundreds of phrase attempts. Longer phrases
    are tried before their prefixes. Matching runs on lower-cased text, which is much faster than
    case-insensitive matching. A phrase that other phrases extend ends its node's alternation
    with an empty branch, "(?:a|b|)", not "(?:a|b)?": the same match, but the engine checks each
    branch's first character before entering it, where an optional group is entered each time.
    """
    root: dict[str, dict] = {}
    for phrase in phrases:
        node = root
        for ch in phrase_key(phrase):
            node = node.setdefault(ch, {})
        node[""] = {}

    def branches(node: dict[str, dict]) -> dict[str, str]:
        return {
            ch: (WS + "{1,3}+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        }

    def emit(node: dict[str, dict]) -> str:
        below = list(branches(node).values())
        if not below:
            return ""
        if "" in node:
            return "(?:" + "|".join(below) + "|)"
        return below[0] if len(below) == 1 else "(?:" + "|".join(below) + ")"

    return emit(root) if "" in root else _by_initial(branches(root))


def _by_initial(branches: dict[str, str]) -> str:
    """The alternation of `branches`, each keyed by its first character.

    The engine checks a line's first character against the branches one after the other:
    behind one test of a character class, the hundred-odd Cyrillic, Arabic and CJK initials
    cost a line that opens otherwise (most lines, and those opening with a quotation mark) one
    check instead of one each.
    """
    if len(branches) <= 1:
        return "".join(branches.values())
    ascii_branches = [branch for initial, branch in branches.items() if initial.isascii()]
    others = {initial: branch for initial, branch in branches.items() if not initial.isascii()}
    if not ascii_branches or not others:
        return "(?:" + "|".join(branches.values()) + ")"
    guard = "(?=[" + "".join(map(re.escape, others)) + "])"
    return "(?:" + "|".join(ascii_branches) + "|" + guard + _by_initial(others) + ")"


def tries_by_initial(*lists: tuple[Iterable[str], str]) -> str:
    """One alternation of several phrase lists, each phrase followed by its list's pattern:
    what "(?:<trie 1><then 1>|<trie 2><then 2>)" matches, with one branch per first character
    at the top, so that the engine rejects a line after checking its first character against
    each initial once instead of entering one trie after the other.
    """
    initials: dict[str, list[str]] = {}
    for phrases, then in lists:
        tails: dict[str, list[str]] = {}
        for phrase in phrases:
            key = phrase_key(phrase)
            tails.setdefault(key[0], []).append(key[1:])
        for initial, rest in tails.items():
            words = [tail for tail in rest if tail]
            if any(word[0] == " " for word in words):
                raise ValueError("a phrase of one character before a space")  # trie drops it
            body = trie(words) if words else ""
            if words and len(words) < len(rest):
                body = "(?:" + body + "|)"
            initials.setdefault(initial, []).append(body + then)
    return _by_initial(
        {
            initial: re.escape(initial)
            + (bodies[0] if len(bodies) == 1 else "(?:" + "|".join(bodies) + ")")
            for initial, bodies in sorted(initials.items())
        }
    )

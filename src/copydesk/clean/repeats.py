"""Repetition inside one document: a body pasted twice, a caption repeated under every photo."""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.document import REPEAT


def mark_repeats(
    lines: Sequence[str], keys: Sequence[int], reasons: list[str | None], min_chars: int
) -> None:
    """Set `REPEAT` on every line whose key was already kept earlier in the document.

    Keys come from `normalize.line_key`, so the straight-quoted and the curly-quoted copy of a
    paragraph are one paragraph. Only kept lines count as "seen": a line removed as chrome does
    not make a later body line look like a repeat. Lines shorter than `min_chars` are left alone
    because short lines ("Photo", "Reuters") repeat legitimately.
    """
    seen: set[int] = set()
    for index, (line, key) in enumerate(zip(lines, keys, strict=True)):
        if reasons[index] is not None or not key or len(line.strip()) < min_chars:
            continue
        if key in seen:
            reasons[index] = REPEAT
        else:
            seen.add(key)

"""One line break for the line-based stages: the other characters that end a line become "\\n".

The cleaner, templates and repeats work line by line on `text.split("\\n")`. A text whose lines
end in a lone CR (classic Mac text), U+2028/U+2029 (the Unicode line and paragraph separators)
or NEL would be one line to them, and its chrome would stay. Each such character becomes one
"\\n", so offsets into the text stay what they were; a CRLF pair stays as it is (its CR is
trailing space to the cleaner).
"""

from __future__ import annotations

import re
from typing import Final

_LINE_BREAK_RE: Final = re.compile("\r(?!\n)|[\u2028\u2029\x85]")


def unify_line_breaks(text: str) -> str:
    """`text` with every lone CR, U+2028, U+2029 and NEL replaced by "\\n"."""
    # two C scans (and isascii, which stops at the first wide character) decide for nearly
    # every text that there is nothing to replace, without running the regex
    if "\r" in text or (
        not text.isascii() and ("\u2028" in text or "\u2029" in text or "\x85" in text)
    ):
        return _LINE_BREAK_RE.sub("\n", text)
    return text

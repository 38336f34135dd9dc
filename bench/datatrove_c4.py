"""datatrove's C4QualityFilter in line-removal mode, for bench/boilerplate.py.

Reads a JSON list of texts on stdin and writes the filtered texts as a JSON list on stdout. It
runs as its own process so that datatrove, which pins its own dependencies, can live in a
separate environment from copydesk's. The filter's page-dropping rules are switched off
(`min_num_sentences=-1`, no lorem-ipsum or curly-bracket page drops); what is left is its line
removal: lines without terminal punctuation or with fewer than 3 words, lines mentioning
javascript or a policy ("cookie policy", "terms of use", ...), lines with a 1,000-character
word, and "[1]"-style citation marks inside lines.
"""

from __future__ import annotations

import json
import sys

from datatrove.data import Document
from datatrove.pipeline.filters.c4_filters import C4QualityFilter


def main() -> int:
    texts = json.load(sys.stdin)
    c4 = C4QualityFilter(
        min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False
    )
    out = []
    for i, text in enumerate(texts):
        doc = Document(text=text, id=str(i))
        c4.filter(doc)
        out.append(doc.text)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

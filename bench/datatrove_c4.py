"""datatrove's C4QualityFilter in line-removal mode, for bench/boilerplate.py.

Reads a JSON list of texts on stdin and writes the filtered texts as a JSON list on stdout; with
`--speed SHARD RUNS`, writes instead the filter's speed in documents per CPU-second, RUNS times
(the texts repeated to fill a shard of SHARD documents, filtered until two CPU-seconds have
passed, as bench/boilerplate.py times copydesk's cleaner). It runs as its own process so that
datatrove, which pins its own dependencies, can live in a separate environment from copydesk's.
The filter's page-dropping rules are switched off (`min_num_sentences=-1`, no lorem-ipsum or
curly-bracket page drops); what is left is its line removal: lines without terminal punctuation
or with fewer than 3 words, lines mentioning javascript or a policy ("cookie policy", "terms of
use", ...), lines with a 1,000-character word, and "[1]"-style citation marks inside lines.
"""

from __future__ import annotations

import itertools
import json
import sys
import time

from datatrove.data import Document
from datatrove.pipeline.filters.c4_filters import C4QualityFilter


def filtered(c4: C4QualityFilter, texts: list[str]) -> list[str]:
    out = []
    for i, text in enumerate(texts):
        doc = Document(text=text, id=str(i))
        c4.filter(doc)
        out.append(doc.text)
    return out


def speed(
    c4: C4QualityFilter, texts: list[str], shard_size: int, min_seconds: float = 2.0
) -> float:
    # the loop of bench/boilerplate.py's `_speed`, which this venv cannot import (it needs
    # copydesk and resiliparse, and datatrove pins its own dependencies)
    shard = list(itertools.islice(itertools.cycle(texts), shard_size))
    done = 0
    started = time.process_time()
    while True:
        filtered(c4, shard)
        done += len(shard)
        elapsed = time.process_time() - started
        if elapsed >= min_seconds:
            return done / elapsed


def main() -> int:
    texts = json.load(sys.stdin)
    c4 = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)
    if sys.argv[1:2] == ["--speed"]:
        shard_size, runs = int(sys.argv[2]), int(sys.argv[3])
        json.dump([speed(c4, texts, shard_size) for _ in range(runs)], sys.stdout)
    else:
        json.dump(filtered(c4, texts), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

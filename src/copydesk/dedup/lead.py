"""Lead keys: candidates for copies that reproduce only the start of a story.

The LSH bands over the whole text (`lsh`) find pairs by their Jaccard similarity. A copy that
keeps only a story's first two of eight paragraphs, as aggregators and short wire versions do,
lies almost wholly inside the story (the match rule accepts it by containment) but has a
Jaccard near 0.25, where 42 bands of 3 rows make it a candidate about half the time; a pair
with no third copy to join them through was then missed as often.

Such copies share the story's lead instead. A document's lead is its first `LEAD_WORDS`
words; a small MinHash of the lead's 5-word shingles, cut into `LEAD_BANDS` bands of
`LEAD_ROWS` slots, gives keys that two documents share when their leads are near-identical
(at Jaccard 0.7, which an outlet's own headline line before the lead leaves, 92% of pairs).
Three slots a band, not two: documents that merely open alike (a site's standard first
sentence, an agency's template) share single slots, and with two a band they chained into
candidate components twice the size (the largest of bench/syndication.py's seed-1 corpus with
--dedup-only: 1,712 documents without lead keys, 3,407 with two slots, 1,867 with three). A
component is decided as one batch, so its size is the match pass's memory. Each candidate is
still verified by the match rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from copydesk.dedup.lsh import band_hashes
from copydesk.dedup.sketch import SketchParams, minhash

LEAD_WORDS = 60
LEAD_BANDS = 6
LEAD_ROWS = 3
_LEAD_PARAMS = SketchParams(num_perm=LEAD_BANDS * LEAD_ROWS, shingle_words=5, seed=0x1EAD)
# A lead of 60 words is far shorter than this many characters; cutting first keeps the split
# from walking a long document.
_LEAD_CHARS = 60 * 40
# Lead keys share the key space of the band hashes and exact hashes: a salt keeps a lead band
# from equalling a text band of the same index by construction.
_SALT = np.uint64(0x5A17_1EAD_0000_0001)


def lead_keys(texts: Sequence[str]) -> np.ndarray:
    """uint64 (n, LEAD_BANDS): the lead keys of texts normalised with `for_matching`; a row of
    zeros for an empty text (no keys)."""
    leads = [" ".join(text[:_LEAD_CHARS].split()[:LEAD_WORDS]) for text in texts]
    signatures, counts = minhash(pa.array(leads, type=pa.large_string()), _LEAD_PARAMS)
    keys = band_hashes(signatures, LEAD_BANDS, LEAD_ROWS) ^ _SALT
    keys[counts == 0] = 0
    return keys


def lead_matrix(values: Sequence[bytes | None]) -> np.ndarray:
    """Unpack `lead_keys` column values into uint64 (n, LEAD_BANDS); a row without keys (a
    document with no kept text) is zeros. Callers take the keys of kept documents with text
    only, as they take their band hashes."""
    matrix = np.zeros((len(values), LEAD_BANDS), dtype=np.uint64)
    present = [i for i, value in enumerate(values) if value and len(value) == LEAD_BANDS * 8]
    if present:
        data = np.frombuffer(b"".join(values[i] or b"" for i in present), dtype="<u8")
        matrix[present] = data.reshape(-1, LEAD_BANDS)
    return matrix

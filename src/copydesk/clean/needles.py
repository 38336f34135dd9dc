"""Find up to 64 short literal needles in a whole batch of texts in one native scan.

The rules look for a few rare substrings ("reserv", "@", "http", the stems of the author blurb's
roles) in every text. A `str.find` pass per needle and text was a third of the rules' time on
news text, and no library searches many needles in a numpy array of code points, so the scan is
written here in numba.
"""

from __future__ import annotations

from collections.abc import Sequence

import numba as nb
import numpy as np

from copydesk.normalize import code_points

# The index of a 64-bit word's one set bit, by a de Bruijn multiplication: the bit times the
# sequence puts a distinct 6-bit pattern in the top bits (numba has no count-trailing-zeros).
_DE_BRUIJN = np.uint64(0x03F79D71B4CB0A89)


def _bit_indices() -> np.ndarray:
    """The set bit's index by the top 6 bits of the bit times `_DE_BRUIJN` (mod 2**64)."""
    table = np.zeros(64, np.int64)
    for bit in range(64):
        table[((1 << bit) * int(_DE_BRUIJN)) % (1 << 64) >> 58] = bit
    return table


_BIT_INDEX = _bit_indices()


class NeedleSearch:
    """A fixed set of needles (lower case, none opening another, at most 64) to look for.

    Holds the needles' code points end to end, where each starts, and for each of their first
    three characters a table over code points modulo 128 of the needles (one bit each) that
    have such a character there, or are shorter; the tables of the first two characters are
    given as one, over pairs of code points (128 * 128 entries of 64 bits: 128 KiB), which
    saves a lookup per character.
    """

    def __init__(self, needles: Sequence[str]) -> None:
        if any(a != b and b.startswith(a) for a in needles for b in needles):
            raise ValueError("no needle may open another: one needle is found per offset")
        if len(needles) > 64 or not all(needles):
            raise ValueError("at most 64 needles, none empty")
        self._bounds = np.cumsum([0] + [len(word) for word in needles]).astype(np.int64)
        tables = np.zeros((3, 128), np.uint64)
        for k, word in enumerate(needles):
            for place in range(3):
                if place < len(word):
                    tables[place, ord(word[place]) % 128] |= np.uint64(1 << k)
                else:
                    tables[place] |= np.uint64(1 << k)
        self._pairs = (tables[0][:, None] & tables[1][None, :]).reshape(-1)  # [first*128+second]
        self._third = tables[2]
        self._codes = np.array([ord(c) for word in needles for c in word], np.uint32)

    def hits(
        self, lows: Sequence[str], codes: np.ndarray | None = None, bounds: np.ndarray | None = None
    ) -> list[list[tuple[int, int]]]:
        """For each text, (needle index, offset) of every needle it holds, ordered by needle
        then offset.

        `codes` may hold the texts' code points end to end and two more (`bounds`: where each
        text starts, and the end), where the caller has them.
        """
        if not lows:
            return []
        if codes is None or bounds is None:
            codes = code_points("".join([*lows, "\0\0"]))  # one copy: no second string for "+"
            bounds = np.cumsum([0, *map(len, lows)], dtype=np.int64)
        places, kinds = _find_needles(codes, self._codes, self._bounds, self._pairs, self._third)
        if len(places) and places[-1] >= bounds[-1]:  # in code points after the last text
            kinds = kinds[places < bounds[-1]]
            places = places[places < bounds[-1]]
        docs = np.searchsorted(bounds, places, side="right") - 1
        offsets = places - bounds[docs]
        inside = places + np.diff(self._bounds)[kinds] <= bounds[docs + 1]  # not into the next
        hits: list[list[tuple[int, int]]] = [[] for _ in lows]
        for doc, kind, offset in zip(
            docs[inside].tolist(), kinds[inside].tolist(), offsets[inside].tolist(), strict=True
        ):
            hits[doc].append((kind, offset))
        for doc_hits in hits:
            doc_hits.sort()
        return hits


@nb.njit(cache=True, nogil=True)
def _find_needles(
    low: np.ndarray,
    needles: np.ndarray,
    bounds: np.ndarray,
    pairs: np.ndarray,
    third: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Where in `low` (but its last two code points) a needle starts, in order, and the
    needle's index (see `NeedleSearch` for the other arguments); a needle may run on into the
    code points after it (the caller drops those).

    Where the first three characters rule every needle out (two table lookups, no branch: ~99%
    of offsets in prose) nothing more is done.
    """
    n = max(len(low) - 2, 0)
    places = np.empty(n, np.int64)
    kinds = np.empty(n, np.int8)
    found = 0
    if n == 0:
        return places, kinds
    # The two characters before the third are carried over: one load of `low` per offset.
    first, second = np.int64(low[0] & 127), np.int64(low[1] & 127)
    for i in range(n):
        third_char = np.int64(low[i + 2] & 127)
        candidates = pairs[(first << 7) | second] & third[third_char]
        first, second = second, third_char
        while candidates:  # each candidate needle by its bit, lowest first
            lowest = candidates & (~candidates + np.uint64(1))
            candidates ^= lowest
            k = _BIT_INDEX[(lowest * _DE_BRUIJN) >> np.uint64(58)]
            a, size = bounds[k], bounds[k + 1] - bounds[k]
            j = 0
            while j < size and i + j < n and low[i + j] == needles[a + j]:
                j += 1
            if j == size:  # no needle opens another: at most one is found here
                places[found] = i
                kinds[found] = k
                found += 1
                break
    return places[:found], kinds[:found]

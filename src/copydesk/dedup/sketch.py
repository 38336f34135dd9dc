"""MinHash signatures over word shingles, computed at native speed.

Tokenising, shingling and hashing run in one numba kernel over the UTF-8 bytes of a pyarrow
string array: a Python-level tokeniser is what caps every pure-Python MinHash at a few thousand
documents a second. The kernel sees bytes only, so it is deterministic on every machine and
handles any script: a word is a maximal run of bytes that are ASCII letters/digits or >= 0x80
(every byte of a multi-byte UTF-8 character), so Cyrillic, Greek and accented words stay
whole while ASCII punctuation and spaces separate words; and each Chinese character or kana
(`normalize.is_cjk`) is a word of its own, since those scripts put no spaces between words.

Hashing, in order (changing any step changes signatures: bump SIGNATURE_VERSION):
1. word hash: FNV-1a 64 over the word's bytes, then the splitmix64 finaliser;
2. shingle hash: h = mix(h ^ word_hash) * K over the k consecutive word hashes (order matters);
3. per permutation i: v = a_i * h + b_i mod 2^64 with a_i odd, a_i and b_i from the full 64-bit
   range (small multipliers leave the low bits of h unmixed and bias the estimate);
4. signature[i] = top 32 bits of min v. min(v >> 32) == (min v) >> 32, so the kernel keeps
   32-bit minima, which vectorise better than unsigned 64-bit ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numba as nb
import numpy as np
import pyarrow as pa

from copydesk.normalize import is_cjk

SIGNATURE_VERSION: int = 2
"""Version of the hashing/tokenising scheme; stored with signatures so that an index built by
another scheme is refused instead of silently mismatching."""

EMPTY_SIGNATURE_VALUE: int = 0xFFFFFFFF
"""Every slot of a text with no words holds this value."""


@dataclass(frozen=True)
class SketchParams:
    """MinHash settings; signatures compare only when all fields and the version agree."""

    num_perm: int = 128
    shingle_words: int = 5
    seed: int = 0x5EED

    def __post_init__(self) -> None:
        if self.num_perm < 1 or self.shingle_words < 1:
            raise ValueError("num_perm and shingle_words must be >= 1")
        if not 0 <= self.seed < 2**64:
            raise ValueError("seed must fit in 64 unsigned bits")


@lru_cache(maxsize=16)
def permutations(params: SketchParams) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) uint64 coefficients of the hash permutations, fixed by the seed.

    Drawn from PCG64's raw output, whose stream numpy guarantees to be stable across versions
    and platforms (Generator methods are not), so every machine derives the same permutations.
    """
    bit_generator = np.random.Generator(np.random.PCG64(params.seed)).bit_generator
    raw = bit_generator.random_raw(2 * params.num_perm).astype(np.uint64)
    a = raw[: params.num_perm] | np.uint64(1)
    b = raw[params.num_perm :].copy()
    a.flags.writeable = False
    b.flags.writeable = False
    return a, b


def as_large_string(texts: Sequence[str] | pa.Array | pa.ChunkedArray) -> pa.LargeStringArray:
    """`texts` as one contiguous pyarrow large_string array (zero-copy when it already is one)."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    if not isinstance(texts, pa.Array):
        return pa.array(texts, type=pa.large_string())
    if texts.type != pa.large_string():
        texts = texts.cast(pa.large_string())
    return texts


_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_SHINGLE_MULT = np.uint64(0x9E3779B97F4A7C15)
_SHINGLE_SEED = np.uint64(0x243F6A8885A308D3)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S32 = np.uint64(32)
_EMPTY32 = np.uint32(EMPTY_SIGNATURE_VALUE)


@nb.njit(inline="always", cache=True)
def mix64(x: np.uint64) -> np.uint64:
    """splitmix64 finaliser: every input bit affects every output bit (also the LSH bands')."""
    x = (x ^ (x >> _S30)) * _MIX1
    x = (x ^ (x >> _S27)) * _MIX2
    return x ^ (x >> _S31)


@nb.njit(inline="always", cache=True)
def _append_word(words: np.ndarray, nw: int, h: np.uint64) -> np.ndarray:
    """Store the mixed hash of the word that just ended at `words[nw]`, doubling the buffer
    when it is full; returns the (possibly new) buffer."""
    if nw == words.shape[0]:
        grown = np.empty(2 * nw, dtype=np.uint64)
        grown[:nw] = words
        words = grown
    words[nw] = mix64(h)
    return words


@nb.njit(inline="always", cache=True)
def _is_word_byte(c: int) -> bool:
    return (c >= 0x80) or (48 <= c <= 57) or (97 <= c <= 122) or (65 <= c <= 90)


@nb.njit(inline="always", cache=True)
def _is_cjk_character(lead: int, second: int) -> bool:
    """`normalize.is_cjk` of the three-byte UTF-8 character starting with bytes `lead` (0xE3 to
    0xEF) and `second` (its ranges start and end on multiples of 64, so the third byte does
    not matter)."""
    return is_cjk(((lead & 0x0F) << 12) | ((second & 0x3F) << 6))


@nb.njit(cache=True, nogil=True)
def _minhash_kernel(
    data: np.ndarray,
    offsets: np.ndarray,
    valid: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    k: int,
    signatures: np.ndarray,
    counts: np.ndarray,
) -> None:
    n = offsets.shape[0] - 1
    num_perm = a.shape[0]
    words = np.empty(1024, dtype=np.uint64)
    table = np.zeros(2048, dtype=np.uint64)  # open-addressing set of shingle hashes (0 = free)
    mins = np.empty(num_perm, dtype=np.uint32)
    for d in range(n):
        for p in range(num_perm):
            mins[p] = _EMPTY32
        if not valid[d]:
            counts[d] = 0
            signatures[d, :] = mins
            continue
        # 1. words
        nw = 0
        in_word = False
        h = _FNV_OFFSET
        skip = 0
        stop = offsets[d + 1]
        # (a for loop with a count of bytes to skip: a while loop that steps over a character
        # ran the whole kernel 2.3x slower)
        for pos in range(offsets[d], stop):
            if skip:
                skip -= 1
                continue
            c = data[pos]
            if _is_word_byte(c):
                if 0xE3 <= c <= 0xEF and pos + 2 < stop and _is_cjk_character(c, data[pos + 1]):
                    # a Chinese character or kana (three bytes) is a word of its own
                    if in_word:
                        in_word = False
                        words = _append_word(words, nw, h)
                        nw += 1
                    h = _FNV_OFFSET
                    for q in range(pos, pos + 3):
                        h = (h ^ np.uint64(data[q])) * _FNV_PRIME
                    words = _append_word(words, nw, h)
                    nw += 1
                    skip = 2
                    continue
                if not in_word:
                    in_word = True
                    h = _FNV_OFFSET
                h = (h ^ np.uint64(c)) * _FNV_PRIME
            elif in_word:
                in_word = False
                words = _append_word(words, nw, h)
                nw += 1
        if in_word:
            words = _append_word(words, nw, h)
            nw += 1
        if nw == 0:
            counts[d] = 0
            signatures[d, :] = mins
            continue
        # 2. shingles; a short text is one shingle of all its words
        width = k if nw >= k else nw
        num_shingles = nw - width + 1
        size = table.shape[0]
        while size < 2 * num_shingles:
            size *= 2
        if size != table.shape[0]:
            table = np.zeros(size, dtype=np.uint64)
        else:
            table[:] = 0
        mask = np.uint64(size - 1)
        distinct = 0
        for s in range(num_shingles):
            sh = _SHINGLE_SEED
            for j in range(width):
                sh = mix64(sh ^ words[s + j]) * _SHINGLE_MULT
            sh = mix64(sh)
            if sh == 0:
                sh = np.uint64(1)
            # distinct count, for containment estimates
            slot = sh & mask
            while table[slot] != 0 and table[slot] != sh:
                slot = (slot + np.uint64(1)) & mask
            if table[slot] == sh:
                continue  # a repeated shingle cannot lower any minimum
            table[slot] = sh
            distinct += 1
            # 3-4. permutations, 32-bit minima
            for p in range(num_perm):
                v = np.uint32((a[p] * sh + b[p]) >> _S32)
                if v < mins[p]:
                    mins[p] = v
        counts[d] = distinct
        signatures[d, :] = mins


def minhash(
    texts: Sequence[str] | pa.Array | pa.ChunkedArray, params: SketchParams
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures and distinct-shingle counts of texts normalised with `for_matching`.

    Returns (signatures uint32 (n, num_perm), shingle_counts int32 (n,)). A text with fewer words
    than `shingle_words` yields one shingle of all its words; an empty (or null) text yields count
    0 and a signature of all 0xFFFFFFFF, which callers must keep out of candidate generation.
    """
    arr = as_large_string(texts)
    n = len(arr)
    signatures = np.empty((n, params.num_perm), dtype=np.uint32)
    counts = np.zeros(n, dtype=np.int32)
    if n == 0:
        return signatures, counts
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[arr.offset : arr.offset + n + 1]
    data = (
        np.frombuffer(data_buf, dtype=np.uint8)
        if data_buf is not None
        else np.zeros(0, dtype=np.uint8)
    )
    valid = (
        np.ones(n, dtype=np.bool_)
        if arr.null_count == 0
        else np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=np.bool_)
    )
    a, b = permutations(params)
    _minhash_kernel(data, offsets, valid, a, b, params.shingle_words, signatures, counts)
    return signatures, counts

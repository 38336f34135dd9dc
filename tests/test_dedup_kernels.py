"""The numeric dedup kernels: MinHash, LSH banding, pair verification, connected components."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import textwrap

import numpy as np
import pyarrow as pa
import pytest

from copydesk.dedup.cluster import connected_components
from copydesk.dedup.lsh import band_hashes, candidate_pairs
from copydesk.dedup.sketch import SIGNATURE_VERSION, SketchParams, minhash, permutations
from copydesk.dedup.verify import pair_similarity
from copydesk.normalize import for_matching

PARAMS = SketchParams()
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Chinese character or kana alone, or a run of ASCII letters and digits and other non-ASCII
_WORD = re.compile(f"[{_CJK}]|(?:[A-Za-z0-9]|(?![{_CJK}])[^\\x00-\\x7f])+")

# A vocabulary with a news-like Zipf distribution: frequent function words make shingles repeat
# partially, which is what real text does and uniform random words do not.
_VOCAB_TEXT = (
    "the of and to a in that is for on was with he it as his at by be from are have this said "
    "which had not were but they been has their an or its more after government minister police "
    "city council report year people state officials two told week million percent court new "
    "health school water river election party vote budget storm fire company workers price market "
    "bank union plan road bridge hospital village mayor coast harbour festival team season match"
)
_VOCAB = _VOCAB_TEXT.split()


def _text(rng: np.random.Generator, words: int) -> list[str]:
    ranks = np.arange(1, len(_VOCAB) + 1, dtype=np.float64)
    weights = 1.0 / ranks**0.9
    picks = rng.choice(len(_VOCAB), size=words, p=weights / weights.sum())
    return [_VOCAB[i] for i in picks]


def _shingles(text: str, k: int) -> set[tuple[bytes, ...]]:
    """Exact shingle set, tokenised independently of the kernel (a regular expression)."""
    words = [word.encode("utf-8") for word in _WORD.findall(text)]
    if not words:
        return set()
    width = min(k, len(words))
    return {tuple(words[i : i + width]) for i in range(len(words) - width + 1)}


def _exact_jaccard(a: str, b: str, k: int) -> float:
    sa, sb = _shingles(a, k), _shingles(b, k)
    return len(sa & sb) / len(sa | sb)


def _edited_pairs(rng: np.random.Generator, rates: list[float]) -> list[tuple[str, str]]:
    """(original, copy) pairs where the copy has a share of its words replaced."""
    out = []
    for rate in rates:
        base = _text(rng, 400)
        copy = list(base)
        for pos in np.flatnonzero(rng.random(len(copy)) < rate):
            copy[pos] = _VOCAB[rng.integers(len(_VOCAB))]
        out.append((" ".join(base), " ".join(copy)))
    return out


def _estimate(a: str, b: str, params: SketchParams) -> float:
    sigs, counts = minhash([a, b], params)
    jac, _, _ = pair_similarity(sigs, counts, np.array([[0, 1]]))
    return float(jac[0])


def test_identical_texts_give_identical_signatures() -> None:
    text = for_matching("Flood waters rose overnight in the river town, officials said on Monday.")
    sigs, counts = minhash([text, text, text + " more words here"], PARAMS)
    assert sigs.dtype == np.uint32 and sigs.shape == (3, 128)
    assert counts.dtype == np.int32
    assert np.array_equal(sigs[0], sigs[1])
    assert not np.array_equal(sigs[0], sigs[2])
    assert counts[0] == counts[1] == 8  # 12 words, 5-grams


def test_signature_is_pinned_to_its_version() -> None:
    """Stored signatures stay comparable only while the scheme is unchanged.

    If this fails, the hashing changed: bump SIGNATURE_VERSION and update the pinned values.
    """
    sigs, _ = minhash(["the quick brown fox jumps over the lazy dog", "福岛核电站的处理水"], PARAMS)
    assert SIGNATURE_VERSION == 2  # 2: a Chinese character or kana is a word of its own
    assert sigs[0, :4].tolist() == [605269266, 424114129, 190754317, 592821694]  # as in 1
    assert sigs[1, :4].tolist() == [75591053, 31799317, 458663496, 1255656884]


_M64 = (1 << 64) - 1


def _mix_ref(x: int) -> int:
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def _minhash_reference(text: str, params: SketchParams) -> list[int]:
    """The documented scheme in plain Python integers (exact 64-bit arithmetic)."""
    word_hashes = []
    for word in _WORD.findall(text):
        h = 0xCBF29CE484222325
        for byte in word.encode("utf-8"):
            h = ((h ^ byte) * 0x100000001B3) & _M64
        word_hashes.append(_mix_ref(h))
    width = min(params.shingle_words, len(word_hashes))
    shingles = set()
    for s in range(len(word_hashes) - width + 1):
        h = 0x243F6A8885A308D3
        for w in word_hashes[s : s + width]:
            h = (_mix_ref(h ^ w) * 0x9E3779B97F4A7C15) & _M64
        shingles.add(_mix_ref(h) or 1)
    a, b = permutations(params)
    return [
        min(((int(ai) * h + int(bi)) & _M64) >> 32 for h in shingles)
        for ai, bi in zip(a, b, strict=True)
    ]


def test_kernel_matches_exact_64_bit_reference() -> None:
    """Catches any silent uint64 -> float64 promotion inside the numba kernel."""
    texts = [
        "the quick brown fox jumps over the lazy dog",
        "Über 3 Häuser — «évacués» à Nice",
        "東京電力は来週から処理水を放出するとiPhone発表会で述べた、Zürich",
    ]
    sigs, _ = minhash([for_matching(t) for t in texts], PARAMS)
    for row, text in zip(sigs, texts, strict=True):
        assert row.tolist() == _minhash_reference(for_matching(text), PARAMS)


def test_multipliers_are_odd_and_full_range() -> None:
    a, b = permutations(SketchParams(num_perm=256))
    assert a.dtype == b.dtype == np.uint64
    assert np.all(a & np.uint64(1) == 1)
    # full 64-bit range: about half of the draws have the top bit set
    assert 90 < int(np.count_nonzero(a >> np.uint64(63))) < 166


def test_accepts_arrow_arrays_slices_and_nulls() -> None:
    texts = ["alpha beta gamma delta epsilon zeta", "one two three four five six", None, ""]
    expected, expected_counts = minhash(
        pa.array(["one two three four five six"], type=pa.large_string()), PARAMS
    )
    for arr in (pa.array(texts), pa.array(texts, type=pa.large_string())):
        sigs, counts = minhash(arr.slice(1), PARAMS)
        assert np.array_equal(sigs[0], expected[0]) and counts[0] == expected_counts[0]
        assert counts[1:].tolist() == [0, 0]
        assert np.all(sigs[1:] == 0xFFFFFFFF)


def test_empty_and_short_texts() -> None:
    sigs, counts = minhash(["", "  -- !! ...  ", "two words", "two words"], PARAMS)
    assert counts.tolist() == [0, 0, 1, 1]
    assert np.all(sigs[:2] == 0xFFFFFFFF)
    assert np.array_equal(sigs[2], sigs[3]) and not np.all(sigs[2] == 0xFFFFFFFF)


def test_jaccard_estimate_tracks_exact_jaccard() -> None:
    rng = np.random.default_rng(7)
    pairs = _edited_pairs(rng, [0.0, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5] * 3)
    exact = np.array([_exact_jaccard(a, b, 5) for a, b in pairs])
    assert exact.min() < 0.1 and exact.max() == 1.0
    # with many permutations every estimate is tight (sd <= 0.016)
    wide = np.array([_estimate(a, b, SketchParams(num_perm=1024)) for a, b in pairs])
    assert np.abs(wide - exact).max() <= 0.06
    # with the default 128 the spread is larger, but a biased hash would show as a mean offset
    default = np.array([_estimate(a, b, PARAMS) for a, b in pairs])
    assert abs(float(np.mean(default - exact))) < 0.02
    assert float(np.mean(np.abs(default - exact))) < 0.04


def test_non_latin_scripts_tokenise_into_words() -> None:
    russian = (
        "Наводнение в городе продолжается, власти объявили эвакуацию жителей прибрежных районов"
    )
    greek = "Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία της χώρας"
    sigs, counts = minhash(
        [for_matching(russian), for_matching(greek)], SketchParams(shingle_words=1)
    )
    assert counts.tolist() == [len(russian.split()), len(greek.split())]
    # Cyrillic words are whole words: a one-word edit changes few shingles
    words = russian.split()
    edited = " ".join([*words[:5], "срочно", *words[5:]])
    exact = _exact_jaccard(for_matching(russian), for_matching(edited), 2)
    estimate = _estimate(
        for_matching(russian), for_matching(edited), SketchParams(shingle_words=2, num_perm=1024)
    )
    assert abs(estimate - exact) <= 0.06
    # Chinese and Japanese put no spaces between words: each character is a word of its own,
    # so a copy with a one-character edit keeps most shingles, and spacing changes nothing.
    cjk = "东京电力公司表示福岛核电站的处理水将于下周开始排放"
    spaced = "东京电力公司 表示 福岛 核电站 的 处理水 将 于 下周 开始 排放"
    japanese = "東京電力は来週から処理水を放出するとiPhone発表会で述べた"
    sigs, counts = minhash([cjk, spaced, japanese], PARAMS)
    assert counts[0] == len(cjk) - PARAMS.shingle_words + 1
    assert np.array_equal(sigs[0], sigs[1]) and counts[1] == counts[0]
    assert counts[2] == len(japanese) - len("iPhone") + 1 - PARAMS.shingle_words + 1
    edited = cjk.replace("下周", "下星期")
    assert _estimate(cjk, edited, SketchParams(num_perm=1024)) > 0.6  # exactly 20 of 27


def test_deterministic_across_processes() -> None:
    rng = np.random.default_rng(3)
    texts = [" ".join(_text(rng, 300)) for _ in range(20)] + ["Заголовок новости", ""]
    sigs, counts = minhash(texts, PARAMS)
    digest = hashlib.sha256(sigs.tobytes() + counts.tobytes()).hexdigest()
    script = textwrap.dedent(
        """
        import hashlib, json, sys
        from copydesk.dedup.sketch import SketchParams, minhash
        sigs, counts = minhash(json.loads(sys.stdin.read()), SketchParams())
        print(hashlib.sha256(sigs.tobytes() + counts.tobytes()).hexdigest())
        """
    )
    for hash_seed in ("1", "2"):
        child = subprocess.run(
            [sys.executable, "-c", script],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": hash_seed, "PATH": "/usr/bin:/bin"},
        )
        assert child.stdout.strip() == digest


def _pairs_near(rng: np.random.Generator, target: float, count: int) -> list[tuple[str, str]]:
    """Pairs whose exact 5-shingle Jaccard lies within 0.03 of `target` (shifted windows)."""
    out: list[tuple[str, str]] = []
    while len(out) < count:
        words = _text(rng, 700)
        length = 300
        # shifting a window by s words keeps (L - s - 4) of (L + s - 4) shingles
        shift = round((length - 4) * (1 - target) / (1 + target))
        a = " ".join(words[:length])
        b = " ".join(words[shift : shift + length])
        if abs(_exact_jaccard(a, b, 5) - target) <= 0.03:
            out.append((a, b))
    return out


@pytest.mark.parametrize(("target", "min_found", "max_found"), [(0.8, 50, 50), (0.1, 0, 2)])
def test_candidate_pairs_recall_curve(target: float, min_found: int, max_found: int) -> None:
    rng = np.random.default_rng(11)
    pairs = _pairs_near(rng, target, 50)
    sigs, _ = minhash([t for pair in pairs for t in pair], PARAMS)
    found = candidate_pairs(band_hashes(sigs, bands=32, rows=4))
    assert found.dtype == np.int64 and found.shape[1] == 2
    hits = {(int(i), int(j)) for i, j in found}
    linked = sum((2 * p, 2 * p + 1) in hits for p in range(len(pairs)))
    assert min_found <= linked <= max_found


def test_candidate_pairs_are_unique_sorted_and_star_linked_in_big_buckets() -> None:
    bands = np.array([[1, 9], [2, 9], [1, 7], [3, 9], [1, 9]], dtype=np.uint64)
    pairs = candidate_pairs(bands)
    assert pairs.tolist() == [[0, 1], [0, 2], [0, 3], [0, 4], [1, 3], [1, 4], [2, 4], [3, 4]]
    big = np.zeros((300, 1), dtype=np.uint64)
    star = candidate_pairs(big, max_bucket=200)
    assert star.tolist() == [[0, j] for j in range(1, 300)]
    assert candidate_pairs(np.zeros((0, 4), dtype=np.uint64)).shape == (0, 2)


def test_band_hashes_depend_on_band_position() -> None:
    sigs = np.array([[1, 2, 3, 4], [3, 4, 1, 2]], dtype=np.uint32)
    bands = band_hashes(sigs, bands=2, rows=2)
    assert bands.dtype == np.uint64 and bands.shape == (2, 2)
    assert bands[0, 0] != bands[1, 1] and bands[0, 1] != bands[1, 0]
    with pytest.raises(ValueError):
        band_hashes(sigs, bands=3, rows=2)


def test_containment_of_a_truncated_copy() -> None:
    rng = np.random.default_rng(5)
    words = _text(rng, 800)
    full = " ".join(words)
    truncated = " ".join(words[:300])
    sigs, counts = minhash([full, truncated], SketchParams(num_perm=256))
    jac, full_in_trunc, trunc_in_full = pair_similarity(sigs, counts, np.array([[0, 1]]))
    assert jac.dtype == np.float32
    assert 0.28 < jac[0] < 0.47  # exact ~ 0.37
    assert trunc_in_full[0] >= 0.9
    assert full_in_trunc[0] < 0.5


def test_pair_similarity_handles_empty_documents() -> None:
    sigs, counts = minhash(["", "some words that are here"], PARAMS)
    jac, c_ij, c_ji = pair_similarity(sigs, counts, np.array([[0, 1]]))
    assert c_ij[0] == 0.0 and 0.0 <= c_ji[0] <= 1.0 and jac[0] == 0.0


def test_connected_components_labels_are_smallest_members() -> None:
    edges = np.array([[5, 3], [3, 1], [7, 8], [8, 9], [2, 2]])
    labels = connected_components(10, edges)
    assert labels.dtype == np.int64
    assert labels.tolist() == [0, 1, 2, 1, 4, 1, 6, 7, 7, 7]
    assert np.array_equal(labels, connected_components(10, edges[::-1]))
    assert connected_components(3, np.empty((0, 2), dtype=np.int64)).tolist() == [0, 1, 2]
    with pytest.raises(ValueError):
        connected_components(3, np.array([[0, 3]]))

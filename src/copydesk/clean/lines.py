"""The learned line model: which lines of a page are article text, judged from their features.

Two forests of regression trees (gradient boosting): stage 1 scores each line from its own
features (`line_features.py`); stage 2 adds the stage-1 scores of its neighbourhood. Trained by
bench/train_lines.py; shipped as JSON so the package needs no learning library at run time, and
walked by numba. After the trees, the decisions of the page's structure that they cannot make
line by line (`model_reasons`, `structure.py`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba as nb
import numpy as np

from copydesk.clean.captions import name_captions
from copydesk.clean.line_features import (
    CONTEXT_NAMES,
    FEATURE_NAMES,
    context_batch,
    features_batch,
    fragment_runs,
)
from copydesk.clean.rows import named_lines
from copydesk.clean.structure import (
    JudgedRows,
    follow_neighbours,
    ingredient_headers,
    keep_ingredient_lists,
    keep_introduced_lists,
    keep_numbered_lists,
    keep_paragraphs_beside_prose,
    keep_table_rows,
    remove_tag_clouds,
)
from copydesk.clean.widgets import name_widget_lines
from copydesk.normalize import code_points

MODEL_PATH = Path(__file__).resolve().parent / "models" / "lines.json"


_MAX_LEVELS = 12  # padded to complete trees, deeper ones would not fit in the cache


@dataclass(frozen=True)
class Forest:
    """Trees in flat arrays; a node with feature -1 is a leaf whose value is added to the score."""

    feature: np.ndarray  # int32
    threshold: np.ndarray  # float64: go left when x <= threshold
    left: np.ndarray  # int32, absolute node index
    right: np.ndarray  # int32
    value: np.ndarray  # float64
    roots: np.ndarray  # int32
    base: float
    # The same trees padded to complete binary trees of the forest's depth, for `_predict`. A
    # leaf above the bottom level is copied to every bottom slot under it (so the padding
    # splits do not matter): a walk is then a fixed number of steps, `node = 2 * node + 1`
    # or `+ 2`, with no branch to mispredict, which `_predict` takes for all rows at once.
    # Thresholds are float32, rounded down: for float32 features `x <= t32` holds exactly when
    # `x <= t` does. Same scores as walking the trees node by node; ~1.8x faster on news text.
    _split_feature: np.ndarray = field(init=False, repr=False, compare=False)  # (trees, 2^d - 1)
    _split_threshold: np.ndarray = field(init=False, repr=False, compare=False)
    _leaf_value: np.ndarray = field(init=False, repr=False, compare=False)  # (trees, 2^d)

    def __post_init__(self) -> None:
        feature = self.feature.tolist()
        left, right = self.left.tolist(), self.right.tolist()

        def depth(node: int) -> int:
            return 0 if feature[node] < 0 else 1 + max(depth(left[node]), depth(right[node]))

        levels = max((depth(root) for root in self.roots.tolist()), default=0)
        if levels > _MAX_LEVELS:
            raise ValueError(f"trees of depth {levels}: at most {_MAX_LEVELS} are supported")
        n_trees = len(self.roots)
        split_feature = np.zeros((n_trees, 2**levels - 1), np.uint32)  # see `_predict`
        split_threshold = np.full((n_trees, 2**levels - 1), np.inf, np.float32)
        leaf_value = np.zeros((n_trees, 2**levels), np.float64)
        threshold32 = self.threshold.astype(np.float32)
        above = threshold32 > self.threshold
        threshold32[above] = np.nextafter(threshold32[above], np.float32(-np.inf))
        for t, root in enumerate(self.roots.tolist()):
            stack = [(root, 0, 0)]  # (node, slot in the complete tree, level)
            while stack:
                node, slot, level = stack.pop()
                if feature[node] >= 0:
                    split_feature[t, slot] = feature[node]
                    split_threshold[t, slot] = threshold32[node]
                    stack.append((left[node], 2 * slot + 1, level + 1))
                    stack.append((right[node], 2 * slot + 2, level + 1))
                    continue
                # A leaf at `level`: fill the leaves under its slot at the bottom.
                first = slot
                for _ in range(levels - level):
                    first = 2 * first + 1
                width = 2 ** (levels - level)
                start = first - (2**levels - 1)
                leaf_value[t, start : start + width] = self.value[node]
        object.__setattr__(self, "_split_feature", split_feature)
        object.__setattr__(self, "_split_threshold", split_threshold)
        object.__setattr__(self, "_leaf_value", leaf_value)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forest:
        return cls(
            np.asarray(data["feature"], np.int32),
            np.asarray(data["threshold"], np.float64),
            np.asarray(data["left"], np.int32),
            np.asarray(data["right"], np.int32),
            np.asarray(data["value"], np.float64),
            np.asarray(data["roots"], np.int32),
            float(data["base"]),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "roots": self.roots.tolist(),
            "feature": self.feature.tolist(),
            "threshold": self.threshold.tolist(),
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": self.value.tolist(),
        }

    def predict(
        self,
        features: np.ndarray,
        extra: np.ndarray | None = None,
        want: np.ndarray | None = None,
    ) -> np.ndarray:
        """Probability of the positive class (article text) per row of float32 features.

        `extra` holds more feature columns, numbered after those of `features` (the stage-2
        context); rows where `want` is False are skipped (their result is NaN).
        """
        x = features.astype(np.float32, copy=False)
        rows = None if want is None or want.all() else np.flatnonzero(want)
        if rows is not None:
            x = x[rows]
            extra = None if extra is None else extra[rows]
        if extra is not None:
            x = np.hstack([x, extra.astype(np.float32, copy=False)])
        x = np.ascontiguousarray(x)
        p = np.concatenate(
            [
                _predict(
                    x[a : a + _PREDICT_ROWS],
                    self._split_feature,
                    self._split_threshold,
                    self._leaf_value,
                    self.base,
                )
                for a in range(0, max(len(x), 1), _PREDICT_ROWS)
            ]
        )
        if rows is None:
            return p
        out = np.full(features.shape[0], np.nan)
        out[rows] = p
        return out


@dataclass(frozen=True)
class LineModel:
    """Both stages, the decision threshold, and where the training data came from."""

    stage1: Forest
    stage2: Forest
    threshold: float
    trained_on: str
    feature_names: tuple[str, ...]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LineModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = tuple(data["feature_names"])
        if names != FEATURE_NAMES + CONTEXT_NAMES:
            raise ValueError(f"{path}: model features do not match this copydesk's line features")
        return cls(
            Forest.from_json(data["stage1"]),
            Forest.from_json(data["stage2"]),
            float(data["threshold"]),
            str(data["trained_on"]),
            names,
        )

    def save(self, path: Path) -> None:
        data = {
            "trained_on": self.trained_on,
            "threshold": self.threshold,
            "feature_names": list(self.feature_names),
            "stage1": self.stage1.to_json(),
            "stage2": self.stage2.to_json(),
        }
        path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")

    def score(self, text: str, low: str, rule_hits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(line index, probability that the line is article text) for the non-blank lines of
        one text, every one scored by both stages (`model_reasons` skips the lines other
        stages claimed)."""
        line_bounds = np.array([0, len(rule_hits)], np.int64)
        hits = rule_hits.astype(np.int8, copy=False)
        codes = _batch_codes([text], [low])
        rows, p, _, _, _ = self._score_lines([text], hits, line_bounds, None, codes)
        return rows, p

    def _score_lines(
        self,
        texts: Sequence[str],
        rule_hits: np.ndarray,
        line_bounds: np.ndarray,
        unclaimed: np.ndarray | None,
        codes: tuple[np.ndarray, np.ndarray, np.ndarray],
        min_fragment_run: int = 0,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """`score` of a batch of documents in one native pass per stage, as flat arrays: line
        index and probability per row of all documents, the first row of each document, each
        row's features (stage 1's, `FEATURE_NAMES`), and each document's longest run of
        fragments (`fragment_runs`, for the steps after the model that read pages only).
        A document whose longest run of fragments is under `min_fragment_run` is not scored
        (it has no rows; see `model_reasons`).

        Given the rules' verdicts (int8) and which lines are unclaimed (bool; None: all) per
        line of all documents end to end (document d's lines: line_bounds[d] to
        line_bounds[d + 1]), and their `_batch_codes`. One pass over a whole batch keeps the
        trees (~150 KB) in the CPU cache; scored one document at a time between the other
        cleaning stages, they were evicted and reloaded for every document (~25% slower on
        generated news). No Python per line or row."""
        # (found also where every document is judged: a full page pays this pass anyway, and
        # so the model's cost measured with 0 is its cost on a page)
        runs = fragment_runs(codes[0], codes[2])
        judged = runs >= min_fragment_run
        wide = np.fromiter((not text.isascii() for text in texts), np.bool_, len(texts))
        judged &= ~_unspaced(codes[0], codes[2], judged & wide)
        rows, features, row_bounds = features_batch(codes, rule_hits, line_bounds, judged)
        p1 = self.stage1.predict(features)
        context = context_batch(p1, features[:, 0].astype(np.float64), row_bounds)
        want = None
        if unclaimed is not None:
            want = unclaimed[rows + np.repeat(line_bounds[:-1], np.diff(row_bounds))]
        return rows, self.stage2.predict(features, context, want), row_bounds, features, runs


def _batch_codes(
    texts: Sequence[str], lows: Sequence[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of the texts and of their lower-cased forms, each end to end, and where
    each text starts (and the end): what the native passes of the model and of the page's
    structure read. The clean pass has them from `normalize.lower_and_match`."""
    return (
        code_points("".join(texts)),
        code_points("".join(lows)),
        np.cumsum([0, *map(len, texts)], dtype=np.int64),
    )


_UNSPACED_SHARE = 0.3
_UNSPACED_SAMPLE = 1500


def unspaced(text: str) -> bool:
    """Whether `text` is written mostly (`_UNSPACED_SHARE` of its visible characters) in Thai,
    Lao, Myanmar or Khmer, scripts without spaces between words whose words the features do
    not count.

    The features count words by spaces: a line of such prose reads as one long word, a
    fragment, and the model, trained on European languages, removed whole articles. (Chinese
    and Japanese, the same problem, are counted a character at a time: see
    `line_features._features`.) No evaluation page here is written in these four scripts, so
    the model does not judge them; the rules, templates and repeats still run.
    """
    bounds = np.array([0, len(text)], np.int64)
    return bool(_unspaced(code_points(text), bounds, np.ones(1, np.bool_))[0])


@nb.njit(cache=True, nogil=True)
def _unspaced(text: np.ndarray, char_bounds: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """`unspaced` of each `wanted` document of a batch (its code points between bounds), told
    by its first `_UNSPACED_SAMPLE` characters, natively: a regular expression over the whole
    text cost ~19 us of a 4,460-character article, a tenth of the cleaner's time."""
    out = np.zeros(len(char_bounds) - 1, np.bool_)
    for d in range(len(char_bounds) - 1):
        if not wanted[d]:
            continue
        visible = found = 0
        for i in range(char_bounds[d], min(char_bounds[d + 1], char_bounds[d] + _UNSPACED_SAMPLE)):
            c = text[i]
            if c > 32:
                visible += 1
                if c >= 0x0E00 and (
                    c <= 0x0EFF  # Thai, Lao
                    or 0x1000 <= c <= 0x109F  # Myanmar
                    or 0x1780 <= c <= 0x17FF  # Khmer
                ):
                    found += 1
        out[d] = found >= _UNSPACED_SHARE * max(visible, 1)
    return out


@functools.cache
def shipped_model() -> LineModel | None:
    """The model shipped in `clean/models/`, loaded once per process; None where there is none."""
    return LineModel.load() if MODEL_PATH.exists() else None


def model_reasons(
    model: LineModel,
    texts: Sequence[str],
    lines: Sequence[Sequence[str]],
    lows: Sequence[str],
    rule_hits: np.ndarray,
    reasons: Sequence[list[str | None]],
    codes: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    min_fragment_run: int = 0,
) -> None:
    """Give `model:<score>` to the lines no earlier stage claimed and the model calls chrome.

    Per document its text, its lines (the text split at "\n", as the caller has it), its
    lower-cased text and its reasons so far, which also
    hold the template and repeat stages (they take precedence over the model) and are filled
    in here; `rule_hits` holds the rules' verdicts (int8: the `rule` feature the model was
    trained with) for the lines of all documents end to end. The score is the model's
    probability that the line is not article text. `codes`: `_batch_codes` of the texts, where
    the caller has them. The only non-blank line of a document is never the model's to remove
    (see below), nor any line
    of a document whose longest run of fragments (lines that end no sentence, blank lines
    aside) is under `min_fragment_run` (`CleanConfig.model_min_fragment_run`). Then the
    decisions of the page's structure (`structure.py`): a list under a sentence ending in a
    colon stays (`keep_introduced_lists`), so does the rest of a numbered list whose first two
    items it kept (`keep_numbered_lists`), a recipe's list of ingredients
    (`keep_ingredient_lists`), a table's rows stay where the model kept one of them
    (`keep_table_rows`), a paragraph next to a kept one stays
    (`keep_paragraphs_beside_prose`), a short line follows its neighbours
    (`follow_neighbours`), and a kept line of words in alphabetical order is a tag cloud
    (`remove_tag_clouds`). Last, a run of a poll's answers or of teasers that each carry the
    same mark is named as such (`widgets.py`), and so is a kept line that ends in a photo's
    credit, a caption (`captions.py`).
    """
    if not texts:
        return
    if codes is None:
        codes = _batch_codes(texts, lows)
    line_bounds = np.cumsum([0, *map(len, reasons)], dtype=np.int64)
    unclaimed = ~named_lines(reasons)
    rows, content, row_bounds, features, runs = model._score_lines(
        texts, rule_hits, line_bounds, unclaimed, codes, min_fragment_run
    )
    log_words, terminal = features[:, _LOG_WORDS], features[:, _ENDS_TERMINAL]
    chrome = np.flatnonzero(content < model.threshold)  # NaN (claimed lines) compares False
    doc_of = np.searchsorted(row_bounds, chrome, side="right") - 1
    # The model judges a line against the page around it. A document of one line (an article
    # stored without line breaks) has no page around it: its features are unlike any training
    # page's, and its score is a coin toss (AEB's article bodies joined into one line each: 4
    # of 181 scored 0.54-0.56 chrome, which would have emptied them). Its only line stays.
    several_lines = np.diff(row_bounds) > 1
    chrome, doc_of = chrome[several_lines[doc_of]], doc_of[several_lines[doc_of]]
    for d, row, p in zip(
        doc_of.tolist(), rows[chrome].tolist(), content[chrome].tolist(), strict=True
    ):
        if reasons[d][row] is None:
            reasons[d][row] = f"model:{1.0 - p:.2f}"
    judged_docs = np.unique(doc_of)
    headed = ingredient_headers(codes[1], codes[2], judged_docs)
    for d, has_header in zip(judged_docs.tolist(), headed.tolist(), strict=True):
        keep_introduced_lists(texts[d], reasons[d])
        keep_numbered_lists(texts[d], reasons[d])
        if has_header:
            keep_ingredient_lists(texts[d], reasons[d])
        if "\t" in texts[d]:
            keep_table_rows(texts[d], reasons[d])
    judged_rows = JudgedRows(
        rows, row_bounds, line_bounds, unclaimed, log_words, terminal, content
    )
    keep_paragraphs_beside_prose(reasons, judged_rows)
    follow_neighbours(reasons, judged_rows)
    remove_tag_clouds(lines, reasons, judged_rows)
    name_widget_lines(texts, reasons, judged_rows, codes, runs)
    for d in np.flatnonzero(several_lines).tolist():  # the documents the model judged
        name_captions(texts[d], lows[d], reasons[d])


_LOG_WORDS = FEATURE_NAMES.index("log_words")
_ENDS_TERMINAL = FEATURE_NAMES.index("ends_terminal")
# Rows per `_predict` call. Its indices into the flat feature array are 32-bit, and each of
# its level-by-level passes gathers one feature from every row: the rows of one slice that
# `clean_documents` cleans at once (~5,000 rows of AEB bodies, ~1.3 MB) overflow the L2 cache,
# so every pass missed them again; 1,024 rows (~250 KB) stay in it through all the trees (AEB
# bodies, shards of 5,000: both stages 27.2 -> 22.6 us per document, medians of 4).
_PREDICT_ROWS = 1 << 10


@nb.njit(cache=True, nogil=True)
def _predict(
    x: np.ndarray,
    split_feature: np.ndarray,
    split_threshold: np.ndarray,
    leaf_value: np.ndarray,
    base: float,
) -> np.ndarray:
    """The forest's probability per row of `x` (C-contiguous, fewer than 2^32 values).

    Tree by tree, and within a tree level by level over all rows: each tree stays in the cache,
    and the rows' steps at one level are independent, so the CPU overlaps their loads instead
    of waiting for one walk's chain of loads at a time. The indices are unsigned 32-bit, into
    the features as one flat array: numba then drops its negative-index checks and the compiler
    turns the step over all rows into vector gathers (AEB bodies: the walk ~1.7x faster).
    """
    n_trees, n_splits = split_feature.shape
    levels = 0
    while (1 << levels) <= n_splits:
        levels += 1
    n = x.shape[0]
    flat = x.ravel()
    row_start = np.arange(n).astype(np.uint32) * np.uint32(x.shape[1])
    total = np.full(n, base)
    node = np.empty(n, np.uint32)
    two = np.uint32(2)
    for t in range(n_trees):
        feature = split_feature[t]
        threshold = split_threshold[t]
        value = leaf_value[t]
        node[:] = 0
        for _ in range(levels):
            for i in range(n):
                j = node[i]
                go_left = flat[row_start[i] + feature[j]] <= threshold[j]
                node[i] = two * j + two - np.uint32(go_left)
        for i in range(n):
            total[i] += value[node[i] - np.uint32(n_splits)]
    return 1.0 / (1.0 + np.exp(-total))

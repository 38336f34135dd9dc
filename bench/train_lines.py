"""Train copydesk's line model (clean/models/lines.json) reproducibly from the evaluation data.

The model learns which lines of full-page text are article text. Training pages and labels:

- `trafilatura-eval` (default, what the shipped model uses): the 990 multilingual pages; a line
  is article text when trafilatura, reading the page's HTML, keeps it (a teacher: the text-only
  model learns to do from text what trafilatura does from the DOM), overridden by the dataset's
  hand-made snippets (a line holding a "with" snippet is article text; a line that is mostly a
  "without" snippet is not).
- `aeb`: the 181 English news pages; a line is article text when the hand-marked article body
  holds it or the same teacher keeps it. The teacher adds what AEB's annotators leave out but
  other data sets count as content (subheadings, captions, list items in the text); with the
  hand labels alone, the held-out model learnt to drop them. Used to train the held-out model
  with which bench/boilerplate.py scores trafilatura-eval, since a model must never be scored
  on the set it was trained on (`--train-set aeb --out bench/models/lines-aeb.json`).

Two stages of gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, fixed seed):
stage 1 on the line features of `copydesk.clean.line_features`; stage 2 adds the stage-1
scores of the line's neighbourhood, taken out-of-fold (3 folds by page) so stage 2 learns from
scores like the ones it will see on unseen pages. The trees are exported to JSON and checked against
scikit-learn's own predictions before writing.

    python bench/train_lines.py [DATA_DIR] [--train-set trafilatura-eval|aeb] [--out PATH] [--cv]

Needs scikit-learn, resiliparse and trafilatura (+ lxml_html_clean) beside copydesk:
`pip install -e .[train]`.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent))

import boilerplate as bench

from copydesk.clean.line_features import (
    CONTEXT_NAMES,
    FEATURE_NAMES,
    line_features,
    probability_context,
)
from copydesk.clean.lines import MODEL_PATH, Forest, LineModel
from copydesk.clean.rules import lower_text, rule_reasons

_WORDS = re.compile(r"\w+")
SEED = 0
FOLDS = 3
THRESHOLD = 0.5
MAX_DEPTH = 6  # the cleaner walks every tree to this depth for every line (docs/CLEANING.md)


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(text))


def _spaces(text: str) -> str:
    return " ".join(text.split())


def label_lines(lines: Sequence[str], rows: np.ndarray, reference: str) -> np.ndarray:
    """1 for lines that are part of `reference`, the article text, else 0.

    A line counts when its words equal a line of the reference, or when it has at least four
    words and they occur in the reference in order (block boundaries differ between extractors).
    Shorter lines must match a whole reference line: "News" occurs in many articles.
    """
    ref_words = " " + _words(reference) + " "
    ref_lines = {_words(line) for line in reference.split("\n")}
    labels = np.zeros(len(rows), np.int8)
    for k, row in enumerate(rows.tolist()):
        words = _words(lines[row])
        if words and (
            words in ref_lines or (words.count(" ") >= 3 and f" {words} " in ref_words)
        ):
            labels[k] = 1
    return labels


def snippet_overrides(
    lines: Sequence[str], rows: np.ndarray, labels: np.ndarray, page: bench.Page
) -> None:
    """Apply trafilatura-eval's hand-made snippets over the teacher's labels."""
    for k, row in enumerate(rows.tolist()):
        line = _spaces(lines[row])
        if any(_spaces(s) in line for s in page.with_):
            labels[k] = 1
        elif any(
            (s := _spaces(w)) in line and len(s) >= 0.5 * len(line) for w in page.without
        ):
            labels[k] = 0


def document_features(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Lines, feature rows' line indices and features, exactly as clean_document makes them."""
    lines = text.split("\n")
    low = lower_text(text)
    hits = np.fromiter((r is not None for r in rule_reasons(lines, text, low)), np.int8, len(lines))
    rows, features = line_features(text, low, hits)
    return lines, rows, features


def page_labels(
    page: bench.Page,
    lines: Sequence[str],
    rows: np.ndarray,
    teacher: Callable[[str], str],
    hand: bool = True,
) -> np.ndarray:
    """The training label of each of `rows`: the teacher's, with the page's hand labels (AEB's
    body added, trafilatura-eval's snippets over it) unless `hand` is False."""
    labels = label_lines(lines, rows, teacher(page.html))
    if hand and page.truth:  # a hand-marked article body (AEB)
        labels |= label_lines(lines, rows, page.truth)
    elif hand:  # hand-made snippets (trafilatura-eval)
        snippet_overrides(lines, rows, labels, page)
    return labels


def _teacher() -> Callable[[str], str]:
    teacher = bench.trafilatura_html()
    if teacher is None:
        raise SystemExit("trafilatura is needed to label the training pages")
    return teacher


def build(pages: Sequence[bench.Page]) -> tuple[np.ndarray, ...]:
    """Features, labels and page ids for every non-blank line of the training pages."""
    teacher = _teacher()
    xs, ys, groups = [], [], []
    for page_id, page in enumerate(pages):
        lines, rows, features = document_features(bench.full_page_text(page.html))
        if len(rows) == 0:
            continue
        xs.append(features)
        ys.append(page_labels(page, lines, rows, teacher))
        groups.append(np.full(len(rows), page_id))
    return np.vstack(xs), np.concatenate(ys), np.concatenate(groups)


def label_ceiling(
    name: str, pages: Sequence[bench.Page], hand: bool
) -> tuple[float, float, float]:
    """P/R/F1 of the labels themselves taken as the cleaner's output: each page's lines
    labelled article text, scored with the metric of the set `name`.

    What a model that learnt its labels perfectly would score, so the most a line model can
    reach with them: the labels are line-level and come from an extractor, the metric from
    people. With `hand` False, the teacher's labels alone (what the shipped model learns on
    the pages the held-out set does not label by hand).
    """
    teacher = _teacher()
    predictions = []
    for page in pages:
        lines = bench.full_page_text(page.html).split("\n")
        labels = page_labels(page, lines, np.arange(len(lines)), teacher, hand)
        predictions.append("\n".join(itertools.compress(lines, labels)))
    return bench.score_pages(name, pages, predictions)


# Each split chooses among a random half of the features (fixed seed: the same model every run),
# as a random forest's do: trees fitted to a few hundred pages then lean less on any one feature,
# at no cost to the cleaner (the same number and depth of trees). `--cv` on 2026-11-27
# (docs/CLEANING.md, "The line model"): trafilatura-eval 0.886 -> 0.890 (0.889 with another
# seed), AEB 0.922 -> 0.922 (0.922); a third of the features: 0.888 and 0.922.
MAX_FEATURES = 0.5


def _classifier(iterations: int, max_depth: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=iterations,
        max_depth=max_depth,
        learning_rate=0.1,
        min_samples_leaf=40,
        max_features=MAX_FEATURES,
        early_stopping=False,
        random_state=SEED,
    )


def context(p: np.ndarray, groups: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Stage-2 neighbourhood features, page by page."""
    out = np.zeros((len(p), len(CONTEXT_NAMES)), np.float32)
    for group in np.unique(groups):
        idx = np.flatnonzero(groups == group)
        out[idx] = probability_context(p[idx].astype(np.float64), x[idx, 0].astype(np.float64))
    return out


def export(model: HistGradientBoostingClassifier) -> Forest:
    """The fitted trees as flat arrays (leaf values already include the learning rate)."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    for (tree,) in model._predictors:
        offset = len(feature)
        roots.append(offset)
        for node in tree.nodes:
            leaf = bool(node["is_leaf"])
            feature.append(-1 if leaf else int(node["feature_idx"]))
            threshold.append(0.0 if leaf else float(node["num_threshold"]))
            left.append(0 if leaf else offset + int(node["left"]))
            right.append(0 if leaf else offset + int(node["right"]))
            value.append(float(node["value"]) if leaf else 0.0)
    return Forest(
        np.asarray(feature, np.int32),
        np.asarray(threshold, np.float64),
        np.asarray(left, np.int32),
        np.asarray(right, np.int32),
        np.asarray(value, np.float64),
        np.asarray(roots, np.int32),
        float(np.ravel(model._baseline_prediction)[0]),
    )


def _check(forest: Forest, model: HistGradientBoostingClassifier, x: np.ndarray) -> None:
    ours = forest.predict(x)
    theirs = model.predict_proba(x)[:, 1]
    worst = float(np.max(np.abs(ours - theirs)))
    if worst > 1e-9:
        raise SystemExit(f"exported trees disagree with scikit-learn by {worst}")


def train(
    x: np.ndarray,
    y: np.ndarray,
    groups: np.ndarray,
    iterations: tuple[int, int],
    max_depth: int = MAX_DEPTH,
) -> tuple[Forest, Forest]:
    """Fit both stages; stage 2 on out-of-fold stage-1 scores.

    Only the lines no rule named are learnt from (the others weigh nothing but stay in the
    pages, as the neighbourhood of the rest): the cleaner never asks the model about a line a
    rule took, so learning them spent the trees on verdicts fixed in advance, and every new
    rule reshaped the model (docs/CLEANING.md, "The line model").
    """
    judged = (x[:, FEATURE_NAMES.index("rule")] == 0).astype(np.float64)
    oof = np.zeros(len(y))
    for fold in range(FOLDS):
        held = groups % FOLDS == fold
        fold_model = _classifier(iterations[0], max_depth)
        fold_model.fit(x[~held], y[~held], sample_weight=judged[~held])
        oof[held] = fold_model.predict_proba(x[held])[:, 1]
    stage1 = _classifier(iterations[0], max_depth).fit(x, y, sample_weight=judged)
    x2 = np.hstack((x, context(oof, groups, x)))
    stage2 = _classifier(iterations[1], max_depth).fit(x2, y, sample_weight=judged)
    sample = slice(0, min(len(y), 20_000))
    forest1, forest2 = export(stage1), export(stage2)
    _check(forest1, stage1, x[sample])
    _check(forest2, stage2, x2[sample])
    return forest1, forest2


def cross_validate(
    name: str,
    pages: Sequence[bench.Page],
    data: tuple[np.ndarray, np.ndarray, np.ndarray],
    iterations: tuple[int, int],
    max_depth: int,
) -> tuple[float, float, float]:
    """P/R/F1 on the training set itself, each page cleaned by a model trained without it
    (`FOLDS` folds by page), scored with that set's own metric.

    For judging a change to the features, labels or settings: the other set, the one reported,
    moves by up to 0.01 between retrainings, and choosing by it is selection on the reported
    data. Never a reported figure.
    """
    x, y, groups = data
    predictions = [""] * len(pages)  # a page with no line to keep stays empty
    for fold in range(FOLDS):
        held = groups % FOLDS == fold
        # page ids renumbered, so the inner folds of `train` split the remaining pages evenly
        inner = np.unique(groups[~held], return_inverse=True)[1]
        stage1, stage2 = train(x[~held], y[~held], inner, iterations, max_depth)
        model = LineModel(stage1, stage2, THRESHOLD, "cv", FEATURE_NAMES + CONTEXT_NAMES)
        for page_id in np.unique(groups[held]).tolist():
            text = bench.full_page_text(pages[page_id].html)
            predictions[page_id] = bench.copydesk_text(text, model)
    return bench.score_pages(name, pages, predictions)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=bench.DEFAULT_DATA)
    parser.add_argument("--train-set", choices=list(bench.LOADERS), default="trafilatura-eval")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--iterations", type=int, nargs=2, default=(100, 60))
    parser.add_argument(
        "--max-depth",
        type=int,
        default=MAX_DEPTH,
        help="depth of each tree (shallower trees are cheaper to walk)",
    )
    parser.add_argument(
        "--cv",
        action="store_true",
        help=f"print the {FOLDS}-fold cross-validated P/R/F1 on the training set instead of "
        "writing a model (for comparing changes; see cross_validate)",
    )
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="print the P/R/F1 of the training labels themselves taken as output (the most a "
        "model that learns them can score; see label_ceiling) instead of writing a model",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    pages = bench.LOADERS[args.train_set](args.data / args.train_set)
    if args.ceiling:
        for hand, name in ((True, "the training labels"), (False, "the teacher's labels alone")):
            p, r, f1 = label_ceiling(args.train_set, pages, hand)
            print(f"{name} as output on {args.train_set}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        return 0
    x, y, groups = build(pages)
    print(f"{args.train_set}: {len(pages)} pages, {len(y):,} lines, {y.mean():.1%} article text")
    if args.cv:
        data = (x, y, groups)
        p, r, f1 = cross_validate(
            args.train_set, pages, data, tuple(args.iterations), args.max_depth
        )
        print(f"{FOLDS}-fold cross-validated on {args.train_set}: P {p:.3f} R {r:.3f} F1 {f1:.3f}")
        print(f"in {time.perf_counter() - started:.0f} s")
        return 0
    stage1, stage2 = train(x, y, groups, tuple(args.iterations), args.max_depth)
    model = LineModel(stage1, stage2, THRESHOLD, args.train_set, FEATURE_NAMES + CONTEXT_NAMES)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

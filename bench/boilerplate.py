"""Boilerplate removal from text alone, scored on real pages against extractors that read HTML.

Most news corpora arrive as already-extracted text: the HTML is gone, the chrome is not. This
benchmark recreates that input from real pages (each HTML page turned into full-page text with
resiliparse, `main_content=False`, one block per line: what a crawler without main-content
extraction stores), runs copydesk's text-only cleaner on it, and scores the result with each
dataset's own metric beside peers:

- no cleaning (the full-page text as is);
- C4-style line rules (keep lines of >= 3 words ending in terminal punctuation, drop lines
  mentioning "javascript" or "cookie");
- datatrove's C4QualityFilter in line-removal mode (its page-dropping rules switched off), when
  datatrove is installed;
- trafilatura and resiliparse main-content, which read the HTML itself;
- copydesk's `clean_document(text, template_keys=frozenset())` on the full-page text, each page
  alone;
- the same cleaner on the set's pages read as one crawl, as `copydesk run` reads a corpus: the
  scan counts each site's lines over its pages (the site from the page's URL), and a line on
  `--template-min-docs` different articles of a site (default 2: AEB holds at most two pages of
  a site, 110 of its 181 pages share their site with another; `copydesk run`'s default is 3) is
  removed as the site's template;
- copydesk's HTML input path (`copydesk run` on .html: trafilatura extracts, the cleaner follows).

Datasets (read-only, never copied into the repo; default `../shared/data` beside the checkout):
- `aeb/`: scrapinghub/article-extraction-benchmark (181 news pages, English). Metric: the
  benchmark's evaluate.py: 4-token `\\w+` shingles, per-page tp/fp/fn normalised by their sum,
  precision and recall averaged over pages, F1 from the two means.
- `trafilatura-eval/`: adbar/trafilatura tests (990 pages, mostly German and Polish). Metric:
  trafilatura's eval_common.py: a "with" snippet found in the output (whitespace-normalised
  substring) is a true positive, missing a false negative; a "without" snippet found is a false
  positive; precision/recall/F1 over all snippets.

The same run measures copydesk's cleaner speed on one core (documents per CPU-second, all stages:
rules, fields, repeats, line model; a shard of 5,000 documents per call, as the clean pass runs
it, in a process whose allocator keeps freed memory as the clean pass's processes do) on the
full-page texts and on news-length documents (AEB's article bodies: with the line model judging
every one, the figure for the target; as shipped, where it judges only those holding a run of
fragments; and without it): three times each, printed as the median and the range. Beside
them, datatrove's C4 line filter timed the same way on the same texts (its own process, shards of
the same size), and copydesk's speed as a ratio to it: a figure that moves less with the machine
than documents per second do.

    python bench/boilerplate.py [DATA_DIR] [--sets aeb trafilatura-eval] [--limit N]

Needs resiliparse and trafilatura beside copydesk (`pip install -e .[bench]`). datatrove pins
its own dependencies, so it lives in an environment of its own, run through `--datatrove-python`
(`python3 -m venv /tmp/dt && /tmp/dt/bin/pip install datatrove regex`).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.encoding import bytes_to_str, detect_encoding
from resiliparse.parse.html import HTMLTree

from copydesk.allocator import keep_freed_memory
from copydesk.clean import clean_document, clean_documents
from copydesk.clean.line_features import longest_fragment_run
from copydesk.clean.lines import LineModel, shipped_model
from copydesk.clean.templates import find_templates, scan_table, site_of
from copydesk.config import CleanConfig, EngineConfig
from copydesk.io.html import extract_page
from copydesk.passes.clean import for_extracted_text, load_templates

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
# The held-out line model that scores trafilatura-eval (the shipped one was trained on it):
# `python bench/train_lines.py --train-set aeb --out bench/models/lines-aeb.json`.
HELDOUT_MODEL = REPO / "bench" / "models" / "lines-aeb.json"


@dataclass(frozen=True)
class Page:
    """One evaluation page: its HTML and what the dataset's metric needs to score an output."""

    key: str
    html: str
    url: str = ""  # where the page was crawled: its site's templates are counted under its host
    truth: str = ""  # AEB: the article body a person marked
    with_: tuple[str, ...] = ()  # trafilatura-eval: snippets that belong to the main text
    without: tuple[str, ...] = ()  # ... and snippets that must not be in it


# --------------------------------------------------------------------------------------------
# Datasets


def load_aeb(root: Path) -> list[Page]:
    """AEB pages, decoded as UTF-8 the way the benchmark's own extractor scripts read them."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf-8") as f:
            html = f.read()
        body = truth[key].get("articleBody", "") or ""
        pages.append(Page(key, html, url=truth[key].get("url", "") or "", truth=body))
    return pages


def load_trafilatura_eval(root: Path) -> list[Page]:
    """trafilatura-eval pages, decoded with resiliparse's encoding detection."""
    items = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in items.items():
        path = root / "html" / f"{item['file']}.gz"
        raw = gzip.decompress(path.read_bytes())
        html = bytes_to_str(raw, detect_encoding(raw))
        with_, without = tuple(item["with"]), tuple(item["without"])
        pages.append(Page(url, html, url=url, with_=with_, without=without))
    return pages


# --------------------------------------------------------------------------------------------
# Metrics

_TOKEN_RE = re.compile(r"\w+")
_SPACE_RE = re.compile(r"\s+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def aeb_page_counts(truth: str, pred: str) -> tuple[float, float, float]:
    """AEB's per-page (tp, fp, fn) over 4-token shingle counts, normalised by their sum."""
    true_sh, pred_sh = _shingles(truth), _shingles(pred)
    tp = fp = fn = 0.0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def aeb_score(counts: Sequence[tuple[float, float, float]]) -> tuple[float, float, float]:
    """AEB's precision and recall means over pages (skipping empty ones) and F1 from them."""

    def ratio(a: float, b: float, other: float) -> float:
        if b == other == 0:
            return 1.0
        return 0.0 if a == b == 0 else a / (a + b)

    precision = statistics.mean(ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0)
    recall = statistics.mean(ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _norm(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()


def snippet_counts(page: Page, pred: str) -> tuple[int, int, int]:
    """trafilatura-eval's (tp, fp, fn) for one page: whitespace-normalised substring matches."""
    text = _norm(pred or "")
    tp = sum(_norm(s) in text for s in page.with_)
    fp = sum(_norm(s) in text for s in page.without)
    return tp, fp, len(page.with_) - tp


def snippet_score(counts: Sequence[tuple[int, int, int]]) -> tuple[float, float, float]:
    """Micro precision/recall/F1 over all snippets of all pages."""
    tp = sum(c[0] for c in counts)
    fp = sum(c[1] for c in counts)
    fn = sum(c[2] for c in counts)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return precision, recall, f1


def score_pages(
    name: str, pages: Sequence[Page], predictions: Sequence[str]
) -> tuple[float, float, float]:
    """P/R/F1 of one prediction per page with the metric of the data set `name`."""
    pairs = zip(pages, predictions, strict=True)
    if name == "aeb":
        return aeb_score([aeb_page_counts(p.truth, pred) for p, pred in pairs])
    return snippet_score([snippet_counts(p, pred) for p, pred in pairs])


# --------------------------------------------------------------------------------------------
# Methods. Each maps (page, full-page text) to the predicted main text.


def full_page_text(html: str) -> str:
    """All visible text of the page, one block per line (no main-content extraction)."""
    return extract_plain_text(HTMLTree.parse(html), main_content=False)


_TERMINAL = (".", "!", "?", '"')


def c4_lines(text: str) -> str:
    """C4-style line rules as the data README states them."""
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        lower = stripped.lower()
        if (
            len(stripped.split()) >= 3
            and stripped.endswith(_TERMINAL)
            and "javascript" not in lower
            and "cookie" not in lower
        ):
            kept.append(stripped)
    return "\n".join(kept)


def datatrove_python(python: Path | None) -> Path | None:
    """The python that runs bench/datatrove_c4.py: `python` (an environment holding datatrove,
    which pins its own dependencies), else this one where datatrove imports here; None when
    neither works."""
    if python is not None:
        return python
    try:
        import datatrove  # noqa: F401
    except ImportError:
        return None
    return Path(sys.executable)


def datatrove_c4(python: Path, texts: list[str], *args: str) -> Any:
    """bench/datatrove_c4.py run by `python` on `texts` with `args`: the filtered texts, or with
    `--speed SHARD RUNS` its speeds (datatrove's C4QualityFilter removing lines only)."""
    done = subprocess.run(
        [str(python), str(Path(__file__).with_name("datatrove_c4.py")), *args],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def trafilatura_html() -> Callable[[str], str] | None:
    """trafilatura reading the HTML, with the settings its own evaluation uses."""
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str) -> str:
        return (
            trafilatura.extract(
                html, include_comments=False, include_tables=True, include_formatting=False
            )
            or ""
        )

    return run


def resiliparse_main(html: str) -> str:
    """resiliparse's main-content extraction reading the HTML."""
    return extract_plain_text(HTMLTree.parse(html), main_content=True)


def copydesk_text(text: str, model: LineModel | None) -> str:
    """copydesk's cleaner on the text alone: rules, within-page repeats and `model` (None: the
    rules only), no site templates (one page per site here)."""
    config = CleanConfig(model=model is not None)
    return clean_document(text, template_keys=frozenset(), config=config, model=model).text


def copydesk_crawl(
    texts: Sequence[str], urls: Sequence[str], model: LineModel, min_docs: int
) -> list[str]:
    """copydesk's cleaner on the set's full-page texts read as one crawl, as `copydesk run`
    reads a corpus: the scan counts each site's lines over its pages (`min_docs` articles make
    a line a template), then every page is cleaned with its site's template lines."""
    config = CleanConfig(template_min_docs=min_docs)
    sites = [site_of(None, url) for url in urls]
    with tempfile.TemporaryDirectory() as folder:
        scan, found = Path(folder) / "scan.parquet", Path(folder) / "templates.parquet"
        pq.write_table(scan_table(texts, sites), scan)
        pq.write_table(find_templates([scan], config)[0].to_arrow(), found)
        per_site = load_templates(found, set(sites))  # as the clean pass reads them
    keys = [per_site.get(site, frozenset()) for site in sites]
    results = clean_documents(list(texts), template_keys=keys, config=config, model=model)
    return [result.text for result in results]


def copydesk_html(row: dict[str, Any], model: LineModel | None) -> str:
    """copydesk's HTML input path: the reader's extraction (`row`), then the cleaner."""
    if "text" not in row:
        return ""
    config = CleanConfig(model=model is not None)
    if model is None:  # the shipped HTML path: as `copydesk run` cleans extracted rows
        config = for_extracted_text(config)
    return clean_document(row["text"], config=config, model=model, title=row["title"]).text


# --------------------------------------------------------------------------------------------
# Run


def _speed(
    texts: Sequence[str], config: CleanConfig, model: LineModel | None, min_seconds: float = 2.0
) -> float:
    """copydesk's cleaner in documents per CPU-second of this one process (= per core).

    The texts are cleaned as the clean pass cleans a shard: one `clean_documents` call per
    shard of `EngineConfig.batch_size` documents (5,000; the texts repeated to fill it). CPU
    time rather than wall time, because the machine may be shared: other processes then slow
    the wall clock down, not the work done per second of CPU this process gets.
    """
    size = EngineConfig().batch_size
    shard = list(itertools.islice(itertools.cycle(texts), size))
    done = 0
    started = time.process_time()
    while True:
        clean_documents(shard, config=config, model=model)
        done += len(shard)
        elapsed = time.process_time() - started
        if elapsed >= min_seconds:
            return done / elapsed


def _speeds(
    texts: Sequence[str], model: LineModel | None, judge_every_document: bool = False, runs: int = 3
) -> list[float]:
    """`_speed` measured `runs` times (one run varies by up to ~10% on a shared machine).
    `judge_every_document`: the model judges documents without a run of fragments too."""
    config = CleanConfig(model=model is not None)
    if judge_every_document:
        config = dataclasses.replace(config, model_min_fragment_run=0)
    return [_speed(texts, config, model) for _ in range(runs)]


def _median_range(speeds: Sequence[float]) -> str:
    """Speeds as printed: the median, the figure to quote, then the lowest and highest."""
    low, high = min(speeds), max(speeds)
    return f"{statistics.median(speeds):,.0f} ({low:,.0f}-{high:,.0f} in {len(speeds)} runs)"


def _beside_datatrove(
    texts: Sequence[str], copydesk: Sequence[float], datatrove: Path | None, which: str = ""
) -> str:
    """datatrove's C4 line filter timed on the same texts in the same way (its own process,
    shards of the same size), and copydesk's speed as a ratio to it: the figure that does not
    move with the machine."""
    if datatrove is None:
        return ""
    shard, runs = str(EngineConfig().batch_size), str(len(copydesk))  # as copydesk was timed
    peer = datatrove_c4(datatrove, list(texts), "--speed", shard, runs)
    ratio = statistics.median(copydesk) / statistics.median(peer)
    return (
        f"; datatrove C4QualityFilter (lines) on the same texts: {_median_range(peer)}, "
        f"copydesk{which} {ratio:.2f}x its speed"
    )


def _rows(
    pages: Sequence[Page],
    texts: list[str],
    model: LineModel | None,
    datatrove: Path | None,
    min_docs: int,
) -> Iterator[tuple[str, list[str]]]:
    """(method name, one prediction per page) for every method available here."""
    yield "full-page text, nothing removed", list(texts)
    yield "full-page text + C4-style line rules", [c4_lines(t) for t in texts]
    if datatrove is None:
        print("  (datatrove not available: pass --datatrove-python; row skipped)", file=sys.stderr)
    else:
        yield "full-page text + datatrove C4QualityFilter (lines)", datatrove_c4(datatrove, texts)
    yield "full-page text + copydesk rules only", [copydesk_text(t, None) for t in texts]
    if model is not None:
        yield "full-page text + copydesk clean_document", [copydesk_text(t, model) for t in texts]
        yield (
            f"full-page text + copydesk, one crawl (templates: {min_docs}+)",
            copydesk_crawl(texts, [p.url for p in pages], model, min_docs),
        )
    trafilatura = trafilatura_html()
    if trafilatura is None:
        print("  (trafilatura not installed: its row is skipped)", file=sys.stderr)
    else:
        yield "HTML -> trafilatura", [trafilatura(p.html) for p in pages]
    yield "HTML -> resiliparse main-content", [resiliparse_main(p.html) for p in pages]
    if trafilatura is not None:
        extracted = [extract_page(p.html, None) for p in pages]
        yield "HTML -> copydesk: trafilatura + rules, no model", [
            copydesk_html(row, None) for row in extracted
        ]
        if model is not None:
            yield "HTML -> copydesk: trafilatura + rules + model", [
                copydesk_html(row, model) for row in extracted
            ]


def evaluate(
    name: str,
    pages: Sequence[Page],
    models: Sequence[LineModel],
    datatrove: Path | None,
    min_docs: int = 2,
) -> dict[str, tuple[float, float, float]]:
    """Print and return P/R/F1 per method for one dataset, and copydesk's speed beside them.

    The line model that scores `name` is one of `models` NOT trained on it (a model is never
    scored on its own training set); without one, only the rules are scored.
    """
    model = next((m for m in models if name not in m.trained_on.split("+")), None)
    texts = [full_page_text(p.html) for p in pages]
    print(f"\n{name}: {len(pages)} pages, full-page text {_mean_len(texts):,.0f} chars/page")
    if model is None:
        print("  no line model trained without this set: pass --model (bench/train_lines.py)")
    else:
        print(f"  copydesk line model: trained on {model.trained_on}, never on {name}")
    print(f"  {'input -> method':<52} {'P':>6} {'R':>6} {'F1':>6}")
    results = {}
    for method, preds in _rows(pages, texts, model, datatrove, min_docs):
        score = score_pages(name, pages, preds)
        results[method] = score
        print(f"  {method:<52} {score[0]:6.3f} {score[1]:6.3f} {score[2]:6.3f}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        "  copydesk cleaner speed, docs per CPU-second on one core, shards of 5,000"
        f" (load average {load}):"
    )
    pages_speed = _speeds(texts, model)
    peer = _beside_datatrove(texts, pages_speed, datatrove)
    print(f"    these full pages: {_median_range(pages_speed)}{peer}")
    if name == "aeb":
        # Article bodies are extracted text: most hold no run of fragments, and the shipped
        # configuration leaves them to the rules. The figure held against the target has the
        # model judge every one, as it judges a full page.
        bodies = [p.truth for p in pages if p.truth]
        min_run = CleanConfig().model_min_fragment_run
        judged = sum(longest_fragment_run(body) >= min_run for body in bodies)
        every = _speeds(bodies, model, True)
        print(
            f"    news-length documents (AEB article bodies, {_mean_len(bodies):,.0f} chars), "
            f"the line model judging every one: {_median_range(every)}; "
            f"as shipped, where it judges the {judged} of {len(bodies)} with a run of "
            f"{min_run} fragments: {_median_range(_speeds(bodies, model))}; "
            f"without the line model: {_median_range(_speeds(bodies, None))}"
            f"{_beside_datatrove(bodies, every, datatrove, ' with the model judging every one')}"
        )
    return results


def _mean_len(texts: Sequence[str]) -> float:
    return statistics.mean(len(t) for t in texts) if texts else 0.0


LOADERS: dict[str, Callable[[Path], list[Page]]] = {
    "aeb": load_aeb,
    "trafilatura-eval": load_trafilatura_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sets", nargs="+", choices=list(LOADERS), default=list(LOADERS))
    parser.add_argument("--limit", type=int, default=0, help="first N pages per set (0: all)")
    parser.add_argument(
        "--model",
        type=Path,
        action="append",
        default=[],
        help="extra line model (bench/train_lines.py --out; default: bench/models/lines-aeb.json); "
        "each set is scored with the shipped model or one of these, whichever is not trained on it",
    )
    parser.add_argument(
        "--template-min-docs",
        type=int,
        default=2,
        help="articles of a site that make a line its template in the one-crawl row (default 2: "
        "AEB holds at most two pages of a site; `copydesk run`'s default is 3)",
    )
    parser.add_argument(
        "--datatrove-python",
        type=Path,
        help="python of an environment with datatrove installed, for its C4 filter row",
    )
    args = parser.parse_args(argv)
    keep_freed_memory()  # the cleaner timed as `copydesk run`'s clean pass runs it
    shipped = shipped_model()
    paths = args.model or ([HELDOUT_MODEL] if HELDOUT_MODEL.exists() else [])
    models = ([shipped] if shipped else []) + [LineModel.load(path) for path in paths]
    for name in args.sets:
        pages = LOADERS[name](args.data / name)
        if args.limit:
            pages = pages[: args.limit]
        dt = datatrove_python(args.datatrove_python)
        evaluate(name, pages, models, dt, args.template_min_docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

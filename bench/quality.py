"""Quality benchmark: not-article detection on real pages, and the speed of the quality pass.

    python bench/quality.py notarticle [--data ../shared/data] [--show REASON]
    python bench/quality.py speed [--data ../shared/data] [--docs 20000]

The pages come from the evaluation data beside the checkout (default ../shared/data), which is
never copied into the repository. Public sources:
github.com/scrapinghub/article-extraction-benchmark (aeb),
github.com/adbar/trafilatura tests/ (trafilatura-eval), and
github.com/Murrough-Foley/web-content-extraction-benchmark (wcxb). Reading the HTML needs
resiliparse (`pip install -e .[bench]`).

`notarticle` scores `detect_not_article` against the labelled set that bench/notarticle_labels.py
builds, per reason, on two kinds of input: the main-content text of each page (what a crawl that
extracts articles delivers) and the full-page text after copydesk's line cleaning (what a crawl of
whole pages delivers). `speed` times language + signals + not-article (what the clean pass adds per
document) on news-length documents, one core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.I | re.S)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


@dataclass
class Page:
    """One real page of the evaluation data, with what each source knows about it."""

    source: str  # "aeb", "trafilatura" or "wcxb"
    key: str  # aeb id, trafilatura URL key, or wcxb "split/file"
    url: str
    title: str | None
    body: str  # the text a person marked as the page's main text
    html_lang: str | None = None  # the <html lang> attribute, where there is HTML
    full: str | None = None  # all visible text of the page, one block a line (resiliparse)
    main: str | None = None  # resiliparse main-content text
    boilerplate: list[str] = field(default_factory=list)  # snippets marked as not main text
    page_type: str | None = None  # wcxb's page type: article, listing, collection, forum...


def host(url: str) -> str:
    """The URL's host, or "" (trafilatura-eval has keys like "hard::site.com-name.html")."""
    return urlparse(url).hostname or ""


def _html_text(raw: str) -> tuple[str, str]:
    from resiliparse.extract.html2text import extract_plain_text

    return (
        extract_plain_text(raw, main_content=False),
        extract_plain_text(raw, main_content=True),
    )


def _html_fields(raw: str) -> tuple[str | None, str | None]:
    lang = _HTML_LANG.search(raw[:100_000])
    title = _TITLE.search(raw[:200_000])
    return (
        lang.group(1).lower() if lang else None,
        " ".join(_unescape(title.group(1)).split()) if title else None,
    )


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _read_gzip(path: Path) -> str:
    with gzip.open(path) as handle:
        return handle.read().decode("utf-8", "replace")


def load_aeb(data: Path, *, with_html: bool = True) -> Iterator[Page]:
    truth = json.loads((data / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, record in sorted(truth.items()):
        raw = _read_gzip(data / "aeb" / "html" / f"{key}.html.gz")
        lang, title = _html_fields(raw)
        full, main = _html_text(raw) if with_html else (None, None)
        yield Page("aeb", key, record["url"], title, record["articleBody"], lang, full, main)


def load_trafilatura(data: Path, *, with_html: bool = True) -> Iterator[Page]:
    root = data / "trafilatura-eval"
    evaldata = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    for url, record in evaldata.items():
        path = root / "html" / record["file"]
        if not path.exists():
            path = path.with_name(path.name + ".gz")
        raw = _read_gzip(path)
        lang, title = _html_fields(raw)
        full, main = _html_text(raw) if with_html else (None, None)
        body = "\n".join(record["with"])
        yield Page("trafilatura", url, url, title, body, lang, full, main, list(record["without"]))


def load_wcxb(data: Path) -> Iterator[Page]:
    """wcxb pages, once per URL (the dev and test splits share a few pages)."""
    seen: set[str] = set()
    for path in sorted((data / "wcxb").glob("*/*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        url = page.get("url") or ""
        truth = page.get("ground_truth", {})
        body = truth.get("main_content") or ""
        if url in seen:
            continue
        seen.add(url)
        yield Page(
            "wcxb",
            f"{path.parent.name}/{path.stem}",
            url,
            truth.get("title"),
            body,
            boilerplate=list(truth.get("without") or []),
            page_type=page.get("_internal", {}).get("page_type", {}).get("primary"),
        )


def load_pages(data: Path, *, with_html: bool = True) -> list[Page]:
    """Every page of the three sets; the HTML ones with their full-page and main-content text."""
    if not data.is_dir():
        raise SystemExit(f"no evaluation data at {data} (see ../shared/data/README.md)")
    return [
        *load_aeb(data, with_html=with_html),
        *load_trafilatura(data, with_html=with_html),
        *load_wcxb(data),
    ]


def _conditions(item: Any) -> dict[str, tuple[str, str]]:
    """(clean text, original text) per input condition for one labelled document."""
    from copydesk.clean import clean_document

    out = {"main": (item.clean, item.original)}
    if item.full:
        out["full+clean"] = (clean_document(item.full).text, item.full)
    return out


def _not_article(clean: str, original: str, title: str | None) -> str | None:
    from copydesk.quality.language import detect_language
    from copydesk.quality.notarticle import detect_not_article

    if not clean.strip():
        return None
    language = detect_language(clean).code
    return detect_not_article(clean, original_text=original, title=title, language=language)


def notarticle(args: argparse.Namespace) -> None:
    """Precision and recall of `detect_not_article` per reason, on the labelled set."""
    from notarticle_labels import ARTICLE, KINDS, OTHER, derived, labelled_pages

    from copydesk.quality.language import detect_language
    from copydesk.quality.notarticle import detect_not_article

    pages = load_pages(args.data)
    items = labelled_pages(pages) + derived(pages)
    print(
        f"labelled set: {len(items)} documents; "
        + ", ".join(f"{k}={v}" for k, v in Counter(i.label for i in items).most_common())
    )
    by_how = sorted(Counter((i.label, i.how) for i in items).items())
    print("  by how: " + ", ".join(f"{label}/{how}={n}" for (label, how), n in by_how))
    # Real news must not be filtered: the article bodies people marked, as the cleaned text.
    for source, pool in (
        ("aeb news article bodies", [p for p in pages if p.source == "aeb"]),
        ("wcxb article main content", [p for p in pages if p.page_type == "article"]),
    ):
        flagged = [
            (p.key, reason)
            for p in pool
            if (reason := _not_article(p.body, p.body, p.title)) is not None
        ]
        print(f"{source}: {len(flagged)} of {len(pool)} flagged {flagged}")
    for condition in ("main", "full+clean"):
        tally: Counter[tuple[str, str]] = Counter()  # (label, predicted) -> count
        shown = []
        for item in items:
            texts = _conditions(item)
            if condition not in texts:
                continue
            clean, original = texts[condition]
            if not clean.strip():
                tally[(item.label, "empty")] += 1
                continue
            language = detect_language(clean).code
            reason = detect_not_article(
                clean, original_text=original, title=item.title, language=language
            )
            predicted = reason.partition(":")[2] if reason else ARTICLE
            tally[(item.label, predicted)] += 1
            if args.show and args.show in (item.label, predicted) and item.label != predicted:
                shown.append((item, predicted, clean))
        docs = sum(n for (label, p), n in tally.items() if p != "empty")
        print(f"\ncondition {condition}: {docs} documents (empty after cleaning left out)")
        print(f"  {'reason':<12} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} {'recall':>7}"
              f"  flagged on 'other' pages")  # fmt: skip
        for kind in KINDS:
            tp = tally[(kind, kind)]
            fp = sum(
                n for (label, p), n in tally.items() if p == kind and label not in (kind, OTHER)
            )
            fn = sum(
                n for (label, p), n in tally.items() if label == kind and p not in (kind, "empty")
            )
            other = tally[(OTHER, kind)]
            precision = f"{tp / (tp + fp):9.3f}" if tp + fp else f"{'-':>9}"
            recall = f"{tp / (tp + fn):7.3f}" if tp + fn else f"{'-':>7}"
            print(f"  {kind:<12} {tp:5d} {fp:5d} {fn:5d} {precision} {recall}  {other}")
        caught = sum(n for (label, p), n in tally.items() if label in KINDS and p in KINDS)
        missed = sum(n for (label, p), n in tally.items() if label in KINDS and p == ARTICLE)
        articles = sum(n for (label, p), n in tally.items() if label == ARTICLE and p != "empty")
        flagged = sum(n for (label, p), n in tally.items() if label == ARTICLE and p in KINDS)
        print(f"  not-article, any reason: precision {caught / max(caught + flagged, 1):.3f}, "
              f"recall {caught / max(caught + missed, 1):.3f}; articles flagged: "
              f"{flagged}/{articles} ({flagged / max(articles, 1):.2%})")  # fmt: skip
        columns = (ARTICLE, *KINDS)
        print("  confusion (rows: label, columns: detected)")
        print("  " + " " * 12 + "".join(f"{c[:11]:>12}" for c in columns))
        for label in (*columns, OTHER):
            cells = "".join(f"{tally[(label, c)]:12d}" for c in columns)
            print(f"  {label:<12}{cells}")
        for item, predicted, clean in shown:
            one_line = " / ".join(line.strip() for line in clean.splitlines() if line.strip())
            print(f"    {item.source} {item.key[:90]} label={item.label} got={predicted} "
                  f"words={len(clean.split())}: {one_line[:300]}")  # fmt: skip


def _timed(docs: list[tuple[str, str | None]], step: Any, repeat: int) -> tuple[float, float]:
    """Best docs/s of `repeat` runs of `step` over `docs`: (CPU time, wall time)."""
    from copydesk.quality.signals import _analyse

    best_cpu, best_wall = float("inf"), float("inf")
    for _ in range(repeat):
        _analyse.cache_clear()
        cpu, wall = time.process_time(), time.perf_counter()
        for text, title in docs:
            step(text, title)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return len(docs) / best_cpu, len(docs) / best_wall


def _timed_batch(batch: list[Any], rules: list[Any], repeat: int) -> tuple[float, float]:
    """Best docs/s of `repeat` runs of `assess_batch` over `batch`: (CPU time, wall time)."""
    from copydesk.quality.assess import assess_batch
    from copydesk.quality.names import NOT_ARTICLE_KINDS
    from copydesk.quality.signals import _analyse

    best_cpu, best_wall = float("inf"), float("inf")
    for _ in range(repeat):
        _analyse.cache_clear()
        cpu, wall = time.process_time(), time.perf_counter()
        assess_batch(batch, not_article=NOT_ARTICLE_KINDS, rules=rules)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return len(batch) / best_cpu, len(batch) / best_wall


def speed(args: argparse.Namespace) -> None:
    """Documents per second on one core for what the clean pass adds: `assess` per document.

    Timed as CPU time of this process (time.process_time), so that other work on a shared
    machine slows the figure less than it would wall time; both are printed, with the load.
    """
    from copydesk.quality.assess import Page, assess
    from copydesk.quality.filters import parse_filters
    from copydesk.quality.language import detect_language
    from copydesk.quality.names import NOT_ARTICLE_KINDS
    from copydesk.quality.notarticle import detect_not_article
    from copydesk.quality.signals import quality_signals

    pages = load_pages(args.data, with_html=False)
    pools = {
        "aeb news articles (news-length)": [
            (p.body, p.title) for p in pages if p.source == "aeb" and p.body.strip()
        ],
        "wcxb articles (long-form, >= 1,000 chars)": [
            (p.body, p.title) for p in pages if p.page_type == "article" and len(p.body) >= 1000
        ],
    }
    rules = parse_filters({"min_words": 50, "max_dup_line_fraction": 0.3})
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for what, pool in pools.items():
        # Distinct string objects, as a real run has; the kernel cache is cleared per run.
        docs = [(text + " ", title) for text, title in pool]
        docs = (docs * (args.docs // len(docs) + 1))[: args.docs]
        docs = [(text[:-1] + " ", title) for text, title in docs]
        chars = statistics.mean(len(text) for text, _ in docs)
        print(f"\n{what}: {len(docs)} docs, mean {chars:,.0f} chars")

        # The clean pass's path: one batch of documents (engine.batch_size is 5,000).
        batch = [Page(text, text, title) for text, title in docs]
        cpu, wall = _timed_batch(batch, rules, args.repeat)
        print(f"{'all (assess_batch: language + signals + not-article + 2 rules)':<66} "
              f"{cpu:8,.0f} docs/s per core (CPU time), {wall:8,.0f} wall")  # fmt: skip
        steps = {
            "  same, one document at a time (assess)": lambda t, h: assess(
                t, original_text=t, title=h, not_article=NOT_ARTICLE_KINDS, rules=rules
            ),
            "  language alone": lambda t, h: detect_language(t),
            "  signals alone": lambda t, h: quality_signals(t, "en"),
            "  not-article alone (incl. its signals pass)": lambda t, h: detect_not_article(
                t, original_text=t, title=h, language="en"
            ),
        }
        for name, step in steps.items():
            step(*docs[0])  # load the model, compile or load the kernels
            cpu, wall = _timed(docs, step, args.repeat)
            print(f"{name:<66} {cpu:8,.0f} docs/s per core (CPU time), {wall:8,.0f} wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    commands = parser.add_subparsers(dest="command", required=True)
    scored = commands.add_parser("notarticle", help="precision/recall per reason")
    scored.add_argument("--show", help="list the misses and false alarms of this label/reason")
    timed = commands.add_parser("speed", help="documents per second on one core")
    timed.add_argument("--docs", type=int, default=5_000)
    timed.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    {"notarticle": notarticle, "speed": speed}[args.command](args)


if __name__ == "__main__":
    main()

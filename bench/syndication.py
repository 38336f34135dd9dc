"""Syndication benchmark: MinHash kernel speed on news-length documents built from real texts.

    python bench/syndication.py kernel [--data ../shared/data] [--docs 30000]

Article texts come from the evaluation data beside the checkout (default ../shared/data; public
sources: github.com/Murrough-Foley/web-content-extraction-benchmark and
github.com/scrapinghub/article-extraction-benchmark). Nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from copydesk.dedup.sketch import SketchParams, minhash
from copydesk.normalize import for_matching

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def load_articles(data: Path, min_chars: int = 800) -> list[str]:
    """Real article texts: wcxb ground truth of article pages and aeb article bodies."""
    texts: list[str] = []
    for path in sorted((data / "wcxb").glob("*/*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        page_type = page.get("_internal", {}).get("page_type", {}).get("primary")
        body = page.get("ground_truth", {}).get("main_content") or ""
        if page_type == "article" and len(body) >= min_chars:
            texts.append(body)
    truth = data / "aeb" / "ground-truth.json"
    if truth.exists():
        opener = gzip.open if truth.suffix == ".gz" else open
        with opener(truth, "rt", encoding="utf-8") as handle:
            for _, record in sorted(json.load(handle).items()):
                body = record.get("articleBody") or ""
                if len(body) >= min_chars:
                    texts.append(body)
    if not texts:
        raise SystemExit(f"no article texts found under {data}")
    return texts


def news_length_docs(articles: list[str], count: int, chars: int, seed: int) -> list[str]:
    """`count` normalised windows of about `chars` characters cut from the articles."""
    rng = np.random.default_rng(seed)
    normalised = [for_matching(t) for t in articles]
    docs = []
    for i in range(count):
        text = normalised[i % len(normalised)]
        start = int(rng.integers(0, max(1, len(text) - chars)))
        docs.append(text[start : start + chars])
    return docs


def kernel_speed(args: argparse.Namespace) -> None:
    """Single-thread MinHash throughput (the kernel is single-threaded by construction)."""
    docs = news_length_docs(load_articles(args.data), args.docs, args.chars, args.seed)
    array = pa.array(docs, type=pa.large_string())
    params = SketchParams(num_perm=args.num_perm, shingle_words=args.shingle_words)
    minhash(array.slice(0, 10), params)  # compile or load the cached kernel
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        minhash(array, params)
        best = min(best, time.perf_counter() - start)
    mean_chars = float(np.mean([len(d) for d in docs]))
    print(
        f"minhash: {len(docs)} docs, mean {mean_chars:.0f} chars, {params.num_perm} perms, "
        f"{params.shingle_words}-word shingles: {len(docs) / best:,.0f} docs/s "
        f"(best of {args.repeat}, {best:.3f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    kernel = commands.add_parser("kernel", help="MinHash signature throughput on one core")
    kernel.add_argument("--data", type=Path, default=DEFAULT_DATA)
    kernel.add_argument("--docs", type=int, default=30_000)
    kernel.add_argument("--chars", type=int, default=3_000)
    kernel.add_argument("--num-perm", type=int, default=128)
    kernel.add_argument("--shingle-words", type=int, default=5)
    kernel.add_argument("--repeat", type=int, default=3)
    kernel.add_argument("--seed", type=int, default=0)
    kernel.set_defaults(run=kernel_speed)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()

"""A seeded generator of news-crawl-like corpora, for benchmarks and tests at any size.

    python bench/corpus_gen.py /scratch/corpus-100k --docs 100000 [--seed 7] [--zstd]

Why synthetic: the scale benchmark needs millions of documents with a *known* shape (how many
copies, how much chrome) and no licence questions; the evaluation data beside the checkout is a
few thousand pages. What it imitates, with the proportions of a news crawl:

- sites with their own chrome: a masthead and a tagline, a navigation bar, a "Follow us" line, a
  newsletter prompt and a copyright footer, on every page of the site (the rules or the template
  pass must remove them);
- wire stories republished by several sites with edits: quote and dash styles swapped, a word
  changed here and there, the last paragraphs cut, a local paragraph added, or the story verbatim
  (exact, near and partial duplicates); plus the same page crawled twice under another URL;
- a few unusable records (empty text) and a few pages that are chrome only (nothing left after
  cleaning), so every status of the output occurs.

Documents average ~3 KB of text. Every document is a pure function of (seed, corpus size, its
position), so the corpus is identical on every machine and run, and parts are generated in
parallel. Output: `part-00000.jsonl` … (one file per `--per-file` documents: a real crawl comes
in many files, and the read pass parallelises over files), optionally zstd-compressed.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import zstandard

# Share of documents by what they are; the remainder are original, single-copy stories.
WIRE_STORY_SHARE = 0.06
"""Stories that agencies distribute: each appears on 2-9 sites (geometric), so ~25% of the
documents are copies of one of them."""
RECRAWL_SHARE = 0.02
"""Pages crawled twice under a second URL (tracking parameter): exact duplicates."""
EMPTY_SHARE = 0.001
"""Records with empty text: `invalid:empty`."""
CHROME_ONLY_SHARE = 0.002
"""Pages that are chrome only (a gallery whose captions were lost): `filtered:empty`."""

_FUNCTION_WORDS = (
    "the", "of", "and", "to", "in", "a", "on", "for", "that", "said", "with", "was", "is", "by",
    "at", "from", "it", "as", "his", "her", "their", "has", "have", "had", "not", "be", "are",
    "but", "after", "which", "this", "were", "would", "will", "an", "its", "who", "been", "more",
    "than", "also", "they", "over", "into", "about", "last", "year", "new", "two", "up",
)  # fmt: skip
_SYLLABLES = (
    "ka", "lo", "mir", "ven", "sa", "tor", "el", "an", "dri", "bel", "cor", "ta", "ni", "vo",
    "ras", "ul", "gen", "pa", "mo", "res", "ti", "lan", "os", "ber", "kel", "ma", "do", "rin",
    "sel", "va", "tu", "ham", "or", "is", "ze", "lu", "wen", "fal", "gri", "po", "ne", "sta",
)  # fmt: skip
_SECTIONS = ("World", "Business", "Politics", "Sport", "Culture", "Science", "Local", "Opinion")
_TAGLINES = (
    "Independent journalism since {year}",
    "The voice of {town} and the valley since {year}",
    "News you can trust from {town}, every day since {year}",
    "Serving the people of {town} for more than a century",
)
_VOCABULARY_SIZE = 40_000


@dataclass(frozen=True)
class CorpusSpec:
    """What to generate: the seed and size fix every byte of the corpus."""

    docs: int
    seed: int = 7
    per_file: int = 50_000

    @property
    def files(self) -> int:
        return max(1, math.ceil(self.docs / self.per_file))

    @property
    def sites(self) -> int:
        """About one site per 400 documents, at least 40: sites of realistic size."""
        return max(40, self.docs // 400)


class _Generator:
    """Builds the documents of one corpus; one instance per process (cached vocabulary)."""

    def __init__(self, spec: CorpusSpec) -> None:
        self.spec = spec
        rng = np.random.default_rng([spec.seed, 0])
        syllables = np.array(_SYLLABLES)
        words: set[str] = set()
        while len(words) < _VOCABULARY_SIZE:
            count = int(rng.integers(2, 5))
            words.add("".join(syllables[rng.integers(0, len(syllables), count)]))
        self.vocabulary = np.array(sorted(words) + list(_FUNCTION_WORDS), dtype=object)
        # Zipf-like word frequencies: function words are the most frequent, then a long tail.
        ranks = np.arange(1, len(self.vocabulary) + 1, dtype=np.float64)
        order = np.concatenate(
            [np.arange(_VOCABULARY_SIZE, len(self.vocabulary)), rng.permutation(_VOCABULARY_SIZE)]
        )
        weights = np.empty(len(self.vocabulary))
        weights[order] = 1.0 / ranks
        self.cdf = np.cumsum(weights / weights.sum())

    @cached_property
    def plan(self) -> np.ndarray:
        """Per position: (story, variant, site, day). variant 0 = the original text."""
        spec = self.spec
        rng = np.random.default_rng([spec.seed, 1, spec.docs])
        rows: list[tuple[int, int]] = []  # (story, variant)
        story = 0
        while len(rows) < spec.docs:
            kind = rng.random()
            if kind < WIRE_STORY_SHARE:
                copies = min(9, 1 + int(rng.geometric(0.35)))
                rows.extend((story, variant) for variant in range(copies))
            elif kind < WIRE_STORY_SHARE + RECRAWL_SHARE:
                rows.extend([(story, 0), (story, -1)])  # -1: the same page, another URL
            elif kind < WIRE_STORY_SHARE + RECRAWL_SHARE + EMPTY_SHARE:
                rows.append((story, -2))
            elif kind < WIRE_STORY_SHARE + RECRAWL_SHARE + EMPTY_SHARE + CHROME_ONLY_SHARE:
                rows.append((story, -3))
            else:
                rows.append((story, 0))
            story += 1
        plan = np.array(rows[: spec.docs], dtype=np.int64).reshape(-1, 2)
        # A crawl does not list copies next to each other: shuffle positions.
        plan = plan[rng.permutation(len(plan))]
        # An original and its recrawl share site and day; wire copies appear on other sites,
        # up to two days later (see `document`).
        stories = int(plan[:, 0].max()) + 1
        sites = rng.integers(0, spec.sites, stories)[plan[:, 0]]
        days = rng.integers(0, 730, stories)[plan[:, 0]]
        copies = plan[:, 1] > 0
        sites[copies] = rng.integers(0, spec.sites, int(copies.sum()))
        return np.column_stack([plan, sites, days])

    def words(self, rng: np.random.Generator, count: int) -> list[str]:
        picks = np.searchsorted(self.cdf, rng.random(count))
        return self.vocabulary[np.minimum(picks, len(self.vocabulary) - 1)].tolist()  # type: ignore[no-any-return]

    def name(self, rng: np.random.Generator) -> str:
        """A capitalised invented word (never a function word): towns, site names."""
        return str(self.vocabulary[int(rng.integers(0, _VOCABULARY_SIZE))]).capitalize()

    def paragraph(self, rng: np.random.Generator) -> str:
        lengths = rng.integers(8, 26, int(rng.integers(2, 5)))
        words = self.words(rng, int(lengths.sum()))
        sentences, start = [], 0
        for length in lengths:
            sentence = words[start : start + length]
            start += length
            sentence[0] = sentence[0].capitalize()
            if rng.random() < 0.15:
                cut = int(rng.integers(1, len(sentence)))
                sentence[cut] = f'"{sentence[cut]}'
                sentence[-1] = f'{sentence[-1]},"'
            sentences.append(" ".join(sentence) + ".")
        return " ".join(sentences)

    def story(self, story: int) -> tuple[str, list[str], str]:
        """(title, paragraphs, dateline town) of a story: the same for every copy."""
        rng = np.random.default_rng([self.spec.seed, 2, story])
        title_words = self.words(rng, int(rng.integers(6, 11)))
        title = " ".join(title_words).capitalize()
        paragraphs = [self.paragraph(rng) for _ in range(int(rng.integers(7, 11)))]
        return title, paragraphs, self.name(rng).upper()

    def site(self, site: int) -> dict[str, Any]:
        rng = np.random.default_rng([self.spec.seed, 3, site])
        name = f"{self.name(rng)} {rng.choice(['Herald', 'Courier', 'Post', 'Gazette', 'Times'])}"
        domain = name.lower().replace(" ", "") + rng.choice([".example", ".example.org"])
        town = self.name(rng)
        tagline = str(rng.choice(_TAGLINES)).format(year=int(rng.integers(1850, 2005)), town=town)
        sections = " | ".join(["Home", *rng.permutation(_SECTIONS)[:5].tolist()])
        return {
            "name": f"The {name}",
            "domain": domain,
            "head": [f"The {name}", tagline, sections],
            "foot": [
                f"Follow us on Facebook and Instagram for more from The {name}",
                f"Sign up for the {name} newsletter",
                f"© {int(rng.integers(2019, 2026))} The {name}. All rights reserved.",
            ],
            "agency": rng.random() < 0.1,  # a wire service: publishes the original text
        }

    def document(self, position: int) -> dict[str, Any]:
        story, variant, site_number, day = (int(v) for v in self.plan[position])
        site = self.site(site_number)
        rng = np.random.default_rng([self.spec.seed, 4, position])
        title, paragraphs, town = self.story(story)
        if variant > 0:  # a republished wire copy: the same story, edited
            day += int(rng.integers(0, 3))
            paragraphs = _edit(paragraphs, rng, self)
        date = np.datetime64("2024-01-01") + np.timedelta64(day, "D")
        body = [f"{town}, {date} — {paragraphs[0]}", *paragraphs[1:]]
        if variant == -2:
            text = ""
        elif variant == -3:
            text = "\n".join(site["head"] + ["Advertisement", "Share"] + site["foot"])
        else:
            label = str(rng.choice(_SECTIONS))
            text = "\n".join([*site["head"], label, *body, "Share this article", *site["foot"]])
        slug = "-".join(title.lower().split()[:6])
        url = f"https://{site['domain']}/{str(date)[:7].replace('-', '/')}/{slug}-{position}"
        if variant == -1:
            url += "?utm_source=feed"
        return {
            "id": f"doc-{position:08d}",
            "title": title,
            "url": url,
            "source": site["domain"] if rng.random() < 0.9 else None,
            "date": str(date),
            "text": text,
        }


def _edit(paragraphs: list[str], rng: np.random.Generator, gen: _Generator) -> list[str]:
    """A republisher's edits: styles, a few words, a cut ending, a local paragraph."""
    edited = list(paragraphs)
    if rng.random() < 0.25:
        return edited  # verbatim: an exact duplicate once the chrome is gone
    if rng.random() < 0.5:
        edited = [p.replace('"', "“", 1).replace('"', "”", 1) for p in edited]
    for _ in range(int(rng.integers(0, 6))):
        index = int(rng.integers(0, len(edited)))
        words = edited[index].split(" ")
        words[int(rng.integers(0, len(words)))] = gen.words(rng, 1)[0]
        edited[index] = " ".join(words)
    if rng.random() < 0.4:
        edited = edited[: max(3, len(edited) - int(rng.integers(1, 4)))]
    if rng.random() < 0.3:
        edited.insert(int(rng.integers(1, len(edited))), gen.paragraph(rng))
    return edited


def _documents(spec: CorpusSpec, start: int, stop: int) -> Iterator[dict[str, Any]]:
    generator = _Generator(spec)
    for position in range(start, stop):
        yield generator.document(position)


def _write_part(spec: CorpusSpec, index: int, folder: Path, compress: bool) -> tuple[Path, int]:
    start = index * spec.per_file
    stop = min(spec.docs, start + spec.per_file)
    path = folder / f"part-{index:05d}.jsonl{'.zst' if compress else ''}"
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as raw:
        sink: Any = zstandard.ZstdCompressor(level=3).stream_writer(raw) if compress else raw
        for record in _documents(spec, start, stop):
            sink.write(orjson.dumps(record) + b"\n")
        if compress:
            sink.flush(zstandard.FLUSH_FRAME)
    temporary.replace(path)
    return path, path.stat().st_size


def generate(
    folder: Path, spec: CorpusSpec, *, compress: bool = False, processes: int | None = None
) -> list[Path]:
    """Write the corpus into `folder` (created); return its files.

    Parts already written for the same spec are kept (a part is a pure function of the spec,
    and is renamed into place only once complete), so an interrupted generation continues where
    it stopped; `.spec` names the spec the parts belong to.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stamp = orjson.dumps(
        {"docs": spec.docs, "seed": spec.seed, "per_file": spec.per_file, "compress": compress}
    )
    marker = folder / ".spec"
    if not marker.exists() or marker.read_bytes() != stamp:
        for old in folder.glob("*part-*.jsonl*"):
            old.unlink()
        marker.write_bytes(stamp)
    for temporary in folder.glob(".part-*.tmp"):
        temporary.unlink()
    suffix = ".jsonl.zst" if compress else ".jsonl"
    paths = [folder / f"part-{i:05d}{suffix}" for i in range(spec.files)]
    tasks = [(spec, i, folder, compress) for i, path in enumerate(paths) if not path.exists()]
    processes = processes or min(len(tasks), multiprocessing.cpu_count())
    if processes <= 1:
        for task in tasks:
            _write_part(*task)
    elif tasks:
        # ProcessPoolExecutor, not Pool: a worker killed from outside fails the run
        # (BrokenProcessPool) instead of leaving Pool waiting forever for its task.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            for future in [pool.submit(_write_part, *task) for task in tasks]:
                future.result()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write part-*.jsonl (created)")
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-file", type=int, default=50_000, help="documents per file")
    parser.add_argument("--zstd", action="store_true", help="write .jsonl.zst")
    args = parser.parse_args()
    started = time.perf_counter()
    spec = CorpusSpec(args.docs, args.seed, args.per_file)
    files = generate(args.folder, spec, compress=args.zstd)
    size = sum(p.stat().st_size for p in files)
    print(
        f"{args.docs} documents in {len(files)} file(s), {size / 1e6:,.0f} MB, "
        f"{time.perf_counter() - started:.1f} s: {args.folder}"
    )


if __name__ == "__main__":
    main()

"""Syndication benchmark: copydesk and MinHash peers on a labelled corpus of republished stories.

    python bench/syndication.py quality [--stories 2500] [--seed 1] [--peers all]
    python bench/syndication.py speed --docs 100000 [--workers 2]
    python bench/syndication.py kernel [--docs 30000]

Article texts come from the evaluation data beside the checkout (default ../shared/data; public
sources: github.com/Murrough-Foley/web-content-extraction-benchmark and
github.com/scrapinghub/article-extraction-benchmark). Nothing is copied into the repository;
corpora and runs go to --scratch (default /tmp/copydesk-syndication).

The generator (seeded, one pure function of the seed and sizes) cuts the real articles into
news-length stories and republishes them like a wire service does:

- each story appears on k outlets, k heavy-tailed (Zipf, most stories once, a few on dozens);
- every copy gets the outlet's own headline and chrome (masthead, follow-us, footer), and some of:
  truncation, dropped paragraphs, added local paragraphs (sometimes long ones), typos, quote /
  dash / whitespace changes, re-wrapped paragraphs;
- hard negatives, each labelled as its own story: a story that quotes one paragraph of another, a
  template sentence shared by many different stories of one agency, different stories from one
  outlet (its chrome), and roundups that quote two stories.

Peers run from their own virtual environment (--peer-python, default /tmp/venv-hdedup/bin/python,
with datasketch, rensa and datatrove installed), one subprocess per peer, on the same JSONL
records copydesk reads. Scores: Adjusted Rand Index over all documents (a document in no cluster
is its own cluster), pairwise precision / recall / F1 over same-cluster pairs, and seconds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DEFAULT_SCRATCH = Path("/tmp/copydesk-syndication")
DEFAULT_PEER_PYTHON = Path("/tmp/venv-hdedup/bin/python")
PEERS = (
    "datatrove",
    "datasketch-0.5",
    "datasketch-0.8",
    "rensa",
    "text-dedup",
    "datasketch-newscopy",
)


# ---------------------------------------------------------------------------------------------
# real texts


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


def paragraphs_of(text: str) -> list[str]:
    """Body paragraphs: non-empty lines of at least five words."""
    return [p.strip() for p in text.split("\n") if len(p.split()) >= 5]


def cut_stories(articles: list[str], min_paras: int = 4, max_paras: int = 12) -> list[list[str]]:
    """Runs of paragraphs that share no paragraph with any other story.

    The source data holds some articles twice (the same text on two pages): a run with a
    paragraph seen before (compared by its lower-cased words) is left out, or the answer key
    would call two copies of one text different stories.
    """
    seen: set[str] = set()
    stories: list[list[str]] = []
    for index, article in enumerate(articles):
        paras = paragraphs_of(article)
        size = min_paras + index % (max_paras - min_paras + 1)
        for start in range(0, len(paras) - min_paras + 1, size):
            chunk = paras[start : start + size]
            keys = {" ".join(re.findall(r"\w+", p.lower())) for p in chunk}
            if len(chunk) >= min_paras and sum(len(p) for p in chunk) >= 900 and not keys & seen:
                stories.append(chunk)
            seen |= keys
    return stories


# ---------------------------------------------------------------------------------------------
# the generator

_OUTLET_WORDS = [
    "Harbour",
    "Valley",
    "Northern",
    "Coastal",
    "Capital",
    "Evening",
    "Morning",
    "Daily",
    "Weekly",
    "Metro",
    "County",
    "River",
    "Lakeside",
    "Highland",
    "Central",
    "Western",
    "Eastern",
    "Southern",
    "Union",
    "Civic",
    "Market",
]
_OUTLET_KINDS = [
    "Gazette",
    "Herald",
    "Times",
    "Post",
    "Courier",
    "Tribune",
    "Chronicle",
    "Observer",
    "Record",
    "Journal",
]
_AGENCIES = ("Wire Press", "Global News Agency", "Continental Press", "United Newswire")
_ROUNDUP_INTROS = (
    "Here is what you need to know today.",
    "Our editors picked the stories of the morning.",
    "The day in brief: two stories worth your time.",
)


class Generator:
    """A seeded labelled corpus of republished stories, with hard negatives."""

    def __init__(self, articles: list[str], seed: int, outlets: int = 120) -> None:
        self.rng = np.random.default_rng(seed)
        stories = cut_stories(articles)
        order = self.rng.permutation(len(stories))
        self.stories = [stories[i] for i in order]
        self.outlets = [self._outlet(i) for i in range(outlets)]

    def _outlet(self, i: int) -> dict[str, Any]:
        rng = self.rng
        name = f"{_OUTLET_WORDS[i % len(_OUTLET_WORDS)]} {_OUTLET_KINDS[(i * 7) % 10]} {i}"
        return {
            "name": name,
            "site": f"outlet{i}.example",
            "head": [f"{name} | News, sport and weather since {1900 + i % 100}"],
            "foot": [
                f"Follow {name} on social media for breaking news",
                f"Copyright {2020 + i % 6} {name}. All rights reserved.",
            ],
            "curly": bool(rng.random() < 0.5),
            "wrap": int(rng.choice([0, 0, 0, 72, 80])),
        }

    def build(self, stories: int) -> tuple[list[dict[str, Any]], list[int]]:
        """(records with id, text, title, source, url, date; true story label per record)."""
        rng = self.rng
        if stories + 200 > len(self.stories):
            raise SystemExit(f"only {len(self.stories)} stories can be cut from the articles")
        pool = self.stories[:stories]
        local_pool = [p for story in self.stories[stories:] for p in story]
        records: list[dict[str, Any]] = []
        labels: list[int] = []
        label_count = stories
        # heavy-tailed copy counts: Zipf(2) capped at 40 outlets; P(k=1) ~ 0.6
        copies = np.minimum(rng.zipf(2.0, size=stories), 40)
        for s, story in enumerate(pool):
            agency = _AGENCIES[s % len(_AGENCIES)]
            body = list(story)
            if rng.random() < 0.3:  # a template sentence many different stories share
                body.append(
                    f"This story was distributed by {agency} and may have been edited for length "
                    "and clarity by the publisher."
                )
            day = int(rng.integers(0, 365))
            outlets = rng.choice(len(self.outlets), size=int(copies[s]), replace=False)
            for c, o in enumerate(outlets):
                paras = body if c == 0 else self._edit(body, local_pool)
                text, title = self._render(paras, self.outlets[o], story_title=story[0])
                records.append(
                    self._record(f"s{s}-c{c}", text, title, self.outlets[o], day, c, rng)
                )
                labels.append(s)
        # hard negative: a different story that quotes one paragraph of another
        for _ in range(stories // 10):
            a, b = rng.choice(stories, size=2, replace=False)
            quoted = pool[b][int(rng.integers(len(pool[b])))]
            own = self.stories[len(self.stories) - 1 - len(records) % 150]
            paras = list(own[: max(4, len(own) - 1)])
            paras.insert(int(rng.integers(1, len(paras))), quoted)
            o = self.outlets[int(rng.integers(len(self.outlets)))]
            text, title = self._render(paras, o, story_title=paras[0])
            records.append(self._record(f"q{label_count}", text, title, o, 0, 0, rng))
            labels.append(label_count)
            label_count += 1
        # hard negative: roundups quoting two stories (the first paragraphs of each)
        for _ in range(stories // 20):
            a, b = rng.choice(stories, size=2, replace=False)
            paras = [str(rng.choice(_ROUNDUP_INTROS))]
            paras += pool[a][: max(3, len(pool[a]) * 2 // 3)]
            paras += pool[b][: max(3, len(pool[b]) * 2 // 3)]
            o = self.outlets[int(rng.integers(len(self.outlets)))]
            text, title = self._render(paras, o, story_title="Morning briefing")
            records.append(self._record(f"r{label_count}", text, title, o, 0, 5, rng))
            labels.append(label_count)
            label_count += 1
        order = rng.permutation(len(records))
        return [records[i] for i in order], [labels[i] for i in order]

    def _record(
        self,
        doc_id: str,
        text: str,
        title: str,
        outlet: dict[str, Any],
        day: int,
        lag: int,
        rng: np.random.Generator,
    ) -> dict[str, Any]:
        hour = min(23, lag + int(rng.integers(0, 3)))
        return {
            "id": doc_id,
            "text": text,
            "title": title,
            "source": outlet["name"],
            "url": f"https://{outlet['site']}/news/{doc_id}",
            "date": f"2025-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}T{hour:02d}:00:00",
        }

    def _edit(self, body: list[str], local_pool: list[str]) -> list[str]:
        """One outlet's edit of a wire story."""
        rng = self.rng
        paras = list(body)
        if rng.random() < 0.25 and len(paras) > 4:  # truncated
            paras = paras[: max(3, int(len(paras) * rng.uniform(0.45, 0.8)))]
        if rng.random() < 0.3 and len(paras) > 4:  # dropped paragraphs
            for _ in range(int(rng.integers(1, 3))):
                del paras[int(rng.integers(1, len(paras)))]
        if rng.random() < 0.3:  # local paragraphs; sometimes a long local section
            count = int(rng.integers(1, 3)) if rng.random() < 0.7 else len(paras) // 2 + 2
            for _ in range(count):
                local = local_pool[int(rng.integers(len(local_pool)))]
                paras.insert(int(rng.integers(1, len(paras) + 1)), local)
        if rng.random() < 0.5:  # typos
            rate = rng.uniform(0.005, 0.03)
            paras = [self._typos(p, rate) for p in paras]
        if rng.random() < 0.3:  # whitespace noise
            paras = [p.replace(". ", ".  ", 1) + " " for p in paras]
        return paras

    def _typos(self, paragraph: str, rate: float) -> str:
        rng = self.rng
        words = paragraph.split(" ")
        for i in np.flatnonzero(rng.random(len(words)) < rate):
            word = words[i]
            if len(word) < 3:
                continue
            j = int(rng.integers(1, len(word) - 1))
            kind = rng.integers(3)
            if kind == 0:
                words[i] = word[:j] + word[j + 1 :]
            elif kind == 1:
                words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
            else:
                words[i] = word[:j] + "e" + word[j:]
        return " ".join(words)

    def _render(
        self, paras: list[str], outlet: dict[str, Any], story_title: str
    ) -> tuple[str, str]:
        """Page text: outlet chrome, its own headline, the body in the outlet's style."""
        words = story_title.split()
        title = " ".join(words[: 6 + len(outlet["name"]) % 5]).rstrip(",.;:")
        if outlet["curly"]:
            title = title.title()
        body = []
        for p in paras:
            if outlet["curly"]:
                p = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", p).replace("'", "\u2019")
                p = p.replace(" - ", " \u2014 ")
            if outlet["wrap"]:
                p = _wrap(p, outlet["wrap"])
            body.append(p)
        sep = "\n\n" if outlet["wrap"] else "\n"
        text = "\n".join(outlet["head"]) + "\n" + title + "\n" + sep.join(body)
        return text + "\n" + "\n".join(outlet["foot"]), title


def _wrap(paragraph: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return "\n".join(lines)


def speed_records(articles: list[str], count: int, seed: int) -> list[dict[str, Any]]:
    """`count` news-length records for timing: stories recombined from real paragraphs, ~25%
    republished with edits. Stories share paragraphs at random, so the labels mean nothing;
    only the throughput on real-looking text does."""
    rng = np.random.default_rng(seed)
    paras = [p for a in articles for p in paragraphs_of(a)]
    gen = Generator(articles, seed, outlets=400)
    records: list[dict[str, Any]] = []
    while len(records) < count:
        story = [paras[int(i)] for i in rng.integers(0, len(paras), size=int(rng.integers(4, 12)))]
        k = 1 if rng.random() < 0.75 else int(rng.integers(2, 6))
        for c in range(min(k, count - len(records))):
            outlet = gen.outlets[int(rng.integers(len(gen.outlets)))]
            body = story if c == 0 else gen._edit(story, paras)
            text, title = gen._render(body, outlet, story_title=story[0])
            records.append(gen._record(f"d{len(records)}", text, title, outlet, 0, c, rng))
    return records


# ---------------------------------------------------------------------------------------------
# scoring


def _comb2(x: np.ndarray) -> float:
    return float((x * (x - 1) // 2).sum())


def scores(truth: list[int], predicted: list[int]) -> dict[str, float]:
    """ARI and pairwise precision/recall/F1 from the contingency table of two labellings."""
    t = np.unique(np.asarray(truth), return_inverse=True)[1]
    p = np.unique(np.asarray(predicted), return_inverse=True)[1]
    n = t.size
    joint = np.unique(t.astype(np.int64) * (p.max() + 1) + p, return_counts=True)[1]
    same_both = _comb2(joint)
    same_true = _comb2(np.bincount(t))
    same_pred = _comb2(np.bincount(p))
    total = n * (n - 1) / 2
    expected = same_true * same_pred / total if total else 0.0
    maximum = (same_true + same_pred) / 2
    ari = (same_both - expected) / (maximum - expected) if maximum != expected else 1.0
    precision = same_both / same_pred if same_pred else 1.0
    recall = same_both / same_true if same_true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"ari": ari, "precision": precision, "recall": recall, "f1": f1}


# ---------------------------------------------------------------------------------------------
# copydesk and the peers


_TICKS = os.sysconf("SC_CLK_TCK")


def _tree_cpu(root: int, seen: dict[int, float]) -> None:
    """Record the CPU seconds (user + system) of `root` and every descendant from /proc (Linux).

    Pool workers of forkservers are not reaped by the process that is waited for, so
    getrusage(RUSAGE_CHILDREN) misses them; sampling the tree does not (a process that lives
    less than one sampling interval may be missed)."""
    parent: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICKS
    tree, frontier = {root}, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in tree:
                tree.add(child)
                frontier.append(child)
    for pid in tree:
        if pid in times:
            seen[pid] = max(seen.get(pid, 0.0), times[pid])


def _run_measured(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """(finished process, wall seconds, CPU seconds of its whole process tree). Output goes to
    a temporary file: a pipe nobody reads while sampling would fill and stall the process.
    What earlier runs wrote is flushed to disk first, so that their writeback is not billed to
    this one."""
    os.sync()
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, text=True)
        seen: dict[int, float] = {}
        while process.poll() is None:
            _tree_cpu(process.pid, seen)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    done = subprocess.CompletedProcess(command, process.returncode, output, output)
    return done, seconds, sum(seen.values())


def run_copydesk(
    corpus: Path,
    out: Path,
    workers: int,
    config: Path | None = None,
    options: tuple[str, ...] = (),
) -> tuple[list[str], list[int], float, float]:
    """(ids, cluster label per document, wall seconds, CPU seconds) of one `copydesk run` as a
    user runs it, with more command-line `options` if given."""
    command = [
        str(Path(sys.executable).parent / "copydesk"),
        "run",
        *map(str, corpus_files(corpus)),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--quiet",
        *options,
    ]
    if config is not None:
        command += ["--config", str(config)]
    done, seconds, cpu = _run_measured(command)
    if done.returncode != 0:
        raise SystemExit(f"copydesk run failed: {done.stderr.strip()[-2000:]}")
    ids: list[str] = []
    labels: list[int] = []
    with open(out / "documents.jsonl", "rb") as handle:
        for index, line in enumerate(handle):
            doc = json.loads(line)
            ids.append(doc["id"])
            labels.append(doc["cluster"] if doc["cluster"] is not None else -1 - index)
    return ids, labels, seconds, cpu


def run_peer(name: str, corpus: Path, work: Path, python: Path, workers: int) -> dict[str, Any]:
    """One peer in its own interpreter: {"ids", "labels", "seconds", "cpu"} or {"error"}; the
    CPU seconds count the whole process tree, from interpreter start to exit."""
    result = work / f"{name}.json"
    command = [
        str(python),
        __file__,
        "peer",
        name,
        str(corpus),
        str(result),
        "--workers",
        str(workers),
    ]
    done, _, cpu = _run_measured(command)
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:]}
    return {**json.loads(result.read_text()), "cpu": cpu}


def corpus_files(corpus: Path) -> list[Path]:
    """A corpus is one JSONL file or a folder of them (read in name order)."""
    return sorted(corpus.glob("*.jsonl")) if corpus.is_dir() else [corpus]


def _read_corpus(corpus: Path) -> tuple[list[str], list[str]]:
    ids, texts = [], []
    for path in corpus_files(corpus):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                ids.append(record["id"])
                texts.append(record["text"])
    return ids, texts


def _word_ngrams(text: str, n: int) -> set[bytes]:
    words = re.findall(r"\w+", text.lower())
    if len(words) < n:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + n]).encode() for i in range(len(words) - n + 1)}


def _union_find_labels(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(x) for x in range(n)]


def _peer_datasketch(texts: list[str], threshold: float, num_perm: int, ngram: int) -> list[int]:
    """MinHashLSH as its documentation shows it: insert every document, query each, union."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = []
    for i, text in enumerate(texts):
        m = MinHash(num_perm=num_perm)
        m.update_batch(list(_word_ngrams(text, ngram)))
        hashes.append(m)
        lsh.insert(str(i), m)
    pairs = [(i, int(j)) for i, m in enumerate(hashes) for j in lsh.query(m) if int(j) != i]
    return _union_find_labels(len(texts), pairs)


def _peer_rensa(texts: list[str]) -> list[int]:
    """rensa's RMinHash + RMinHashLSH (128 permutations, 16 bands, threshold 0.5)."""
    from rensa import RMinHash, RMinHashLSH

    lsh = RMinHashLSH(threshold=0.5, num_perm=128, num_bands=16)
    hashes = []
    for i, text in enumerate(texts):
        m = RMinHash(num_perm=128, seed=42)
        m.update([g.decode() for g in _word_ngrams(text, 5)])
        hashes.append(m)
        lsh.insert(i, m)
    pairs = [
        (i, int(j))
        for i, m in enumerate(hashes)
        for j in lsh.query(m)
        if int(j) != i and lsh.is_similar(m, hashes[int(j)])
    ]
    return _union_find_labels(len(texts), pairs)


def _peer_datatrove(corpus: Path, work: Path, workers: int) -> list[int]:
    """datatrove's four-stage MinHash pipeline with its default MinhashConfig, cluster ids kept."""
    import shutil

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.dedup import (
        MinhashDedupBuckets,
        MinhashDedupCluster,
        MinhashDedupFilter,
        MinhashDedupSignature,
    )
    from datatrove.pipeline.dedup.minhash import MinhashConfig
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    shutil.rmtree(work, ignore_errors=True)
    config = MinhashConfig()
    # datatrove parallelises over input files: one task per file
    files = corpus_files(corpus)
    tasks = len(files)
    reader = JsonlReader(str(files[0].parent), glob_pattern="*.jsonl", id_key="id")
    stages = [
        ([reader, MinhashDedupSignature(output_folder=f"{work}/sigs", config=config)], tasks),
        (
            [MinhashDedupBuckets(f"{work}/sigs", f"{work}/buckets", config=config)],
            config.num_buckets,
        ),
        (
            [
                MinhashDedupCluster(
                    f"{work}/buckets", f"{work}/remove", config=config, save_cluster_id=True
                )
            ],
            1,
        ),
        (
            [
                reader,
                MinhashDedupFilter(
                    f"{work}/remove",
                    exclusion_writer=JsonlWriter(f"{work}/drop"),
                    load_cluster_ids=True,
                ),
                JsonlWriter(f"{work}/keep"),
            ],
            tasks,
        ),
    ]
    for index, (pipeline, count) in enumerate(stages):
        LocalPipelineExecutor(
            pipeline=pipeline,
            tasks=count,
            workers=min(workers, count),
            logging_dir=f"{work}/logs{index}",
        ).run()
    ids, _ = _read_corpus(corpus)
    position = {doc_id: i for i, doc_id in enumerate(ids)}
    labels = [-1 - i for i in range(len(ids))]
    for folder in ("keep", "drop"):
        for path in sorted(Path(work, folder).glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                for line in handle:
                    doc = json.loads(line)
                    cluster = doc["metadata"].get("minhash_cluster_id", -1)
                    if cluster != -1:
                        labels[position[doc["id"]]] = int(cluster)
    return labels


def _peer_text_dedup(corpus: Path, work: Path) -> list[int]:
    """text-dedup's own MinHash command with the NEWS-COPY setting (256 permutations, word
    2-grams, threshold 0.45), on the corpus saved as a local Hugging Face dataset; clusters are
    read from the union-find it dumps with --debug."""
    import pickle
    import shutil

    from datasets import Dataset
    from text_dedup.minhash import main as text_dedup_main

    shutil.rmtree(work, ignore_errors=True)
    ids, texts = _read_corpus(corpus)
    Dataset.from_dict({"text": texts}).save_to_disk(str(work / "input"))
    arguments = [
        "--path",
        str(work / "input"),
        "--local",
        "--output",
        str(work / "output"),
        "--column",
        "text",
        "--num_perm",
        "256",
        "--ngram",
        "2",
        "--threshold",
        "0.45",
        "--debug",
        "--cache_dir",
        str(work / "cache"),
    ]
    text_dedup_main(arguments, standalone_mode=False)
    with open(work / "output" / "uf.pkl", "rb") as handle:
        union_find = pickle.load(handle)  # the file this run just wrote
    return [int(union_find.find(i)) if i in union_find.parent else -1 - i for i in range(len(ids))]


def peer_main(args: argparse.Namespace) -> None:
    """Entry point inside the peer virtual environment: one peer, labels written as JSON."""
    ids, texts = _read_corpus(args.corpus)
    started = time.perf_counter()
    runners: dict[str, Callable[[], list[int]]] = {
        "datasketch-0.5": lambda: _peer_datasketch(texts, 0.5, 128, 5),
        "datasketch-0.8": lambda: _peer_datasketch(texts, 0.8, 128, 5),
        "text-dedup": lambda: _peer_text_dedup(args.corpus, args.result.parent / "text-dedup"),
        # the same setting on datasketch's MinHashLSH, which verifies nothing either
        "datasketch-newscopy": lambda: _peer_datasketch(texts, 0.45, 256, 2),
        "rensa": lambda: _peer_rensa(texts),
        "datatrove": lambda: _peer_datatrove(
            args.corpus, args.result.parent / "datatrove-work", args.workers
        ),
    }
    labels = runners[args.name]()
    seconds = time.perf_counter() - started
    args.result.write_text(json.dumps({"ids": ids, "labels": labels, "seconds": seconds}))


# ---------------------------------------------------------------------------------------------
# commands


def _write_jsonl(records: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _load() -> str:
    return os.getloadavg().__repr__()


def quality(args: argparse.Namespace) -> None:
    """Generate the labelled corpus, run copydesk and every peer on it, print the scores."""
    articles = load_articles(args.data)
    records, truth = Generator(articles, args.seed).build(args.stories)
    scratch = args.scratch / f"quality-{args.stories}-{args.seed}"
    corpus = scratch / "corpus.jsonl"
    _write_jsonl(records, corpus)
    true_of = {r["id"]: t for r, t in zip(records, truth, strict=True)}
    sizes = np.bincount(np.unique(truth, return_inverse=True)[1])
    print(
        f"corpus: {len(records)} documents, {len(sizes)} stories, "
        f"{int((sizes == 1).sum())} singletons, largest {int(sizes.max())}, seed {args.seed}; "
        f"load {_load()}"
    )
    rows: list[tuple[str, dict[str, Any]]] = []
    # the full run, and --dedup-only (no cleaning: what the speed comparison with datatrove runs)
    for name, options in (("copydesk", ()), ("copydesk --dedup-only", ("--dedup-only",))):
        out = scratch / ("copydesk-out" if not options else "copydesk-dedup-only-out")
        ids, labels, seconds, cpu = run_copydesk(corpus, out, args.workers, args.config, options)
        rows.append((name, {"ids": ids, "labels": labels, "seconds": seconds, "cpu": cpu}))
    peers = PEERS if args.peers == "all" else tuple(p for p in args.peers.split(",") if p)
    for name in peers:
        rows.append((name, run_peer(name, corpus, scratch, args.peer_python, args.workers)))
    print(f"{'method':<22} {'ARI':>6} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8} {'CPU s':>8}")
    results = {}
    for name, row in rows:
        if "error" in row:
            print(f"{name:<22} failed: {row['error']}")
            results[name] = row
            continue
        score = scores([true_of[i] for i in row["ids"]], row["labels"])
        results[name] = {**score, "seconds": row["seconds"], "cpu": row["cpu"]}
        print(
            f"{name:<22} {score['ari']:6.3f} {score['precision']:6.3f} {score['recall']:6.3f} "
            f"{score['f1']:6.3f} {row['seconds']:8.1f} {row['cpu']:8.1f}"
        )
    stats = json.loads((scratch / "copydesk-out" / "stats.json").read_text())
    print(f"copydesk signature version: {stats.get('signature_version')}; load {_load()}")
    (scratch / "scores.json").write_text(json.dumps(results, indent=2))


def speed(args: argparse.Namespace) -> None:
    """End-to-end seconds: `copydesk run` (the full run, then `--dedup-only`, the same job as
    datatrove's) against datatrove's MinHash pipeline, same corpus, one after the other."""
    corpus = args.scratch / f"speed-{args.docs}-{args.seed}" / "corpus"
    if not corpus.exists():
        records = speed_records(load_articles(args.data), args.docs, args.seed)
        size = math.ceil(len(records) / args.parts)
        for part in range(args.parts):
            chunk = records[part * size : (part + 1) * size]
            _write_jsonl(chunk, corpus / f"part-{part:03d}.jsonl")
    megabytes = sum(p.stat().st_size for p in corpus_files(corpus)) / 1e6
    print(
        f"corpus: {args.docs} documents in {args.parts} files, {megabytes:.0f} MB; load {_load()}"
    )
    runs: dict[str, tuple[list[int], float, float]] = {}
    for name, options in (("copydesk run", ()), ("copydesk run --dedup-only", ("--dedup-only",))):
        out = corpus.parent / ("copydesk-out" if not options else "copydesk-dedup-only-out")
        _, labels, seconds, cpu = run_copydesk(corpus, out, args.workers, args.config, options)
        runs[name] = (labels, seconds, cpu)
        stats = json.loads((out / "stats.json").read_text())
        print(
            f"{name}: {seconds:.1f} s wall ({args.docs / seconds:,.0f} docs/s), {cpu:.1f} CPU s;"
            f" {stats['status']['duplicate']:,} duplicates; passes {stats['passes']};"
            f" load {_load()}"
        )
    peer = run_peer("datatrove", corpus, corpus.parent, args.peer_python, args.workers)
    if "error" in peer:
        print(f"datatrove failed: {peer['error']}")
        return
    removed = len(peer["labels"]) - len(set(peer["labels"]))
    print(
        f"datatrove MinHash pipeline: {peer['seconds']:.1f} s wall, {peer['cpu']:.1f} CPU s "
        f"(whole process); {removed:,} duplicates; load {_load()}"
    )
    for name, (labels, seconds, cpu) in runs.items():
        print(
            f"datatrove / {name}: {peer['seconds'] / seconds:.1f}x wall, "
            f"{peer['cpu'] / cpu:.1f}x CPU; ARI against the full run's clusters "
            f"{scores(runs['copydesk run'][0], labels)['ari']:.3f}"
        )


def kernel_speed(args: argparse.Namespace) -> None:
    """Single-thread MinHash throughput (the kernel is single-threaded by construction)."""
    import pyarrow as pa

    from copydesk.config import DedupConfig
    from copydesk.dedup.sketch import SIGNATURE_VERSION, SketchParams, minhash
    from copydesk.normalize import for_matching

    rng = np.random.default_rng(args.seed)
    normalised = [for_matching(t) for t in load_articles(args.data)]
    docs = []
    for i in range(args.docs):
        text = normalised[i % len(normalised)]
        start = int(rng.integers(0, max(1, len(text) - args.chars)))
        docs.append(text[start : start + args.chars])
    array = pa.array(docs, type=pa.large_string())
    dedup = DedupConfig()
    params = SketchParams(
        num_perm=args.num_perm or dedup.num_perm,
        shingle_words=args.shingle_words or dedup.shingle_words,
    )
    minhash(array.slice(0, 10), params)  # compile or load the cached kernel
    best = best_cpu = math.inf
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.thread_time()
        minhash(array, params)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.thread_time() - start_cpu)
    mean_chars = float(np.mean([len(d) for d in docs]))
    # CPU seconds of this thread: on a shared machine wall time also counts other processes' turns
    print(
        f"minhash v{SIGNATURE_VERSION}: {len(docs)} docs, mean {mean_chars:.0f} chars, "
        f"{params.num_perm} perms, {params.shingle_words}-word shingles: "
        f"{len(docs) / best_cpu:,.0f} docs per CPU-second, {len(docs) / best:,.0f} docs/s wall "
        f"(best of {args.repeat}); load {_load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--data", type=Path, default=DEFAULT_DATA)
        sub.add_argument("--scratch", type=Path, default=DEFAULT_SCRATCH)
        sub.add_argument("--peer-python", type=Path, default=DEFAULT_PEER_PYTHON)
        sub.add_argument("--workers", type=int, default=2)
        sub.add_argument("--seed", type=int, default=1)
        sub.add_argument("--config", type=Path, help="a copydesk TOML config (default: none)")

    q = commands.add_parser("quality", help="labelled corpus: copydesk and peers, ARI and P/R/F1")
    common(q)
    q.add_argument("--stories", type=int, default=2500)
    q.add_argument("--peers", default="all", help=f"'all' or a comma list of {', '.join(PEERS)}")
    q.set_defaults(run=quality)

    s = commands.add_parser("speed", help="end-to-end seconds against datatrove's pipeline")
    common(s)
    s.add_argument("--docs", type=int, default=100_000)
    s.add_argument("--parts", type=int, default=4, help="input files (both tools split by file)")
    s.set_defaults(run=speed)

    k = commands.add_parser("kernel", help="MinHash signature throughput on one core")
    common(k)
    k.add_argument("--docs", type=int, default=30_000)
    k.add_argument("--chars", type=int, default=3_000)
    k.add_argument("--num-perm", type=int, default=0, help="0: the DedupConfig default")
    k.add_argument("--shingle-words", type=int, default=0, help="0: the DedupConfig default")
    k.add_argument("--repeat", type=int, default=3)
    k.set_defaults(run=kernel_speed)

    p = commands.add_parser("peer", help="(internal) run one peer in the peer environment")
    p.add_argument("name", choices=PEERS)
    p.add_argument("corpus", type=Path)
    p.add_argument("result", type=Path)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(run=peer_main)

    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()

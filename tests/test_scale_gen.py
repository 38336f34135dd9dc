"""The scale benchmark's corpus generator: deterministic, split into files, and shaped like a
news crawl (chrome to remove, copies to find, every status present)."""

from __future__ import annotations

import sys
from pathlib import Path

import orjson

import copydesk
from copydesk.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus_gen import CorpusSpec, generate


def test_same_spec_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    spec = CorpusSpec(docs=300, seed=5, per_file=300)
    first = generate(tmp_path / "a", spec, processes=1)[0].read_bytes()
    again = generate(tmp_path / "b", spec, processes=1)[0].read_bytes()
    other = generate(tmp_path / "c", CorpusSpec(300, seed=6, per_file=300), processes=1)
    assert first == again
    assert other[0].read_bytes() != first


def test_files_split_and_compressed(tmp_path: Path) -> None:
    files = generate(tmp_path / "z", CorpusSpec(docs=250, per_file=100), compress=True)
    assert [f.name for f in files] == [f"part-0000{i}.jsonl.zst" for i in range(3)]
    result = copydesk.run(files, tmp_path / "out", Config().replace("output", report=False))
    ids = [record["id"] for record in result.documents()]
    assert ids == [f"doc-{i:08d}" for i in range(250)]


def test_corpus_has_the_shape_of_a_crawl(tmp_path: Path) -> None:
    files = generate(tmp_path / "corpus", CorpusSpec(docs=2_000, seed=3))
    records = [orjson.loads(line) for line in files[0].open("rb")]
    texts = [r["text"] for r in records if r["text"]]
    mean_chars = sum(map(len, texts)) / len(texts)
    assert 2_500 <= mean_chars <= 4_000  # news length

    stats = copydesk.run(files, tmp_path / "out", Config().replace("output", report=False)).stats
    status = stats["status"]
    assert all(status[s] > 0 for s in ("kept", "duplicate", "filtered", "invalid"))
    assert 0.10 <= status["duplicate"] / stats["read"] <= 0.35  # wire copies and recrawls
    assert {"duplicate:exact", "duplicate:near"} <= set(stats["reasons"])
    # every page carries its site's masthead and tagline: templates find them, rules the rest
    assert stats["removed_lines"]["boilerplate:template"] >= stats["read"]

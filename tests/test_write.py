"""documents.jsonl: one canonical JSON object per document, text kept exactly, whatever it holds."""

from __future__ import annotations

import json
from pathlib import Path

import orjson

import copydesk
from copydesk.config import Config

AWKWARD = [
    "Line separator\u2028inside a sentence, and a paragraph separator\u2029too.",
    'Quotes "straight" and \\ backslashes, a tab\there and a bell\x07.',
    "Emoji 🚢 and umlauts: Fähre, Zürich, Łódź; a DEL \x7f and a unit separator \x1f.",
    "</script><b>markup-like text</b> stays text & nothing else.",
]


def test_records_are_canonical_json_with_the_text_intact(tmp_path: Path) -> None:
    records = [
        {
            "id": f"awkward-{i}",
            "text": "\n".join([line, "A second paragraph of ordinary words follows it here."]),
            "source": line,
            "date": "2025-01-02",
        }
        for i, line in enumerate(AWKWARD)
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config = Config().replace("output", report=False)
    run = copydesk.run([corpus], tmp_path / "out", config)
    lines = (run.out / "documents.jsonl").read_bytes().splitlines()
    assert len(lines) == len(records)
    for line, record in zip(lines, records, strict=True):
        parsed = orjson.loads(line)
        # the bytes are orjson's own rendering: same key order, number and string forms
        assert orjson.dumps(parsed) == line
        assert parsed["id"] == record["id"]
        assert parsed["status"] == "kept"
        # no character lost, escaped twice or mangled; the source is written as given, the text
        # as read, where the line and paragraph separators end lines (docs/RELIABILITY.md)
        assert parsed["source"] == record["source"]
        text = record["text"].replace("\u2028", "\n").replace("\u2029", "\n")
        assert parsed["text"] == text


def test_iter_records_reads_what_documents_jsonl_holds(tmp_path: Path) -> None:
    """The report's lazily read records: each equals its documents.jsonl line, plus the input
    text as `original`, in any order of access."""
    from copydesk.passes.write import iter_records
    from copydesk.workspace import Workspace

    records = [
        {"id": f"doc-{i}", "text": f"Share this\nStory {i} " + "about the harbour. " * 12}
        for i in range(7)
    ]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config = Config().replace("output", report=False).replace("engine", batch_size=3)
    run = copydesk.run([corpus], tmp_path / "out", config)
    expected = [
        orjson.loads(line) for line in (run.out / "documents.jsonl").read_bytes().splitlines()
    ]
    lazy = list(iter_records(Workspace(run.out)))
    assert [r["id"] for r in lazy] == [r["id"] for r in records]
    for record, line, source in reversed(list(zip(lazy, expected, records, strict=True))):
        assert record["original"] == source["text"]  # read back to front: shards reloaded
        assert {k: v for k, v in record.items() if k != "original"} == line

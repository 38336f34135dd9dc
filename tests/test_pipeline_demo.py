"""The whole pipeline on the demo corpus: what a newcomer sees after ./scripts/demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import copydesk
from copydesk.config import Config
from copydesk.document import STATUSES

from .conftest import DEMO


def test_every_input_document_appears_exactly_once(demo_run: copydesk.RunResult) -> None:
    ids = [doc["id"] for doc in demo_run.documents()]
    assert ids == list(_demo_originals())


def test_accounting_adds_up(demo_run: copydesk.RunResult) -> None:
    stats = demo_run.stats
    assert set(stats["status"]) == set(STATUSES)
    assert sum(stats["status"].values()) == stats["read"] == 44
    counted = {s: 0 for s in STATUSES}
    for doc in demo_run.documents():
        counted[doc["status"]] += 1
    assert counted == stats["status"]


def test_named_chrome_lines_are_removed_with_a_reason(
    demo_docs: dict[str, dict[str, Any]], demo_expected: dict[str, Any]
) -> None:
    for doc_id, chrome_lines in demo_expected["chrome"].items():
        doc = demo_docs[doc_id]
        removed = {span["text"].strip(): span["reason"] for span in doc["removed"]}
        for line in chrome_lines:
            assert line.strip() in removed, f"{doc_id}: chrome line kept: {line!r}"
            assert removed[line.strip()].startswith(("boilerplate:", "repeat:"))
            assert line.strip() not in doc["text"].split("\n")


def test_specific_reasons(demo_docs: dict[str, dict[str, Any]]) -> None:
    reasons = {span["text"]: span["reason"] for span in demo_docs["hg-ferry-strike"]["removed"]}
    assert reasons["Connect with us"] == "boilerplate:social"
    assert reasons["Share on Facebook"] == "boilerplate:share"
    assert reasons["Sign up for our newsletter"] == "boilerplate:newsletter"
    # A masthead line no rule can know: only the site's other pages give it away.
    assert reasons["The Harbour Gazette — news from the waterfront since 1911"] == (
        "boilerplate:template"
    )


def test_article_paragraphs_survive(
    demo_docs: dict[str, dict[str, Any]], demo_expected: dict[str, Any]
) -> None:
    for doc_id, body_lines in demo_expected["body_lines"].items():
        kept = demo_docs[doc_id]["text"].split("\n")
        for line in body_lines:
            assert line in kept, f"{doc_id}: body line lost: {line[:60]!r}"


def test_removed_spans_point_into_the_original(demo_docs: dict[str, dict[str, Any]]) -> None:
    originals = _demo_originals()
    for doc_id, doc in demo_docs.items():
        for span in doc["removed"]:
            assert originals[doc_id][span["start"] : span["end"]] == span["text"]


def test_body_pasted_twice_is_kept_once(
    demo_docs: dict[str, dict[str, Any]], demo_expected: dict[str, Any]
) -> None:
    doc = demo_docs[demo_expected["repeated_body"]]
    paragraphs = [p for p in doc["text"].split("\n") if len(p) > 40]
    assert paragraphs, "the article body must survive"
    normalised = [p.replace("“", '"').replace("”", '"').replace("’", "'") for p in paragraphs]
    assert len(normalised) == len(set(normalised))
    assert sum(span["reason"] == "repeat:paragraph" for span in doc["removed"]) >= 4


def test_repeated_caption_is_removed_once(
    demo_docs: dict[str, dict[str, Any]], demo_expected: dict[str, Any]
) -> None:
    # The copies after the first go as repeats. The first copy is a photo caption, which the
    # line model may remove as chrome too, or the caption step name (it ends in its credit),
    # but then under its own reason, never silently.
    doc = demo_docs[demo_expected["repeated_caption"]]
    repeats = [s["text"] for s in doc["removed"] if s["reason"] == "repeat:paragraph"]
    assert len(repeats) >= 1
    first_copy = {
        s["text"]: s["reason"] for s in doc["removed"] if s["reason"] != "repeat:paragraph"
    }
    for text in repeats:
        kept = doc["text"].count(text)
        own_reason = first_copy[text].startswith(("model:", "boilerplate:caption"))
        assert kept == 1 or (kept == 0 and own_reason)


def test_chrome_only_pages_are_filtered(
    demo_docs: dict[str, dict[str, Any]], demo_expected: dict[str, Any]
) -> None:
    for doc_id in demo_expected["empty_after_cleaning"]:
        assert demo_docs[doc_id]["status"] == "filtered"
        assert demo_docs[doc_id]["reasons"] == ["filtered:empty"]


def test_agency_copies_form_one_cluster_with_the_original_as_representative(
    demo_run: copydesk.RunResult,
    demo_docs: dict[str, dict[str, Any]],
    demo_expected: dict[str, Any],
) -> None:
    clusters = {c["representative"]: c for c in demo_run.clusters()}
    for expected in demo_expected["clusters"]:
        cluster = clusters[expected["representative"]]
        assert sorted(m["id"] for m in cluster["members"]) == sorted(expected["members"])
        assert cluster["members"][0]["id"] == expected["representative"]
        for member in expected["members"]:
            doc = demo_docs[member]
            assert doc["cluster"] == cluster["cluster"]
            if member == expected["representative"]:
                assert doc["status"] == "kept"
            else:
                assert doc["status"] == "duplicate"
                assert doc["duplicate_of"] == expected["representative"]
                assert doc["reasons"][0].startswith("duplicate:")
    assert len(clusters) == len(demo_expected["clusters"])


def test_recurring_event_stories_are_not_merged(
    demo_docs: dict[str, dict[str, Any]], demo_expected: dict[str, Any]
) -> None:
    for first, second in demo_expected["not_merged"]:
        assert demo_docs[first]["status"] == demo_docs[second]["status"] == "kept"
        assert demo_docs[first]["cluster"] is None or (
            demo_docs[first]["cluster"] != demo_docs[second]["cluster"]
        )


def test_output_bytes_do_not_depend_on_worker_count(
    demo_run: copydesk.RunResult, demo_run_single: copydesk.RunResult
) -> None:
    for name in ("documents.jsonl", "clusters.jsonl"):
        assert (demo_run.out / name).read_bytes() == (demo_run_single.out / name).read_bytes()


def test_a_corpus_of_one_shard_starts_no_worker_processes(
    demo_run: copydesk.RunResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers are started only for work they can share: the demo in one shard, with two
    workers asked for, runs in this process (a pool here would fail the run) and says so,
    with the same bytes as the demo in shards of 8 on two workers."""

    def no_pool(workers: int) -> None:
        raise AssertionError(f"a pool of {workers} was started for one shard")

    monkeypatch.setattr("copydesk.engine.local._spawn_pool", no_pool)
    config = Config().replace("engine", workers=2).replace("output", report=False)
    one_shard = copydesk.run([DEMO], tmp_path, config)
    assert one_shard.stats["workers"] == 1
    assert demo_run.stats["workers"] == 2  # six shards: the pool ran them
    for name in ("documents.jsonl", "clusters.jsonl"):
        assert (one_shard.out / name).read_bytes() == (demo_run.out / name).read_bytes()


def test_stats_report_timings_and_removed_lines(demo_run: copydesk.RunResult) -> None:
    stats = demo_run.stats
    assert set(stats["passes"]) == {"read", "scan", "clean", "match", "write"}
    assert stats["removed_lines"]["boilerplate:template"] > 0
    assert stats["removed_lines"]["repeat:paragraph"] > 0
    assert stats["clusters"]["count"] == 2
    assert stats["sites"][0]["template_lines"] > 0


def _demo_originals() -> dict[str, str]:
    with open(DEMO, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return {record["id"]: record["text"] for record in records}

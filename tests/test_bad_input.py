"""Bad input never stops a run and never takes good documents with it.

One run reads a folder holding every kind of damage we know of, each beside good documents, and
each test checks one kind: its record is `invalid` with a specific reason code and its origin,
and the good documents around it are kept. The last tests feed adversarial megabyte lines to
every regular expression that touches document text.
"""

from __future__ import annotations

import gzip
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

import copydesk
from copydesk.clean import clean_document
from copydesk.config import Config
from copydesk.normalize import for_matching, line_keys

# fmt: off
WORDS = [
    "harbour", "council", "railway", "library", "orchard", "bridge", "festival", "clinic",
    "river", "market", "school", "farmers", "reopened", "approved", "delayed", "expanded",
    "inspected", "funded", "closed", "moved", "residents", "officials", "week", "budget",
    "tunnel", "ferry", "museum", "garden", "station", "hospital", "village", "valley", "mayor",
    "engineers", "storm", "winter", "summer", "spring", "autumn", "plans", "debate", "vote",
    "survey", "report", "hearing", "repairs", "tenants", "road",
]
# fmt: on


def story(n: int) -> str:
    """A distinct plain two-paragraph story: nothing a rule removes, no near copy of another."""
    pick = random.Random(n).choices
    first, second = (" ".join(pick(WORDS, k=24)) for _ in range(2))
    return f"The {first} on day {n}.\nAfterwards {second} again."


def line(record: Any) -> bytes:
    return orjson.dumps(record) + b"\n"


def good(key: str, n: int) -> bytes:
    return line({"id": key, "text": story(n), "source": "paper.example"})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with every kind of damage, each next to good documents (ids "ok-...")."""
    root = tmp_path_factory.mktemp("bad") / "inputs"
    root.mkdir()
    (root / "feed.jsonl").write_bytes(
        b"".join(
            [
                b"\xef\xbb\xbf" + good("ok-bom", 1),  # 1: a byte-order mark before the first line
                b'{"id": "bad-utf8", "text": "caf\xe9 au lait"}\n',  # 2
                good("ok-2", 2),  # 3
                b'{"id": "raw-nul", "text": "a\x00b"}\n',  # 4
                line({"id": "escaped-nul", "text": "before\u0000after"}),  # 5
                line({"id": "empty", "text": ""}),  # 6
                line({"id": "blank", "text": " \n\t \u3000\n"}),  # 7
                b'{"id": "broken", "text": "no closing quote}\n',  # 8
                b"[1, 2, 3]\n",  # 9
                line({"text": story(90)}),  # 10: no id
                line({"id": ["a", "list"], "text": story(91)}),  # 11
                line({"id": "number-text", "text": 42}),  # 12
                line({"id": "no-text", "title": "A title only"}),  # 13
                line({"id": "null-text", "text": None}),  # 14
                good("ok-2", 92),  # 15: the id of line 3 again
                b"   \n",  # 16: a blank line is not a record
                b'{"id": "lone-surrogate", "text": "\\ud800 alone"}\n',  # 17
                line({"id": 17, "text": story(17)}),  # 18: an integer id is fine
                good("ok-last", 3),  # 19
                line({"id": "refetched", "text": ""}),  # 20: an empty fetch, then the page
                good("refetched", 95),  # 21
                # 22: a fetch of chrome only (filtered:empty once cleaned), then the page
                line({"id": "restub", "text": "Share this article\nSign up for our newsletter"}),
                good("restub", 96),  # 23
            ]
        )
    )
    (root / "bom_only.jsonl").write_bytes(b"\xef\xbb\xbf\n")  # a byte-order mark, no record
    huge = b'{"id": "huge", "text": "' + b"a " * (25 << 20) + b'"}\n'  # 50 MB on one line
    (root / "long.jsonl").write_bytes(good("ok-before-huge", 4) + huge + good("ok-after-huge", 5))

    for kind, first in (("gz", 1000), ("zst", 2000)):
        lines = b"".join(good(f"ok-{kind}-{i}", first + i) for i in range(1000))
        packed = gzip.compress(lines, mtime=0) if kind == "gz" else zstandard.compress(lines)
        (root / f"cut.jsonl.{kind}").write_bytes(packed[: len(packed) // 2])

    texts = root / "texts"
    texts.mkdir()
    (texts / "ok-txt.txt").write_text(story(6))
    (texts / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (texts / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me br\xfbl\xe9e".encode("latin-1"))
    (texts / "empty.txt").write_bytes(b"")
    (texts / "blank.txt").write_bytes(b"  \n\n\t\r\n")
    (texts / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))  # not an input
    (texts / "ok-gz.txt.gz").write_bytes(gzip.compress(story(9).encode(), mtime=0))
    (texts / "ok-zst.txt.zst").write_bytes(zstandard.compress(story(10).encode()))
    (texts / "cut.txt.gz").write_bytes(gzip.compress(story(11).encode(), mtime=0)[:40])
    (texts / "gone.txt").symlink_to(texts / "deleted-since.txt")  # a link to nothing
    mac = f"Share on Facebook\r{story(12)}\rFollow us on Twitter\r".replace("\n", "\r")
    (texts / "ok-mac.txt").write_bytes(mac.encode())  # lines ended by a lone CR
    separated = f"Share on Facebook\u2028{story(13)}\u2029Follow us on Twitter\x85"
    (texts / "ok-separators.txt").write_bytes(separated.replace("\n", "\u2028").encode())

    pq.write_table(
        pa.table({"id": ["int-text-0", "int-text-1"], "text": pa.array([1, 2], pa.int64())}),
        root / "int_text.parquet",
    )
    pq.write_table(
        pa.table({"id": pa.array([["x"], ["y"]]), "text": [story(93), story(94)]}),
        root / "list_id.parquet",
    )
    pq.write_table(pa.table({"id": ["no-text-col"], "title": ["t"]}), root / "no_text.parquet")
    pq.write_table(pa.table({"ID": ["u1", "u2"], "Text": ["a", "b"]}), root / "other_names.parquet")
    bad_utf8 = pa.array([story(7).encode(), b"\xff\xfe not utf-8"], pa.binary()).view(pa.string())
    pq.write_table(
        pa.table({"id": ["ok-pq-string", "pq-bad-utf8"], "text": bad_utf8}),
        root / "bad_string.parquet",
    )
    pq.write_table(
        pa.table(
            {
                "id": ["pq-binary-bad", "ok-pq-binary"],
                "text": pa.array([b"\xc3\x28", story(8).encode()], pa.binary()),
            }
        ),
        root / "binary_text.parquet",
    )
    (root / "garbage.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 8)

    groups = root / "groups.parquet"
    pq.write_table(
        pa.table(
            {
                "id": [f"ok-group-{i}" for i in range(20)],
                "text": [story(200 + i) for i in range(20)],
            }
        ),
        groups,
        row_group_size=10,
        compression="zstd",
        use_dictionary=False,
    )
    chunk = pq.ParquetFile(groups).metadata.row_group(1).column(1)
    data = bytearray(groups.read_bytes())
    end = chunk.data_page_offset + chunk.total_compressed_size
    data[end - 48 : end - 32] = bytes(range(16))  # inside the second group's compressed text
    groups.write_bytes(bytes(data))
    return root


@pytest.fixture(scope="module")
def result(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> copydesk.RunResult:
    config = Config().replace("output", report=False).replace("engine", workers=1)
    return copydesk.run([corpus], tmp_path_factory.mktemp("out"), config)


Records = list[dict[str, Any]]


@pytest.fixture(scope="module")
def records(result: copydesk.RunResult) -> Records:
    return list(result.documents())


def at(records: Records, origin: str) -> dict[str, Any]:
    """The one record whose origin ends in `/origin`."""
    [record] = [r for r in records if r["origin"].endswith(f"/{origin}")]
    return record


def check(records: Records, origin: str, reason: str, key: str | None = None) -> None:
    """The record at `origin` is invalid for `reason`; its id is `key`, or its origin when the
    reader could not take one from it."""
    doc = at(records, origin)
    assert (doc["status"], doc["reasons"], doc["text"]) == ("invalid", [reason], "")
    assert doc["id"] == (key if key is not None else doc["origin"])
    assert doc["cluster"] is None and doc["duplicate_of"] is None


def kept(records: Records) -> set[str]:
    return {r["id"] for r in records if r["status"] == "kept"}


def test_the_run_completes_and_accounts_for_every_record(result: copydesk.RunResult) -> None:
    stats = result.stats
    assert sum(stats["status"].values()) == stats["read"] == len(list(result.documents()))
    assert stats["status"]["duplicate"] == 0


def test_every_good_document_is_kept(records: Records) -> None:
    expected = {
        "ok-bom", "ok-2", "17", "ok-last", "ok-before-huge", "ok-after-huge", "texts/ok-txt",
        "texts/ok-gz", "texts/ok-zst", "texts/ok-mac", "texts/ok-separators", "refetched",
        "restub",
        "ok-pq-string", "ok-pq-binary",
        *(f"ok-group-{i}" for i in range(10)),
    }  # fmt: skip
    assert expected <= kept(records)
    cut_files = {f"ok-{kind}-{i}" for kind in ("gz", "zst") for i in range(1000)}
    assert kept(records) - expected <= cut_files
    for doc in records:
        if doc["id"] in expected and doc["status"] == "kept":
            assert doc["text"] and doc["reasons"] == []


def test_byte_order_mark_before_the_first_line(records: Records) -> None:
    assert at(records, "feed.jsonl:1")["id"] == "ok-bom"
    assert "ok-bom" in kept(records)


def test_invalid_utf8_costs_only_its_line(records: Records) -> None:
    check(records, "feed.jsonl:2", "invalid:utf8")
    assert at(records, "feed.jsonl:3")["status"] == "kept"


def test_unpaired_surrogate_escape(records: Records) -> None:
    check(records, "feed.jsonl:17", "invalid:utf8")


def test_raw_nul_bytes_in_a_line(records: Records) -> None:
    check(records, "feed.jsonl:4", "invalid:binary")


def test_escaped_nul_in_the_text(records: Records) -> None:
    check(records, "feed.jsonl:5", "invalid:nul_bytes", "escaped-nul")


def test_empty_and_whitespace_only_texts(records: Records) -> None:
    check(records, "feed.jsonl:6", "invalid:empty", "empty")
    check(records, "feed.jsonl:7", "invalid:empty", "blank")
    check(records, "texts/empty.txt", "invalid:empty", "texts/empty")
    check(records, "texts/blank.txt", "invalid:empty", "texts/blank")


def test_malformed_json_lines(records: Records) -> None:
    check(records, "feed.jsonl:8", "invalid:json")
    check(records, "feed.jsonl:9", "invalid:json")


def test_blank_lines_are_not_records(records: Records) -> None:
    assert not any(doc["origin"].endswith("/feed.jsonl:16") for doc in records)


def test_missing_id(records: Records) -> None:
    check(records, "feed.jsonl:10", "invalid:missing_id")


def test_id_of_the_wrong_type(records: Records) -> None:
    check(records, "feed.jsonl:11", "invalid:id_type")
    assert at(records, "feed.jsonl:18")["id"] == "17"  # an integer id is an id
    assert "17" in kept(records)


def test_text_missing_null_or_not_a_string(records: Records) -> None:
    check(records, "feed.jsonl:12", "invalid:type", "number-text")
    check(records, "feed.jsonl:13", "invalid:missing_text", "no-text")
    assert at(records, "feed.jsonl:13")["title"] == "A title only"
    check(records, "feed.jsonl:14", "invalid:missing_text", "null-text")


def test_duplicate_id_keeps_the_first(records: Records) -> None:
    assert at(records, "feed.jsonl:3")["status"] == "kept"
    again = at(records, "feed.jsonl:15")
    assert (again["id"], again["status"]) == ("ok-2", "invalid")
    assert again["reasons"] == ["invalid:duplicate_id"]
    assert again["text"] == story(92)  # cleaned like any other; only its status says why not


def test_an_unusable_record_claims_no_id(records: Records) -> None:
    check(records, "feed.jsonl:20", "invalid:empty", "refetched")
    assert at(records, "feed.jsonl:21")["status"] == "kept"
    assert at(records, "feed.jsonl:21")["text"] == story(95)


def test_a_filtered_record_yields_its_id_to_a_kept_one(records: Records) -> None:
    # the chrome-only fetch came first; the page crawled again keeps the id
    check(records, "feed.jsonl:22", "invalid:duplicate_id", "restub")
    assert at(records, "feed.jsonl:23")["status"] == "kept"
    assert at(records, "feed.jsonl:23")["text"] == story(96)


def test_a_file_holding_only_a_byte_order_mark_has_no_records(records: Records) -> None:
    assert not any("bom_only.jsonl" in doc["origin"] for doc in records)


def test_50mb_single_line_is_rejected_without_losing_its_neighbours(records: Records) -> None:
    check(records, "long.jsonl:2", "invalid:too_long")
    assert {"ok-before-huge", "ok-after-huge"} <= kept(records)


@pytest.mark.parametrize("kind", ["gz", "zst"])
def test_truncated_compressed_file(records: Records, kind: str) -> None:
    name = f"cut.jsonl.{kind}"
    *before, _ = [d for d in records if f"/{name}:" in d["origin"]]
    assert before, "the lines before the cut are read"
    assert [d["id"] for d in before] == [f"ok-{kind}-{i}" for i in range(len(before))]
    assert all(d["status"] == "kept" for d in before)
    check(records, f"{name}:{len(before) + 1}", "invalid:truncated")


def test_binary_file_in_a_text_folder(records: Records) -> None:
    check(records, "texts/binary.txt", "invalid:binary", "texts/binary")
    assert not any("picture" in doc["origin"] for doc in records)  # not a .txt: not an input


def test_text_file_that_is_not_utf8(records: Records) -> None:
    check(records, "texts/latin1.txt", "invalid:utf8", "texts/latin1")
    assert "texts/ok-txt" in kept(records)


def test_compressed_text_files(records: Records) -> None:
    assert at(records, "texts/ok-gz.txt.gz")["text"] == story(9)
    assert at(records, "texts/ok-zst.txt.zst")["text"] == story(10)
    check(records, "texts/cut.txt.gz", "invalid:truncated", "texts/cut")


def test_lines_ended_by_a_lone_cr_are_lines(records: Records) -> None:
    # as one line, the chrome around the story could not be told from it
    assert at(records, "texts/ok-mac.txt")["text"] == story(12)


def test_unicode_line_and_paragraph_separators_are_lines(records: Records) -> None:
    # U+2028, U+2029 and NEL end lines for Python's str.splitlines, and for some exporters
    assert at(records, "texts/ok-separators.txt")["text"] == story(13)


def test_a_link_to_nothing_is_a_record(records: Records) -> None:
    check(records, "texts/gone.txt", "invalid:unreadable", "texts/gone")


def test_parquet_text_column_of_integers(records: Records) -> None:
    check(records, "int_text.parquet#0", "invalid:type", "int-text-0")
    check(records, "int_text.parquet#1", "invalid:type", "int-text-1")


def test_parquet_id_column_of_lists(records: Records) -> None:
    check(records, "list_id.parquet#0", "invalid:id_type")
    check(records, "list_id.parquet#1", "invalid:id_type")


def test_parquet_without_a_text_column(records: Records) -> None:
    check(records, "no_text.parquet#0", "invalid:missing_text", "no-text-col")


def test_parquet_without_any_column_it_knows(records: Records) -> None:
    # Arrow reads no rows when no column is asked for: each row must still be accounted for.
    check(records, "other_names.parquet#0", "invalid:missing_id")
    check(records, "other_names.parquet#1", "invalid:missing_id")


def test_parquet_strings_that_are_not_utf8(records: Records) -> None:
    check(records, "bad_string.parquet#1", "invalid:utf8", "pq-bad-utf8")
    check(records, "binary_text.parquet#0", "invalid:utf8", "pq-binary-bad")
    assert at(records, "bad_string.parquet#0")["text"] == story(7)
    assert at(records, "binary_text.parquet#1")["text"] == story(8)


def test_file_that_is_not_parquet(records: Records) -> None:
    check(records, "garbage.parquet#0", "invalid:corrupt")


def test_damaged_parquet_row_group_costs_only_itself(records: Records) -> None:
    assert {f"ok-group-{i}" for i in range(10)} <= kept(records)
    check(records, "groups.parquet#10", "invalid:corrupt")
    assert not any(d["id"] == f"ok-group-{i}" for d in records for i in range(10, 20))


# --- regular expressions on adversarial text -------------------------------------------------

MB = 1 << 20
ADVERSARIAL = {
    "spaces": " " * MB + "x",
    "tabs and spaces": " \t" * (MB // 2) + "x",
    "nbsp": "\u00a0" * MB + "x",
    "punctuation": "!?.,;:-" * (MB // 7),
    "bullets": "•›»|/ " * (MB // 6) + "x",
    "a-space": "a " * (MB // 2),
    "words": "Share this article " * (MB // 19),
    "capitalised": "Anna Maria Van Der Berg " * (MB // 24),
    "copyright": "© " * (MB // 2) + "2025",
    "digits": "1,2.3 " * (MB // 6) + "countries",
    "crumbs": "Home > " * (MB // 7),
    "letters": "a" * MB,
    "accents": "e\u0301" * (MB // 2),
    "cjk": "新闻报道" * (MB // 4),
    "emoji": "🙂" * MB,
    "mixed scripts": "Ωmega Ζeta Ψυχή Привет مرحبا " * (MB // 30),
    "quotes": "“‘«„" * (MB // 4),
    "zero-width": "\u200b\u200d" * (MB // 2) + "x",
}
LIMIT_SECONDS = 10.0  # linear passes take well under a second; backtracking takes hours

# Every function that runs a regular expression over document text (line_key and
# batch_line_keys share line_keys' code). A text filter added to the pipeline belongs here.
TEXT_FUNCTIONS: dict[str, Callable[[str], object]] = {
    "clean_document": clean_document,
    "for_matching": for_matching,
    "line_keys": line_keys,
}


@pytest.mark.slow
@pytest.mark.parametrize("function", TEXT_FUNCTIONS)
def test_text_functions_stay_linear_on_adversarial_megabyte_lines(function: str) -> None:
    apply = TEXT_FUNCTIONS[function]
    for name, text in ADVERSARIAL.items():
        for variant in (text, f"{text}\n{text[: MB // 2]}"):
            started = time.perf_counter()
            apply(variant)
            elapsed = time.perf_counter() - started
            assert elapsed < LIMIT_SECONDS, f"{function} took {elapsed:.1f}s on {name!r}"


def test_explain_finds_the_good_record_of_an_id_an_empty_fetch_had_first(
    result: copydesk.RunResult,
) -> None:
    from copydesk.api import explain

    record = explain(result.out, "refetched")
    assert (record["status"], record["text"]) == ("kept", story(95))
    assert [(o["status"], o["reasons"]) for o in record["others"]] == [
        ("invalid", ["invalid:empty"])
    ]
    assert record["others"][0]["origin"].endswith("feed.jsonl:20")

"""Checks on the demo corpus itself (examples/demo), not on copydesk.

The demo corpus is an invented news crawl with a known answer key (examples/demo-expected.json).
These tests make sure the data still shows every phenomenon the answer key claims, so that a
test of the cleaner or the deduplicator that fails on it points at copydesk and not at a broken
fixture. Standard library
and pytest only: no copydesk import, so this file says nothing about how copydesk normalises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
CORPUS = DEMO / "corpus.jsonl"
EXPECTED = DEMO.parent / "demo-expected.json"

REQUIRED_KEYS = ("id", "title", "url", "source", "date", "text")
AGENCY_SITE = "northwindwire.example"
TEASER_HEADERS = {"You may also like:", "Related stories", "More from Valley Courier", "Read more:"}

# Just enough normalisation to compare copies: quote and dash styles, case, spacing.
_FOLD = str.maketrans(
    {
        **{ord(c): "'" for c in "‘’‚‛`´"},
        **{ord(c): '"' for c in "“”„‟«»"},
        **{ord(c): "-" for c in "‐‑‒–—―"},
        ord("…"): "...",
        ord("\u00a0"): " ",
    }
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"”’'])\s+")
_WORD = re.compile(r"\w+")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return _WORD.findall(norm(text))


def ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@pytest.fixture(scope="module")
def raw_lines() -> list[str]:
    return CORPUS.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def docs(raw_lines: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for line in raw_lines:
        doc = json.loads(line)
        out.setdefault(doc["id"], doc)
    return out


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site_line_counts(docs: dict[str, dict]) -> dict[str, Counter]:
    """Per source: in how many of its documents each (exact) line occurs."""
    counts: dict[str, Counter] = {}
    for doc in docs.values():
        counts.setdefault(doc["source"], Counter()).update(set(doc["text"].split("\n")))
    return counts


def body_lines(doc: dict, site_line_counts: dict[str, Counter], min_words: int = 8) -> list[str]:
    """The document's own lines: not repeated on another page of its site, and sentence-length."""
    counts = site_line_counts[doc["source"]]
    return [
        line
        for line in doc["text"].split("\n")
        if counts[line] == 1 and len(line.split()) >= min_words
    ]


def sentences(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        out.extend(s for s in _SENTENCE_END.split(line) if len(s.split()) >= 4)
    return out


# --- the file ----------------------------------------------------------------------------------


def test_every_line_is_a_json_object_with_the_required_keys(raw_lines: list[str]) -> None:
    assert 35 <= len(raw_lines) <= 60
    for number, line in enumerate(raw_lines, 1):
        doc = json.loads(line)
        assert isinstance(doc, dict), number
        for key in REQUIRED_KEYS:
            assert isinstance(doc.get(key), str) and doc[key], (number, key)


def test_ids_are_unique_short_slugs(raw_lines: list[str]) -> None:
    ids = [json.loads(line)["id"] for line in raw_lines]
    assert len(ids) == len(set(ids))
    for id_ in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", id_), id_


def test_dates_urls_and_sources_agree(docs: dict[str, dict]) -> None:
    for doc in docs.values():
        date = dt.date.fromisoformat(doc["date"])
        assert doc["source"].endswith(".example"), doc["id"]
        prefix = f"https://{doc['source']}/{date:%Y}/{date:%m}/"
        assert doc["url"].startswith(prefix), doc["id"]
        assert re.fullmatch(r"[a-z0-9-]+", doc["url"][len(prefix) :]), doc["id"]


def test_text_is_one_paragraph_per_line(docs: dict[str, dict]) -> None:
    for doc in docs.values():
        assert "\r" not in doc["text"], doc["id"]
        assert all(line.strip() == line and line for line in doc["text"].split("\n")), doc["id"]


def test_no_real_news_agency_is_credited(docs: dict[str, dict]) -> None:
    real = re.compile(r"\b(AFP|AP|Reuters|Associated Press|Agence France|dpa|UPI|Bloomberg)\b")
    for doc in docs.values():
        assert not real.search(doc["text"] + doc["title"]), doc["id"]


def test_outlets_repeat_their_own_chrome_on_every_page(docs: dict[str, dict]) -> None:
    by_source: dict[str, list[dict]] = {}
    for doc in docs.values():
        by_source.setdefault(doc["source"], []).append(doc)
    assert AGENCY_SITE in by_source
    outlets = {s: d for s, d in by_source.items() if s != AGENCY_SITE}
    assert len(outlets) >= 6
    for source, pages in by_source.items():
        if source != AGENCY_SITE:
            assert 5 <= len(pages) <= 8, source
        common = set.intersection(*(set(p["text"].split("\n")) for p in pages))
        # at least one masthead or tagline line that no generic rule knows: only the repetition
        # across this site's pages gives it away
        assert any(len(line.split()) >= 3 for line in common), source


def test_most_articles_are_news_length(
    docs: dict[str, dict], expected: dict, site_line_counts: dict[str, Counter]
) -> None:
    empty = set(expected["empty_after_cleaning"])
    lengths = [
        sum(len(line.split()) for line in body_lines(doc, site_line_counts))
        for doc in docs.values()
        if doc["id"] not in empty
    ]
    in_range = [n for n in lengths if 150 <= n <= 450]
    assert len(in_range) >= 0.8 * len(lengths), sorted(lengths)


# --- the answer key ----------------------------------------------------------------------------


def test_every_id_in_the_answer_key_exists(docs: dict[str, dict], expected: dict) -> None:
    named = [expected["repeated_body"], expected["repeated_caption"]]
    named += expected["empty_after_cleaning"]
    named += [i for pair in expected["not_merged"] for i in pair]
    for cluster in expected["clusters"]:
        named += [cluster["representative"], *cluster["members"]]
        assert cluster["representative"] in cluster["members"]
        assert len(set(cluster["members"])) == len(cluster["members"])
    named += list(expected["chrome"]) + list(expected["body_lines"])
    missing = sorted(set(named) - set(docs))
    assert not missing


def test_chrome_and_body_lines_are_lines_of_their_article(
    docs: dict[str, dict], expected: dict
) -> None:
    assert len(expected["chrome"]) >= 8
    assert set(expected["chrome"]) == set(expected["body_lines"])
    for id_, chrome in expected["chrome"].items():
        lines = set(docs[id_]["text"].split("\n"))
        body = expected["body_lines"][id_]
        assert 2 <= len(body) <= 3, id_
        assert set(chrome) <= lines, (id_, set(chrome) - lines)
        assert set(body) <= lines, (id_, set(body) - lines)
        assert not set(chrome) & set(body), id_


def test_wire_copies_contain_most_of_the_original(
    docs: dict[str, dict], expected: dict, site_line_counts: dict[str, Counter]
) -> None:
    sizes = sorted(len(c["members"]) for c in expected["clusters"])
    assert sizes[-1] >= 6  # the wire story: the original and five outlets' copies
    for cluster in expected["clusters"]:
        original = docs[cluster["representative"]]
        assert original["source"] == AGENCY_SITE
        sources = [docs[m]["source"] for m in cluster["members"]]
        assert len(set(sources)) == len(sources), "each copy comes from another outlet"
        wanted = [norm(s) for s in sentences(body_lines(original, site_line_counts))]
        assert len(wanted) >= 8
        day0 = dt.date.fromisoformat(original["date"])
        for member in cluster["members"]:
            if member == original["id"]:
                continue
            copy = docs[member]
            assert 0 < (dt.date.fromisoformat(copy["date"]) - day0).days <= 2, member
            assert copy["title"] != original["title"], member
            haystack = norm(" ".join(copy["text"].split("\n")))
            found = sum(s in haystack for s in wanted)
            assert found / len(wanted) > 0.5, (member, found, len(wanted))


def test_the_second_wire_story_has_two_identical_copies(
    docs: dict[str, dict], expected: dict, site_line_counts: dict[str, Counter]
) -> None:
    identical = []
    for cluster in expected["clusters"]:
        copies = [docs[m] for m in cluster["members"] if m != cluster["representative"]]
        bodies = [tuple(body_lines(c, site_line_counts)) for c in copies]
        if len(bodies) == 2 and bodies[0] == bodies[1]:
            identical.append(cluster["representative"])
            assert bodies[0], cluster
            assert copies[0]["source"] != copies[1]["source"]
            assert copies[0]["text"] != copies[1]["text"], "their chrome differs"
    assert identical


def test_recurring_event_stories_share_a_ritual_phrase_but_are_not_copies(
    docs: dict[str, dict], expected: dict, site_line_counts: dict[str, Counter]
) -> None:
    for a_id, b_id in expected["not_merged"]:
        a, b = docs[a_id], docs[b_id]
        assert a["date"][:4] != b["date"][:4]
        assert a["date"][4:] == b["date"][4:], "the same day of different years"
        a_lines, b_lines = body_lines(a, site_line_counts), body_lines(b, site_line_counts)
        a_words = words(" ".join(a_lines))
        b_words = words(" ".join(b_lines))
        assert ngrams(a_words, 9) & ngrams(b_words, 9), "a ritual phrase of 9+ words"
        a5, b5 = ngrams(a_words, 5), ngrams(b_words, 5)
        assert len(a5 & b5) / len(a5 | b5) < 0.15, "mostly different sentences"
        shared = set(map(norm, sentences(a_lines))) & set(map(norm, sentences(b_lines)))
        assert not shared, shared


def test_repeated_body_appears_twice_straight_then_curly(
    docs: dict[str, dict], expected: dict, site_line_counts: dict[str, Counter]
) -> None:
    lines = body_lines(docs[expected["repeated_body"]], site_line_counts)
    half = len(lines) // 2
    assert len(lines) == 2 * half and half >= 4
    first, second = lines[:half], lines[half:]
    assert [norm(x) for x in first] == [norm(x) for x in second]
    assert first != second
    assert not any(c in "".join(first) for c in "“”’")
    assert '"' in "".join(first) and "'" in "".join(first)
    assert not any(c in "".join(second) for c in "\"'")
    assert "“" in "".join(second) and "’" in "".join(second)


def test_repeated_caption_occurs_twice_apart(docs: dict[str, dict], expected: dict) -> None:
    lines = docs[expected["repeated_caption"]]["text"].split("\n")
    twice = [line for line, n in Counter(lines).items() if n == 2 and len(line.split()) >= 6]
    assert len(twice) == 1
    positions = [i for i, line in enumerate(lines) if line == twice[0]]
    assert positions[1] - positions[0] > 1


def test_chrome_only_pages_have_nothing_of_their_own(
    docs: dict[str, dict], expected: dict, site_line_counts: dict[str, Counter]
) -> None:
    assert len(expected["empty_after_cleaning"]) >= 2
    for id_ in expected["empty_after_cleaning"]:
        doc = docs[id_]
        counts = site_line_counts[doc["source"]]
        for line in doc["text"].split("\n"):
            assert counts[line] >= 3, (id_, line)


def test_teaser_blocks_list_unrelated_snippets(docs: dict[str, dict]) -> None:
    with_teasers = []
    for doc in docs.values():
        lines = doc["text"].split("\n")
        for i, line in enumerate(lines):
            if line in TEASER_HEADERS:
                snippets = 0
                for following in lines[i + 1 :]:
                    if not following.endswith("…"):
                        break
                    snippets += 1
                assert 2 <= snippets <= 4, doc["id"]
                with_teasers.append(doc["id"])
    assert len(with_teasers) >= 3


def test_author_and_agency_blurbs_are_present(docs: dict[str, dict]) -> None:
    texts = [doc["text"] for doc in docs.values()]
    agency = "Northwind Wire delivers news around the clock."
    assert sum(agency in t for t in texts) >= 6
    author = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+ (is|covers) .+ (at|for|the) .+\.$", re.M)
    assert sum(bool(author.search(t)) for t in texts) >= 3

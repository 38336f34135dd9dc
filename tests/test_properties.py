"""Invariants checked on generated input (hypothesis): what must hold for *every* input, not only
for the examples someone thought of.

- cleaning never adds text: every line of the output is a line of the input, in order;
- text with nothing to remove comes out unchanged;
- MinHash signatures are a function of the text alone;
- kept + duplicate + filtered + invalid == read, with every input record once in the output;
- the result does not depend on the order of the input lines, where the config makes it a
  function of the documents (see `test_output_does_not_depend_on_input_order`).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import copydesk
from copydesk.clean import clean_document
from copydesk.config import Config
from copydesk.dedup.sketch import minhash
from copydesk.line_breaks import unify_line_breaks
from copydesk.normalize import line_key
from copydesk.passes.clean import sketch_params

# fmt: off
WORDS = [
    "harbour", "council", "railway", "library", "orchard", "bridge", "festival", "clinic",
    "river", "market", "school", "farmers", "reopened", "approved", "delayed", "expanded",
    "inspected", "funded", "closed", "moved", "residents", "officials", "week", "budget",
    "tunnel", "ferry", "museum", "garden", "station", "hospital", "village", "valley", "mayor",
    "engineers", "storm", "winter", "summer", "spring", "autumn", "plans", "debate", "vote",
    "survey", "hearing", "repairs", "tenants", "road", "café", "größere", "żółty", "año",
]
# Lines the cleaner is built to remove, to mix into generated documents.
CHROME = [
    "Share this article", "Follow us on Twitter", "Advertisement", "© 2025 The Paper Ltd.",
    "Related:", "Sign up for our newsletter", "We use cookies to improve your experience.",
    "Home > World > Europe", "Skip to content", "Photo: Reuters", "Read more", "Politics",
]
# fmt: on

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

sentences = st.lists(st.sampled_from(WORDS), min_size=12, max_size=30).map(
    lambda words: " ".join(words).capitalize() + "."
)


# --- cleaning ----------------------------------------------------------------------------------

any_line = st.one_of(
    sentences,
    st.sampled_from(CHROME),
    # Any characters but lone surrogates, which no reader lets through (they are not UTF-8).
    st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\n"), max_size=80),
    st.sampled_from(["", " ", "\t", "\r", "  \u00a0 "]),
)


@SETTINGS
@given(st.lists(any_line, max_size=30), st.randoms(use_true_random=False))
@example(["Harbour harbour harbour harbour.", "\u200b"], random.Random(0))  # an invisible line
@example(["Share this article\r", "Harbour harbour harbour harbour."], random.Random(0))  # CRLF
def test_cleaning_never_adds_text(lines: list[str], rnd: Any) -> None:
    lines = lines + rnd.sample(lines, k=len(lines) // 3)  # repeats, to exercise their removal
    text = "\n".join(lines)
    result = clean_document(text)
    # a lone CR, U+2028, U+2029 and NEL end a line too, each one character for one "\n"
    unified = unify_line_breaks(text)
    lines = unified.split("\n")
    stripped = [line.rstrip() for line in lines]
    # Every output line is an input line (trailing space trimmed), in input order.
    position = 0
    for out_line in result.text.split("\n"):
        if out_line:
            position = stripped.index(out_line, position) + 1
    # Every removed span is one whole input line, reported at its true offsets, in order.
    end = 0
    for span in result.removed:
        assert text[span.start : span.end] == span.text
        assert span.start >= end
        assert span.start == 0 or unified[span.start - 1] == "\n"
        # (a CRLF pair is one line break, and a removed line ends before its CR)
        assert span.end == len(text) or unified.startswith(("\n", "\r\n"), span.end)
        end = span.end
    # Each non-blank input line is either kept or removed, never lost and never doubled. (A line
    # of nothing but white space and zero-width spaces or byte-order marks is blank: the cleaner
    # keeps it as a blank line.)
    kept = [line for line in result.text.split("\n") if line.strip()]
    visible = [line for line in lines if line.replace("\u200b", "").replace("\ufeff", "").strip()]
    assert len(kept) + len(result.removed) == len(visible)
    assert len(result.text) <= len(text)


@SETTINGS
@given(
    st.lists(sentences, min_size=1, max_size=10, unique_by=line_key),
    st.lists(st.sampled_from(["\n", "\n\n"]), min_size=10, max_size=10),
)
def test_text_with_nothing_to_remove_is_unchanged(paragraphs: list[str], breaks: list[str]) -> None:
    text = paragraphs[0] + "".join(b + p for b, p in zip(breaks, paragraphs[1:], strict=False))
    result = clean_document(text)
    assert result.text == text
    assert result.removed == ()


# --- signatures --------------------------------------------------------------------------------

documents = st.lists(sentences, min_size=1, max_size=6).map("\n".join)


@SETTINGS
@given(st.lists(documents, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_signatures_are_a_function_of_the_text_alone(texts: list[str], rnd: Any) -> None:
    params = sketch_params(Config())
    signatures, counts = minhash(pa.array(texts, pa.large_string()), params)
    again, again_counts = minhash(pa.array(texts, pa.large_string()), params)
    assert np.array_equal(signatures, again) and np.array_equal(counts, again_counts)
    # The same text in another batch, at another position, with other neighbours.
    order = rnd.sample(range(len(texts)), k=len(texts))
    shuffled, _ = minhash(pa.array([texts[i] for i in order], pa.large_string()), params)
    for position, index in enumerate(order):
        assert np.array_equal(shuffled[position], signatures[index])
    alone, _ = minhash(pa.array([texts[0]], pa.large_string()), params)
    assert np.array_equal(alone[0], signatures[0])


# --- whole runs --------------------------------------------------------------------------------


def edited(text: str, rnd: Any) -> str:
    """A copy of a story as another outlet runs it: one word changed, maybe a line dropped."""
    words = text.split(" ")
    words[rnd.randrange(len(words))] = rnd.choice(WORDS)
    lines = " ".join(words).split("\n")
    if len(lines) > 2 and rnd.random() < 0.5:
        del lines[rnd.randrange(len(lines))]
    return "\n".join(lines)


@st.composite
def corpora(draw: Callable[..., Any], unique_ids: bool, broken: bool) -> list[bytes]:
    """JSONL lines: stories, their copies, chrome, and (when `broken`) unusable records."""
    rnd = draw(st.randoms(use_true_random=False))
    stories = draw(st.lists(documents, min_size=1, max_size=8))
    lines: list[bytes] = []
    for n in range(draw(st.integers(1, 30))):
        kind = rnd.choice(["story", "copy", "copy", "chrome", "broken"] if broken else ["story"])
        story = rnd.choice(stories)
        record: dict[str, Any] = {
            "id": f"doc-{n}" if unique_ids else rnd.choice(["a", "b", f"doc-{n}"]),
            "source": rnd.choice(["north.example", "south.example", None]),
            "date": f"2025-01-{rnd.randint(1, 9):02d}",
            "text": story,
        }
        if kind == "copy":
            record["text"] = edited(story, rnd)
        elif kind == "chrome":
            record["text"] = "\n".join(rnd.sample(CHROME, k=3))
        elif kind == "broken":
            damage = rnd.choice(["json", "empty", "no-id", "int-text"])
            if damage == "json":
                lines.append(b'{"id": "x", "text": ')
                continue
            record.update({"empty": {"text": " "}, "no-id": {"id": None}}.get(damage, {}))
            if damage == "int-text":
                record["text"] = 7
        lines.append(orjson.dumps(record))
    return lines


@contextmanager
def run_lines(lines: list[bytes], config: Config) -> Iterator[copydesk.RunResult]:
    """Run copydesk on `lines` as one JSONL file, in a folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="copydesk-property-") as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_bytes(b"".join(line + b"\n" for line in lines))
        yield copydesk.run([path], Path(folder) / "out", config)


QUIET = Config().replace("output", report=False).replace("engine", workers=1)


_EMPTY_THEN_COPY = [  # found by this test: an empty "a", then a good "a" that copies "b"
    b'{"id":"a","source":"north.example","date":"2025-01-01","text":" "}',
    b'{"id":"b","source":"north.example","date":"2025-01-01","text":"Harbour harbour harbour '
    b'harbour harbour harbour harbour harbour harbour harbour harbour harbour."}',
    b'{"id":"a","source":"north.example","date":"2025-01-01","text":"Harbour harbour harbour '
    b'harbour harbour harbour harbour harbour harbour harbour harbour harbour."}',
]


@settings(SETTINGS, max_examples=20)
@given(corpora(unique_ids=False, broken=True), st.integers(1, 12))
@example(_EMPTY_THEN_COPY, 1)
def test_accounting_holds_on_random_corpora(lines: list[bytes], batch_size: int) -> None:
    with run_lines(lines, QUIET.replace("engine", batch_size=batch_size)) as result:
        records, clusters = list(result.documents()), list(result.clusters())
    stats = result.stats
    assert stats["read"] == len(lines) == len(records)
    assert sum(stats["status"].values()) == stats["read"]
    assert [int(r["origin"].rsplit(":", 1)[1]) for r in records] == list(range(1, len(lines) + 1))
    by_id = {}  # an id names the first usable record that has it (an invalid one claims none)
    for record in records:
        if record["status"] != "invalid":
            by_id.setdefault(record["id"], record)
        assert (record["status"] == "duplicate") == (record["duplicate_of"] is not None)
    for cluster in clusters:
        representative = by_id[cluster["representative"]]
        assert representative["status"] == "kept"
        assert cluster["size"] == len(cluster["members"]) >= 2
        assert cluster["members"][0]["id"] == cluster["representative"]
    assert sum(c["size"] for c in clusters) == sum(1 for r in records if r["cluster"] is not None)


def outcome(result: copydesk.RunResult) -> tuple[dict[str, Any], list[Any], dict[str, Any]]:
    """What a run decided, without what names input positions (origin, cluster numbers).

    A record the reader could not parse is named after its origin, so those are compared by
    their reasons alone.
    """
    documents, unparsed = {}, []
    for record in result.documents():
        origin = record.pop("origin")
        record["cluster"] = record["cluster"] is not None
        if record["id"] == origin:
            unparsed.append(record["reasons"])
        else:
            documents[record["id"]] = record
    clusters = {
        c["representative"]: {(m["id"], m["similarity"], m["containment"]) for m in c["members"]}
        for c in result.clusters()
    }
    return documents, sorted(unparsed), clusters


@settings(SETTINGS, max_examples=15)
@given(
    corpora(unique_ids=True, broken=True),
    st.randoms(use_true_random=False),
    st.sampled_from([("earliest", "longest", "id"), ("longest", "id"), ("id",)]),
)
def test_output_does_not_depend_on_input_order(
    lines: list[bytes], rnd: Any, representative: tuple[str, ...]
) -> None:
    """With unique ids and a representative order that ends in `id` (a total order), every
    document's status, reasons, text, representative and similarity, and every cluster, are
    the same whatever order the lines come in. (Duplicate ids are order-dependent by design:
    the first one keeps its id.)"""
    config = QUIET.replace("dedup", representative=representative)
    shuffled = rnd.sample(lines, k=len(lines))
    with run_lines(lines, config) as first, run_lines(shuffled, config) as second:
        assert outcome(first) == outcome(second)

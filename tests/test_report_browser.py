"""The report in a real browser: Debian's Chromium driven by Playwright, page opened from file://.

Skipped, with the reason, where the playwright package or /usr/bin/chromium is missing
(scripts/install-browser installs Chromium; no browser is ever downloaded by the test).
Screenshots go to test-artifacts/ (report.png is the demo run's overview).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import copydesk
from copydesk.config import Config
from copydesk.document import reason_key
from copydesk.report.html import write_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo" / "corpus.jsonl"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Each payload would set window.__pwned if the page ever treated document text as markup/code.
HOSTILE = (
    '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> '
    "</textarea></script><script>window.__pwned=3</script> "
    '<a href="javascript:window.__pwned=4">click</a>'
)
# Records CSP violations: a blocked inline handler or request would show up here.
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is not installed (pip install playwright); "
        "the browser test uses Debian's Chromium and never downloads a browser",
    )
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: scripts/install-browser installs Debian's chromium")
    with sync_api.sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except sync_api.Error as error:
            pytest.skip(f"{CHROMIUM} is installed but does not start: {error}")
        yield instance
        instance.close()


@dataclass
class Opened:
    """A report page plus what it did that it must not: requests, script errors, CSP hits."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        self.page.wait_for_timeout(200)  # let a late onerror or load fire, if any were to
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.page.evaluate("window.__csp") == []
        assert self.errors == []
        assert self.requests == [], "the report must not touch the network"


@pytest.fixture
def open_report(browser: Any) -> Iterator[Any]:
    contexts = []

    def opener(path: Path) -> Opened:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        page.add_init_script(WATCH_CSP)
        page.on(
            "request",
            lambda r: None if r.url.startswith("file://") else opened.requests.append(r.url),
        )
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_selector("#summary [data-count=read] .value")
        return opened

    yield opener
    for context in contexts:
        context.close()


STATUSES = ("kept", "duplicate", "filtered", "invalid")


def shown_counts(page: Any) -> dict[str, int]:
    """The summary cards as numbers ("1,234" -> 1234)."""
    return {
        key: int(page.inner_text(f"#summary [data-count={key}] .value").replace(",", ""))
        for key in ("read", *STATUSES)
    }


def expected_counts(stats: dict[str, Any]) -> dict[str, int]:
    return {"read": stats["read"], **{key: stats["status"].get(key, 0) for key in STATUSES}}


def open_cluster_by_search(page: Any, query: str, number: int) -> None:
    page.click("#tabs a[data-tab=clusters]")
    page.fill("#cluster-search", query)
    rows = page.locator("#cluster-table .cluster-row")
    assert rows.count() == 1, f"searching {query!r} should find one cluster"
    assert rows.first.get_attribute("data-cluster") == str(number)
    rows.first.click()
    page.wait_for_selector(f"#cluster-view[data-cluster='{number}']")


# ---------- a synthetic run with hostile text everywhere ----------


def synthetic_run() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """A wire story with one edited copy carrying hostile text, plus a hostile single document."""
    story = [
        "ALDMOOR (NWA) — The council approved a flood fund on Tuesday.",
        "Work on the sea wall starts in June, officials said.",
    ]
    docs = []
    for n, (doc_id, lines, site) in enumerate(
        [
            ("wire-flood", story, "wire.example"),
            ("copy-flood", [story[0], f"Readers wrote: {HOSTILE}", story[1]], HOSTILE),
            (f"single {HOSTILE}", [f"Opinion: {HOSTILE}"], "evil.example"),
        ]
    ):
        chrome = "Share this article"
        original = chrome + "\n" + "\n".join(lines) + "\n" + HOSTILE + "\n"
        head, tail = len(chrome) + 1, original.rindex(HOSTILE)
        docs.append(
            {
                "id": doc_id,
                "status": "duplicate" if n == 1 else "kept",
                "reasons": ["duplicate:near"] if n == 1 else [],
                "cluster": 7 if n < 2 else None,
                "duplicate_of": "wire-flood" if n == 1 else None,
                "similarity": 0.8 if n < 2 else None,
                "containment": 0.9 if n < 2 else None,
                "text": "\n".join(lines),
                "title": HOSTILE if n else "Council approves flood fund",
                "url": "javascript:window.__pwned=5",
                "source": None,
                "date": "2026-03-10",
                "site": site,
                "removed": [
                    {"start": 0, "end": head, "reason": "boilerplate:share", "text": ""},
                    {"start": tail, "end": len(original), "reason": "boilerplate:advert"},
                ],
                "origin": f"corpus.jsonl:{n + 1}",
                "original": original,
            }
        )
    clusters = [
        {
            "cluster": 7,
            "representative": "wire-flood",
            "size": 2,
            "members": [
                {"id": "wire-flood", "similarity": 1.0, "containment": 1.0},
                {"id": "copy-flood", "similarity": 0.8, "containment": 0.9},
            ],
        }
    ]
    stats = {
        "copydesk_version": "0.1.0",
        "read": 5,  # two invalid documents the report never saw as records
        "status": {"kept": 2, "duplicate": 1, "filtered": 0, "invalid": 2},
        "reasons": {"duplicate:near": 1, "invalid:json": 2},
        "removed_lines": {"boilerplate:share": 3, "boilerplate:advert": 3},
        "clusters": {"count": 1, "sizes": {"2": 1}},
        "sites": [{"site": HOSTILE, "documents": 1, "template_lines": 4}],
    }
    return stats, docs, clusters


def test_synthetic_report_shows_hostile_text_as_text(open_report: Any, tmp_path: Path) -> None:
    stats, docs, clusters = synthetic_run()
    path = tmp_path / "report.html"
    write_report(path, stats, docs, clusters)
    opened = open_report(path)
    page = opened.page
    assert shown_counts(page) == expected_counts(stats)
    assert HOSTILE in page.inner_text("#sites")

    open_cluster_by_search(page, "flood", 7)
    columns = page.locator("#members .member")
    assert columns.count() == 2
    copy = columns.nth(1)
    assert copy.locator("mark.ins").count() >= 1, "the added line is highlighted"
    assert HOSTILE in copy.locator("mark.ins").first.inner_text()

    copy.locator("a.member-id").click()
    page.wait_for_selector("#doc-view")
    assert page.inner_text("#doc-title") == HOSTILE
    removed = page.locator("#doc-text .line.removed")
    assert removed.count() == 2
    assert removed.nth(1).locator(".why").inner_text() == "boilerplate:advert"
    assert removed.nth(1).locator(".txt").inner_text() == HOSTILE
    kept_lines = page.locator("#doc-text .line:not(.removed) .txt").all_inner_texts()
    assert f"Readers wrote: {HOSTILE}" in kept_lines
    assert "javascript:window.__pwned=5" in page.inner_text("#doc-view")

    page.click("#tabs a[data-tab=documents]")
    page.fill("#doc-search", "single")
    row = page.locator("#doc-table .doc-row").first
    number = row.locator("td").first.inner_text()  # the list's number, from 1
    row.locator("a").first.click()
    page.wait_for_selector("#doc-view")
    assert page.inner_text("#doc-id") == f"single {HOSTILE}"
    assert page.evaluate("location.hash") == f"#/doc/{number}"  # the route says the same

    # Nothing from the data became an element or a link.
    assert page.locator("#app img, #app script, #app iframe, #app textarea").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    opened.assert_clean()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-hostile.png"), full_page=True)


def test_sampled_report_says_what_it_shows(open_report: Any, tmp_path: Path) -> None:
    stats, docs, clusters = synthetic_run()
    path = tmp_path / "report.html"
    write_report(path, stats, docs, clusters, max_documents=1, max_clusters=0)
    opened = open_report(path)
    note = opened.page.locator("#sample-note")
    assert note.is_visible()
    assert "1 of 3 documents" in note.inner_text() and "0 of 1 clusters" in note.inner_text()
    assert shown_counts(opened.page) == expected_counts(stats), "counts cover the whole run"
    opened.assert_clean()


# ---------- the demo corpus through the real pipeline ----------


def run_pipeline(corpus: Path, out: Path) -> copydesk.RunResult:
    result = copydesk.run([corpus], out, Config().replace("engine", workers=1))
    assert (out / "report.html").exists(), "copydesk run must write report.html"
    return result


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not DEMO.exists():
        pytest.skip(f"{DEMO} is missing")
    out = tmp_path_factory.mktemp("demo-report")
    run_pipeline(DEMO, out)
    return out


def test_demo_report(open_report: Any, demo_out: Path) -> None:
    stats = json.loads((demo_out / "stats.json").read_text())
    records = {
        doc["id"]: doc
        for doc in map(json.loads, (demo_out / "documents.jsonl").read_text().splitlines())
    }
    clusters = [json.loads(line) for line in (demo_out / "clusters.jsonl").read_text().splitlines()]
    opened = open_report(demo_out / "report.html")
    page = opened.page
    assert shown_counts(page) == expected_counts(stats)
    assert page.locator("#sample-note").is_hidden(), "a small run is shown whole"
    bars = page.locator("#chart-removed a.bar title").all_text_contents()
    assert sorted(bars) == sorted(f"{r}: {n:,}" for r, n in stats["removed_lines"].items())
    sizes = page.locator("#chart-sizes g title").all_text_contents()
    assert sorted(sizes) == sorted(
        f"size {size}: {n} clusters" for size, n in stats["clusters"]["sizes"].items()
    )
    # a bar lists the documents with a line removed for its reason ("model" counts every
    # `model:<score>`)
    assert stats["removed_lines"].get("model", 0) > 0
    for reason in ("model", "boilerplate:template"):
        holding = sum(
            any(reason_key(span["reason"]) == reason for span in doc["removed"])
            for doc in records.values()
        )
        bar = f"{reason}: {stats['removed_lines'][reason]:,}"
        page.locator(f"#chart-removed a.bar:has(title:text-is('{bar}'))").click()
        page.wait_for_selector("#doc-results")
        assert page.inner_text(".found") == f"{holding} of {len(records)} documents", reason
        page.go_back()
        page.wait_for_selector("#chart-removed")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)

    grain = next(c for c in clusters if c["representative"] == "nwa-grain-exports")
    open_cluster_by_search(page, "grain exports", grain["cluster"])
    ids = page.locator("#members .member").evaluate_all("cols => cols.map(c => c.dataset.id)")
    assert ids == [m["id"] for m in grain["members"]]
    assert page.locator("#members .member .diffcount").count() == len(ids) - 1
    assert page.locator("#members mark.ins, #members del.gone").count() >= 1, "edits are marked"
    page.screenshot(path=str(ARTIFACTS / "report-cluster.png"))
    page.set_viewport_size({"width": 1400, "height": 500})  # columns now need scrolling
    bodies = page.locator("#members .member .body")
    bodies.first.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    page.wait_for_timeout(200)
    assert bodies.nth(1).evaluate("e => e.scrollTop") > 0, "the columns scroll together"
    page.set_viewport_size({"width": 1400, "height": 1000})

    member = grain["members"][1]["id"]
    page.locator(f"#members .member[data-id='{member}'] a.member-id").click()
    page.wait_for_selector("#doc-view")
    record = records[member]
    assert page.inner_text("#doc-id") == member
    assert page.inner_text("#doc-title") == record["title"]
    removed = page.locator("#doc-text .line.removed")
    assert removed.count() == len(record["removed"])
    shown = [removed.nth(i).locator(".why").inner_text() for i in range(removed.count())]
    assert shown == [span["reason"] for span in record["removed"]]
    struck = removed.first.locator(".txt")
    assert struck.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert struck.inner_text() == record["removed"][0]["text"].rstrip("\n")
    page.screenshot(path=str(ARTIFACTS / "report-document.png"), full_page=True)
    # the "Cleaned text" view shows each document's text as documents.jsonl has it
    for number, doc in enumerate(records.values(), start=1):
        page.evaluate(f"location.hash = '#/doc/{number}'")
        page.wait_for_selector(f"#doc-view[data-n='{number - 1}']")
        page.get_by_role("button", name="Cleaned text").click()
        assert page.locator(".clean-text").evaluate("e => e.textContent") == doc["text"], doc["id"]
    opened.assert_clean()


def test_hostile_input_through_the_pipeline(
    open_report: Any, tmp_path: Path, demo_out: Path
) -> None:
    """Hostile articles added to the demo crawl: the real run's report shows them as text."""
    corpus = tmp_path / "corpus.jsonl"
    hostile = [
        {
            "id": f"evil-{n}",
            "title": HOSTILE,
            "url": "javascript:window.__pwned=6",
            "source": "evil.example",
            "date": "2026-03-20",
            "text": f"An ordinary opening paragraph about the harbour number {n}.\n"
            f"Quoted from a comment: {HOSTILE}\n"
            "The closing paragraph says nothing more of note about it.",
        }
        for n in range(2)
    ]
    lines = DEMO.read_text().splitlines() + [json.dumps(doc) for doc in hostile]
    corpus.write_text("\n".join(lines) + "\n")
    run_pipeline(corpus, tmp_path / "out")
    opened = open_report(tmp_path / "out" / "report.html")
    page = opened.page
    page.click("#tabs a[data-tab=documents]")
    page.fill("#doc-search", "evil-0")
    page.locator("#doc-table .doc-row a").first.click()
    page.wait_for_selector("#doc-view")
    assert page.inner_text("#doc-title") == HOSTILE
    text = page.inner_text("#doc-text")
    assert re.search(re.escape(f"Quoted from a comment: {HOSTILE}"), text)
    assert page.locator("#app img, #app script, #app textarea").count() == 0
    opened.assert_clean()


def test_an_empty_run_says_nothing_was_read(open_report: Any, tmp_path: Path) -> None:
    stats = {"read": 0, "status": dict.fromkeys(STATUSES, 0), "reasons": {}, "removed_lines": {}}
    write_report(tmp_path / "report.html", stats, [], [])
    opened = open_report(tmp_path / "report.html")
    assert shown_counts(opened.page) == dict.fromkeys(("read", *STATUSES), 0)
    shares = opened.page.locator("#summary .share").all_inner_texts()
    assert shares[1:] == ["nothing read"] * len(STATUSES)
    opened.assert_clean()

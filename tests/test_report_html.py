"""write_report on synthetic runs: what the page embeds, how it samples, and that hostile text
cannot break out of the data block."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from copydesk.report import html as report_html
from copydesk.report.html import write_report

HOSTILE = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> </textarea>'
    '</script><script>window.__pwned=3</script> <a href="javascript:window.__pwned=4">x</a> <!--'
)
DATA_BLOCK = re.compile(
    r'<script type="application/json" id="copydesk-data">(.*?)</script>', re.DOTALL
)


def make_doc(
    n: int,
    doc_id: str,
    *,
    status: str = "kept",
    cluster: int | None = None,
    duplicate_of: str | None = None,
    body: str = "A paragraph of news.",
    chrome: tuple[str, str] = ("Share this article", "boilerplate:share"),
) -> dict[str, Any]:
    """A documents.jsonl record plus `original`, with one removed chrome line on top."""
    line, reason = chrome
    original = f"{line}\n{body}\n"
    return {
        "id": doc_id,
        "status": status,
        "reasons": ["duplicate:near"] if status == "duplicate" else [],
        "cluster": cluster,
        "duplicate_of": duplicate_of,
        "similarity": 0.9 if cluster is not None else None,
        "containment": 0.95 if cluster is not None else None,
        "text": body,
        "title": f"Title {doc_id}",
        "url": f"https://site{n % 3}.example/{doc_id}",
        "source": None,
        "date": "2026-03-10",
        "site": f"site{n % 3}.example",
        "removed": [{"start": 0, "end": len(line) + 1, "reason": reason, "text": line + "\n"}],
        "origin": f"corpus.jsonl:{n + 1}",
        "original": original,
    }


def make_run(
    n_clusters: int, cluster_size: int, n_singles: int
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """stats, documents, clusters of a consistent run: clusters first, then single documents."""
    docs: list[dict[str, Any]] = []
    clusters: list[dict[str, Any]] = []
    for c in range(n_clusters):
        size = cluster_size + (c % 3)  # sizes differ, so "the largest" means something
        ids = [f"c{c}-m{j}" for j in range(size)]
        for j, doc_id in enumerate(ids):
            docs.append(
                make_doc(
                    len(docs),
                    doc_id,
                    status="kept" if j == 0 else "duplicate",
                    cluster=c,
                    duplicate_of=None if j == 0 else ids[0],
                )
            )
        members = [{"id": i, "similarity": 1.0, "containment": 1.0} for i in ids]
        clusters.append({"cluster": c, "representative": ids[0], "size": size, "members": members})
    for s in range(n_singles):
        docs.append(make_doc(len(docs), f"single-{s}"))
    status = {"kept": 0, "duplicate": 0, "filtered": 0, "invalid": 0}
    for doc in docs:
        status[doc["status"]] += 1
    stats = {
        "copydesk_version": "0.1.0",
        "read": len(docs),
        "status": status,
        "reasons": {"duplicate:near": status["duplicate"]},
        "removed_lines": {"boilerplate:share": len(docs)},
        "clusters": {"count": len(clusters), "sizes": {}},
        "sites": [{"site": "site0.example", "documents": 3, "template_lines": 2}],
    }
    return stats, docs, clusters


def embedded(page: str) -> dict[str, Any]:
    """The JSON data block of a report page (there must be exactly one)."""
    blocks = DATA_BLOCK.findall(page)
    assert len(blocks) == 1
    data: dict[str, Any] = json.loads(blocks[0])
    return data


def write(tmp_path: Path, *args: Any, **kwargs: Any) -> tuple[str, dict[str, Any]]:
    path = tmp_path / "report.html"
    write_report(path, *args, **kwargs)
    page = path.read_text(encoding="utf-8")
    return page, embedded(page)


def test_small_run_is_embedded_whole_in_input_order(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=4, cluster_size=2, n_singles=5)
    page, data = write(tmp_path, stats, docs, clusters)
    assert data["stats"] == stats
    assert [d["id"] for d in data["documents"]] == [d["id"] for d in docs]
    assert [d["n"] for d in data["documents"]] == list(range(len(docs)))
    assert [c["cluster"] for c in data["clusters"]] == [0, 1, 2, 3]
    assert data["sample"]["documents"] == {"total": len(docs), "shown": len(docs)}
    assert data["sample"]["clusters"] == {"total": 4, "shown": 4}
    assert data["sample"]["note"] == ""
    first = data["documents"][0]
    assert first["removed"] == [[0, len("Share this article\n"), "boilerplate:share"]]
    assert first["original"] == docs[0]["original"]
    assert first["status"] == "kept" and first["cluster"] == 0
    assert f"<title>copydesk report · {len(docs)} documents</title>" in page
    assert not list(tmp_path.glob(".*tmp*")), "the temporary file must be renamed into place"


def test_sample_keeps_whole_clusters_and_says_so(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=60, cluster_size=2, n_singles=400)
    page, data = write(tmp_path, stats, docs, clusters, max_documents=50, max_clusters=10)
    shown_docs, shown_clusters = data["documents"], data["clusters"]
    assert len(shown_docs) == 50
    assert 1 <= len(shown_clusters) <= 10
    ids = {d["id"] for d in shown_docs}
    for cluster in shown_clusters:
        assert {m["id"] for m in cluster["members"]} <= ids, "a kept cluster lost a member"
    members = sum(len(c["members"]) for c in shown_clusters)
    assert members <= int(50 * report_html.CLUSTER_MEMBER_SHARE)
    assert len(shown_docs) - members > 0, "other documents must still be sampled"
    largest = max(c["size"] for c in clusters)
    assert any(c["size"] == largest for c in shown_clusters)
    assert [d["n"] for d in shown_docs] == sorted(d["n"] for d in shown_docs)
    note = data["sample"]["note"]
    assert f"50 of {len(docs):,} documents" in note
    assert f"{len(shown_clusters)} of 60 clusters" in note
    assert data["stats"]["read"] == len(docs), "the counts still describe the whole run"
    again, _ = write(tmp_path, stats, docs, clusters, max_documents=50, max_clusters=10)
    assert again == page, "the sample must be deterministic"


def test_sample_reads_generators_once(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=30, cluster_size=3, n_singles=200)
    consumed = {"documents": 0, "clusters": 0}

    def stream(items: list[dict[str, Any]], key: str) -> Iterator[dict[str, Any]]:
        for item in items:
            consumed[key] += 1
            yield item

    _, data = write(
        tmp_path,
        stats,
        stream(docs, "documents"),
        stream(clusters, "clusters"),
        max_documents=40,
        max_clusters=6,
    )
    assert consumed == {"documents": len(docs), "clusters": len(clusters)}
    assert data["sample"]["documents"] == {"total": len(docs), "shown": 40}
    assert data["sample"]["clusters"]["total"] == 30


def test_only_documents_sampled_keeps_every_cluster(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=3, cluster_size=2, n_singles=100)
    _, data = write(tmp_path, stats, docs, clusters, max_documents=30)
    assert len(data["clusters"]) == 3
    note = data["sample"]["note"]
    assert f"30 of {len(docs)} documents" in note and "all 3 clusters" in note


def test_a_text_budget_samples_fewer_documents_and_keeps_the_clusters(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=3, cluster_size=2, n_singles=100)
    whole = sum(len(d["original"]) for d in docs)
    members = sum(len(d["original"]) for d in docs if d["cluster"] is not None)
    budget = members + (whole - members) // 4
    page, data = write(tmp_path, stats, docs, clusters, max_text_chars=budget)
    shown = data["documents"]
    assert sum(len(d["original"]) for d in shown) <= budget
    assert len(data["clusters"]) == 3
    assert {m["id"] for c in clusters for m in c["members"]} <= {d["id"] for d in shown}
    assert 10 < len(shown) < len(docs)
    assert f"{len(shown)} of {len(docs)} documents" in data["sample"]["note"]
    assert [d["n"] for d in shown] == sorted(d["n"] for d in shown)
    assert write(tmp_path, stats, docs, clusters, max_text_chars=budget)[0] == page


def test_a_text_budget_under_the_clusters_drops_whole_clusters_last_first(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=6, cluster_size=3, n_singles=20)
    per_cluster = {
        c["cluster"]: sum(len(d["original"]) for d in docs if d["cluster"] == c["cluster"])
        for c in clusters
    }
    budget = sum(sorted(per_cluster.values())[-2:])  # room for two clusters' texts
    _, data = write(tmp_path, stats, docs, clusters, max_text_chars=budget)
    shown = data["documents"]
    assert sum(len(d["original"]) for d in shown) <= budget
    assert 1 <= len(data["clusters"]) <= 2
    for cluster in data["clusters"]:  # a cluster shown keeps every member
        assert {m["id"] for m in cluster["members"]} <= {d["id"] for d in shown}
    assert all(d["cluster"] in {c["cluster"] for c in data["clusters"]} for d in shown)


def test_giant_cluster_is_cut_and_noted(tmp_path: Path) -> None:
    size = report_html.MAX_MEMBERS_PER_CLUSTER + 25
    stats, docs, clusters = make_run(n_clusters=1, cluster_size=size, n_singles=2)
    _, data = write(tmp_path, stats, docs, clusters)
    (cluster,) = data["clusters"]
    assert cluster["size"] == size
    assert len(cluster["members"]) == report_html.MAX_MEMBERS_PER_CLUSTER
    assert "1 large clusters show only their first" in data["sample"]["note"]


def test_member_is_the_valid_record_when_ids_repeat(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=1, cluster_size=2, n_singles=0)
    clash = make_doc(len(docs), "c0-m1", status="invalid")
    clash["reasons"] = ["invalid:duplicate_id"]
    _, data = write(tmp_path, stats, [clash, *docs], clusters, max_documents=2)
    assert [(d["id"], d["status"]) for d in data["documents"]] == [
        ("c0-m0", "kept"),
        ("c0-m1", "duplicate"),
    ]


def test_offsets_become_utf16_for_the_page(tmp_path: Path) -> None:
    """JS strings count UTF-16 units: after an emoji the code-point offsets would be off by one."""
    doc = make_doc(0, "emoji", body="Storm 🌊 warning 🌧 issued")
    doc["original"] = "Storm 🌊 warning\nShare this 📣 now\nAfter 😀 line\n"
    start = doc["original"].index("Share")
    end = doc["original"].index("After")
    doc["removed"] = [{"start": start, "end": end, "reason": "boilerplate:share", "text": ""}]
    _, data = write(tmp_path, {"read": 1}, [doc], [])
    (shown,) = data["documents"]
    s, e, _ = shown["removed"][0]
    utf16 = shown["original"].encode("utf-16-le")
    assert utf16[2 * s : 2 * e].decode("utf-16-le") == "Share this 📣 now\n"


def test_long_text_is_cut_with_spans_clipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_html, "MAX_TEXT_CHARS", 100)
    doc = make_doc(0, "long", body="word " * 100)
    doc["removed"].append({"start": 90, "end": 300, "reason": "boilerplate:advert", "text": ""})
    doc["removed"].append({"start": 400, "end": 420, "reason": "boilerplate:advert", "text": ""})
    _, data = write(tmp_path, {"read": 1}, [doc], [])
    (shown,) = data["documents"]
    assert shown["truncated"] is True and len(shown["original"]) == 100
    assert shown["removed"][1] == [90, 100, "boilerplate:advert"]
    assert len(shown["removed"]) == 2, "a span wholly past the cut is dropped"
    assert shown["removed_count"] == 3, "the count still says what the run removed"
    assert "1 documents longer than 100 characters are cut short" in data["sample"]["note"]


def test_missing_original_falls_back_to_clean_text(tmp_path: Path) -> None:
    doc = make_doc(0, "no-original")
    del doc["original"]
    _, data = write(tmp_path, {"read": 1}, [doc], [])
    (shown,) = data["documents"]
    assert shown["has_original"] is False
    assert shown["original"] == doc["text"]
    assert shown["removed"] == [], "offsets into a text we do not have must not be applied"


def test_hostile_text_cannot_leave_the_data_block(tmp_path: Path) -> None:
    stats, docs, clusters = make_run(n_clusters=1, cluster_size=2, n_singles=1)
    hostile = docs[-1]
    for key in ("id", "title", "url", "site", "text"):
        hostile[key] = HOSTILE
    hostile["original"] = HOSTILE + "\n" + HOSTILE
    hostile["removed"] = [{"start": 0, "end": len(HOSTILE) + 1, "reason": HOSTILE, "text": ""}]
    stats["sites"] = [{"site": HOSTILE, "documents": 1, "template_lines": 1}]
    page, data = write(tmp_path, stats, docs, clusters)
    # Only the page's own two script elements exist, and both are closed where they should be.
    assert page.count("<script") == 2
    assert page.count("</script>") == 2
    block = DATA_BLOCK.search(page)
    assert block is not None
    assert "<" not in block[1] and ">" not in block[1] and "&" not in block[1]
    assert "<img" not in page and "<textarea" not in page and 'href="javascript' not in page
    assert "<!--" not in page
    shown = data["documents"][-1]
    assert shown["id"] == HOSTILE and shown["title"] == HOSTILE and shown["url"] == HOSTILE
    assert shown["original"] == HOSTILE + "\n" + HOSTILE
    assert shown["removed"][0][2] == HOSTILE
    assert data["stats"]["sites"][0]["site"] == HOSTILE


def test_csp_allows_only_the_pages_own_script_and_style(tmp_path: Path) -> None:
    page, _ = write(tmp_path, *make_run(1, 2, 1))
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp is not None
    rules = dict(rule.strip().split(" ", 1) for rule in csp[1].split(";"))
    assert rules["default-src"] == "'none'"  # no fetch, image, font or frame from anywhere
    assets = resources.files("copydesk.report")
    for kind, name in (("script-src", "report.js"), ("style-src", "report.css")):
        body = assets.joinpath(name).read_text(encoding="utf-8")
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert rules[kind] == f"'sha256-{digest}'", "no 'unsafe-inline': inline handlers can't run"
        assert body in page
    assert csp.start() < page.index("<style>") < page.index("<script")


def test_page_script_never_parses_data_as_html() -> None:
    """The renderer's rule (textContent only) is what makes hostile text inert; keep it so."""
    script = resources.files("copydesk.report").joinpath("report.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink


def test_limits_are_validated(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_report(tmp_path / "r.html", {}, [], [], max_documents=0)
    with pytest.raises(ValueError):
        write_report(tmp_path / "r.html", {}, [], [], max_text_chars=0)


def test_the_config_sets_how_much_a_run_embeds(tmp_path: Path) -> None:
    import copydesk
    from copydesk.config import Config

    demo = Path(__file__).resolve().parent.parent / "examples" / "demo" / "corpus.jsonl"
    config = Config().replace("output", report_documents=10, report_clusters=1)
    result = copydesk.run([demo], tmp_path / "out", config.replace("engine", workers=1))
    data = embedded((tmp_path / "out" / "report.html").read_text(encoding="utf-8"))
    assert data["sample"]["documents"] == {"total": result.stats["read"], "shown": 10}
    assert data["sample"]["clusters"]["shown"] == 1 < data["sample"]["clusters"]["total"]

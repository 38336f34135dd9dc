"""The self-contained HTML report (`DIR/report.html`).

One file holds the page, its CSS, its JS and the run's data, so it opens from disk with no
network and can be mailed or archived as is. The data is embedded as JSON in a
``<script type="application/json">`` block; the page's own script renders it with
``textContent`` only, because document text is untrusted crawl content.

A run can have millions of documents; a page cannot. Past ``max_documents`` / ``max_clusters``
the report keeps a deterministic sample (clusters first, with their members, then a seeded
sample of the other documents) and the page says what was sampled. Summary counts and charts
always come from ``stats`` and so describe the whole run.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from copydesk.io.atomic import write_bytes

#: Seed of the document and cluster samples: a fixed seed makes two reports of one run equal.
SAMPLE_SEED = "copydesk-report-1"
#: Members of one cluster embedded at most: a page cannot show 10,000 columns side by side, and
#: one giant cluster must not eat the whole document budget.
MAX_MEMBERS_PER_CLUSTER = 50
#: Characters of one document's original text embedded at most (longer ones are cut, and the
#: page says so): keeps a sampled report of a million-document run within tens of megabytes.
MAX_TEXT_CHARS = 50_000
#: Share of ``max_documents`` that members of kept clusters may take; the rest goes to a sample
#: of other documents so kept, filtered and invalid ones stay browsable too.
CLUSTER_MEMBER_SHARE = 0.75

_ASSET_PACKAGE = "copydesk.report"
_PLACEHOLDER = re.compile(r"\{\{(TITLE|CSP|STYLE|SCRIPT|DATA)\}\}")
_NUMBER_KEYS = ("similarity", "containment")
_TEXT_KEYS = ("title", "byline", "agency", "dateline", "url", "source", "date", "site", "origin")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def write_report(
    path: Path,
    stats: Mapping[str, Any],
    documents: Iterable[Mapping[str, Any]],
    clusters: Iterable[Mapping[str, Any]],
    *,
    max_documents: int = 20_000,
    max_clusters: int = 5_000,
    max_text_chars: int = 40_000_000,
) -> None:
    """Write the report page for one run to ``path``.

    ``documents`` are records as in docs/FORMAT.md's documents.jsonl plus key ``"original"``
    (the input text that the ``removed`` spans index into); ``clusters`` are clusters.jsonl
    records; ``stats`` is stats.json. Both iterables are read once, clusters first, so they may
    be generators over a large run: only the sample is held in memory.

    Beyond the limits a deterministic sample is kept: up to ``max_clusters`` clusters (the
    largest half, then a seeded sample of the rest) with their members (at most
    ``MAX_MEMBERS_PER_CLUSTER`` each), then a seeded sample of other documents up to
    ``max_documents``, fewer where their texts would take the page's texts past
    ``max_text_chars`` characters (the page's size is mostly its texts). The page states both
    totals and what it shows.
    """
    if max_documents < 1 or max_clusters < 0 or max_text_chars < 1:
        raise ValueError("max_documents and max_text_chars must be >= 1, max_clusters >= 0")
    picked = _pick_clusters(clusters, max_clusters, max_documents)
    docs = _pick_documents(documents, picked, max_documents, max_text_chars)
    sample = {
        "documents": {"total": docs.total, "shown": len(docs.records)},
        "clusters": {"total": picked.total, "shown": len(docs.clusters)},
        "cut_clusters": sum(1 for c in docs.clusters if c["size"] > len(c["members"])),
        "cut_texts": sum(1 for d in docs.records if d["truncated"]),
        "seed": SAMPLE_SEED,
    }
    sample["note"] = sample_note(sample)
    data = {
        "stats": dict(stats),
        "sample": sample,
        "clusters": docs.clusters,
        "documents": docs.records,
    }
    page = render_page(embed_json(data), title=_page_title(stats))
    write_bytes(Path(path), page.encode("utf-8"))  # atomic: never a half-written report


def sample_note(sample: Mapping[str, Any]) -> str:
    """Say in words what the page leaves out, or ``""`` when it shows the whole run.

    Written here rather than in the page's script so that the wording is tested with the
    sampling rules it describes.
    """
    docs, clusters = sample["documents"], sample["clusters"]
    parts = []
    if docs["shown"] < docs["total"] or clusters["shown"] < clusters["total"]:
        doc_part = (
            f"{docs['shown']:,} of {docs['total']:,} documents (every member of the clusters "
            "shown plus a seeded random sample of the other documents)"
            if docs["shown"] < docs["total"]
            else f"all {docs['total']:,} documents"
        )
        cluster_part = (
            f"{clusters['shown']:,} of {clusters['total']:,} clusters (the largest plus a "
            "seeded random sample of the others)"
            if clusters["shown"] < clusters["total"]
            else f"all {clusters['total']:,} clusters"
        )
        parts.append(
            f"This page shows a sample of the run: {doc_part}, and {cluster_part}. "
            "The counts and charts of the overview cover the whole run."
        )
    if sample["cut_clusters"]:
        parts.append(
            f"{sample['cut_clusters']:,} large clusters show only their first "
            f"{MAX_MEMBERS_PER_CLUSTER} members."
        )
    if sample["cut_texts"]:
        parts.append(
            f"{sample['cut_texts']:,} documents longer than {MAX_TEXT_CHARS:,} characters are "
            "cut short."
        )
    return " ".join(parts)


def embed_json(data: Any) -> str:
    """Serialise ``data`` so it can sit inside a ``<script>`` element without ending it.

    ``<``, ``>`` and ``&`` never occur in JSON outside strings, so escaping them as ``\\u003c``
    etc. keeps the JSON equal while no ``</script>`` or ``<!--`` can appear in the page.
    """
    raw = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
    # on the UTF-8 bytes: a str with one emoji is 4 bytes a character, and slower to scan
    escaped = raw.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")
    return escaped.decode("utf-8")


def render_page(data_json: str, *, title: str) -> str:
    """Fill the page template with the inline CSS, JS, already-escaped data and a strict CSP.

    The CSP allows only this page's own style and script (by hash), so no network request can
    be made and no inline handler or ``javascript:`` URL that slipped into the DOM could run.
    """
    assets = resources.files(_ASSET_PACKAGE)
    template = assets.joinpath("template.html").read_text(encoding="utf-8")
    style = assets.joinpath("report.css").read_text(encoding="utf-8")
    script = assets.joinpath("report.js").read_text(encoding="utf-8")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(style)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    parts = {
        "TITLE": _escape_html(title),
        "CSP": csp,
        "STYLE": style,
        "SCRIPT": script,
        "DATA": data_json,
    }
    return _PLACEHOLDER.sub(lambda m: parts[m[1]], template)  # one pass: inserts aren't rescanned


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _escape_html(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _page_title(stats: Mapping[str, Any]) -> str:
    read = stats.get("read")
    return f"copydesk report · {read:,} documents" if isinstance(read, int) else "copydesk report"


@dataclass
class _PickedClusters:
    total: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)  # in priority order
    member_ids: dict[str, int] = field(default_factory=dict)  # id -> index into records


def _sample_key(*parts: object) -> bytes:
    """A seeded pseudo-random sort key: the same input always samples the same items."""
    raw = "\x1f".join([SAMPLE_SEED, *map(str, parts)]).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(raw, digest_size=8).digest()


def _inverted(key: bytes) -> bytes:
    """Order-reversed key, so ``heapq`` (a min-heap) can keep the k smallest keys."""
    return bytes(255 - b for b in key)


def _pick_clusters(
    clusters: Iterable[Mapping[str, Any]], max_clusters: int, member_budget: int
) -> _PickedClusters:
    """Choose up to ``max_clusters`` clusters in one pass, ordered by priority.

    Half the slots go to the largest clusters (the most-copied stories, what a reader looks
    for first), the rest to a seeded sample of the others (what an ordinary cluster looks
    like). Clusters are taken in that order while their members fit ``member_budget``.
    """
    largest_slots = max_clusters // 2
    by_size: list[tuple[int, int, int, dict[str, Any]]] = []  # min-heap on (size, -number)
    by_key: list[tuple[bytes, int, dict[str, Any]]] = []  # the smallest sample keys
    picked = _PickedClusters()
    for seq, cluster in enumerate(clusters):
        picked.total += 1
        if max_clusters == 0:
            continue
        record = _compact_cluster(cluster)
        number = record["cluster"]
        entry = (record["size"], -number if isinstance(number, int) else 0, seq, record)
        if len(by_size) < largest_slots:
            heapq.heappush(by_size, entry)
        elif largest_slots and entry[:3] > by_size[0][:3]:
            heapq.heapreplace(by_size, entry)
        key = _inverted(_sample_key("cluster", number, seq))
        if len(by_key) < max_clusters:
            heapq.heappush(by_key, (key, seq, record))
        elif (key, seq) > by_key[0][:2]:
            heapq.heapreplace(by_key, (key, seq, record))
    ordered = [e[3] for e in sorted(by_size, reverse=True)]
    ordered += [r for _, _, r in sorted(by_key, reverse=True)]
    seen: set[int] = set()
    used = 0
    for record in ordered:
        if len(picked.records) >= max_clusters:
            break
        if id(record) in seen:
            continue
        seen.add(id(record))
        ids = [m["id"] for m in record["members"]]
        if picked.records and used + len(ids) > member_budget:
            continue  # a smaller cluster later in the order may still fit
        used += len(ids)
        for member_id in ids:
            picked.member_ids.setdefault(member_id, len(picked.records))
        picked.records.append(record)
    return picked


def _compact_cluster(cluster: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the page needs, with the member list cut to MAX_MEMBERS_PER_CLUSTER."""
    members = list(cluster.get("members") or [])
    return {
        "cluster": cluster.get("cluster"),
        "representative": str(cluster.get("representative", "")),
        "size": int(cluster.get("size", len(members))),
        "members": [
            {
                "id": str(m.get("id", "")),
                "similarity": _number(m.get("similarity")),
                "containment": _number(m.get("containment")),
            }
            for m in members[:MAX_MEMBERS_PER_CLUSTER]
        ],
    }


@dataclass
class _PickedDocuments:
    total: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)  # those whose members fit


def _pick_documents(
    documents: Iterable[Mapping[str, Any]],
    clusters: _PickedClusters,
    max_documents: int,
    max_text_chars: int,
) -> _PickedDocuments:
    """Keep the chosen clusters' members plus a seeded sample of the others, in input order.

    One pass with a bounded heap, so a generator over a million documents needs memory only
    for what is kept. A member is matched by id, first valid occurrence only (ids can repeat
    in the input, as ``invalid:duplicate_id``). When everything does not fit, members may take
    ``CLUSTER_MEMBER_SHARE`` of the budget (whole clusters, lowest priority dropped first) so
    that the sample of other documents is never crowded out.

    The pass reads only ``id`` and ``status``; the chosen documents are compacted after it, in
    input order, so records that read their other fields lazily (``iter_records``) read each
    shard once. Then, while the texts hold more than ``max_text_chars`` characters, the
    sampled other documents leave, the last drawn first, then whole clusters with their members,
    the lowest priority first (one cluster always stays: at most ``MAX_MEMBERS_PER_CLUSTER``
    texts of ``MAX_TEXT_CHARS``).
    """
    members: list[list[tuple[int, Mapping[str, Any]]]] = [[] for _ in clusters.records]
    found: set[str] = set()
    others: list[tuple[bytes, int, Mapping[str, Any]]] = []  # the smallest sample keys
    other_count = 0
    picked = _PickedDocuments()
    for seq, doc in enumerate(documents):
        picked.total += 1
        doc_id = str(doc.get("id", ""))
        slot = clusters.member_ids.get(doc_id)
        if slot is not None and doc_id not in found and doc.get("status") != "invalid":
            found.add(doc_id)
            members[slot].append((seq, doc))
            continue
        other_count += 1
        key = _inverted(_sample_key("document", seq, doc_id))
        if len(others) < max_documents:
            heapq.heappush(others, (key, seq, doc))
        elif (key, seq) > others[0][:2]:
            heapq.heapreplace(others, (key, seq, doc))
    member_cap = max(int(max_documents * CLUSTER_MEMBER_SHARE), max_documents - other_count)
    chosen: list[tuple[int, Mapping[str, Any]]] = []
    kept_members: list[list[int]] = []  # the seqs of each picked cluster's members, in order
    for record, found_members in zip(clusters.records, members, strict=True):
        if picked.clusters and len(chosen) + len(found_members) > member_cap:
            continue
        picked.clusters.append(record)
        kept_members.append([seq for seq, _ in found_members])
        chosen += found_members
    room = max(0, max_documents - len(chosen))
    sampled = [(seq, doc) for _, seq, doc in sorted(others, reverse=True)[:room]]
    drawn = [seq for seq, _ in sampled]  # in the order drawn
    chosen += sampled
    chosen.sort(key=lambda item: item[0])
    records = {seq: _compact_document(seq, doc) for seq, doc in chosen}
    chars = sum(len(record["original"]) for record in records.values())
    while chars > max_text_chars and drawn:
        chars -= len(records.pop(drawn.pop())["original"])
    while chars > max_text_chars and len(picked.clusters) > 1:  # whole clusters, the last first
        picked.clusters.pop()
        chars -= sum(len(records.pop(seq)["original"]) for seq in kept_members.pop())
    picked.clusters.sort(key=lambda r: (not isinstance(r["cluster"], int), r["cluster"]))
    picked.records = list(records.values())
    return picked


def _compact_document(seq: int, doc: Mapping[str, Any]) -> dict[str, Any]:
    """The fields the page shows, with removed spans as ``[start, end, reason]`` in UTF-16.

    The page works in JS strings, which count UTF-16 code units, while the spans count code
    points; converting here keeps struck-through lines aligned when the text has emoji. The
    span's own ``text`` is dropped because it is a slice of ``original`` (halves the size).
    """
    original = doc.get("original")
    has_original = isinstance(original, str)
    text = original if isinstance(original, str) else str(doc.get("text") or "")
    truncated = len(text) > MAX_TEXT_CHARS
    if truncated:
        text = text[:MAX_TEXT_CHARS]
    spans: list[list[Any]] = []
    if has_original:
        for span in doc.get("removed") or []:
            start, end = span.get("start"), span.get("end")
            if not (isinstance(start, int) and isinstance(end, int)):
                continue
            start, end = max(0, start), min(len(text), end)
            if start < end:
                spans.append([start, end, str(span.get("reason", ""))])
        spans.sort(key=lambda s: (s[0], s[1]))
        _to_utf16(text, spans)
    record: dict[str, Any] = {
        "n": seq,
        "id": str(doc.get("id", "")),
        "status": str(doc.get("status", "")),
        "reasons": [str(r) for r in doc.get("reasons") or []],
        "cluster": doc.get("cluster") if isinstance(doc.get("cluster"), int) else None,
        "duplicate_of": _text_or_none(doc.get("duplicate_of")),
    }
    for key in _NUMBER_KEYS:
        record[key] = _number(doc.get(key))
    for key in _TEXT_KEYS:
        record[key] = _text_or_none(doc.get(key))
    record["removed_count"] = len(doc.get("removed") or [])
    record["original"] = text
    record["removed"] = spans
    record["has_original"] = has_original
    record["truncated"] = truncated
    return record


def _to_utf16(text: str, spans: list[list[Any]]) -> None:
    """Rewrite code-point offsets in ``spans`` (sorted by start) as UTF-16 offsets, in place."""
    if text.isascii() or not _ASTRAL.search(text):  # C scans; most text has no astral
        return
    astral_before = [0] * (len(text) + 1)
    count = 0
    for i, char in enumerate(text):
        astral_before[i] = count
        if char > "\uffff":
            count += 1
    astral_before[len(text)] = count
    for span in spans:
        span[0] += astral_before[span[0]]
        span[1] += astral_before[span[1]]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)

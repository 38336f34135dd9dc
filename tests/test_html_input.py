"""HTML and WARC inputs: extracted by trafilatura, then cleaned and deduplicated like text."""

from __future__ import annotations

import gzip
import io
import itertools
import zlib
from pathlib import Path

import pytest

import copydesk
from copydesk.config import Config
from copydesk.io.readers import discover

from .test_http_body import chunked

pytest.importorskip("trafilatura")
warcio = pytest.importorskip("warcio")

PARAGRAPHS = [
    "The harbour authority said on Tuesday that the new ferry terminal would open in March, "
    "two months later than planned, after inspectors found cracks in the main pier.",
    "Engineers will replace four of the pier's concrete supports over the winter, the "
    "authority's director told reporters at a briefing in the old customs house.",
    "Ferry operators said the delay would cost them the start of the spring season, when "
    "tourist traffic to the islands usually doubles within a few weeks.",
    "The city council is expected to vote next week on a request for extra funding to cover "
    "the repairs, which officials estimate at about four million euros.",
]


def page(title: str, paragraphs: list[str]) -> str:
    """A news page with navigation, a teaser rail and a footer around the article."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Gazette</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<main><article>
<h1>{title}</h1>
<p class="byline">By Mara Lind</p>
{body}
</article>
<aside><h2>Most read</h2><ul>
<li><a href="/a">Council approves new cycle lanes</a></li>
<li><a href="/b">Storm warning for the weekend</a></li></ul></aside>
</main>
<footer><p>© 2026 Harbour Gazette. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> · <a href="/cookies">Cookies</a></p></footer>
</body></html>"""


def warc_bytes(
    records: list[tuple[str, str, str]] | list[tuple[str, str, bytes, list[tuple[str, str]]]],
) -> bytes:
    """A gzip-compressed WARC with one response per (url, content type, body), or per (url,
    content type, body as stored, more HTTP headers)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, content_type, body, *more in records:
        stored = body.encode("utf-8") if isinstance(body, str) else body
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", content_type), *(more[0] if more else [])], "HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(stored), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    (folder / "ferry.html").write_text(page("Ferry terminal delayed", PARAGRAPHS), "utf-8")
    (folder / "section").mkdir()
    # The same story on another page, gzip-compressed, with one paragraph dropped.
    (folder / "section" / "ferry-copy.html.gz").write_bytes(
        gzip.compress(page("Terminal opening pushed back", PARAGRAPHS[:3]).encode("utf-8"))
    )
    (folder / "empty.html").write_text("<html><body><div> </div></body></html>", "utf-8")
    (folder / "broken.html.gz").write_bytes(gzip.compress(b"<html>" * 1000)[:-20])
    (folder / "notes.md").write_text("not an input", "utf-8")
    return folder


def test_folder_of_pages_becomes_one_record_per_page(pages: Path, tmp_path: Path) -> None:
    result = copydesk.run([pages], tmp_path / "out", Config().replace("output", report=False))
    docs = {doc["id"]: doc for doc in result.documents()}
    assert set(docs) == {"ferry", "section/ferry-copy", "empty", "broken"}
    ferry = docs["ferry"]
    assert ferry["status"] == "kept"
    assert ferry["title"] == "Ferry terminal delayed"
    # the extractor takes "By Mara Lind" out of the text; its author becomes the byline
    assert ferry["byline"] == "Mara Lind"
    for paragraph in PARAGRAPHS:
        assert paragraph in ferry["text"]
    for chrome in ("Most read", "Storm warning for the weekend", "All rights reserved", "Sport"):
        assert chrome not in ferry["text"]
    # The extractor already chose the main content: the line model does not second-guess it.
    assert not [span for span in ferry["removed"] if span["reason"].startswith("model:")]
    copy = docs["section/ferry-copy"]
    assert copy["status"] == "duplicate"
    assert copy["duplicate_of"] == "ferry"
    assert docs["empty"]["reasons"] == ["invalid:no_content"]
    assert docs["broken"]["reasons"] == ["invalid:truncated"]
    assert docs["broken"]["origin"].endswith("broken.html.gz")


def test_warc_responses_become_records_named_by_record_id(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(
        warc_bytes(
            [
                (
                    "https://gazette.example/ferry",
                    "text/html; charset=utf-8",
                    page("Ferry", PARAGRAPHS),
                ),
                ("https://gazette.example/logo.png", "image/png", "PNG"),
                ("https://gazette.example/blank", "text/html", "<html><body></body></html>"),
            ]
        )
    )
    result = copydesk.run([archive], tmp_path / "out", Config().replace("output", report=False))
    docs = list(result.documents())
    assert len(docs) == 2  # the image is not a document
    kept, blank = docs
    assert kept["url"] == "https://gazette.example/ferry"
    assert kept["status"] == "kept"
    assert PARAGRAPHS[0] in kept["text"]
    assert len(kept["id"]) == 36 and kept["id"].count("-") == 4  # the WARC record's UUID
    assert blank["status"] == "invalid"
    assert blank["reasons"] == ["invalid:no_content"]
    assert result.stats["read"] == 2


def test_warc_bodies_stored_as_sent_are_decoded_first(tmp_path: Path) -> None:
    """wget and warcio-based crawlers store a response as it came over the wire: chunked,
    compressed. Each such body must give the article text the plain one gives, with no chunk
    size inside its words ("The harbour au 61 thority"), which is what an undecoded chunked body
    gave, and no empty page, which is what a compressed chunked one gave."""
    import brotli
    import zstandard

    html = page("Ferry", PARAGRAPHS).encode("utf-8")
    variants = {
        "plain": (html, []),
        "chunked": (chunked(html), [("Transfer-Encoding", "chunked")]),
        "gzip": (gzip.compress(html), [("Content-Encoding", "gzip")]),
        "gzip-chunked": (
            chunked(gzip.compress(html)),
            [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
        ),
        "deflate": (zlib.compress(html), [("Content-Encoding", "deflate")]),
        "br": (brotli.compress(html), [("Content-Encoding", "br")]),
        "zstd": (zstandard.ZstdCompressor().compress(html), [("Content-Encoding", "zstd")]),
        # decoded by the writer, which kept the headers (Common Crawl renames them instead)
        "decoded": (html, [("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]),
    }
    archive = tmp_path / "wget.warc.gz"
    archive.write_bytes(
        warc_bytes(
            [
                (f"https://gazette.example/{name}", "text/html", body, headers)
                for name, (body, headers) in variants.items()
            ]
        )
    )
    result = copydesk.run([archive], tmp_path / "out", Config().replace("output", report=False))
    docs = {doc["url"].rsplit("/", 1)[1]: doc for doc in result.documents()}
    assert set(docs) == set(variants)
    assert PARAGRAPHS[0] in docs["plain"]["text"]
    for name, doc in docs.items():
        assert doc["status"] in ("kept", "duplicate"), name
        assert doc["text"] == docs["plain"]["text"], name


def test_a_warc_page_is_read_in_the_charset_its_response_declares(tmp_path: Path) -> None:
    # (short: on a longer page the extractor's guess of the charset happens to be right)
    polish = [
        "Zarząd portu poinformował we wtorek, że nowy terminal promowy zostanie otwarty w marcu.",
        "Inżynierowie wymienią cztery betonowe podpory mola zimą, powiedział dyrektor zarządu.",
    ]
    html = page("Prom", polish).replace('<meta charset="utf-8">', "").replace("©", "(c)")
    body = html.replace("·", "|").encode("iso-8859-2")
    archive = tmp_path / "latin2.warc.gz"
    archive.write_bytes(
        warc_bytes([("https://gazeta.example/prom", "text/html; charset=iso-8859-2", body, [])])
    )
    result = copydesk.run([archive], tmp_path / "out", Config().replace("output", report=False))
    (doc,) = result.documents()
    assert polish[0] in doc["text"]


def test_a_response_without_content_type_is_a_page_where_the_crawler_read_it_as_html(
    tmp_path: Path,
) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for name, identified in (("page", "text/html"), ("picture", "image/jpeg"), ("unread", None)):
        body = page("Ferry", PARAGRAPHS) if name != "picture" else "\xff\xd8 not a page"
        warc_headers = {"WARC-Identified-Payload-Type": identified} if identified else None
        writer.write_record(
            writer.create_warc_record(
                f"https://gazette.example/{name}",
                "response",
                payload=io.BytesIO(body.encode("utf-8")),
                http_headers=StatusAndHeaders("200 OK", [], "HTTP/1.1"),
                warc_headers_dict=warc_headers,
            )
        )
    archive = tmp_path / "untyped.warc.gz"
    archive.write_bytes(buffer.getvalue())
    result = copydesk.run([archive], tmp_path / "out", Config().replace("output", report=False))
    (doc,) = result.documents()
    assert doc["url"] == "https://gazette.example/page"
    assert PARAGRAPHS[0] in doc["text"]


def test_redirects_and_error_responses_are_no_articles(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    responses = {
        "200 OK": page("Ferry", PARAGRAPHS),
        "301 Moved Permanently": "<html><body><h1>Moved Permanently</h1>"
        "<p>The document has moved <a href='/ferry'>here</a>.</p></body></html>",
        "404 Not Found": page("Page not found", ["We looked everywhere for this story."] * 3),
    }
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for status, body in responses.items():
        headers = StatusAndHeaders(status, [("Content-Type", "text/html")], "HTTP/1.1")
        url = f"https://gazette.example/{status[:3]}"
        payload = io.BytesIO(body.encode("utf-8"))
        writer.write_record(
            writer.create_warc_record(url, "response", payload=payload, http_headers=headers)
        )
    archive = tmp_path / "statuses.warc.gz"
    archive.write_bytes(buffer.getvalue())
    result = copydesk.run([archive], tmp_path / "out", Config().replace("output", report=False))
    docs = {doc["url"][-3:]: doc for doc in result.documents()}
    assert docs["200"]["status"] == "kept"
    assert docs["301"]["reasons"] == docs["404"]["reasons"] == ["invalid:http_status"]
    assert result.stats["read"] == 3


def test_a_warc_cut_off_inside_a_record_ends_with_it_truncated(tmp_path: Path) -> None:
    whole = warc_bytes(
        [
            ("https://gazette.example/first", "text/html", page("Ferry", PARAGRAPHS)),
            ("https://gazette.example/second", "text/html", page("Pier", PARAGRAPHS[1:]) * 3),
        ]
    )
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(whole[: len(whole) * 3 // 4])
    result = copydesk.run([archive], tmp_path / "out", Config().replace("output", report=False))
    first, second = result.documents()
    assert first["status"] == "kept"
    assert second["url"] == "https://gazette.example/second"
    assert second["reasons"] == ["invalid:truncated"]


def test_an_archive_compressed_as_one_stream_and_cut_off_ends_with_a_truncated_record(
    tmp_path: Path,
) -> None:
    # `gzip crawl.warc` writes one gzip stream, not a member per record; FastWARC ends quietly
    # where such a stream is cut, dropping the records of its last unfinished block.
    members = warc_bytes(
        [
            (f"https://gazette.example/{n}", "text/html", page(f"Story {n}", PARAGRAPHS))
            for n in range(3)
        ]
    )
    one_stream = gzip.compress(gzip.decompress(members), mtime=0)
    config = Config().replace("output", report=False)
    # (name, bytes, records read, records marked cut)
    for name, data, read, cut in (
        ("whole", one_stream, 3, 0),
        ("cut-20-bytes", one_stream[:-20], 2, 1),  # the third record is lost in the last block
        ("first-200-bytes", one_stream[:200], 0, 1),  # not one record ends in it
    ):
        archive = tmp_path / f"{name}.warc.gz"
        archive.write_bytes(data)
        docs = list(copydesk.run([archive], tmp_path / f"out-{name}", config).documents())
        assert sum(d["status"] != "invalid" for d in docs) == read, name
        assert sum(d["reasons"] == ["invalid:truncated"] for d in docs) == cut, name


def test_a_warc_records_origin_is_where_a_warc_tool_can_seek_to_it(tmp_path: Path) -> None:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    members = warc_bytes(
        [
            (f"https://gazette.example/{n}", "text/html", page(f"Story {n}", PARAGRAPHS[n:]))
            for n in range(3)
        ]
    )
    one_stream = gzip.compress(gzip.decompress(members), mtime=0)
    config = Config().replace("output", report=False)
    layouts = (("members", members), ("pairs", paired_members(members)), ("one-stream", one_stream))
    for name, data in layouts:
        archive = tmp_path / f"{name}.warc.gz"
        archive.write_bytes(data)
        docs = list(copydesk.run([archive], tmp_path / f"out-{name}", config).documents())
        assert len(docs) == 3
        for doc in docs:
            path, offset = doc["origin"].rsplit("#", 1)
            assert path == str(archive)
            with archive.open("rb") as stream:
                stream.seek(int(offset))
                records = ArchiveIterator(stream, record_types=WarcRecordType.response)
                ids = [str(r.record_id).removeprefix("<urn:uuid:")[:-1] for r in records]
            # the record's member starts there: its first response is the record (after the
            # request in "pairs"); inside one stream over the whole archive only its start can
            # be sought, and the record is read on from it
            assert ids[0] == doc["id"] if name != "one-stream" else doc["id"] in ids
        offsets = [int(doc["origin"].rsplit("#", 1)[1]) for doc in docs]
        assert offsets == sorted(set(offsets)) if name != "one-stream" else offsets == [0, 0, 0]


def test_a_split_archive_cut_off_in_a_last_span_without_pages_says_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The last span holds only a metadata record, cut off: the previous span's reader reads on
    # to the end (no page starts after its span) and must leave the cut to the last reader.
    from warcio.warcwriter import WARCWriter

    import copydesk.io.warc

    urls = [f"https://gazette.example/{n}" for n in range(3)]
    pages = warc_bytes([(url, "text/html", page(url, PARAGRAPHS)) for url in urls])
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    fields = io.BytesIO(b"fetchTimeMs: 12\r\n" * 20)
    writer.write_record(writer.create_warc_record(urls[-1], "metadata", payload=fields))
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes((pages + buffer.getvalue())[:-10])
    monkeypatch.setattr(copydesk.io.warc, "SPLIT_BYTES", len(pages) - 5)  # two spans
    assert len(discover([archive])) == 2
    config = Config().replace("output", report=False).replace("engine", workers=1)
    docs = list(copydesk.run([archive], tmp_path / "out", config).documents())
    assert [d["url"] for d in docs if d["status"] != "invalid"] == urls
    assert [d["reasons"] for d in docs if d["status"] == "invalid"] == [["invalid:truncated"]]


def test_html_pages_are_read_in_parallel_units(tmp_path: Path) -> None:
    for number in range(450):
        (tmp_path / f"p{number:03}.htm").write_text("<p>x</p>", "utf-8")
    units = discover([tmp_path])
    assert [unit.kind for unit in units] == ["html"] * 3
    assert sum(len(unit.files) for unit in units) == 450
    assert units[0].files[0].name == "p000.htm"


def test_a_copyright_year_is_no_date_but_a_stated_new_years_day_is() -> None:
    from copydesk.io.html import extract_page

    undated = page("Ferry", PARAGRAPHS)  # its footer says "© 2026 Harbour Gazette"
    assert extract_page(undated, None)["date"] is None  # trafilatura alone says 2026-01-01
    meta = '<meta property="article:published_time" content="2025-01-01T09:30:00Z">'
    dated = undated.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + meta)
    assert extract_page(dated, None)["date"] == "2025-01-01"


def test_a_page_precision_mode_misses_is_read_in_default_mode() -> None:
    """trafilatura's precision mode drops blocks whose class holds "bar" (sidebar, navbar), which
    also hits a site named "Crossbar": it then returns the print notice alone. The reader sees
    the short result and takes the default mode's extraction, which holds the article."""
    from copydesk.io.html import extract_page

    paragraphs = [
        *PARAGRAPHS,
        "Passengers will keep using the old terminal until then; the authority said timetables "
        "would not change.",
    ]
    story = " ".join(f"<p>{p}</p>" for p in paragraphs)
    notice = (
        "This copy is for your personal, non-commercial use only. To order presentation-ready "
        "copies for distribution to your colleagues, clients or customers visit "
        "https://reprints.crossbar.example."
    )
    html = f"""<html lang="en"><body>
    <div>
      <div class="main">
        <div class="print-header">
          <p>{notice}</p>
          <p>https://crossbar.example/articles/ferry-terminal-delayed-51574168486</p>
        </div>
        <div id="article_sector">
          <article class="article" id="article-contents">
            <header class="article__header">
              <div class="flexbox">
  <h1 class="article__headline">Ferry Terminal Will Open Late. Why Operators Are Worried. </h1>
              </div>
            </header>
<div class="article__body article-wrap crossbar-article-wrap" itemprop="articleBody">
       {story}
</div>
          </article>
        </div>
      </div>
    </div>
</body></html>"""
    row = extract_page(html, "https://crossbar.example/articles/ferry")
    for paragraph in paragraphs:
        assert paragraph in row["text"]


# Common Crawl's WET text of a news page: every visible block, one per line, title first.
WET_PAGE = "\n".join(
    [
        "Ferry terminal delayed | Harbour Gazette",
        "Home",
        "News",
        "Sport",
        "Weather",
        "Share this article",
        "Ferry terminal delayed",
        *PARAGRAPHS,
        "Related stories",
        "Council approves new cycle lanes",
        "Storm warning for the weekend",
        "© 2026 Harbour Gazette. All rights reserved.",
    ]
)


def wet_bytes(pages: list[tuple[str, bytes]]) -> bytes:
    """A gzip-compressed WET file: a warcinfo record, then one conversion record per page."""
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.wet.gz", {"software": "test"}))
    for url, text in pages:
        writer.write_record(
            writer.create_warc_record(
                url, "conversion", payload=io.BytesIO(text), warc_content_type="text/plain"
            )
        )
    return buffer.getvalue()


def test_wet_page_text_is_cleaned_as_full_page_text(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "CC-MAIN-00000.warc.wet.gz").write_bytes(
        wet_bytes(
            [
                ("https://gazette.example/ferry", WET_PAGE.encode("utf-8")),
                ("https://gazette.example/bad", b"Caf\xe9 menu\n" * 20),
            ]
        )
    )
    result = copydesk.run([folder], tmp_path / "out", Config().replace("output", report=False))
    page_doc, bad = result.documents()
    assert page_doc["url"] == "https://gazette.example/ferry"
    assert len(page_doc["id"]) == 36  # the record's UUID
    assert page_doc["status"] == "kept"
    assert page_doc["text"] == "\n".join(PARAGRAPHS)
    removed = {span["text"]: span["reason"] for span in page_doc["removed"]}
    assert removed["Share this article"] == "boilerplate:share"
    assert removed["Storm warning for the weekend"] == "boilerplate:teaser"
    assert bad["reasons"] == ["invalid:utf8"]
    assert result.stats["read"] == 2  # the warcinfo record is no document


def paired_members(archive: bytes) -> bytes:
    """The archive's responses, each in one gzip member after a request record for its URL, as
    some crawlers write them (FastWARC's position then names another member)."""
    from fastwarc.warc import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    plain = gzip.decompress(archive)
    starts = [r.stream_pos for r in ArchiveIterator(io.BytesIO(plain), parse_http=False)]
    bounds = [*starts, len(plain)]
    out = io.BytesIO()
    for a, b in itertools.pairwise(bounds):
        url = next(ArchiveIterator(io.BytesIO(plain[a:b]), parse_http=False)).headers[
            "WARC-Target-URI"
        ]
        request = io.BytesIO()
        writer = WARCWriter(request, gzip=False)
        get = io.BytesIO(f"GET {url} HTTP/1.1\r\nHost: gazette.example\r\n\r\n".encode())
        writer.write_record(writer.create_warc_record(url, "request", payload=get))
        out.write(gzip.compress(request.getvalue() + plain[a:b]))
    return out.getvalue()


def stored_members(archive: bytes) -> bytes:
    """The archive's records, each in a gzip member of its own that stores it uncompressed (so
    bytes of a page, such as a gzip header, stand in the file as they are)."""
    from fastwarc.warc import ArchiveIterator

    plain = gzip.decompress(archive)
    starts = [r.stream_pos for r in ArchiveIterator(io.BytesIO(plain), parse_http=False)]
    bounds = [*starts, len(plain)]
    pieces = [plain[a:b] for a, b in itertools.pairwise(bounds)]
    return b"".join(gzip.compress(piece, compresslevel=0) for piece in pieces)


@pytest.mark.parametrize(
    "members",
    [
        "one a record",
        "one for the archive",
        "stored, a gzip header in each page",
        "one a request and its response",
    ],
)
def test_a_large_warc_is_read_in_spans_each_record_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, members: str
) -> None:
    """A crawl's archive is read in byte spans on every core; a record belongs to the span it
    starts in. An archive compressed as one gzip stream cannot be split: its first span's
    reader reads it all."""
    import copydesk.io.warc

    fake = b"\x1f\x8b\x08\x00"  # a gzip header in a page: a false start for the span readers
    stories = [
        (
            f"https://gazette.example/{n}",
            "text/html",
            page(f"Story {n}", [f"{n}. GZIP", *PARAGRAPHS]).encode().replace(b"GZIP", fake),
            [],
        )
        for n in range(12)
    ]
    whole = warc_bytes(stories)
    if members == "one for the archive":
        whole = gzip.compress(gzip.decompress(whole))
    elif members.endswith("response"):
        whole = paired_members(whole)
    elif members.startswith("stored"):
        whole = stored_members(whole)
        assert whole.count(b"\x1f\x8b\x08") == 2 * len(stories)
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(whole)
    config = Config().replace("output", report=False)
    unsplit = list(copydesk.run([archive], tmp_path / "whole", config).documents())
    monkeypatch.setattr(copydesk.io.warc, "SPLIT_BYTES", 700)  # read in the driver only
    assert len(discover([archive])) == -(-len(whole) // 700)
    split = list(copydesk.run([archive], tmp_path / "split", config).documents())
    assert [doc["url"] for doc in split] == [url for url, *_ in stories]
    assert split == unsplit

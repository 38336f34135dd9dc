"""HTTP bodies as WARC writers store them: decoded, bounded, and told apart when broken."""

from __future__ import annotations

import gzip
import zlib

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

brotli = pytest.importorskip("brotli")  # installed with FastWARC (the html extra)

from copydesk.io.http_body import decoded_body, with_declared_charset  # noqa: E402

PAGE = b"<!doctype html><html><body><p>" + b"The ferry terminal opens in March. " * 40 + b"</p>"
LIMIT = 1 << 20


def chunked(data: bytes, size: int = 100, extension: bytes = b"") -> bytes:
    """`data` in HTTP chunked transfer encoding, as wget stores a chunked response."""
    pieces = [data[at : at + size] for at in range(0, len(data), size)]
    framed = b"".join(b"%x%s\r\n%s\r\n" % (len(p), extension, p) for p in pieces)
    return framed + b"0\r\nX-Trailer: yes\r\n\r\n"


def test_chunks_are_joined_with_extensions_and_trailers_dropped() -> None:
    assert decoded_body(chunked(PAGE, extension=b";name=value"), "chunked", None, LIMIT) == (
        PAGE,
        None,
    )


def test_content_encodings_are_undone_last_applied_first() -> None:
    twice = gzip.compress(brotli.compress(PAGE))
    assert decoded_body(twice, None, "br, gzip", LIMIT) == (PAGE, None)
    assert decoded_body(chunked(twice), "chunked", "br, gzip", LIMIT) == (PAGE, None)


def test_deflate_wrapped_or_raw_and_gzip_of_several_members() -> None:
    raw = zlib.compressobj(wbits=-15)
    raw_deflate = raw.compress(PAGE) + raw.flush()
    assert decoded_body(zlib.compress(PAGE), None, "deflate", LIMIT) == (PAGE, None)
    assert decoded_body(raw_deflate, None, "deflate", LIMIT) == (PAGE, None)
    members = gzip.compress(PAGE[:500]) + gzip.compress(PAGE[500:]) + b"\0\0\0"  # padded
    assert decoded_body(members, None, "x-gzip", LIMIT) == (PAGE, None)


def test_headers_a_writer_kept_after_decoding_the_body_are_not_obeyed() -> None:
    assert decoded_body(PAGE, "chunked", "gzip", LIMIT) == (PAGE, None)
    assert decoded_body(b"\xef\xbb\xbf  " + PAGE, None, "compress", LIMIT)[1] is None


def test_a_compression_bomb_stops_at_the_limit() -> None:
    bomb = b"\0" * (8 * LIMIT)
    for coding, data in (
        ("gzip", gzip.compress(bomb)),
        ("br", brotli.compress(bomb)),
        ("deflate", zlib.compress(bomb)),
        ("zstd", zstandard.ZstdCompressor().compress(bomb)),
    ):
        assert decoded_body(data, None, coding, LIMIT) == (b"", "invalid:decompression_limit")


def test_broken_bodies_get_their_reason() -> None:
    compressed = gzip.compress(PAGE)
    cases = {
        "cut inside a chunk": (chunked(PAGE)[:-60], "chunked", None, "invalid:truncated"),
        "cut after a chunk": (chunked(PAGE)[:109], "chunked", None, "invalid:truncated"),
        "bad framing": (chunked(PAGE)[:108] + b"<p>not a chunk</p>" * 3, "chunked", None,
                        "invalid:corrupt"),
        "cut gzip": (compressed[: len(compressed) // 2], None, "gzip", "invalid:truncated"),
        "bad gzip": (compressed[:10] + b"\xff" * 50, None, "gzip", "invalid:corrupt"),
        "cut zstd": (zstandard.ZstdCompressor().compress(PAGE)[:-8], None, "zstd",
                     "invalid:truncated"),
        "unknown coding": (b"\x89PNG\r\n", None, "compress", "invalid:content_encoding"),
    }  # fmt: skip
    for name, (body, transfer, content, reason) in cases.items():
        assert decoded_body(body, transfer, content, LIMIT) == (b"", reason), name


def test_an_empty_body_stays_empty() -> None:
    assert decoded_body(b"", "chunked", "gzip", LIMIT) == (b"", None)
    assert decoded_body(b"0\r\n\r\n", "chunked", "br", LIMIT) == (b"", None)


def test_the_declared_charset_reads_a_page_that_is_not_utf8() -> None:
    polish = "<p>Zarząd portu poinformował we wtorek, że terminal będzie otwarty w marcu.</p>"
    assert with_declared_charset(polish.encode("iso-8859-2"), "iso-8859-2") == polish
    # valid UTF-8 stays bytes whatever the header says (servers declare ISO-8859-1 wrongly)
    assert with_declared_charset(polish.encode("utf-8"), "iso-8859-1") == polish.encode("utf-8")
    for charset in (None, "no-such-charset", "utf-8"):  # left to the extractor to find
        assert with_declared_charset(polish.encode("iso-8859-2"), charset) == polish.encode(
            "iso-8859-2"
        )


ENCODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": lambda data: brotli.compress(data),
    "zstd": lambda data: zstandard.ZstdCompressor().compress(data),
}


@settings(max_examples=200, deadline=None)
@given(
    payload=st.binary(max_size=3000),
    coding=st.sampled_from([None, "gzip", "deflate", "br", "zstd", "identity"]),
    chunk=st.integers(min_value=1, max_value=400),
    cut=st.integers(min_value=0, max_value=4000),
)
def test_any_stored_body_decodes_or_gets_a_reason(
    payload: bytes, coding: str | None, chunk: int, cut: int
) -> None:
    """Whatever the bytes, decoding returns the page or a reason, never raises, never exceeds
    the limit, never passes a cut chunked body as whole; and an intact encoding of any payload
    gives the payload back."""
    encoded = ENCODERS[coding](payload) if coding in ENCODERS else payload
    stored = chunked(encoded, size=chunk) if payload else encoded
    transfer = "chunked" if payload else None
    assert decoded_body(stored, transfer, coding, LIMIT) == (payload, None)
    body, reason = decoded_body(stored[:cut], transfer, coding, 2048)
    assert reason is None or (body == b"" and reason.startswith("invalid:"))
    if transfer and 0 < cut <= stored.rfind(b"0\r\nX-Trailer"):  # (none at all: no content)
        assert reason is not None  # a chunked body cut before its last chunk is never whole
    assert len(body) <= 2048 or reason is not None or coding in (None, "identity")

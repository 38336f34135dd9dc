"""HTTP response bodies as WARC files store them, made into the page within a size limit.

Common Crawl stores each body decoded (it renames the original headers X-Crawler-*), but wget,
warcio-based and browser-driven crawlers store it as it came over the wire: in chunked transfer
encoding, and compressed by the server's Content-Encoding. FastWARC hands those bytes over as
they are; fed to the extractor, a chunked body became text with the chunk sizes inside its words
("The harbour au 61 thority said") and a compressed chunked body a page with no content.

Decompression is bounded (a small compressed body may expand without limit), and a body that
ends mid-way is told from a header that does not hold: some writers decode a body but keep its
headers, so a body that does not parse as what its header says, but reads as markup, is taken
as it is.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable

import zstandard

from copydesk.document import (
    INVALID_CONTENT_ENCODING,
    INVALID_CORRUPT,
    INVALID_DECOMPRESSION_LIMIT,
    INVALID_TRUNCATED,
)

_CHUNK_SIZE_RE = re.compile(rb"[ \t]*([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")
_CUT_HEADER_RE = re.compile(rb"[ \t]*[0-9A-Fa-f]{0,16}[ \t]*(?:;[^\r\n]*)?\r?")
_STEP = 1024  # compressed bytes fed per call where a decoder has no output limit of its own


def decoded_body(
    raw: bytes, transfer_encoding: str | None, content_encoding: str | None, max_bytes: int
) -> tuple[bytes, str | None]:
    """The page's bytes from a stored HTTP body, or the `invalid:<why>` reason there are none:
    the transfer encoding undone (chunked), then the content encodings (gzip, deflate, br,
    zstd; several are undone last to first), with no result over `max_bytes`."""
    body = raw
    if body and transfer_encoding and "chunked" in transfer_encoding.lower():
        dechunked, problem = _dechunk(raw)
        if problem is not None:
            return b"", problem
        body = raw if dechunked is None else dechunked
    if not body:
        return body, None  # (a 204 or 304 response: the extractor finds no content)
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    for coding in reversed([c for c in codings if c and c != "identity"]):
        decode = _DECODERS.get(coding.removeprefix("x-"))
        if decode is None:
            if _is_markup(body):
                continue  # an encoding the writer already undid
            return b"", INVALID_CONTENT_ENCODING
        decoded, problem = decode(body, max_bytes)
        if problem == INVALID_CORRUPT and _is_markup(body):
            continue
        if problem is not None:
            return b"", problem
        body = decoded
    return body, None


def with_declared_charset(body: bytes, charset: str | None) -> bytes | str:
    """The page as text in the charset its response declares ("text/html; charset=iso-8859-2"),
    where it is not UTF-8 and reads in that charset; else its bytes, for the extractor to find
    the charset in the page or guess it.

    The extractor never sees the response's headers, and its guess took an iso-8859-2 Polish
    page for another charset ("Zarzḟd portu poinformowaġ"). Valid UTF-8 stays bytes whatever
    the header says: servers often declare ISO-8859-1 for pages written in UTF-8, and every
    byte string reads as ISO-8859-1.
    """
    if not charset:
        return body
    try:
        body.decode("utf-8")
        return body
    except UnicodeDecodeError:
        pass
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return body


def _dechunk(raw: bytes) -> tuple[bytes | None, str | None]:
    """The chunks of a chunked body joined, or None where the body does not open with a chunk
    header (a writer undid the chunking but kept the header).

    Written here rather than taken from resiliparse's `read_http_chunk`, which ends quietly at
    a bad chunk header and returns a short last chunk as it is: a cut-off body must become an
    `invalid:truncated` row, not a page that silently lost its end.
    """
    chunks: list[bytes] = []
    at = 0
    while True:
        header = _CHUNK_SIZE_RE.match(raw, at)
        if header is None:
            # cut off after a chunk or inside a chunk header, or broken framing
            cut = _CUT_HEADER_RE.fullmatch(raw, at) is not None
            if at == 0 and not cut:
                return None, None
            return None, INVALID_TRUNCATED if cut else INVALID_CORRUPT
        size = int(header.group(1), 16)
        if size == 0:
            return b"".join(chunks), None  # (trailer headers after the last chunk are dropped)
        start = header.end()
        if start + size > len(raw):
            return None, INVALID_TRUNCATED
        chunks.append(raw[start : start + size])
        at = start + size
        at += 2 if raw.startswith(b"\r\n", at) else 1 if raw.startswith(b"\n", at) else 0


def _inflate(data: bytes, max_bytes: int, wbits: int) -> tuple[bytes, str | None]:
    """zlib-family data (gzip members one after another, zlib or raw deflate) decompressed."""
    out: list[bytes] = []
    size = 0
    rest = data
    while rest:
        decoder = zlib.decompressobj(wbits)
        try:
            piece = decoder.decompress(rest, max_bytes + 1 - size)
        except zlib.error:
            return b"", INVALID_CORRUPT
        size += len(piece)
        out.append(piece)
        if size > max_bytes or decoder.unconsumed_tail:
            return b"", INVALID_DECOMPRESSION_LIMIT
        if not decoder.eof:
            return b"", INVALID_TRUNCATED
        rest = decoder.unused_data if wbits == 31 else b""  # gzip allows several members,
        if not rest.startswith(b"\x1f\x8b"):
            break  # and a server may pad the last one
    return b"".join(out), None


def _gunzip(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    if not data.startswith(b"\x1f\x8b"):
        return b"", INVALID_CORRUPT
    return _inflate(data, max_bytes, 31)


def _deflate(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    # HTTP's "deflate" is zlib-wrapped by the standard, raw deflate from some servers
    wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
    return _inflate(data, max_bytes, 15 if wrapped else -15)


def _unbrotli(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    # FastWARC's own dependency, so installed wherever WARC input is read (the html extra);
    # imported here, since the readers import this module in every install
    import brotli

    decoder = brotli.Decompressor()
    out: list[bytes] = []
    size = 0
    try:
        for at in range(0, len(data), _STEP):
            piece = decoder.process(data[at : at + _STEP], output_buffer_limit=max_bytes + 1)
            while True:
                size += len(piece)
                out.append(piece)
                if size > max_bytes:
                    return b"", INVALID_DECOMPRESSION_LIMIT
                if decoder.can_accept_more_data():
                    break
                piece = decoder.process(b"", output_buffer_limit=max_bytes + 1)
    except brotli.error:
        return b"", INVALID_CORRUPT
    if not decoder.is_finished():
        return b"", INVALID_TRUNCATED
    return b"".join(out), None


def _unzstd(data: bytes, max_bytes: int) -> tuple[bytes, str | None]:
    decoder = zstandard.ZstdDecompressor().decompressobj()
    out: list[bytes] = []
    size = 0
    try:
        for at in range(0, len(data), _STEP):
            piece = decoder.decompress(data[at : at + _STEP])
            size += len(piece)
            out.append(piece)
            if size > max_bytes:
                return b"", INVALID_DECOMPRESSION_LIMIT
            if decoder.eof:
                break
    except zstandard.ZstdError:
        return b"", INVALID_CORRUPT
    if not decoder.eof:
        return b"", INVALID_TRUNCATED
    return b"".join(out), None


_DECODERS: dict[str, Callable[[bytes, int], tuple[bytes, str | None]]] = {
    "gzip": _gunzip,
    "deflate": _deflate,
    "br": _unbrotli,
    "zstd": _unzstd,
}


def _is_markup(body: bytes) -> bool:
    """Whether the body reads as HTML already: its first character, past a byte order mark and
    white space, opens a tag."""
    return body.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<"

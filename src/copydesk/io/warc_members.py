"""Where the records of a gzip-compressed WARC start: its gzip members.

A WARC tool reads a record of a compressed archive by seeking to the start of the gzip member
that holds it. FastWARC's `stream_pos` is where its reader stood in the compressed stream, which
it reads in blocks: it names the record's member when each record has a member of its own, but
where a member holds several records (a request and its response, as some crawlers write them,
or a whole archive compressed as one stream) it can name the member after, or the one before.
So copydesk walks the members itself (`MemberWalk`), and finds where the span readers of a large
archive start (`first_member`).
"""

from __future__ import annotations

import re
import zlib
from typing import BinaryIO, Final

from copydesk.document import INVALID_CORRUPT, INVALID_TRUNCATED

GZIP_MAGIC: Final = b"\x1f\x8b\x08"
_READ_BYTES: Final = 1 << 16
# WARC header names are case-insensitive, and the colon may have spaces after it
_RECORD_ID_HEADER: Final = re.compile(rb"warc-record-id:[ \t]*\Z", re.IGNORECASE)
_HEADER_NAME_BYTES: Final = 40  # "WARC-Record-ID:" and its spaces, with room to spare


def _holds_record(stream: BinaryIO, offset: int) -> bool:
    """Whether a gzip member that starts with a WARC record header starts at `offset`."""
    stream.seek(offset)
    head = stream.read(1024)
    if not head.startswith(GZIP_MAGIC):
        return False
    try:
        return zlib.decompressobj(31).decompress(head, 8).startswith(b"WARC/")
    except zlib.error:
        return False


def first_member(stream: BinaryIO, start: int, end: int) -> int | None:
    """The offset of the first gzip member that holds a WARC record and starts in
    [start, end). (A record's compressed bytes may hold the gzip magic too: each candidate is
    checked by decompressing its first bytes.)"""
    block = 1 << 20
    at = start
    while at < end:
        stream.seek(at)
        data = stream.read(min(block, end - at) + 2)
        found = data.find(GZIP_MAGIC)
        while found != -1 and at + found < end:
            if _holds_record(stream, at + found):
                return at + found
            found = data.find(GZIP_MAGIC, found + 1)
        at += block
    return None


class MemberWalk:
    """The gzip members of an archive from `start`, decompressed in step with FastWARC's reader
    to name the member each record's header is in (`member_of`), and, read on to the end, whether
    the archive's last member is whole (`problem_at_end`).

    The archive is decompressed a second time beside FastWARC (at hundreds of MB a second, a
    fraction of extracting its pages); only a window of the current member's bytes is held.
    `stream` is a handle of its own or one shared with seeks elsewhere: each read seeks first.
    """

    def __init__(self, stream: BinaryIO, start: int) -> None:
        self._stream = stream
        self._next_read = start  # the file offset of the next byte to read
        self._input = b""  # read, not yet decompressed: it starts at _next_read - len(_input)
        self._member = zlib.decompressobj(31)
        self._member_start = start
        self._in_member = False  # the current member has been fed bytes and not ended
        self._window = b""  # the current member's decompressed bytes not yet searched
        self._problem: str | None = None

    def member_of(self, record_id: str) -> int | None:
        """The offset of the member whose bytes hold the header "WARC-Record-ID: `record_id`",
        searched from the last record found on; None where the archive ends or breaks first."""
        wanted = record_id.encode("utf-8", "replace")
        while True:
            found = self._window.find(wanted)
            while found != -1:
                name = self._window[max(0, found - _HEADER_NAME_BYTES) : found]
                line = name[name.rfind(b"\n") + 1 :]
                if _RECORD_ID_HEADER.search(line):  # not a WARC-Concurrent-To naming it
                    self._window = self._window[found + len(wanted) :]
                    return self._member_start
                found = self._window.find(wanted, found + 1)
            # a header cut between two reads is found with the next one
            self._window = self._window[-(len(wanted) + _HEADER_NAME_BYTES) :]
            if not self._decompress_more():
                return None

    def problem_at_end(self) -> str | None:
        """`invalid:truncated` where the members stop short of their end, `invalid:corrupt`
        where they do not decode, None where they are whole, reading on to the archive's end."""
        while self._decompress_more():
            self._window = b""  # the bytes are thrown away as they come
        return self._problem

    def _decompress_more(self) -> bool:
        """Decompress the next block of the archive into the window; False at its end or where
        it breaks (then `_problem` says which, if it is not a clean end)."""
        if self._problem is not None:
            return False
        if not self._input:
            self._stream.seek(self._next_read)
            self._input = self._stream.read(_READ_BYTES)
            self._next_read += len(self._input)
            if not self._input:
                self._problem = INVALID_TRUNCATED if self._in_member else None
                return False
        if not self._in_member:  # a member starts with the first byte not yet decompressed
            self._member_start = self._next_read - len(self._input)
            self._member = zlib.decompressobj(31)
            self._window = b""
            self._in_member = True
        try:
            self._window += self._member.decompress(self._input)
        except zlib.error:
            self._problem = INVALID_CORRUPT
            return False
        if self._member.eof:
            self._input, self._in_member = self._member.unused_data, False
        else:
            self._input = b""
        return True

import subprocess
import sys

import pytest

from copydesk.allocator import GLIBC

# Allocates a 20 MB block, touches it, frees it, and prints the resident memory (kB) after the
# allocation and after the free; with `keep` first, as the clean pass's processes do.
_PROBE = """
import sys
from copydesk.allocator import keep_freed_memory
if sys.argv[1] == "keep":
    keep_freed_memory()
def resident_kb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4
block = bytearray(20 << 20)
after_allocation = resident_kb()
del block
print(after_allocation, resident_kb())
"""


def _resident_before_and_after_free(mode: str) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
    )
    before, after = map(int, out.stdout.split())
    return before, after


@pytest.mark.skipif(not GLIBC, reason="tunes glibc's malloc only")
def test_the_clean_pass_keeps_freed_memory_for_the_next_slice() -> None:
    # By default glibc maps a 20 MB block on its own and unmaps it when it is freed (its pages
    # fault in again for the next one); the clean pass's processes keep it for reuse.
    before, after = _resident_before_and_after_free("default")
    assert before - after > 15_000
    before, after = _resident_before_and_after_free("keep")
    assert before - after < 5_000

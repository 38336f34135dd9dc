"""copydesk: clean, deduplicate and trace the copying of news article text.

    import copydesk
    result = copydesk.run(["crawl.jsonl"], "out/")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from copydesk.api import RunResult, run
    from copydesk.config import Config

__all__ = ["Config", "RunResult", "__version__", "run"]

# Where each name of the API lives. They are imported on first use, not with the package: the
# pipeline pulls in numba, polars, pyarrow and the rules' compiled patterns (~1 s), which
# `copydesk --help` and a worker process that runs one pass have no use for.
_LAZY = {"run": "copydesk.api", "RunResult": "copydesk.api", "Config": "copydesk.config"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'copydesk' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})  # the lazy names too, for completion in notebooks

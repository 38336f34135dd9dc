"""copydesk: clean, deduplicate and trace the copying of news article text.

    import copydesk
    result = copydesk.run(["crawl.jsonl"], "out/")
"""

__version__ = "0.1.0"

from copydesk.api import RunResult, run  # noqa: E402 - the version must exist before api imports
from copydesk.config import Config  # noqa: E402

__all__ = ["Config", "RunResult", "__version__", "run"]

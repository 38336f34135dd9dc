"""copydesk: clean, deduplicate and trace the copying of news article text.

    import copydesk
    result = copydesk.run(["crawl.jsonl"], "out/")
"""

__version__ = "0.1.0"

from copydesk.api import RunResult, run
from copydesk.config import Config

__all__ = ["Config", "RunResult", "__version__", "run"]

"""The error for an optional dependency that is not installed.

The HTML path and the Spark engine need pip extras; the core install leaves them out. A run
that meets such an input or engine stops with this error, which the command line prints as one
line naming the extra to install, not as a traceback.
"""

from __future__ import annotations


class MissingExtraError(RuntimeError):
    """An optional dependency is missing; the message says which extra installs it."""


HTML_EXTRA = "HTML and WARC input need the html extra: pip install 'copydesk[html]'"
SPARK_EXTRA = "--engine spark needs the spark extra: pip install 'copydesk[spark]'"

"""Reports a person reads: the self-contained HTML page and the terminal document view."""

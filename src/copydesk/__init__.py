"""copydesk: clean, deduplicate and trace the copying of news article text."""

__version__ = "0.1.0"

from __future__ import annotations


class DatasetError(ValueError):
    """A file or a request that cannot be analysed; the message is Japanese and names the row/column."""

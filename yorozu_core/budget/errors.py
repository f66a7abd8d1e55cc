"""The one error a budget file can raise: it names the file, the row and the column in Japanese."""

from __future__ import annotations


class BudgetImportError(ValueError):
    """A file that cannot be imported as it stands.

    ``row`` is the 1-based row as the user sees it in Excel or a text editor (the header is row 1
    when it is the first line); ``row`` and ``column`` are ``None`` for file-level problems
    (encoding, no header row).
    """

    def __init__(self, message: str, *, source: str, row: int | None = None, column: str | None = None):
        self.message = message
        self.source = source
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"ファイル「{self.source}」"
        if self.row is not None:
            where += f" {self.row}行目"
        if self.column is not None:
            where += f"「{self.column}」列"
        return f"{where}: {self.message}"

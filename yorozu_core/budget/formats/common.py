"""Helpers shared by the format parsers: finding the header row and reading named cells."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from ..amounts import AmountError, Unit, parse_amount
from ..errors import BudgetImportError
from ..table import Cell, Table, cell_text

HEADER_SCAN_ROWS = 20  # staff put a title and a unit line above the header in Excel


def header_name(cell: Cell) -> str:
    """NFKC, no spaces, case-folded: "Amount", "AMOUNT" and "ａｍｏｕｎｔ" are one header."""
    return "".join(unicodedata.normalize("NFKC", cell_text(cell)).split()).casefold()


class Columns:
    """Column positions by header name, and cell readers whose errors name row and column."""

    def __init__(self, table: Table, header_row: int, names: Sequence[str], shown: Sequence[str] = ()):
        self.table = table
        self.header_row = header_row
        self.names = list(names)
        self.positions: dict[str, int] = {}
        self.shown: dict[str, str] = {}  # normalized name → the header as the user wrote it
        for position, name in enumerate(self.names):
            if name and name not in self.positions:
                self.positions[name] = position
                self.shown[name] = shown[position] if position < len(shown) else name

    def has(self, name: str) -> bool:
        return name in self.positions

    def first(self, *candidates: str) -> str | None:
        return next((name for name in candidates if name in self.positions), None)

    def raw(self, cells: tuple[Cell, ...], name: str) -> Cell:
        position = self.positions.get(name)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def text(self, cells: tuple[Cell, ...], name: str) -> str:
        return cell_text(self.raw(cells, name))

    def amount(self, cells: tuple[Cell, ...], name: str, row: int, unit: Unit) -> int | None:
        try:
            return parse_amount(self.raw(cells, name), unit)
        except AmountError as exc:
            raise BudgetImportError(
                str(exc), source=self.table.source, row=row, column=self.shown.get(name, name)
            ) from exc

    def required_amount(self, cells: tuple[Cell, ...], name: str, row: int, unit: Unit) -> int:
        value = self.amount(cells, name, row, unit)
        if value is None:
            raise BudgetImportError(
                "金額が空です", source=self.table.source, row=row, column=self.shown.get(name, name)
            )
        return value

    def error(self, message: str, row: int, column: str | None = None) -> BudgetImportError:
        shown = self.shown.get(column, column) if column is not None else None
        return BudgetImportError(message, source=self.table.source, row=row, column=shown)

    def data_rows(self) -> Iterable[tuple[int, tuple[Cell, ...]]]:
        """Rows after the header, skipping rows that are entirely empty."""
        for number, cells in self.table.rows:
            if number <= self.header_row:
                continue
            if all(cell_text(cell) == "" for cell in cells):
                continue
            yield number, cells


def find_header_any(table: Table, required: Sequence[Sequence[str]]) -> tuple[Columns, list[str]] | None:
    """The first top row holding one of each group of alternative names; with the names found."""
    for number, cells in table.rows[:HEADER_SCAN_ROWS]:
        names = [header_name(cell) for cell in cells]
        chosen = [next((n for n in group if n in names), None) for group in required]
        if all(chosen):
            return Columns(table, number, names, [cell_text(cell) for cell in cells]), [
                c for c in chosen if c
            ]
    return None


def find_header(table: Table, required: Iterable[str]) -> Columns | None:
    """The first of the top rows that holds every required column name."""
    needed = set(required)
    for number, cells in table.rows[:HEADER_SCAN_ROWS]:
        names = [header_name(cell) for cell in cells]
        if needed <= set(names):
            return Columns(table, number, names, [cell_text(cell) for cell in cells])
    return None

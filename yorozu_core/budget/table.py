"""Reading a CSV or xlsx file into rows of cells, with the row numbers a user would see."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from .encoding import decode_text
from .errors import BudgetImportError

Cell = str | int | float | None
MAX_ROWS = 200_000  # a 予算書 long table has ~6,000; more is a wrong file, not a budget


@dataclass(frozen=True, slots=True)
class Table:
    source: str
    kind: str  # "csv" or "xlsx"
    encoding: str  # "utf-8", "utf-8-sig", "cp932", "xlsx"
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number, cells)


def read_table(data: bytes, *, source: str) -> Table:
    """Read bytes as xlsx (by its zip signature) or as CSV in any supported encoding."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, source=source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise BudgetImportError(
            "古い Excel 形式（.xls）は読めません。.xlsx か CSV で保存してください", source=source
        )
    text, encoding = decode_text(data, source=source)
    return Table(source=source, kind="csv", encoding=encoding, rows=tuple(_csv_rows(text, source)))


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise BudgetImportError(
            "NUL 文字が含まれています（テキストファイルではありません）", source=source, row=line
        )
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if reader.line_num > MAX_ROWS:
                raise BudgetImportError(
                    f"行数が多すぎます（上限 {MAX_ROWS:,} 行）", source=source, row=reader.line_num
                )
            # line_num counts physical lines: a quoted cell with a newline keeps the numbering honest
            yield reader.line_num, tuple(cells)
    except csv.Error as exc:
        raise BudgetImportError(f"CSV として読めません（{exc}）", source=source, row=reader.line_num) from exc


def _read_xlsx(data: bytes, *, source: str) -> Table:
    from openpyxl import load_workbook  # imported here: CSV-only callers need not pay for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise BudgetImportError(
            f"xlsx ファイルとして開けません（{type(exc).__name__}）", source=source
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise BudgetImportError(
                    f"行数が多すぎます（上限 {MAX_ROWS:,} 行）", source=source, row=number
                )
            rows.append((number, tuple(_xlsx_cell(v) for v in values)))
    finally:
        workbook.close()
    return Table(source=source, kind="xlsx", encoding="xlsx", rows=tuple(rows))


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    return str(value)


def cell_text(cell: Cell) -> str:
    """A cell as text: integral floats from Excel lose their ".0" (a code of 1.0 is "1")."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()

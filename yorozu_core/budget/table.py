"""Reading a CSV, xlsx, xls or ods file into rows of cells, with the row numbers a user would see."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from python_calamine import CalamineWorkbook

from .encoding import decode_text
from .errors import BudgetImportError

Cell = str | int | float | None
MAX_ROWS = 200_000  # a 予算書 long table has ~6,000; more is a wrong file, not a budget


@dataclass(frozen=True, slots=True)
class Table:
    source: str
    kind: str  # "csv", "xlsx", "xls" or "ods"
    encoding: str  # "utf-8", "utf-8-sig", "cp932", or the workbook kind
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]  # (row number, cells)


def read_table(data: bytes, *, source: str) -> Table:
    """Read bytes as xlsx (by its zip signature) or as CSV in any supported encoding."""
    if data.startswith(b"PK\x03\x04"):
        kind = "ods" if b"application/vnd.oasis.opendocument.spreadsheet" in data[:200] else "xlsx"
        return _read_workbook(data, source=source, kind=kind)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: Excel 97–2003
        return _read_workbook(data, source=source, kind="xls")
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


def _read_workbook(data: bytes, *, source: str, kind: str) -> Table:
    """The first sheet of an xlsx, xls (Excel 97–2003) or ods, read by python-calamine (Rust, maintained;
    docs/adr/0205-budget-import-speed.md). Cells keep what the file stored: text, numbers (integral
    ones as int), booleans as "True"/"False", formulas as their cached value, dates as ISO text."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        values = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own errors and a few builtins; all mean "not readable"
        label = {"xls": "Excel 97–2003（.xls）", "ods": "OpenDocument（.ods）"}.get(kind, "xlsx")
        raise BudgetImportError(
            f"{label} ファイルとして開けません（{type(exc).__name__}）", source=source
        ) from exc
    if len(values) > MAX_ROWS:
        raise BudgetImportError(f"行数が多すぎます（上限 {MAX_ROWS:,} 行）", source=source, row=MAX_ROWS + 1)
    rows = [(number, _trimmed(cells)) for number, cells in enumerate(values, start=1)]
    while rows and not rows[-1][1]:
        rows.pop()
    return Table(source=source, kind=kind, encoding=kind, rows=tuple(rows))


def _trimmed(cells: list[Any]) -> tuple[Cell, ...]:
    converted = [_cell(value) for value in cells]
    while converted and converted[-1] is None:
        converted.pop()
    return tuple(converted)


def _cell(value: Any) -> Cell:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return value.isoformat() if not isinstance(value, datetime.timedelta) else str(value)
    return str(value)


def cell_text(cell: Cell) -> str:
    """A cell as text: integral floats from Excel lose their ".0" (a code of 1.0 is "1")."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()

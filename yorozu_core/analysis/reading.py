# ruff: noqa: S608 - SQL is assembled from column keys (c0, c1 …) and constants; user values are bound parameters.
"""Reading uploaded tables (CSV/TSV in UTF-8, UTF-8 BOM or CP932; xlsx/xls/ods through python-calamine)
into one Parquet file per dataset version (decision record 0801).

Every file goes through one checked pass that writes a normalised UTF-8 CSV (row number first, values
stripped), so that encoding errors, ragged rows and duplicate headers are reported with their row and
column before anything is stored; DuckDB then turns that CSV into Parquet with every column as text.
Column types are decided later (``columns.infer_spec``) and applied in queries, so a corrected type
never needs a reload."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from yorozu_core.analysis.errors import DatasetError

MAX_ROWS = 1_000_000
DELIMITED = frozenset({"csv", "tsv", "txt"})
SPREADSHEETS = frozenset({"xlsx", "xls", "ods"})
ROW_COLUMN = "_row"


@dataclass(frozen=True)
class LoadResult:
    headers: tuple[str, ...]
    row_count: int
    encoding: str  # "utf-8", "utf-8-sig", "cp932" or "spreadsheet"
    sheet: str = ""


def column_key(index: int) -> str:
    """The Parquet name of the index-th column: user headers never become SQL identifiers."""
    return f"c{index}"


def sheet_names(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise DatasetError(f"「{path.name}」を表計算ファイルとして読めません（{exc}）。") from exc


def load_file(
    source: Path, destination: Path, *, kind: str, name: str, sheet: str = "", max_rows: int = MAX_ROWS
) -> LoadResult:
    """Check ``source`` and write it to ``destination`` (Parquet). Nothing is written on an error."""
    kind = kind.lower()
    with tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
        normalised = Path(scratch) / "normalised.csv"
        if kind in SPREADSHEETS:
            sheet, rows = _spreadsheet_rows(source, name=name, sheet=sheet)
            encoding = "spreadsheet"
        elif kind in DELIMITED:
            encoding = _detect_encoding(source, name=name)
            rows = _delimited_rows(source, encoding=encoding, name=name, tab=kind == "tsv")
        else:
            raise DatasetError(f"「{name}」は読めない種類のファイルです（CSV・TSV・xlsx・xls・ods）。")
        headers, count = _write_normalised(rows, normalised, name=name, max_rows=max_rows)
        partial = destination.with_suffix(".partial")
        _to_parquet(normalised, partial, width=len(headers))
        os.replace(partial, destination)
    return LoadResult(headers=headers, row_count=count, encoding=encoding, sheet=sheet)


def _detect_encoding(path: Path, *, name: str) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else CP932; an error names the row."""
    with path.open("rb") as handle:
        bom = handle.read(3) == b"\xef\xbb\xbf"
    if _decodes(path, "utf-8"):
        return "utf-8-sig" if bom else "utf-8"
    line = _first_bad_line(path, "cp932")
    if line is None:
        return "cp932"
    raise DatasetError(
        f"「{name}」の{line}行目の文字コードが読めません（UTF-8・CP932(Shift_JIS) のどちらでもありません）。"
    )


def _decodes(path: Path, encoding: str) -> bool:
    return _first_bad_line(path, encoding) is None


def _first_bad_line(path: Path, encoding: str) -> int | None:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode(encoding)
            except UnicodeDecodeError:
                return number
    return None


def _delimited_rows(path: Path, *, encoding: str, name: str, tab: bool) -> Iterator[list[str]]:
    with path.open(encoding=encoding, newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        delimiter = "\t" if tab or first.count("\t") > first.count(",") else ","
        yield from csv.reader(handle, delimiter=delimiter)


def _spreadsheet_rows(path: Path, *, name: str, sheet: str) -> tuple[str, Iterator[list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise DatasetError(f"「{name}」を表計算ファイルとして読めません（{exc}）。") from exc
    names = list(book.sheet_names)
    if not names:
        raise DatasetError(f"「{name}」にシートがありません。")
    chosen = sheet or names[0]
    if chosen not in names:
        raise DatasetError(f"「{name}」にシート「{chosen}」がありません（あるシート: {'、'.join(names)}）。")
    data = book.get_sheet_by_name(chosen).to_python(skip_empty_area=True)
    return chosen, (_cells_as_text(row) for row in data)


def _cells_as_text(row: Sequence[Any]) -> list[str]:
    return [_cell_text(value) for value in row]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def _write_normalised(
    rows: Iterable[list[str]], target: Path, *, name: str, max_rows: int
) -> tuple[tuple[str, ...], int]:
    iterator = iter(rows)
    headers = _headers(_next_nonblank(iterator, name=name), name=name)
    width = len(headers)
    count = 0
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([ROW_COLUMN, *(column_key(i) for i in range(width))])
        line = 1
        try:
            for row in iterator:
                line += 1
                if not "".join(row).strip():  # a blank line
                    continue
                if len(row) != width:
                    row = _fit(row, width, line=line, name=name, headers=headers)
                count += 1
                if count > max_rows:
                    raise DatasetError(f"「{name}」は行が多すぎます（上限 {max_rows:,} 行）。")
                writer.writerow([line, *map(str.strip, row)])
        except csv.Error as exc:
            raise DatasetError(f"「{name}」の{line + 1}行目を読めません（{exc}）。") from exc
    if count == 0:
        raise DatasetError(f"「{name}」に見出し行の下のデータがありません。")
    return headers, count


def _fit(row: list[str], width: int, *, line: int, name: str, headers: Sequence[str]) -> list[str]:
    """Trailing empty cells (spreadsheets, some form tools) are harmless; anything else is a ragged row."""
    if len(row) > width and not any(cell.strip() for cell in row[width:]):
        return row[:width]
    if len(row) < width:
        column = headers[len(row)]
        raise DatasetError(
            f"「{name}」の{line}行目は列が{len(row)}個しかありません（見出しは{width}列）。"
            f"「{column}」列から後が足りません。"
        )
    raise DatasetError(
        f"「{name}」の{line}行目は列が{len(row)}個あります（見出しは{width}列）。"
        '区切り文字や引用符（"）を確認してください。'
    )


def _next_nonblank(iterator: Iterator[list[str]], *, name: str) -> list[str]:
    try:
        for row in iterator:
            if row and any(cell.strip() for cell in row):
                return row
    except csv.Error as exc:
        raise DatasetError(f"「{name}」の見出し行を読めません（{exc}）。") from exc
    raise DatasetError(f"「{name}」にデータがありません（空のファイルです）。")


def _headers(row: list[str], *, name: str) -> tuple[str, ...]:
    while row and not row[-1].strip():
        row = row[:-1]
    headers = tuple(cell.strip() for cell in row)
    seen: dict[str, int] = {}
    for index, header in enumerate(headers, start=1):
        if not header:
            raise DatasetError(f"「{name}」の1行目の{index}列目に見出しがありません。")
        if header in seen:
            raise DatasetError(
                f"「{name}」の1行目で見出し「{header}」が{seen[header]}列目と{index}列目で重複しています。"
            )
        seen[header] = index
    return headers


def _to_parquet(csv_path: Path, target: Path, *, width: int) -> None:
    columns = {ROW_COLUMN: "BIGINT", **{column_key(i): "VARCHAR" for i in range(width)}}
    connection = duckdb.connect()
    try:
        connection.execute(
            "COPY (SELECT * FROM read_csv(?, header = true, columns = ?, quote = '\"', escape = '\"',"
            " delim = ',', strict_mode = true)) TO '" + _sql_path(target) + "' (FORMAT parquet)",
            [str(csv_path), columns],
        )
    finally:
        connection.close()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def rows_to_csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A small helper for tests and the demo: UTF-8 CSV bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")

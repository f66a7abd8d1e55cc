"""Reading a city's existing ledgers (CSV in UTF-8, UTF-8 BOM or CP932, and xlsx) row by row, with
errors that name the file, the row and the column (decision record 0310).

The byte-level reading is ``yorozu_core.budget.table.read_table`` (shared with the budget import);
this module adds the header, column aliases and the Japanese error the import pages and commands show.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

from yorozu.accounts.models import Department, User
from yorozu_core.budget.errors import BudgetImportError
from yorozu_core.budget.table import Cell, cell_text, read_table
from yorozu_core.dates import DateParseError, parse_japanese_date


class ImportProblem(ValueError):
    """A file that cannot be imported as it stands; nothing of it has been saved."""

    def __init__(self, message: str, *, source: str, row: int | None = None, column: str | None = None):
        self.message, self.source, self.row, self.column = message, source, row, column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"ファイル「{self.source}」"
        if self.row is not None:
            where += f" {self.row}行目"
        if self.column is not None:
            where += f"「{self.column}」列"
        return f"{where}: {self.message}"


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("　", "").strip()


@dataclass(frozen=True)
class Row:
    """One data row: its number as the user sees it, and its cells by canonical column name."""

    source: str
    number: int
    cells: Mapping[str, Cell]
    headers: Mapping[str, str]  # canonical name → the header as written in the file

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column)).strip()

    def problem(self, column: str | None, message: str) -> ImportProblem:
        header = self.headers.get(column, column) if column else None
        return ImportProblem(message, source=self.source, row=self.number, column=header)

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.problem(column, "値が空です。")
        return value

    def date(self, column: str, *, required: bool = True) -> date | None:
        cell = self.cells.get(column)
        if cell is None or cell_text(cell) == "":
            if required:
                raise self.problem(column, "日付が空です。")
            return None
        try:
            return parse_japanese_date(cell if isinstance(cell, int | float) else cell_text(cell))
        except DateParseError as error:
            raise self.problem(column, str(error)) from error

    def amount(self, column: str, *, required: bool = True) -> float | None:
        text = unicodedata.normalize("NFKC", self.text(column)).replace(",", "")
        if not text:
            if required:
                raise self.problem(column, "数値が空です。")
            return None
        try:
            value = float(text)
        except ValueError as error:
            raise self.problem(column, f"「{self.text(column)}」は数値として読めません。") from error
        if value < 0:
            raise self.problem(column, "負の値は使えません。")
        return value


def read_rows(
    data: bytes, *, source: str, aliases: Mapping[str, Sequence[str]], required: Sequence[str]
) -> Iterator[Row]:
    """The data rows of a CSV/xlsx file whose first non-empty row is the header.

    ``aliases``: canonical column → the header names accepted for it (the export's and the template's).
    """
    try:
        table = read_table(data, source=source)
    except BudgetImportError as error:
        raise ImportProblem(error.message, source=source, row=error.row, column=error.column) from error
    rows = [(n, cells) for n, cells in table.rows if any(cell_text(c) for c in cells)]
    if not rows:
        raise ImportProblem(
            "データがありません（1行目に見出し、2行目から1件1行で入れてください）。", source=source
        )
    header_number, header_cells = rows[0]
    positions, headers = _columns(header_cells, aliases)
    missing = [name for name in required if name not in positions]
    if missing:
        wanted = "、".join(f"「{aliases[name][0]}」" for name in missing)
        raise ImportProblem(f"見出しに {wanted} の列がありません。", source=source, row=header_number)
    for number, cells in rows[1:]:
        values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
        yield Row(source=source, number=number, cells=values, headers=headers)


def _columns(
    header_cells: Sequence[Cell], aliases: Mapping[str, Sequence[str]]
) -> tuple[dict[str, int], dict[str, str]]:
    lookup = {_key(alias): name for name, names in aliases.items() for alias in names}
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, cell in enumerate(header_cells):
        written = cell_text(cell)
        name = lookup.get(_key(written))
        if name and name not in positions:
            positions[name], headers[name] = index, written
    return positions, headers


def department_lookup() -> dict[str, Department]:
    """Sections by 「部 課」 and by 課 alone when that name is unique in the tree (NFKC, spaces ignored)."""
    sections = list(Department.objects.filter(kind=Department.Kind.SECTION).select_related("parent"))
    found: dict[str, Department] = {_key(d.full_name): d for d in sections}
    names = [_key(d.name) for d in sections]
    for department in sections:
        if names.count(_key(department.name)) == 1:
            found.setdefault(_key(department.name), department)
    return found


def find_department(row: Row, column: str, lookup: Mapping[str, Department]) -> Department:
    name = row.required(column)
    department = lookup.get(_key(name))
    if department is None:
        raise row.problem(
            column, f"「{name}」という所管課は組織にありません（「部 課」の名前で入れてください）。"
        )
    return department


def command_user() -> User:
    """The user a command-line import acts as (and is audited as): the first administrator."""
    admin = User.objects.filter(username="admin").first() or (
        User.objects.filter(role=User.Role.ADMIN, is_active=True).order_by("id").first()
    )
    if admin is None:
        raise ImportProblem("管理者の利用者がいません。先に管理者を作成してください。", source="-")
    return admin


def stash_upload(session: Any, slot: str, *, data: bytes, name: str) -> None:
    """Keep an uploaded file between the preview and the 「取り込む」 confirmation (under DATA_DIR)."""
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    (folder / f"{token}.bin").write_bytes(data)
    session[f"import:{slot}"] = {"token": token, "name": name}


def stashed_upload(session: Any, slot: str) -> tuple[bytes, str] | None:
    """The file stashed by :func:`stash_upload` for ``slot``, or None (expired, never uploaded)."""
    entry = session.get(f"import:{slot}")
    if not entry or not str(entry.get("token", "")).isalnum():
        return None
    path = Path(settings.DATA_DIR) / "imports" / f"{entry['token']}.bin"
    return (path.read_bytes(), str(entry["name"])) if path.is_file() else None


def drop_stash(session: Any, slot: str) -> None:
    entry = session.pop(f"import:{slot}", None)
    if entry and str(entry.get("token", "")).isalnum():
        (Path(settings.DATA_DIR) / "imports" / f"{entry['token']}.bin").unlink(missing_ok=True)

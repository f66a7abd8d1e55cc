"""The spending.jp flat CSV: one row per leaf, each level as a code column and a name column.

Seen in spendingjp/openspending-backend's seed data:
- つくば市: 款/款名称, 項/項名称, 目/目名称, 事業/事業名称, 節/節名称, 節細/節細名称, amount (円)
- 我孫子市: 款/款名, 項/項名, 目/目名, 事業/事業名, 節/節名, 細節/細節名, 予算額 (円)
- 多摩市: 款/款名称 … 細目/細目名称, 節/節名称, 予算額 (千円), plus an empty unnamed column

Rows are leaves; parents are the sums. Codes are local to their parent; the name identifies.
"""

from __future__ import annotations

from collections import defaultdict

from yorozu_core.fiscal import parse_fiscal_year

from ..amounts import Unit
from ..errors import BudgetImportError
from ..model import ACCOUNT_GENERAL, SIDE_EXPENDITURE, ParsedBudget, Segment, SourceLine
from ..table import Cell, Table
from ..text import clean_name, split_number
from .common import Columns, find_header

FORMAT = "spendingjp-flat"
LABEL = "spending.jp 形式（款・項・目…の番号と名称が並ぶ明細CSV）"

# (code column, label shown to residents); the name column is code + 名称 or code + 名
LEVELS = (("款", "款"), ("項", "項"), ("目", "目"), ("事業", "事業"), ("細目", "細目"), ("節", "節"),
          ("節細", "細節"), ("細節", "細節"))  # fmt: skip
AMOUNT_COLUMNS = ("amount", "予算額", "金額")


def _name_column(columns: Columns, code: str) -> str | None:
    return columns.first(f"{code}名称", f"{code}名")


def detect(table: Table) -> Columns | None:
    for amount in AMOUNT_COLUMNS:
        for name in ("款名称", "款名"):
            found = find_header(table, ("款", name, amount))
            if found is not None:
                return found
    return None


def parse(table: Table, *, unit: Unit | None = None, fiscal_year: int | None = None) -> list[ParsedBudget]:
    columns = detect(table)
    if columns is None:
        raise BudgetImportError("見出し行（款・款名称・予算額）が見つかりません", source=table.source)
    levels = [(code, label, _name_column(columns, code)) for code, label in LEVELS if columns.has(code)]
    levels = [(code, label, name) for code, label, name in levels if name is not None]
    amount_column = columns.first(*AMOUNT_COLUMNS)
    assert amount_column is not None  # detect() guarantees it
    account_column = columns.first("会計名称", "会計名")
    raw: list[tuple[str, tuple[Segment, ...], int, int]] = []  # account, path, amount in source unit, row
    years: set[int] = set()
    for row, cells in columns.data_rows():
        path = _path(columns, cells, row, levels)
        amount = columns.required_amount(cells, amount_column, row, Unit.YEN)
        account = clean_name(columns.text(cells, account_column)) if account_column else ""
        raw.append((account or ACCOUNT_GENERAL, path, amount, row))
        year_text = columns.text(cells, "年度")
        if year_text:
            try:
                years.add(parse_fiscal_year(year_text))
            except ValueError as exc:
                raise columns.error(str(exc), row, "年度") from exc
    if not raw:
        raise columns.error("データ行がありません", columns.header_row)
    fiscal_year = _fiscal_year(columns, years, fiscal_year)
    warnings: list[str] = []
    stated = True
    if unit is None:
        unit, warning, stated = _guess_unit(columns)
        warnings.append(warning)
    by_account: dict[str, list[SourceLine]] = defaultdict(list)
    for account, path, amount, row in raw:
        by_account[account].append(SourceLine(path=path, amount=amount * unit.factor, row=row))
    return [
        ParsedBudget(
            format=FORMAT,
            source=table.source,
            unit=unit,
            account=account,
            side=SIDE_EXPENDITURE,
            fiscal_year=fiscal_year,
            lines=tuple(lines),
            warnings=tuple(warnings),
            unit_stated=stated,
        )
        for account, lines in by_account.items()
    ]


def _path(
    columns: Columns, cells: tuple[Cell, ...], row: int, levels: list[tuple[str, str, str | None]]
) -> tuple[Segment, ...]:
    path: list[Segment] = []
    ended_at: str | None = None
    for code_column, label, name_column in levels:
        assert name_column is not None
        code = clean_name(columns.text(cells, code_column))
        name = split_number(columns.text(cells, name_column))[1]
        if not name:
            if code:
                raise columns.error(f"{label}番号 {code} に名称がありません", row, name_column)
            ended_at = ended_at or name_column
            continue
        if ended_at is not None:
            raise columns.error(f"上の階層が空なのに{label}があります", row, ended_at)
        path.append(Segment(label=label, code=code, name=name))
    if not path:
        raise columns.error("款の名称が空です", row, levels[0][2] if levels else "款")
    return tuple(path)


def _fiscal_year(columns: Columns, years: set[int], given: int | None) -> int | None:
    if len(years) > 1:
        raise columns.error(
            f"1つのファイルに複数の年度があります（{sorted(years)}）", columns.header_row + 1, "年度"
        )
    if years and given is not None and given not in years:
        raise BudgetImportError(
            f"指定された年度 {given} とファイルの年度 {years.pop()} が違います",
            source=columns.table.source,
            column="年度",
        )
    return given if given is not None else (next(iter(years)) if years else None)


def _guess_unit(columns: Columns) -> tuple[Unit, str, bool]:
    """The unit from the header; else 円, marked as not stated (the import then refuses figures that
    look like 千円: yorozu_core.budget.amounts.unit_doubt)."""
    header = " ".join(columns.names)
    if "千円" in header:
        return Unit.THOUSAND_YEN, "見出しの「千円」から単位を千円としました", True
    if "(円)" in header:
        return Unit.YEN, "見出しの「(円)」から単位を円としました", True
    return Unit.YEN, "見出しに単位がないため、単位を円としました（--unit で指定できます）", False

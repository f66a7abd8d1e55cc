"""The yorozu import template (xlsx or CSV) that staff fill in; documented in docs/budget.md.

Header (title rows above it are allowed):

    会計 | 区分 | 款 | 項 | 目 | 節 | 細節 | 金額（千円） | 前年度金額（千円） | 説明文

Only 款 and one 金額 column are required. The unit is written in the amount header: 金額（円）
or 金額（千円）. A row states the amount of its deepest filled level; parents may be given as
rows of their own (then their children must add up, or the import reports it) or left out
(then they are summed).
"""

from __future__ import annotations

from collections import defaultdict

from ..amounts import Unit
from ..errors import BudgetImportError
from ..model import ACCOUNT_GENERAL, SIDE_EXPENDITURE, SIDES, ParsedBudget, Segment, SourceLine
from ..table import Cell, Table
from ..text import clean_name, split_number
from .common import Columns, find_header

FORMAT = "yorozu-template"
LABEL = "yorozu 取込テンプレート（会計・区分・款・項・目・節・細節・金額）"
LEVELS = ("款", "項", "目", "節", "細節")
AMOUNT_HEADERS = {"金額(千円)": Unit.THOUSAND_YEN, "金額(円)": Unit.YEN, "金額": None}
PREVIOUS_HEADERS = {"前年度金額(千円)": Unit.THOUSAND_YEN, "前年度金額(円)": Unit.YEN, "前年度金額": None}
HEADER = ("会計", "区分", "款", "項", "目", "節", "細節", "金額（千円）", "前年度金額（千円）", "説明文")


def detect(table: Table) -> Columns | None:
    for amount in AMOUNT_HEADERS:
        found = find_header(table, ("款", amount))
        if found is not None:
            return found
    return None


def parse(table: Table, *, unit: Unit | None = None, fiscal_year: int | None = None) -> list[ParsedBudget]:
    columns = detect(table)
    if columns is None:
        raise BudgetImportError(
            "見出し行（款・金額（円）または金額（千円））が見つかりません", source=table.source
        )
    amount_column = columns.first(*AMOUNT_HEADERS)
    assert amount_column is not None
    unit = _unit(columns, amount_column, AMOUNT_HEADERS, unit)
    previous_column = columns.first(*PREVIOUS_HEADERS)
    previous_unit = _unit(columns, previous_column, PREVIOUS_HEADERS, unit) if previous_column else unit
    levels = [label for label in LEVELS if columns.has(label)]
    grouped: dict[tuple[str, str], list[SourceLine]] = defaultdict(list)
    seen: dict[tuple[str, str, tuple[Segment, ...]], int] = {}
    for row, cells in columns.data_rows():
        account = clean_name(columns.text(cells, "会計")) or ACCOUNT_GENERAL
        side = clean_name(columns.text(cells, "区分")) or SIDE_EXPENDITURE
        if side not in SIDES:
            raise columns.error(f"区分は「歳入」か「歳出」です（{side[:10]!r}）", row, "区分")
        path = _path(columns, cells, row, levels)
        key = (account, side, path)
        if key in seen:
            raise columns.error(
                f"同じ行が {seen[key]}行目にもあります（{'>'.join(s.name for s in path)}）",
                row,
                path[-1].label,
            )
        seen[key] = row
        amount = columns.required_amount(cells, amount_column, row, unit)
        previous = columns.amount(cells, previous_column, row, previous_unit) if previous_column else None
        note = " ".join(columns.text(cells, "説明文").split())[:1000]
        grouped[(account, side)].append(
            SourceLine(path=path, amount=amount, previous_amount=previous, row=row, note=note)
        )
    if not grouped:
        raise columns.error("データ行がありません", columns.header_row)
    return [
        ParsedBudget(
            format=FORMAT,
            source=table.source,
            unit=unit,
            account=account,
            side=side,
            fiscal_year=fiscal_year,
            lines=tuple(lines),
        )  # fmt: skip
        for (account, side), lines in grouped.items()
    ]


def _unit(columns: Columns, column: str | None, headers: dict[str, Unit | None], given: Unit | None) -> Unit:
    stated = headers.get(column or "")
    if stated is not None:
        if given is not None and given is not stated:
            raise BudgetImportError(
                f"指定された単位 {given.value} と見出し「{column}」が違います", source=columns.table.source,
                row=columns.header_row, column=column,
            )  # fmt: skip
        return stated
    if given is None:
        raise BudgetImportError(
            "金額の単位がわかりません。見出しを「金額（円）」か「金額（千円）」にしてください",
            source=columns.table.source, row=columns.header_row, column=column,
        )  # fmt: skip
    return given


def _path(columns: Columns, cells: tuple[Cell, ...], row: int, levels: list[str]) -> tuple[Segment, ...]:
    path: list[Segment] = []
    gap: str | None = None
    for label in levels:
        code, name = split_number(columns.text(cells, label))
        if not name:
            gap = gap or label
            continue
        if gap is not None:
            raise columns.error(f"{gap}が空なのに{label}があります", row, gap)
        path.append(Segment(label=label, code=code, name=name))
    if not path:
        raise columns.error("款が空です", row, "款")
    return tuple(path)

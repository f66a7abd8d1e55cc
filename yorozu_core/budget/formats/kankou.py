"""The 款/項 CSV of the Where-Does-My-Money-Go / spending.jp city sites (旭川市 2013, 2014).

Columns: category (款), category_id, subcategory (項), subcategory_id (a site-made id, not an
official code), amount (円), year. One row per 項.
"""

from __future__ import annotations

from yorozu_core.fiscal import parse_fiscal_year

from ..amounts import Unit
from ..errors import BudgetImportError
from ..model import ACCOUNT_GENERAL, SIDE_EXPENDITURE, ParsedBudget, Segment, SourceLine
from ..table import Table
from ..text import split_number
from .common import Columns, find_header

FORMAT = "kan-kou"
LABEL = "款・項 CSV（category, subcategory, amount, year）"


def detect(table: Table) -> Columns | None:
    return find_header(table, ("category", "amount"))


def parse(table: Table, *, unit: Unit | None = None, fiscal_year: int | None = None) -> list[ParsedBudget]:
    columns = detect(table)
    if columns is None:
        raise BudgetImportError("見出し行（category・amount）が見つかりません", source=table.source)
    unit = unit or Unit.YEN
    lines: list[SourceLine] = []
    years: set[int] = set()
    for row, cells in columns.data_rows():
        kan_code = columns.text(cells, "category_id")
        kan = split_number(columns.text(cells, "category"))[1]
        kou = split_number(columns.text(cells, "subcategory"))[1]
        if not kan:
            raise columns.error("款（category）が空です", row, "category")
        path = [Segment(label="款", code=kan_code, name=kan)]
        if kou:
            path.append(Segment(label="項", code="", name=kou))
        amount = columns.required_amount(cells, "amount", row, unit)
        lines.append(SourceLine(path=tuple(path), amount=amount, row=row))
        year_text = columns.text(cells, "year")
        if year_text:
            try:
                years.add(parse_fiscal_year(year_text))
            except ValueError as exc:
                raise columns.error(str(exc), row, "year") from exc
    if not lines:
        raise columns.error("データ行がありません", columns.header_row)
    if len(years) > 1:
        raise columns.error(
            f"1つのファイルに複数の年度があります（{sorted(years)}）", columns.header_row + 1, "year"
        )
    if years and fiscal_year is not None and fiscal_year not in years:
        raise BudgetImportError(
            f"指定された年度 {fiscal_year} とファイルの年度 {min(years)} が違います",
            source=table.source,
            column="year",
        )
    return [
        ParsedBudget(
            format=FORMAT,
            source=table.source,
            unit=unit,
            account=ACCOUNT_GENERAL,
            side=SIDE_EXPENDITURE,
            fiscal_year=fiscal_year if fiscal_year is not None else (min(years) if years else None),
            lines=tuple(lines),
        )
    ]

"""The 款/項 CSV of the Where-Does-My-Money-Go / spending.jp city sites (旭川市 2013, 2014).

Columns: category (款), category_id, subcategory (項), subcategory_id (a site-made id, not an
official code), amount (円), year. One row per 項. Headers are matched without regard to case or
width, and common English and Japanese names are accepted (款名/款名称, 項名, 予算額, 年度 …).
Without ``unit`` the amounts are taken as 円 and the result is marked ``unit_stated=False`` so that
the import refuses figures that look like 千円 (yorozu_core.budget.amounts.check_unit).
"""

from __future__ import annotations

from yorozu_core.fiscal import parse_fiscal_year

from ..amounts import Unit
from ..errors import BudgetImportError
from ..model import ACCOUNT_GENERAL, SIDE_EXPENDITURE, ParsedBudget, Segment, SourceLine
from ..table import Table
from ..text import split_number
from .common import Columns, find_header_any

FORMAT = "kan-kou"
LABEL = "款・項 CSV（category, subcategory, amount, year）"


CATEGORY = ("category", "款名", "款名称", "款", "kan", "kan_name")
CATEGORY_ID = ("category_id", "categoryid", "款番号", "款コード", "kan_code")
SUBCATEGORY = ("subcategory", "sub_category", "項名", "項名称", "項", "kou", "kou_name")
AMOUNT = ("amount", "予算額", "金額", "value", "budget")
YEAR = ("year", "年度", "fiscal_year", "fiscalyear")
# "款 + 金額（千円）" and friends are the yorozu template's: left to it
_TEMPLATE_AMOUNTS = ("金額(千円)", "金額(円)")


def detect(table: Table) -> Columns | None:
    found = find_header_any(table, (CATEGORY, AMOUNT))
    if found is None:
        return None
    columns, _ = found
    if columns.has("款") and (
        columns.first(*_TEMPLATE_AMOUNTS) or columns.has("款名称") or columns.has("款名")
    ):
        return None  # the template or the spending.jp flat layout, detected by their own readers
    if columns.has("款") and columns.has("金額"):
        return None
    return columns


def _names(columns: Columns) -> dict[str, str | None]:
    return {key: columns.first(*group) for key, group in
            (("category", CATEGORY), ("category_id", CATEGORY_ID), ("subcategory", SUBCATEGORY),
             ("amount", AMOUNT), ("year", YEAR))}  # fmt: skip


def parse(table: Table, *, unit: Unit | None = None, fiscal_year: int | None = None) -> list[ParsedBudget]:
    columns = detect(table)
    if columns is None:
        raise BudgetImportError("見出し行（category・amount）が見つかりません", source=table.source)
    names = _names(columns)
    stated = unit is not None
    unit = unit or Unit.YEN
    lines: list[SourceLine] = []
    years: set[int] = set()
    for row, cells in columns.data_rows():
        kan_code = columns.text(cells, names["category_id"] or "")
        kan = split_number(columns.text(cells, names["category"] or ""))[1]
        kou = split_number(columns.text(cells, names["subcategory"] or ""))[1]
        if not kan:
            raise columns.error("款（category）が空です", row, names["category"])
        path = [Segment(label="款", code=kan_code, name=kan)]
        if kou:
            path.append(Segment(label="項", code="", name=kou))
        amount = columns.required_amount(cells, names["amount"] or "", row, unit)
        lines.append(SourceLine(path=tuple(path), amount=amount, row=row))
        year_text = columns.text(cells, names["year"] or "")
        if year_text:
            try:
                years.add(parse_fiscal_year(year_text))
            except ValueError as exc:
                raise columns.error(str(exc), row, names["year"]) from exc
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
            unit_stated=stated,
        )
    ]

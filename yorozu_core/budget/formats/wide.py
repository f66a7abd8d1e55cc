"""The wide layout: one row per line, one amount column per fiscal year.

    款 | 項 | 目 | 節 | 説明 | R6 | R7          (or 令和6年度 | 令和7年度, 2024 | 2025, "R6（千円）")

Levels present among 款, 項, 目, 節 are read; a row states the amount of its deepest filled level
(parents optional, as in the yorozu template). 説明 becomes the line's explanation for residents.
Each year column gives one budget; an empty cell means the line is absent that year. The unit is
``unit`` when given, else 千円/円 written in a header or a title row above it; otherwise 円, marked
as not stated (the import refuses figures that look like 千円).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from yorozu_core.fiscal import parse_fiscal_year

from ..amounts import Unit
from ..errors import BudgetImportError
from ..model import ACCOUNT_GENERAL, SIDE_EXPENDITURE, ParsedBudget, Segment, SourceLine
from ..table import Table, cell_text
from ..text import split_number
from .common import Columns, find_header

FORMAT = "wide-years"
LABEL = "年度別の列（款・項・目・節・説明・R6・R7 …）"
LEVELS = ("款", "項", "目", "節")
_UNIT_NOTE = re.compile(r"[（(].*?[）)]")


def _year_of(header: str) -> int | None:
    """ "R6", "令和6年度", "2024", "R6（千円）" → the fiscal year; anything else → None."""
    text = _UNIT_NOTE.sub("", unicodedata.normalize("NFKC", header)).strip()
    if not text or text in LEVELS:
        return None
    try:
        year = parse_fiscal_year(text)
    except ValueError:
        return None
    return year if 1950 <= year <= 2100 else None


def _year_columns(columns: Columns) -> dict[int, str]:
    found: dict[int, str] = {}
    for name in columns.names:
        year = _year_of(columns.shown.get(name, name)) if name else None
        if year is not None and year not in found:
            found[year] = name
    return found


def detect(table: Table) -> Columns | None:
    columns = find_header(table, ("款",))
    return columns if columns is not None and _year_columns(columns) else None


def _unit(table: Table, columns: Columns, given: Unit | None) -> tuple[Unit, bool]:
    if given is not None:
        return given, True
    above = " ".join(
        cell_text(c) for number, cells in table.rows if number <= columns.header_row for c in cells
    )
    text = unicodedata.normalize("NFKC", above)
    if "千円" in text:
        return Unit.THOUSAND_YEN, True
    if "(円)" in text or "単位:円" in text:
        return Unit.YEN, True
    return Unit.YEN, False


def parse(table: Table, *, unit: Unit | None = None, fiscal_year: int | None = None) -> list[ParsedBudget]:
    columns = detect(table)
    if columns is None:
        raise BudgetImportError(
            "見出し行（款と年度の列: R6・令和6年度・2024 など）が見つかりません", source=table.source
        )
    years = _year_columns(columns)
    chosen_unit, stated = _unit(table, columns, unit)
    levels = [label for label in LEVELS if columns.has(label)]
    by_year: dict[int, list[SourceLine]] = defaultdict(list)
    for row, cells in columns.data_rows():
        path = _path(columns, cells, row, levels)
        note = " ".join(columns.text(cells, "説明").split())[:1000]
        for year, name in years.items():
            amount = columns.amount(cells, name, row, chosen_unit)
            if amount is not None:
                by_year[year].append(SourceLine(path=path, amount=amount, row=row, note=note))
    if not by_year:
        raise columns.error("データ行がありません", columns.header_row)
    warning = (
        f"年度別の列から {len(by_year)} 年度分を読みました（{'、'.join(str(y) for y in sorted(by_year))}）"
    )
    return [
        ParsedBudget(
            format=FORMAT,
            source=table.source,
            unit=chosen_unit,
            account=ACCOUNT_GENERAL,
            side=SIDE_EXPENDITURE,
            fiscal_year=year,
            lines=tuple(lines),
            warnings=(warning,),
            unit_stated=stated,
        )  # fmt: skip
        for year, lines in sorted(by_year.items())
    ]


def _path(columns: Columns, cells: tuple[object, ...], row: int, levels: list[str]) -> tuple[Segment, ...]:
    path: list[Segment] = []
    gap: str | None = None
    for label in levels:
        code, name = split_number(columns.text(cells, label))  # type: ignore[arg-type]
        if not name:
            gap = gap or label
            continue
        if gap is not None:
            raise columns.error(f"{gap}が空なのに{label}があります", row, gap)
        path.append(Segment(label=label, code=code, name=name))
    if not path:
        raise columns.error("款が空です", row, "款")
    return tuple(path)

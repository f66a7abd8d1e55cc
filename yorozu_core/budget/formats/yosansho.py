"""The 予算書 long layout: one row per 説明 line, repeating its 款/項/目 and 節 context.

Shape of 富士市's 一般会計予算書 as extracted by plural-reality/fujishi_ippannkaikei_yosansho:
款, 項, 目 ("1 議会費"), 本年度予算額, 前年度予算額, 比較, 財源…, 節番号, 節名, 節金額, 小区分,
小区分金額, 事業コード, 説明レベル, 説明, 説明金額, 説明パス — all amounts in 千円.

The 目 and 節 amounts repeat on every row of their block; each is read once (a differing
repeat is an error, not a second amount). The 説明 column is printed beside the 目, not
beside a 節, so 説明 lines belong to the 目.
"""

from __future__ import annotations

from ..amounts import Unit
from ..model import ACCOUNT_GENERAL, SIDE_EXPENDITURE, Explanation, ParsedBudget, Segment, SourceLine
from ..table import Cell, Table
from ..text import clean_name, repair_setsu_name, split_number
from .common import Columns, find_header

FORMAT = "yosansho-long"
LABEL = "予算書（縦長形式：款・項・目・節・説明）"
REQUIRED = ("款", "項", "目", "本年度予算額")


def detect(table: Table) -> Columns | None:
    return find_header(table, (*REQUIRED, "節名"))


def parse(table: Table, *, unit: Unit | None = None, fiscal_year: int | None = None) -> list[ParsedBudget]:
    columns = detect(table)
    if columns is None:
        columns = find_header(table, REQUIRED)
    if columns is None:
        raise _no_header(table)
    unit = unit or Unit.THOUSAND_YEN  # 予算書 print 千円
    moku_amounts: dict[tuple[Segment, ...], tuple[int, int | None, int]] = {}
    setsu_amounts: dict[tuple[Segment, ...], tuple[int, int]] = {}
    lines: list[SourceLine] = []
    explanations: list[Explanation] = []
    for row, cells in columns.data_rows():
        moku_path = _moku_path(columns, cells, row)
        amount = columns.required_amount(cells, "本年度予算額", row, unit)
        previous = columns.amount(cells, "前年度予算額", row, unit) if columns.has("前年度予算額") else None
        seen = moku_amounts.get(moku_path)
        if seen is None:
            moku_amounts[moku_path] = (amount, previous, row)
            lines.append(SourceLine(path=moku_path, amount=amount, previous_amount=previous, row=row))
        elif seen[:2] != (amount, previous):
            raise columns.error(
                f"同じ目「{moku_path[-1].name}」の予算額が {seen[2]}行目と異なります", row, "本年度予算額"
            )
        setsu_path = _setsu_path(columns, cells, row, moku_path, unit, setsu_amounts, lines)
        _sub_line(columns, cells, row, setsu_path, unit, lines)
        _explanation(columns, cells, row, moku_path, unit, explanations)
    if not lines:
        raise columns.error("データ行がありません", columns.header_row)
    return [
        ParsedBudget(
            format=FORMAT,
            source=table.source,
            unit=unit,
            account=ACCOUNT_GENERAL,
            side=SIDE_EXPENDITURE,
            fiscal_year=fiscal_year,
            lines=tuple(lines),
            explanations=tuple(explanations),
        )
    ]


def _no_header(table: Table) -> Exception:
    from ..errors import BudgetImportError

    return BudgetImportError(f"見出し行（{'・'.join(REQUIRED)}）が見つかりません", source=table.source)


def _moku_path(columns: Columns, cells: tuple[Cell, ...], row: int) -> tuple[Segment, ...]:
    path: list[Segment] = []
    for label in ("款", "項", "目"):
        code, name = split_number(columns.text(cells, label))
        if not name:
            raise columns.error(f"{label}の名称が空です", row, label)
        path.append(Segment(label=label, code=code, name=name))
    return tuple(path)


def _setsu_path(
    columns: Columns,
    cells: tuple[Cell, ...],
    row: int,
    moku_path: tuple[Segment, ...],
    unit: Unit,
    seen: dict[tuple[Segment, ...], tuple[int, int]],
    lines: list[SourceLine],
) -> tuple[Segment, ...] | None:
    number = clean_name(columns.text(cells, "節番号"))
    name = clean_name(columns.text(cells, "節名"))
    if not name and not number:
        return None
    if not name:
        raise columns.error("節番号があるのに節名が空です", row, "節名")
    name = repair_setsu_name(number, split_number(name)[1])
    path = (*moku_path, Segment(label="節", code=number, name=name))
    amount = columns.amount(cells, "節金額", row, unit)
    if amount is None:
        raise columns.error("節金額が空です", row, "節金額")
    before = seen.get(path)
    if before is None:
        seen[path] = (amount, row)
        lines.append(SourceLine(path=path, amount=amount, row=row))
    elif before[0] != amount:
        raise columns.error(f"同じ節「{name}」の金額が {before[1]}行目と異なります", row, "節金額")
    return path


def _sub_line(
    columns: Columns,
    cells: tuple[Cell, ...],
    row: int,
    setsu_path: tuple[Segment, ...] | None,
    unit: Unit,
    lines: list[SourceLine],
) -> None:
    name = clean_name(columns.text(cells, "小区分"))
    amount = columns.amount(cells, "小区分金額", row, unit) if columns.has("小区分金額") else None
    if not name:
        if amount is not None:
            raise columns.error("小区分金額があるのに小区分が空です", row, "小区分")
        return
    if setsu_path is None:
        raise columns.error("節のない行に小区分があります", row, "小区分")
    if amount is None:
        raise columns.error("小区分金額が空です", row, "小区分金額")
    # 小区分 rows are not repeated in the long layout: two with one name are two amounts
    lines.append(
        SourceLine(path=(*setsu_path, Segment(label="細節", code="", name=name)), amount=amount, row=row)
    )


def _explanation(
    columns: Columns,
    cells: tuple[Cell, ...],
    row: int,
    moku_path: tuple[Segment, ...],
    unit: Unit,
    explanations: list[Explanation],
) -> None:
    text = " ".join(columns.text(cells, "説明").split())
    if not text:
        return
    level_text = clean_name(columns.text(cells, "説明レベル"))
    level = int(level_text) if level_text.isdigit() and len(level_text) < 3 else 1
    amount = columns.amount(cells, "説明金額", row, unit) if columns.has("説明金額") else None
    explanations.append(
        Explanation(path=moku_path, level=level, text=clean_name(text), amount=amount, row=row)
    )

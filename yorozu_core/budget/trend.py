"""A line across every published year: matched by names, else by numbers, breaks marked, never hidden.

A line of the budget shown is looked up in each other year's budget of the same 会計, side and
phase (else that year's shown phase): first by its names from 款 down (``key_path``), then by its
numbers from 款 down (``1-2-3``: a renamed line keeps its numbers). A year without either match
is a break: shown as "—" with a note, not bridged and not dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from .snapshot import BoardData, BookData, LineData

MATCH_NAME = "name"
MATCH_CODE = "code"
MATCH_NONE = "none"


@dataclass(frozen=True, slots=True)
class TrendPoint:
    year: int
    amount: int | None
    name: str  # the line's name in that year
    path: str | None  # its place in that year's budget (for links)
    match: str  # MATCH_NAME, MATCH_CODE or MATCH_NONE
    phase_label: str
    note: str  # about this line in that year (renamed, renumbered, absent)
    year_note: str  # about that year's budget (another phase, derived from the next year's book)


def code_path(book: BookData, line: LineData) -> str:
    """ "2-1-3": the numbers from 款 down; "" when any level has no number."""
    codes = [a.code for a in book.ancestors(line)] + [line.code]
    return "-".join(codes) if all(codes) and len(codes) == line.depth else ""


def _code_index(data: BoardData, book: BookData) -> dict[str, LineData]:
    key = ("code-index", book.id)
    index = data.memo.get(key)
    if index is None:
        index = {}
        for line in book.lines:
            path = code_path(book, line)
            if path:
                index.setdefault(path, line)
        data.memo[key] = index
    return index


def match_line(
    data: BoardData, book: BookData, line: LineData, other: BookData
) -> tuple[LineData | None, str]:
    if other is book:
        return line, MATCH_NAME
    found = other.by_key.get(line.key_path)
    if found is not None:
        return found, MATCH_NAME
    codes = code_path(book, line)
    found = _code_index(data, other).get(codes) if codes else None
    return (found, MATCH_CODE) if found is not None else (None, MATCH_NONE)


def _year_note(book: BookData, other: BookData) -> str:
    notes = []
    if other.phase != book.phase or other.phase_number != book.phase_number:
        notes.append(f"{other.phase_label}の数値")
    if other.derived_note:
        notes.append(other.derived_note)
    return "。".join(notes)


def _note(book: BookData, line: LineData | None, other: BookData, found: LineData | None, match: str) -> str:
    notes = []
    if match == MATCH_CODE and found is not None and line is not None:
        notes.append(f"名称が違います（この年度は「{found.name}」、番号 {code_path(other, found)} で対応）")
    elif match == MATCH_NAME and found is not None and line is not None and found.code != line.code:
        notes.append(f"番号が違います（この年度は {found.code or 'なし'}）")
    elif match == MATCH_NONE:
        notes.append(
            "この年度には対応する項目がありません（新設・廃止・組替えの可能性。つなげずに空けています）"
        )
    return "。".join(notes)


def series(data: BoardData, book: BookData, line: LineData | None) -> list[TrendPoint]:
    """The line (None: the budget's total) in every published year of the same 会計 and side."""
    points = []
    for year in data.years(book.account, book.side):
        other = book if year == book.fiscal_year else data.same_view(book, year)
        if other is None:
            continue
        found: LineData | None
        amount: int | None
        if line is None:
            found, match, amount, name = None, MATCH_NAME, other.total, f"{other.side}合計"
        else:
            found, match = match_line(data, book, line, other)
            amount = found.amount if found is not None else None
            name = found.name if found is not None else line.name
        points.append(TrendPoint(
            year=year, amount=amount, name=name, path=found.path if found is not None else None, match=match,
            phase_label=other.phase_label, note=_note(book, line, other, found, match),
            year_note=_year_note(book, other),
        ))  # fmt: skip
    return points

"""予算 beside 決算: per line the budget (予算現額 when a 最終予算 is published) and the 支出済額, and 執行率.

Phases are never added together: each figure is one phase's, and the page says which. The budget
compared is the year's latest published budget phase (最終 > 補正 (highest number) > 当初); lines are
matched like the multi-year view (names, then numbers: yorozu_core.budget.trend.match_line).
"""

from __future__ import annotations

from dataclasses import dataclass

from .snapshot import BoardData, BookData, LineData
from .trend import match_line

SETTLED = "settled"


@dataclass(frozen=True, slots=True)
class ExecutionRow:
    name: str
    code: str
    path: str | None  # in the budget compared
    budget: int | None
    settled: int | None
    has_children: bool

    @property
    def rate(self) -> float | None:
        """執行率 = 支出済額 ÷ 予算額 (None when either is missing or the budget is 0)."""
        if self.budget is None or self.settled is None or self.budget == 0:
            return None
        return self.settled / self.budget


def budget_and_settlement(
    data: BoardData, year: int, account: str, side: str
) -> tuple[BookData, BookData] | None:
    """(the budget compared, the 決算) for a year, or None unless both are published."""
    phases = data.phases(year, account, side)
    settled = [b for b in phases if b.phase == SETTLED]
    budgets = [b for b in phases if b.phase != SETTLED]
    if not settled or not budgets:
        return None
    latest = max(budgets, key=lambda b: (b.rank[0], -b.rank[1]))
    return latest, settled[0]


def execution_rows(
    data: BoardData, budget: BookData, settled: BookData, line: LineData | None
) -> list[ExecutionRow]:
    """The children of ``line`` (None: the 款) in the budget, each with its 決算; lines only in the
    決算 come last with no budget."""
    rows = []
    seen: set[int] = set()
    for child in budget.children(line):
        found, _ = match_line(data, budget, child, settled)
        if found is not None:
            seen.add(found.id)
        rows.append(ExecutionRow(child.name, child.code, child.path, child.amount,
                                 found.amount if found is not None else None, bool(child.children)))  # fmt: skip
    settled_parent = match_line(data, budget, line, settled)[0] if line is not None else None
    if line is None or settled_parent is not None:
        for other in settled.children(settled_parent):
            if other.id not in seen:
                rows.append(ExecutionRow(other.name, other.code, None, None, other.amount, False))
    return rows

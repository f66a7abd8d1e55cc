"""What every parser returns: budget lines as paths of segments, amounts in integer yen."""

from __future__ import annotations

from dataclasses import dataclass, field

from .amounts import Unit

ACCOUNT_GENERAL = "一般会計"
SIDE_EXPENDITURE = "歳出"
SIDE_REVENUE = "歳入"
SIDES = (SIDE_REVENUE, SIDE_EXPENDITURE)


@dataclass(frozen=True, slots=True)
class Segment:
    """One step of a line's path: its level label (款, 項, 目, 事業, 節, 細節 …), code and name."""

    label: str
    code: str
    name: str

    @property
    def key(self) -> str:
        """Identity among siblings. The name decides: codes are renumbered between years."""
        return self.name


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A node's amount as the file states it.

    A flat file states only leaves (parents are summed); a 予算書 states 目 and 節 as well,
    and the tree checks that children add up to them. ``previous_amount`` is the 前年度予算額
    the book prints beside the line, when it does.
    """

    path: tuple[Segment, ...]
    amount: int
    previous_amount: int | None = None
    row: int | None = None
    note: str = ""  # a 説明文 for residents, when the file carries one (yorozu template)


@dataclass(frozen=True, slots=True)
class Explanation:
    """A 説明 line printed beside a 目 in a 予算書 (事業 and their parts): informative, not summed."""

    path: tuple[Segment, ...]  # the 目 it belongs to
    level: int
    text: str
    amount: int | None
    row: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedBudget:
    """One 会計 × 歳入/歳出 of one fiscal year, as read from one file."""

    format: str
    source: str
    unit: Unit
    account: str
    side: str
    fiscal_year: int | None
    lines: tuple[SourceLine, ...]
    explanations: tuple[Explanation, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    unit_stated: bool = True  # False when the unit was assumed (no header, no option): checked for 千円

    @property
    def has_previous_amounts(self) -> bool:
        return any(line.previous_amount is not None for line in self.lines)

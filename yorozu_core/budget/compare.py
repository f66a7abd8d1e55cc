"""Year-over-year: each line against the previous year, new and discontinued lines labelled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .text import match_key


class Status(StrEnum):
    CONTINUING = "継続"
    NEW = "新規"
    DISCONTINUED = "廃止"
    UNKNOWN = "比較なし"  # no previous year to compare with


@dataclass(frozen=True, slots=True)
class Figure:
    """A line as the comparison sees it. ``ref`` is the caller's handle (a URL path, an id)."""

    name: str
    amount: int
    previous_amount: int | None = None  # stated by the source (予算書 前年度予算額)
    label: str = ""
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Compared:
    name: str
    label: str
    ref: str
    amount: int
    previous_amount: int | None
    status: Status

    @property
    def change(self) -> int | None:
        return None if self.previous_amount is None else self.amount - self.previous_amount

    @property
    def change_ratio(self) -> float | None:
        if self.previous_amount is None or self.previous_amount == 0:
            return None
        return (self.amount - self.previous_amount) / abs(self.previous_amount)


def compare(current: Sequence[Figure], previous: Sequence[Figure] | None) -> list[Compared]:
    """Pair lines by cleaned name. A previous amount stated by the source wins over a match.

    ``previous`` is the previous year's lines at the same place in the tree, or ``None`` when
    that year is not loaded (then only stated amounts are compared, and nothing is
    "discontinued", since we cannot know).
    """
    by_key = {match_key(f.name): f for f in previous or ()}
    used: set[str] = set()
    result: list[Compared] = []
    for figure in current:
        key = match_key(figure.name)
        matched = by_key.get(key)
        if matched is not None:
            used.add(key)
        prior = (
            figure.previous_amount
            if figure.previous_amount is not None
            else (matched.amount if matched else None)
        )
        if prior is not None and prior != 0:
            status = Status.CONTINUING
        elif figure.previous_amount == 0 or (previous is not None and matched is None) or prior == 0:
            status = Status.NEW
        else:
            status = Status.UNKNOWN
        result.append(Compared(figure.name, figure.label, figure.ref, figure.amount, prior, status))
    for key, figure in by_key.items():
        if key not in used and figure.amount != 0:
            result.append(Compared(figure.name, figure.label, "", 0, figure.amount, Status.DISCONTINUED))
    return result


def days_in_fiscal_year(year: int) -> int:
    """365, or 366 when the fiscal year holds a 29 February (FY2023 = Apr 2023 – Mar 2024)."""
    following = year + 1
    leap = following % 4 == 0 and (following % 100 != 0 or following % 400 == 0)
    return 366 if leap else 365


def per_resident(amount: int, population: int | None) -> int | None:
    """Yen per resident, rounded half up; ``None`` without a population."""
    if not population or population <= 0:
        return None
    return (amount * 2 + population) // (population * 2)


def per_resident_per_day(amount: int, population: int | None, year: int) -> int | None:
    if not population or population <= 0:
        return None
    days = days_in_fiscal_year(year)
    return (amount * 2 + population * days) // (population * days * 2)

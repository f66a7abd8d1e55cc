"""Budget file formats: detection by header, and one parse entry point.

Detection order matters: the 予算書 layout and the flat layout both have a 款 column, so the
more specific header wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..amounts import Unit
from ..errors import BudgetImportError
from ..model import ParsedBudget
from ..table import Table, read_table
from . import flat, kankou, template, wide, yosansho
from .common import Columns


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str
    detect: Callable[[Table], Columns | None]
    parse: Callable[..., list[ParsedBudget]]


FORMATS: tuple[Format, ...] = tuple(
    Format(name=module.FORMAT, label=module.LABEL, detect=module.detect, parse=module.parse)
    for module in (yosansho, flat, wide, kankou, template)
)
FORMAT_NAMES = tuple(f.name for f in FORMATS)


def detect_format(table: Table) -> Format:
    for candidate in FORMATS:
        if candidate.detect(table) is not None:
            return candidate
    raise BudgetImportError(
        "形式を判別できません。見出し行に「款」と金額の列があるか確認してください（対応形式: "
        + "、".join(f.label for f in FORMATS)
        + "）",
        source=table.source,
    )


def parse_budget_file(
    data: bytes,
    *,
    source: str,
    format: str | None = None,
    unit: Unit | None = None,
    fiscal_year: int | None = None,
) -> list[ParsedBudget]:
    """Read a budget file of any supported format. Raises :class:`BudgetImportError` only."""
    table = read_table(data, source=source)
    if format is None:
        chosen = detect_format(table)
    else:
        found = [f for f in FORMATS if f.name == format]
        if not found:
            raise BudgetImportError(
                f"形式「{format}」はありません（{', '.join(FORMAT_NAMES)}）", source=source
            )
        chosen = found[0]
    return chosen.parse(table, unit=unit, fiscal_year=fiscal_year)

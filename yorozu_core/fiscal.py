"""Fiscal years (会計年度) and the Japanese era calendar (和暦).

A city's fiscal year runs from 1 April to 31 March (地方自治法 第208条第1項). yorozu stores a fiscal
year as the Western year in which it starts: FY2024 = 令和6年度 (2024-04-01 … 2025-03-31).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Era:
    name: str
    letter: str
    first_year: int  # the Western year of the era's 元年


# Newest first. For fiscal years the era of the year's start label is used by convention,
# except that FY2019 is written 令和元年度 (the change came on 2019-05-01, a month into the year).
ERAS: tuple[Era, ...] = (
    Era("令和", "R", 2019),
    Era("平成", "H", 1989),
    Era("昭和", "S", 1926),
    Era("大正", "T", 1912),
    Era("明治", "M", 1868),
)

_ERA_BY_KEY = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}
_WAREKI = re.compile(r"^(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,3})\s*(?:年度?)?$")
_WESTERN = re.compile(r"^(?:FY)?\s*(\d{4})\s*(?:年度?)?$")
_BARE_ERA_YEAR = re.compile(r"^(元|\d{1,2})(?:年度?)?$")  # 「7」「７年度」: a year of the current era


class FiscalYearError(ValueError):
    """The text is not a fiscal year yorozu can read."""


def fiscal_year_of(day: date) -> int:
    """The fiscal year containing ``day``: January–March belong to the previous year's 年度."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(fiscal_year: int) -> tuple[date, date]:
    """First and last day of a fiscal year (1 April, 31 March)."""
    return date(fiscal_year, 4, 1), date(fiscal_year + 1, 3, 31)


def era_of(year: int) -> Era:
    for era in ERAS:
        if year >= era.first_year:
            return era
    raise FiscalYearError(f"{year}年は明治より前のため和暦に変換できません")


def wareki_year(year: int) -> str:
    """``2024`` → ``令和6``; ``2019`` → ``令和元``."""
    era = era_of(year)
    number = year - era.first_year + 1
    return f"{era.name}{'元' if number == 1 else number}"


def wareki_date(day: date) -> str:
    """``date(2026, 10, 1)`` → ``令和8年10月1日``; ``date(2019, 5, 1)`` → ``令和元年5月1日``.

    Unlike a fiscal-year label, a date takes the era in force that day: 令和 began on 2019-05-01 and
    平成 on 1989-01-08, so ``date(2019, 4, 30)`` → ``平成31年4月30日``.
    """
    era = era_of(day.year)
    if era.first_year == day.year and day < _ERA_FIRST_DAY.get(era.name, day):
        era = ERAS[ERAS.index(era) + 1]
    number = day.year - era.first_year + 1
    return f"{era.name}{'元' if number == 1 else number}年{day.month}月{day.day}日"


_ERA_FIRST_DAY = {"令和": date(2019, 5, 1), "平成": date(1989, 1, 8), "昭和": date(1926, 12, 25)}


def fiscal_year_label(fiscal_year: int) -> str:
    """``2024`` → ``令和6年度``; ``2019`` → ``令和元年度``."""
    return f"{wareki_year(fiscal_year)}年度"


def parse_fiscal_year(text: str) -> int:
    """Read a fiscal year written as "R6", "R06", "令和６年度", "令和元年度", "H31", "2024年度" or "FY2024";
    a bare one- or two-digit number ("7", "７", "7年度") is a year of the current era (令和7年度).

    Raises :class:`FiscalYearError` with a Japanese message for anything else.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")
    western = _WESTERN.match(cleaned)
    if western:
        return int(western.group(1))
    bare = _BARE_ERA_YEAR.match(cleaned)
    if bare:
        cleaned = ERAS[0].letter + bare.group(1)
    wareki = _WAREKI.match(cleaned)
    if not wareki:
        raise FiscalYearError(f"「{text}」は年度として読めません（例: 令和6年度、R6、2024）")
    era = _ERA_BY_KEY[wareki.group(1)]
    number = 1 if wareki.group(2) == "元" else int(wareki.group(2))
    if number < 1:
        raise FiscalYearError(f"「{text}」は年度として読めません（0年はありません）")
    next_era = _next_era(era)
    year = era.first_year + number - 1
    if next_era is not None and year > next_era.first_year:
        raise FiscalYearError(f"「{text}」は{era.name}の年度の範囲を超えています")
    return year


def _next_era(era: Era) -> Era | None:
    index = ERAS.index(era)
    return ERAS[index - 1] if index > 0 else None

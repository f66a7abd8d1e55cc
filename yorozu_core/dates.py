"""Reading dates as Japanese offices write them: 和暦 (令和4年5月10日, R4.5.10, 令和元年5月1日),
Western (2022-05-10, 2022/5/10, 2022年5月10日), and Excel date serials.

Full-width digits are read (NFKC). A date before the era's first day is an error (平成31年5月1日 does not
exist: 令和 began on 2019-05-01).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from .fiscal import ERAS, Era

_ERA_START: dict[str, date] = {
    "令和": date(2019, 5, 1),
    "平成": date(1989, 1, 8),
    "昭和": date(1926, 12, 25),
    "大正": date(1912, 7, 30),
    "明治": date(1868, 10, 23),
}
_BY_KEY: dict[str, Era] = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}
_WAREKI = re.compile(
    r"^(令和|平成|昭和|大正|明治|[RHSTM])\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$"
)
_WESTERN = re.compile(r"^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's serial 1 is 1900-01-01 (with its 1900 leap-year quirk)


class DateParseError(ValueError):
    """The text is not a date yorozu can read (Japanese message)."""


def parse_japanese_date(value: str | int | float) -> date:
    """``"令和4年5月10日"``, ``"R4.5.10"``, ``"2022-05-10"``, ``"2022/5/10"`` or an Excel serial → date."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().upper()
    if not text:
        raise DateParseError("日付が空です")
    western = _WESTERN.match(text)
    if western:
        return _checked(text, int(western[1]), int(western[2]), int(western[3]))
    wareki = _WAREKI.match(text)
    if wareki:
        return _from_wareki(text, wareki)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _from_serial(float(text))
    raise DateParseError(f"「{value}」は日付として読めません（例: 令和4年5月10日、R4.5.10、2022-05-10）")


def _from_wareki(text: str, match: re.Match[str]) -> date:
    era = _BY_KEY[match[1]]
    number = 1 if match[2] == "元" else int(match[2])
    if number < 1:
        raise DateParseError(f"「{text}」は日付として読めません（0年はありません）")
    day = _checked(text, era.first_year + number - 1, int(match[3]), int(match[4]))
    start = _ERA_START[era.name]
    if day < start:
        raise DateParseError(
            f"「{text}」は{era.name}の始まり（{start.year}年{start.month}月{start.day}日）より前です"
        )
    later = [s for s in _ERA_START.values() if s > start]
    if later and day >= min(later):
        end = min(later) - timedelta(days=1)
        raise DateParseError(
            f"「{text}」はありません（{era.name}は{end.year}年{end.month}月{end.day}日までです）"
        )
    return day


def _checked(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateParseError(f"「{text}」という日付はありません") from error


def _from_serial(serial: float) -> date:
    if not 1 <= serial < 2_958_466:
        raise DateParseError(f"「{serial}」は日付として読めません")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def wareki_date(day: date) -> str:
    """``date(2022, 5, 10)`` → ``令和4年5月10日`` (``令和元年`` for the first year)."""
    for name, start in _ERA_START.items():
        if day >= start:
            number = day.year - _BY_KEY[name].first_year + 1
            return f"{name}{'元' if number == 1 else number}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"

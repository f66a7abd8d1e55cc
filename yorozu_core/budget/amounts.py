"""Amounts: parsing cells into integer yen, and writing yen the Japanese way (1億2,345万円).

Budget books print 千円; open-data CSVs use 円 or 千円. We store integer yen and keep the
source unit beside it, so a figure can always be shown as printed.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from enum import StrEnum

_NEGATIVE_MARKS = ("△", "▲", "-", "−", "ー", "－")  # △ is how 予算書 print negatives
_STRIP = str.maketrans("", "", ", \u3000\t'\"")


class Unit(StrEnum):
    YEN = "円"
    THOUSAND_YEN = "千円"

    @property
    def factor(self) -> int:
        return 1000 if self is Unit.THOUSAND_YEN else 1

    @classmethod
    def parse(cls, text: str) -> Unit:
        cleaned = unicodedata.normalize("NFKC", text).strip()
        for unit in cls:
            if cleaned == unit.value:
                return unit
        if cleaned.lower() in {"yen", "jpy"}:
            return cls.YEN
        if cleaned.lower() in {"thousand", "kyen", "1000"}:
            return cls.THOUSAND_YEN
        raise ValueError(f"単位は「円」か「千円」で指定してください（{text!r}）")


class AmountError(ValueError):
    """A cell that is not an amount; the parser adds file, row and column."""


def parse_amount(cell: object, unit: Unit = Unit.YEN) -> int | None:
    """Read one cell as integer yen; ``None`` for an empty cell.

    Accepts ints and floats from xlsx and strings with full-width digits, thousands separators,
    a leading △/▲/minus for negatives and a trailing 円/千円. A decimal is allowed only when the
    result in yen is whole (12.5 千円 = 12,500 円).
    """
    if cell is None or isinstance(cell, bool):
        if isinstance(cell, bool):
            raise AmountError(f"金額として読めません（{cell!r}）")
        return None
    if isinstance(cell, int):
        return cell * unit.factor
    if isinstance(cell, float):
        text = repr(cell)
    else:
        text = str(cell)
    normalized = unicodedata.normalize("NFKC", text).translate(_STRIP)
    if not normalized:
        return None
    negative = False
    if normalized.startswith(_NEGATIVE_MARKS):
        negative = True
        normalized = normalized[1:]
    for suffix in ("千円", "円"):
        if normalized.endswith(suffix):
            normalized = normalized[: -len(suffix)]
            break
    if not normalized or not all(ch.isascii() and (ch.isdigit() or ch in ".eE+-") for ch in normalized):
        raise AmountError(f"金額として読めません（{text[:40]!r}）")
    try:
        value = Decimal(normalized) * unit.factor
    except InvalidOperation as exc:
        raise AmountError(f"金額として読めません（{text[:40]!r}）") from exc
    if not value.is_finite() or value != value.to_integral_value() or abs(value) >= Decimal(10) ** 15:
        raise AmountError(f"円単位の整数になりません（{text[:40]!r}）")
    result = int(value)
    return -result if negative else result


def format_yen(yen: int) -> str:
    """1億2,345万6,789円 style: groups of 兆/億/万, each written with a thousands separator.

    >>> format_yen(123456789)
    '1億2,345万6,789円'
    """
    if yen == 0:
        return "0円"
    sign = "△" if yen < 0 else ""
    rest = abs(yen)
    parts: list[str] = []
    for size, label in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        head, rest = divmod(rest, size)
        if head:
            parts.append(f"{head:,}{label}")
    if rest:
        parts.append(f"{rest:,}")
    return sign + "".join(parts) + "円"


def format_yen_short(yen: int, *, digits: int = 1) -> str:
    """A rounded figure for headings and chart labels: 1,017億円, 3,384万円, 1,234円.

    Rounded to ``digits`` decimals of the largest unit; the tables show the exact figure.
    """
    sign = "△" if yen < 0 else ""
    value = abs(yen)
    for size, label in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        if value >= size:
            scaled = Decimal(value) / size
            text = f"{scaled:,.{digits}f}".rstrip("0").rstrip(".") if digits else f"{scaled:,.0f}"
            return f"{sign}{text}{label}円"
    return f"{sign}{value:,}円"


def format_change_percent(current: int, previous: int | None) -> str:
    """Year-over-year change in per cent, one decimal, △ for decreases; "—" when undefined."""
    if previous is None or previous == 0:
        return "—"
    change = (Decimal(current) - previous) * 100 / abs(previous)
    text = f"{abs(change):.1f}%"
    return ("△" + text) if change < 0 else ("+" + text if change > 0 else text)


# A municipality's 一般会計 is never below 10億円, nor its spending below 1万円 per resident: figures
# under either, read as 円 without a stated unit, are most likely 千円 (a board 1,000 times too small
# is worse than none).
SUSPECT_TOTAL_BELOW = 1_000_000_000
SUSPECT_PER_RESIDENT_BELOW = 10_000


def unit_doubt(total: int, population: int | None) -> str | None:
    """Why amounts read as 円 look like 千円, or None when they look plausible."""
    if 0 < total < SUSPECT_TOTAL_BELOW:
        return f"合計 {format_yen(total)} は市町村の会計として小さすぎます（10億円未満）"
    if population and 0 < total / population < SUSPECT_PER_RESIDENT_BELOW:
        return f"住民1人あたり {total // population:,}円は小さすぎます（1万円未満、人口 {population:,}人）"
    return None

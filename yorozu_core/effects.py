"""Effect-ledger arithmetic: seasonal annualisation and whether a deployment is live on a day.

Annualisation (decision record 0602). A measurement over a few months is scaled to a year by the share
of the year's *volume* those months carry, not by the share of the calendar:

    share  = Σ_m  w_m × c_m  /  Σ_m w_m          (m = the twelve months, April first)
    annual = hours_measured / share

``w_m`` is the month's volume weight (cases handled in that month in a typical year, or any numbers
proportional to them) and ``c_m`` the fraction of month ``m`` the measurement period covers (days
covered / days in the month). With flat weights this is the naive "× 4 for three months"; with real
seasonal weights a measurement taken in the busy season is not blown up into an impossible year.
Example: 116 h measured April–June, when 35 % of the year's cases arrive, is 116 / 0.35 ≈ 331 h a
year (a city reported "about 330 h"), not 464 h.
"""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from yorozu_core import worksheet

Number = int | Decimal

# Fiscal order: index 0 is April, index 11 is March (地方自治法 第208条).
FISCAL_MONTHS: tuple[int, ...] = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
HUNDREDTH = Decimal("0.01")
FLAT_WEIGHTS: tuple[Decimal, ...] = (Decimal(1),) * 12


class WeightsError(ValueError):
    """The monthly weights cannot be used (Japanese message)."""


def fiscal_month_index(month: int) -> int:
    """April → 0 … March → 11."""
    return (month - 4) % 12


def validate_weights(weights: Sequence[Number | float | str]) -> tuple[Decimal, ...]:
    """Twelve non-negative numbers, April to March, not all zero. Returns them as Decimals."""
    if len(weights) != 12:
        raise WeightsError("月別の件数比率は4月から3月までの12個の値で指定してください")
    try:
        values = tuple(Decimal(str(w)) for w in weights)
    except ArithmeticError as error:
        raise WeightsError("月別の件数比率に数値でない値があります") from error
    if any(not v.is_finite() or v < 0 for v in values):
        raise WeightsError("月別の件数比率に負の値は使えません")
    if sum(values) == 0:
        raise WeightsError("月別の件数比率がすべて0です")
    return values


def month_coverage(period_start: date, period_end: date) -> list[tuple[int, Decimal]]:
    """For each calendar month the period touches: (fiscal month index, fraction of it covered)."""
    if period_end < period_start:
        raise ValueError("測定期間の終了日が開始日より前です")
    covered: list[tuple[int, Decimal]] = []
    day = period_start
    while day <= period_end:
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        month_end = day.replace(day=days_in_month)
        last = min(month_end, period_end)
        days = (last - day).days + 1
        covered.append((fiscal_month_index(day.month), Decimal(days) / Decimal(days_in_month)))
        day = last + timedelta(days=1)
    return covered


def period_share(period_start: date, period_end: date, weights: Sequence[Number] = FLAT_WEIGHTS) -> Decimal:
    """Σ w_m × c_m / Σ w_m: the share of a year's volume the period carries (1 for a whole year)."""
    values = validate_weights(weights)
    total = sum(values)
    carried = sum(
        (values[index] * fraction for index, fraction in month_coverage(period_start, period_end)), Decimal(0)
    )
    return carried / total


def annualise(
    *, hours: Number, period_start: date, period_end: date, weights: Sequence[Number] = FLAT_WEIGHTS
) -> Decimal:
    """hours / share: the hours a whole year would give, the measured months weighted by volume.

    A period whose months carry no volume at all (weight 0) cannot be annualised: ValueError.
    """
    share = period_share(period_start, period_end, weights)
    if share == 0:
        raise WeightsError("測定期間の月の件数比率がすべて0のため年換算できません")
    return Decimal(hours) / share


def is_live(go_live: date | None, retired_on: date | None, day: date) -> bool:
    """Live on ``day``: went live on or before it and not yet retired (retired on the day = not live)."""
    return go_live is not None and go_live <= day and (retired_on is None or retired_on > day)


def record_hours(
    *, cases: Number, minutes_before: Number, minutes_after: Number, upkeep_hours: Number
) -> Decimal:
    """ΔT of one effect record (``yorozu_core.worksheet.hours_saved``), kept to the hundredth of an hour.

    Stored rounded so that a report's sum equals the sum of the figures shown per record.
    """
    value = worksheet.hours_saved(
        cases=cases, minutes_before=minutes_before, minutes_after=minutes_after, upkeep_hours=upkeep_hours
    )
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def record_yen(*, hours: Number, hourly_rate_yen: int) -> int:
    """人件費換算 of hours saved (``yorozu_core.worksheet.labour_cost_yen``)."""
    return worksheet.labour_cost_yen(hours=hours, hourly_rate_yen=hourly_rate_yen)


DEFAULT_MEASUREMENT_MONTHS: tuple[int, ...] = (3, 6, 12)


def parse_measurement_months(text: str) -> tuple[int, ...]:
    """``"3,6,12"`` (full-width and 、 accepted) → (3, 6, 12): months after go-live to measure at."""
    cleaned = unicodedata.normalize("NFKC", text).replace("、", ",").replace(" ", "")
    if not cleaned:
        raise ValueError("測定の時期（月数）を1つ以上入力してください（例: 3,6,12）。")
    try:
        months = sorted({int(part) for part in cleaned.split(",") if part})
    except ValueError as error:
        raise ValueError(f"「{text}」は月数の並びとして読めません（例: 3,6,12）。") from error
    if not months or months[0] < 1 or months[-1] > 120:
        raise ValueError("測定の時期は1〜120か月の範囲で入力してください。")
    return tuple(months)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day (1/31 + 1 → 2/28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def measurement_due_dates(
    go_live: date, months: Sequence[int] = DEFAULT_MEASUREMENT_MONTHS
) -> list[tuple[int, date]]:
    """(months after go-live, due date) for each scheduled effect measurement."""
    return [(m, add_months(go_live, m)) for m in sorted(set(months))]

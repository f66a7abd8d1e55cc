"""Worksheet formulas shared by 業務分析 (worksheets) and the effect ledger (impacts).

Contract agreed between the worksheets and impacts apps (issue 5): these three functions keep their
names, keyword-only arguments and Decimal results; the worksheets app owns this module and may add
annual hours, FTE, cost and payback beside them, but must not change these signatures.

* ``hours_saved(*, cases, minutes_before, minutes_after, upkeep_hours=0) -> Decimal``
* ``reduction_rate(*, before, after) -> Decimal``  (a fraction: 0.792 means 79.2 %)
* ``labour_cost_yen(*, hours, hourly_rate_yen) -> int``

Decimal, not float: the ledger sums thousands of records into figures a city publishes (1,065 h),
and a sum of floats drifts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Number = int | Decimal

MINUTES_PER_HOUR = Decimal(60)


def hours_saved(
    *, cases: Number, minutes_before: Number, minutes_after: Number, upkeep_hours: Number = 0
) -> Decimal:
    """ΔT = N × (t_before − t_after) / 60 − upkeep, in hours.

    ``N`` is the number of cases, ``t`` minutes per case; upkeep is the hours spent keeping the tool
    running over the same period (scenario fixes, checking the robot's output). Example: 1,200 cases
    going from 15 to 3 minutes with 40 h of upkeep save 1,200 × 12 / 60 − 40 = 200 h.
    """
    if cases < 0 or minutes_before < 0 or minutes_after < 0 or upkeep_hours < 0:
        raise ValueError("件数・時間に負の値は使えません")
    minutes = Decimal(cases) * (Decimal(minutes_before) - Decimal(minutes_after))
    return minutes / MINUTES_PER_HOUR - Decimal(upkeep_hours)


def reduction_rate(*, before: Number, after: Number) -> Decimal:
    """(before − after) / before: the share of the time that is gone (any unit, same on both sides).

    Example (つくば市): 424 h 44 min → 88 h 18 min is (25,484 − 5,298) / 25,484 = 0.792 = 79.2 %.
    """
    if before <= 0:
        raise ValueError("削減前の時間は正の値にしてください")
    return (Decimal(before) - Decimal(after)) / Decimal(before)


def labour_cost_yen(*, hours: Number, hourly_rate_yen: int) -> int:
    """人件費換算: hours × hourly rate, rounded half up to whole yen.

    Example: a city reported 1,555 h ≈ ¥7.088M, i.e. about ¥4,558/h: 1,555 × 4,558 = ¥7,087,690.
    """
    return int((Decimal(hours) * hourly_rate_yen).quantize(Decimal(1), rounding=ROUND_HALF_UP))

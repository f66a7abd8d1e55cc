"""Worked examples for the effect-ledger formulas (no Django)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from yorozu_core.effects import (
    WeightsError,
    annualise,
    fiscal_month_index,
    is_live,
    month_coverage,
    period_share,
    record_hours,
    record_yen,
    validate_weights,
)
from yorozu_core.worksheet import hours_saved, labour_cost_yen, reduction_rate

# A 戸籍住民課-like year: the spring moving season (April, March) carries most of the cases.
SPRING_HEAVY = (14, 11, 10, 7, 6, 7, 7, 6, 6, 7, 8, 11)


def test_record_hours_are_cases_times_minutes_saved_less_upkeep() -> None:
    assert record_hours(cases=1_200, minutes_before=15, minutes_after=3, upkeep_hours=40) == Decimal(200)


def test_record_hours_can_be_negative_when_upkeep_eats_the_gain() -> None:
    assert record_hours(cases=60, minutes_before=5, minutes_after=4, upkeep_hours=3) == Decimal(-2)


def test_record_hours_keep_hundredths_so_sums_stay_exact() -> None:
    assert record_hours(cases=7, minutes_before=10, minutes_after=9, upkeep_hours=0) == Decimal("0.12")


def test_tsukuba_reduction_is_79_2_percent_through_the_worksheet_formulas() -> None:
    # 424 h 44 min → 88 h 18 min (つくば市): as one "case" through ΔT, then the reduction rate.
    saved = hours_saved(cases=1, minutes_before=424 * 60 + 44, minutes_after=88 * 60 + 18)
    assert round(saved, 2) == Decimal("336.43")  # 336 h 26 min
    rate = reduction_rate(before=424 * 60 + 44, after=88 * 60 + 18)
    assert round(rate * 100, 1) == Decimal("79.2")


def test_labour_cost_of_1555_hours_is_about_7_088_million_yen() -> None:
    assert labour_cost_yen(hours=1_555, hourly_rate_yen=4_558) == 7_087_690
    assert record_yen(hours=Decimal("1555.00"), hourly_rate_yen=4_558) == 7_087_690
    assert record_yen(hours=Decimal("0.5"), hourly_rate_yen=4_561) == 2_281  # half up


def test_flat_weights_annualise_three_months_by_four() -> None:
    annual = annualise(hours=116, period_start=date(2023, 4, 1), period_end=date(2023, 6, 30))
    assert annual == Decimal(464)


def test_seasonal_weights_turn_116_hours_in_three_months_into_about_330() -> None:
    annual = annualise(
        hours=116, period_start=date(2023, 4, 1), period_end=date(2023, 6, 30), weights=SPRING_HEAVY
    )
    assert period_share(date(2023, 4, 1), date(2023, 6, 30), SPRING_HEAVY) == Decimal("0.35")
    assert round(annual) == 331
    assert annual == pytest.approx(330, rel=0.01)


def test_a_quiet_season_measurement_is_scaled_up_more() -> None:
    annual = annualise(
        hours=60, period_start=date(2023, 11, 1), period_end=date(2024, 1, 31), weights=SPRING_HEAVY
    )
    assert annual == Decimal(60) / Decimal("0.19")


def test_partial_months_count_by_days() -> None:
    coverage = month_coverage(date(2024, 2, 15), date(2024, 3, 31))
    assert coverage == [(10, Decimal(15) / 29), (11, Decimal(1))]


def test_a_whole_fiscal_year_is_share_one_whatever_the_weights() -> None:
    assert period_share(date(2022, 4, 1), date(2023, 3, 31), SPRING_HEAVY) == Decimal(1)


def test_fiscal_month_index_starts_in_april() -> None:
    assert [fiscal_month_index(m) for m in (4, 12, 1, 3)] == [0, 8, 9, 11]


@pytest.mark.parametrize(
    "weights",
    [(1,) * 11, (1,) * 11 + (-1,), (0,) * 12, ("a",) + (1,) * 11],
)
def test_it_rejects_unusable_weights(weights: tuple[object, ...]) -> None:
    with pytest.raises(WeightsError):
        validate_weights(weights)  # type: ignore[arg-type]


def test_a_period_with_no_volume_cannot_be_annualised() -> None:
    weights = (0, 0, 0) + (1,) * 9
    with pytest.raises(WeightsError):
        annualise(hours=10, period_start=date(2023, 4, 1), period_end=date(2023, 6, 30), weights=weights)


def test_period_end_before_start_is_rejected() -> None:
    with pytest.raises(ValueError):
        month_coverage(date(2023, 5, 1), date(2023, 4, 30))


def test_live_on_a_day_includes_go_live_and_excludes_retirement_day() -> None:
    assert is_live(date(2023, 10, 1), None, date(2023, 10, 1))
    assert not is_live(date(2023, 10, 2), None, date(2023, 10, 1))
    assert is_live(date(2022, 4, 1), date(2023, 10, 2), date(2023, 10, 1))
    assert not is_live(date(2022, 4, 1), date(2023, 10, 1), date(2023, 10, 1))
    assert not is_live(None, None, date(2023, 10, 1))

"""Worked examples for every worksheet formula (yorozu_core.worksheet)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from yorozu_core.worksheet import (
    Cost,
    SeasonalVolume,
    TaskFigures,
    WorksheetError,
    annual_hours,
    first_year_share,
    format_months,
    fte,
    hours_minutes,
    hours_saved,
    implied_hourly_rate,
    labour_cost_yen,
    parse_months,
    payback_fiscal_year,
    payback_years,
    reduction_rate,
    task_figures,
    worksheet_totals,
)


def test_annual_hours_is_cases_times_minutes_over_sixty() -> None:
    assert annual_hours(cases=1200, minutes_per_case=15) == Decimal(300)
    assert annual_hours(cases=7, minutes_per_case=Decimal("2.5")) == Decimal("17.5") / 60


def test_annual_hours_refuses_negative_volumes() -> None:
    with pytest.raises(WorksheetError):
        annual_hours(cases=-1, minutes_per_case=10)


def test_seasonal_volumes_add_up_month_by_month() -> None:
    volume = SeasonalVolume(
        normal=Decimal(100),
        peak=Decimal(300),
        off=Decimal(50),
        peak_months=frozenset({3, 4}),
        off_months=frozenset({8}),
    )
    assert volume.annual_cases() == Decimal(1550)
    assert volume.monthly_weights()[0] == Decimal(300)  # April first
    assert volume.monthly_weights()[4] == Decimal(50)  # August
    assert annual_hours(cases=volume.annual_cases(), minutes_per_case=12) == Decimal(310)


def test_a_month_cannot_be_peak_and_off_at_once() -> None:
    with pytest.raises(WorksheetError):
        SeasonalVolume(normal=Decimal(1), peak_months=frozenset({4}), off_months=frozenset({4}))


@pytest.mark.parametrize(
    ("text", "months"),
    [("3,4", {3, 4}), ("３・４月", {3, 4}), ("12-2", {12, 1, 2}), ("4〜6", {4, 5, 6}), ("", set())],
)
def test_months_are_read_the_way_staff_write_them(text: str, months: set[int]) -> None:
    assert parse_months(text) == frozenset(months)


@pytest.mark.parametrize("text", ["13", "春", "3-x"])
def test_unreadable_months_are_named(text: str) -> None:
    with pytest.raises(WorksheetError, match=text):
        parse_months(text)


def test_months_are_written_in_fiscal_order() -> None:
    assert format_months(frozenset({3, 4, 12})) == "4,12,3"


def test_fte_divides_by_the_configured_working_year() -> None:
    assert fte(hours=930) == Decimal("0.5")
    assert fte(hours=900, annual_working_hours=1800) == Decimal("0.5")
    with pytest.raises(WorksheetError):
        fte(hours=1, annual_working_hours=0)


def test_hours_saved_takes_upkeep_off() -> None:
    assert hours_saved(cases=1200, minutes_before=15, minutes_after=3, upkeep_hours=40) == Decimal(200)
    assert hours_saved(cases=10, minutes_before=6, minutes_after=6, upkeep_hours=1) == Decimal(-1)


def test_tsukuba_reduction_is_79_2_percent() -> None:
    before = 424 * 60 + 44
    after = 88 * 60 + 18
    rate = reduction_rate(before=before, after=after)
    assert round(rate * 100, 1) == Decimal("79.2")
    hours_rate = reduction_rate(before=Decimal(before) / 60, after=Decimal(after) / 60)
    assert round(hours_rate, 3) == Decimal("0.792")
    assert hours_minutes(Decimal(before) / 60) == "424時間44分"


def test_labour_cost_of_1555_hours_is_about_7_088_million_yen() -> None:
    assert labour_cost_yen(hours=1555, hourly_rate_yen=4558) == 7_087_690
    assert implied_hourly_rate(yen=7_088_000, hours=1555) == 4558
    assert abs(labour_cost_yen(hours=1555, hourly_rate_yen=4560) - 7_088_000) < 3_000


def test_labour_cost_rounds_half_up() -> None:
    assert labour_cost_yen(hours=Decimal("0.5"), hourly_rate_yen=1) == 1
    assert labour_cost_yen(hours=Decimal("2.5"), hourly_rate_yen=1) == 3


def test_cost_and_payback() -> None:
    cost = Cost(initial=500_000, build=1_000_000, annual_licence=300_000)
    assert cost.total(5) == 3_000_000
    years = payback_years(cost=cost, annual_saving_yen=1_200_000)
    assert years is not None and round(years, 2) == Decimal("1.67")
    assert payback_years(cost=cost, annual_saving_yen=300_000) is None
    assert payback_years(cost=Cost(annual_licence=10), annual_saving_yen=100) == 0


def test_payback_fiscal_year_crosses_the_31_march_boundary() -> None:
    assert payback_fiscal_year(go_live=date(2025, 3, 1), years=Decimal("1.5")) == 2026
    assert payback_fiscal_year(go_live=date(2025, 3, 1), years=Decimal(1) / 12) == 2025
    assert payback_fiscal_year(go_live=date(2025, 2, 1), years=Decimal(1) / 12) == 2024
    assert payback_fiscal_year(go_live=date(2025, 3, 1), years=None) is None


def test_first_year_share_counts_from_go_live_to_march() -> None:
    assert first_year_share(go_live=date(2025, 4, 1)) == 1
    assert first_year_share(go_live=date(2026, 1, 1)) == Decimal("0.25")
    assert first_year_share(go_live=date(2026, 3, 31)) == Decimal(1) / 12
    peak_march = SeasonalVolume(normal=Decimal(10), peak=Decimal(110), peak_months=frozenset({3}))
    assert first_year_share(go_live=date(2026, 3, 1), volume=peak_march) == Decimal("0.5")


def test_task_figures_multiply_minutes_by_staff() -> None:
    figures = task_figures(cases=1200, minutes_before=15, minutes_after=3, hourly_rate_yen=4000)
    assert figures.hours_before == 300 and figures.hours_after == 60 and figures.hours_saved == 240
    assert round(figures.fte_before, 3) == Decimal("0.161")
    assert figures.cost_saved == 960_000
    two = task_figures(cases=100, minutes_before=30, minutes_after=None, staff=2, hourly_rate_yen=1)
    assert two.hours_before == 100 and two.hours_saved == 0


def test_totals_take_upkeep_off_once() -> None:
    rows: list[TaskFigures] = [
        task_figures(cases=1200, minutes_before=15, minutes_after=3, hourly_rate_yen=4000),
        task_figures(cases=600, minutes_before=10, minutes_after=10, hourly_rate_yen=4000),
    ]
    totals = worksheet_totals(rows, upkeep_hours=40, upkeep_hourly_rate_yen=4000)
    assert (totals.hours_before, totals.hours_after, totals.hours_saved) == (400, 200, 200)
    assert totals.reduction_rate == Decimal("0.5")
    assert totals.cost_saved == 960_000 - 160_000
    assert worksheet_totals([]).reduction_rate == 0


def test_schedule_requests_the_budget_in_the_previous_fiscal_year() -> None:
    from yorozu_core.worksheet import plan_schedule

    steps = {m.label: m for m in plan_schedule(go_live=date(2026, 10, 1))}
    assert (steps["予算要求"].start, steps["予算要求"].end) == (date(2025, 10, 1), date(2026, 2, 28))
    assert (steps["調達・契約"].start, steps["調達・契約"].end) == (date(2026, 4, 1), date(2026, 5, 31))
    assert (steps["構築・テスト"].start, steps["構築・テスト"].end) == (date(2026, 6, 1), date(2026, 9, 30))
    assert steps["効果測定"].end == date(2026, 12, 31)


def test_schedule_for_a_go_live_in_march_belongs_to_the_year_that_started_in_april() -> None:
    from yorozu_core.worksheet import plan_schedule

    steps = {m.label: m for m in plan_schedule(go_live=date(2027, 3, 31))}
    assert steps["予算要求"].start == date(2025, 10, 1)  # 令和8年度 go-live → request in 令和7年度
    assert steps["調達・契約"].start == date(2026, 4, 1)
    assert steps["予算要求"].end == date(2026, 2, 28)
    early = {m.label: m for m in plan_schedule(go_live=date(2026, 4, 1))}
    assert early["構築・テスト"].start == date(2026, 4, 1)

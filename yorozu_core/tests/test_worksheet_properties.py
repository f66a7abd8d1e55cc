"""Properties of the worksheet formulas over many inputs (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from yorozu_core.worksheet import (
    SeasonalVolume,
    annual_hours,
    format_months,
    hours_saved,
    parse_months,
    reduction_rate,
    task_figures,
    worksheet_totals,
)

counts = st.integers(min_value=0, max_value=100_000)
minutes = st.decimals(min_value=0, max_value=600, places=1)
TINY = Decimal("1e-18")
months = st.frozensets(st.integers(min_value=1, max_value=12))


@given(counts, minutes, minutes)
def test_hours_saved_is_the_difference_of_annual_hours(n: int, before: Decimal, after: Decimal) -> None:
    expected = annual_hours(cases=n, minutes_per_case=before) - annual_hours(cases=n, minutes_per_case=after)
    # equal up to Decimal's 28 significant digits (÷ 60 does not terminate)
    assert abs(hours_saved(cases=n, minutes_before=before, minutes_after=after) - expected) < TINY


@given(st.decimals(min_value=1, max_value=10_000, places=2), st.decimals(min_value=0, max_value=1, places=3))
def test_reduction_rate_is_between_zero_and_one_when_time_goes_down(before: Decimal, kept: Decimal) -> None:
    rate = reduction_rate(before=before, after=before * kept)
    assert 0 <= rate <= 1


@given(months)
def test_months_survive_a_round_trip(chosen: frozenset[int]) -> None:
    assert parse_months(format_months(chosen)) == chosen


@given(counts, counts, months)
def test_seasonal_annual_cases_are_the_sum_of_the_months(
    normal: int, peak: int, peak_months: frozenset[int]
) -> None:
    volume = SeasonalVolume(normal=Decimal(normal), peak=Decimal(peak), peak_months=peak_months)
    assert volume.annual_cases() == sum(volume.monthly_weights())
    assert volume.annual_cases() == normal * (12 - len(peak_months)) + peak * len(peak_months)


@given(st.lists(st.tuples(counts, minutes, minutes), max_size=20))
def test_totals_are_the_sum_of_the_rows(rows: list[tuple[int, Decimal, Decimal]]) -> None:
    figures = [
        task_figures(cases=n, minutes_before=b, minutes_after=a, hourly_rate_yen=4560) for n, b, a in rows
    ]
    totals = worksheet_totals(figures, upkeep_hours=0)
    assert abs(totals.hours_saved - sum((f.hours_saved for f in figures), Decimal(0))) < TINY
    assert totals.cost_before == sum(f.cost_before for f in figures)

from __future__ import annotations

from yorozu_core.budget import (
    HOUSEHOLDS,
    Figure,
    Household,
    Status,
    compare,
    days_in_fiscal_year,
    estimate_resident_tax,
    per_resident,
    per_resident_per_day,
    tax_per_day,
)
from yorozu_core.budget.tax import salary_income_deduction


def test_it_labels_new_discontinued_and_continuing_lines() -> None:
    current = [Figure("議会費", 110), Figure("新 事業費", 5), Figure("総務費", 50, previous_amount=40)]
    previous = [Figure("議会費", 100), Figure("旧事業費", 7), Figure("総務費", 45)]
    rows = {row.name: row for row in compare(current, previous)}
    assert rows["議会費"].status is Status.CONTINUING and rows["議会費"].change == 10
    assert rows["新 事業費"].status is Status.NEW and rows["新 事業費"].previous_amount is None
    assert rows["総務費"].previous_amount == 40  # the book's 前年度予算額 wins over the match
    assert rows["旧事業費"].status is Status.DISCONTINUED and rows["旧事業費"].amount == 0


def test_without_a_previous_year_nothing_is_called_discontinued() -> None:
    rows = compare([Figure("議会費", 1), Figure("新規", 2, previous_amount=0)], None)
    assert [r.status for r in rows] == [Status.UNKNOWN, Status.NEW]


def test_per_resident_figures_round_and_know_leap_years() -> None:
    assert days_in_fiscal_year(2023) == 366 and days_in_fiscal_year(2024) == 365
    assert per_resident(101_700_000_000, 245_489) == 414_275
    assert per_resident_per_day(101_700_000_000, 245_489, 2024) == 1135
    assert per_resident(1, None) is None


def test_salary_income_deduction_follows_the_table() -> None:
    assert salary_income_deduction(1_000_000, 2025) == 550_000
    assert salary_income_deduction(1_000_000, 2026) == 650_000
    assert salary_income_deduction(5_000_000, 2025) == 1_440_000
    assert salary_income_deduction(10_000_000, 2025) == 1_950_000


def test_resident_tax_of_a_single_salaried_resident() -> None:
    # 500万円: 給与所得 356万, 控除 75万(社保15%)+43万 → 課税 238万; 所得割 10% − 調整控除 2,500
    estimate = estimate_resident_tax(salary=5_000_000, household=Household(), fiscal_year=2025)
    assert estimate.taxable == 2_380_000
    assert estimate.municipal == 142_800 - 1_500 + 3_000
    assert estimate.prefectural == 95_200 - 1_000 + 1_000
    assert estimate.forest == 1_000


def test_low_income_households_pay_nothing() -> None:
    estimate = estimate_resident_tax(salary=1_000_000, household=HOUSEHOLDS["single"][1], fiscal_year=2025)
    assert estimate.total == 0


def test_tax_per_day_spreads_the_tax_like_the_budget() -> None:
    shares = tax_per_day(36_500, [("民生費", "a", 300), ("教育費", "b", 100)], 2024)
    assert [round(s.yen_per_day, 2) for s in shares] == [75.0, 25.0]
    assert sum(s.yen_per_year for s in shares) == 36_500

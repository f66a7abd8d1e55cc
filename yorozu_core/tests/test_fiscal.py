from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yorozu_core.fiscal import (
    FiscalYearError,
    fiscal_year_bounds,
    fiscal_year_label,
    fiscal_year_of,
    parse_fiscal_year,
    wareki_date,
)


def test_march_31_belongs_to_the_previous_fiscal_year() -> None:
    assert fiscal_year_of(date(2024, 3, 31)) == 2023


def test_april_1_starts_a_new_fiscal_year() -> None:
    assert fiscal_year_of(date(2024, 4, 1)) == 2024


def test_bounds_run_from_april_to_march() -> None:
    assert fiscal_year_bounds(2024) == (date(2024, 4, 1), date(2025, 3, 31))


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2024, "令和6年度"),
        (2019, "令和元年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_it_renders_wareki_labels(year: int, label: str) -> None:
    assert fiscal_year_label(year) == label


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("R6", 2024),
        ("R06", 2024),
        ("r6", 2024),
        ("令和６年度", 2024),
        ("令和6年度", 2024),
        ("令和元年度", 2019),
        ("H31", 2019),
        ("平成31年度", 2019),
        ("Ｈ３０", 2018),
        ("2024", 2024),
        ("2024年度", 2024),
        ("FY2024", 2024),
        ("令和 6 年度", 2024),
        ("S64", 1989),
        ("７", 2025),
        ("7", 2025),
        ("７年度", 2025),
        ("元年度", 2019),
    ],
)
def test_it_parses_the_ways_staff_write_a_fiscal_year(text: str, year: int) -> None:
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["", "令和", "R0", "H40", "X6", "二〇二四", "令和6月"])
def test_it_rejects_what_is_not_a_fiscal_year_in_japanese(text: str) -> None:
    with pytest.raises(FiscalYearError, match="年度"):
        parse_fiscal_year(text)


@given(st.integers(min_value=1927, max_value=2200))
def test_label_and_parse_round_trip(year: int) -> None:
    assert parse_fiscal_year(fiscal_year_label(year)) == year


@given(st.text(max_size=12))
def test_parse_never_fails_with_anything_but_fiscal_year_error(text: str) -> None:
    try:
        parse_fiscal_year(text)
    except FiscalYearError:
        pass


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_lies_inside_its_fiscal_year(day: date) -> None:
    start, end = fiscal_year_bounds(fiscal_year_of(day))
    assert start <= day <= end


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 10, 1), "令和8年10月1日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_a_date_is_written_in_the_era_in_force_that_day(day: date, text: str) -> None:
    assert wareki_date(day) == text

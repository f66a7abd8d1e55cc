from datetime import date

import pytest

from yorozu_core.dates import DateParseError, parse_japanese_date, wareki_date
from yorozu_core.effects import add_months, measurement_due_dates, parse_measurement_months
from yorozu_core.lifecycle import TransitionError, check_stage_requirements


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和4年5月10日", date(2022, 5, 10)),
        ("R4.5.10", date(2022, 5, 10)),
        ("Ｒ０４．０５．１０", date(2022, 5, 10)),
        ("r4/5/10", date(2022, 5, 10)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.1", date(2019, 4, 1)),
        ("2022-05-10", date(2022, 5, 10)),
        ("2022/5/10", date(2022, 5, 10)),
        ("2022年5月10日", date(2022, 5, 10)),
        ("44691", date(2022, 5, 10)),
        (44691, date(2022, 5, 10)),
    ],
)
def test_it_reads_the_ways_offices_write_dates(text, expected):
    assert parse_japanese_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "R4.2.30", "平成31年5月1日", "令和元年4月30日", "令和0年5月1日", "明日", "R4.13.1"]
)
def test_it_refuses_what_is_not_a_date_in_japanese(text):
    with pytest.raises(DateParseError):
        parse_japanese_date(text)


def test_wareki_date_writes_the_first_year_as_gannen():
    assert wareki_date(date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki_date(date(2022, 5, 10)) == "令和4年5月10日"


def test_measurements_fall_3_6_and_12_months_after_go_live_clamped_to_month_end():
    assert measurement_due_dates(date(2025, 11, 30)) == [
        (3, date(2026, 2, 28)),
        (6, date(2026, 5, 30)),
        (12, date(2026, 11, 30)),
    ]
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_measurement_months_are_parsed_and_checked():
    assert parse_measurement_months("１２、3,6") == (3, 6, 12)
    for bad in ("", "x", "0", "200"):
        with pytest.raises(ValueError):
            parse_measurement_months(bad)


def test_measurement_needs_a_deployment_and_done_needs_an_effect_or_a_reason():
    with pytest.raises(TransitionError):
        check_stage_requirements("measurement", deployments=0, realised_effects=0)
    check_stage_requirements("measurement", deployments=1, realised_effects=0)
    with pytest.raises(TransitionError):
        check_stage_requirements("done", deployments=1, realised_effects=0, reason="  ")
    check_stage_requirements("done", deployments=1, realised_effects=0, reason="効果測定の対象外")
    check_stage_requirements("done", deployments=1, realised_effects=1)

from datetime import date

import pytest

from yorozu_core.ledger_fields import (
    ConversionError,
    FieldValueError,
    convert,
    display,
    parse_value,
    sort_key,
    wareki_date,
)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2024, 4, 1), "令和6年4月1日"),
    ],
)
def test_dates_read_in_wareki_with_the_real_era_boundary(day, label):
    assert wareki_date(day) == label


def test_input_is_normalised_and_typed():
    assert parse_value("number", "１,２３４") == 1234
    assert parse_value("number", "1.5") == 1.5
    assert parse_value("date", "2024/4/01".replace("4/01", "04/01")) == "2024-04-01"
    assert parse_value("bool", "はい") is True
    assert parse_value("multi", "学校、警察署", ["学校", "警察署"]) == ["学校", "警察署"]
    assert parse_value("text", "  ") is None


@pytest.mark.parametrize(
    ("kind", "raw"), [("number", "abc"), ("date", "昨日"), ("choice", "赤"), ("bool", "たぶん")]
)
def test_bad_input_is_refused_in_japanese(kind, raw):
    with pytest.raises(FieldValueError, match=raw):
        parse_value(kind, raw, ["青"])


def test_conversions_keep_values_or_refuse():
    assert convert(12, to_kind="text") == "12"
    assert convert("12", to_kind="number") == 12
    assert convert("小2", to_kind="multi", choices=["小2"]) == ["小2"]
    with pytest.raises(ConversionError):
        convert("秘密", to_kind="number")
    with pytest.raises(ConversionError):
        convert("x", to_kind="file")


def test_display_and_sorting():
    assert display("date", "2024-04-01") == "令和6年4月1日"
    assert display("datetime", "2024-04-01T09:30") == "令和6年4月1日 09:30"
    assert display("user", 3, {3: "児相 三奈"}) == "児相 三奈"
    assert display("number", 1234567) == "1,234,567"
    assert sorted([None, 10, 2], key=sort_key) == [2, 10, None]

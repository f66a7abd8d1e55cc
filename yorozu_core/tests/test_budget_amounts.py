from __future__ import annotations

import pytest

from yorozu_core.budget import (
    AmountError,
    Unit,
    clean_name,
    format_change_percent,
    format_yen,
    format_yen_short,
    parse_amount,
    parse_fiscal_year,
    repair_setsu_name,
    split_number,
    wareki_label,
)


@pytest.mark.parametrize(
    ("cell", "unit", "expected"),
    [
        ("1,234", Unit.YEN, 1234),
        ("１，２３４", Unit.YEN, 1234),
        ("△1,000", Unit.THOUSAND_YEN, -1_000_000),
        ("▲５", Unit.YEN, -5),
        ("-7", Unit.YEN, -7),
        ("12.5", Unit.THOUSAND_YEN, 12_500),
        (481596, Unit.THOUSAND_YEN, 481_596_000),
        (3.0, Unit.YEN, 3),
        ("100円", Unit.YEN, 100),
        ("", Unit.YEN, None),
        (None, Unit.YEN, None),
        ("  ", Unit.YEN, None),
    ],
)
def test_it_parses_amount_cells(cell: object, unit: Unit, expected: int | None) -> None:
    assert parse_amount(cell, unit) == expected


@pytest.mark.parametrize("cell", ["abc", "12.5", "1e400", "nan", "△", "1-2", True])
def test_it_rejects_cells_that_are_not_whole_yen(cell: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(cell, Unit.YEN)


def test_it_writes_yen_in_man_and_oku() -> None:
    assert format_yen(123_456_789) == "1億2,345万6,789円"
    assert format_yen(110_700_000_000) == "1,107億円"
    assert format_yen(-5_000) == "△5,000円"
    assert format_yen_short(101_700_000_000) == "1,017億円"
    assert format_yen_short(89_713_000_000) == "897.1億円"
    assert format_yen_short(33_840_000) == "3,384万円"
    assert format_change_percent(110, 100) == "+10.0%"
    assert format_change_percent(90, 100) == "△10.0%"
    assert format_change_percent(90, None) == "—"


def test_it_cleans_pdf_artefacts_from_names() -> None:
    assert split_number("3 総合体育館 費") == ("3", "総合体育館費")
    assert split_number("議会費") == ("", "議会費")
    assert clean_name("時間外勤務手 当") == "時間外勤務手当"
    assert clean_name("一般職 ３２人") == "一般職32人"
    assert repair_setsu_name("21", "補償、補及び賠償金") == "補償、補塡及び賠償金"
    assert repair_setsu_name("21", "補償金") == "補償金"


@pytest.mark.parametrize(
    ("text", "year"),
    [("2021", 2021), ("R3", 2021), ("R03", 2021), ("令和３年度", 2021), ("令和元年度", 2019), ("H31", 2019),
     ("平成25年度", 2013)],
)  # fmt: skip
def test_it_reads_fiscal_years(text: str, year: int) -> None:
    assert parse_fiscal_year(text) == year


def test_it_writes_wareki() -> None:
    assert wareki_label(2024) == "令和6年度"
    assert wareki_label(2019) == "令和元年度"
    assert wareki_label(2013) == "平成25年度"

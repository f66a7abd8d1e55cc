"""Issue 11 imports: English/Japanese headers in any case, CR-only lines, the wide layout, the unit doubt."""

from __future__ import annotations

import pytest

from yorozu_core.budget import BudgetImportError, Unit, parse_budget_file
from yorozu_core.budget.amounts import unit_doubt

ASAHIKAWA_LIKE = "Category,Category_ID,SubCategory,AMOUNT,Year\n総務費,2,総務管理費,5000000000,2014\n民生費,3,社会福祉費,90000000000,2014\n"


def test_headers_match_without_case_and_in_japanese() -> None:
    (english,) = parse_budget_file(ASAHIKAWA_LIKE.encode(), source="a.csv")
    japanese = (
        "款名,項名,予算額,年度\n総務費,総務管理費,5000000000,2014\n民生費,社会福祉費,90000000000,2014\n"
    )
    (translated,) = parse_budget_file(japanese.encode(), source="j.csv")
    assert english.format == translated.format == "kan-kou"
    assert [(line.path[-1].name, line.amount) for line in english.lines] == [
        (line.path[-1].name, line.amount) for line in translated.lines
    ]
    assert english.fiscal_year == 2014 and not english.unit_stated


def test_cr_only_line_ends_keep_working() -> None:
    (parsed,) = parse_budget_file(ASAHIKAWA_LIKE.replace("\n", "\r").encode(), source="mac.csv")
    assert [line.row for line in parsed.lines] == [2, 3]


def test_a_bad_cell_names_the_header_as_written() -> None:
    bad = ASAHIKAWA_LIKE.replace("5000000000", "abc")
    with pytest.raises(BudgetImportError, match="2行目「AMOUNT」列"):
        parse_budget_file(bad.encode(), source="a.csv")


@pytest.mark.parametrize(
    ("header", "years"),
    [("R6,R7", [2024, 2025]), ("令和6年度,令和7年度", [2024, 2025]), ("2024,2025", [2024, 2025]),
     ("R6（千円）,R7（千円）", [2024, 2025])],
)  # fmt: skip
def test_the_wide_layout_gives_one_budget_per_year(header: str, years: list[int]) -> None:
    text = f"単位：千円\n款,項,目,節,説明,{header}\n1 議会費,議会費,議会費,報酬,議員報酬,300000,310000\n2 総務費,総務管理費,一般管理費,委託料,,1500000,\n"
    parsed = parse_budget_file(text.encode(), source="w.csv")
    assert [p.fiscal_year for p in parsed] == years and all(p.format == "wide-years" for p in parsed)
    assert [sum(line.amount for line in p.lines) for p in parsed] == [1_800_000_000, 310_000_000]
    assert parsed[0].unit is Unit.THOUSAND_YEN and parsed[0].unit_stated
    assert parsed[0].lines[0].note == "議員報酬"


def test_the_wide_layout_without_a_unit_is_marked_unstated() -> None:
    text = "款,R6,R7\n1 議会費,300000,310000\n"
    parsed = parse_budget_file(text.encode(), source="w.csv")
    assert not parsed[0].unit_stated and parsed[0].lines[0].amount == 300_000
    (stated,) = parse_budget_file(text.encode(), source="w.csv", unit=Unit.THOUSAND_YEN)[:1]
    assert stated.unit_stated and stated.lines[0].amount == 300_000_000


def test_unit_doubt_for_a_small_total_or_small_spending_per_resident() -> None:
    assert unit_doubt(98_000_000, None) is not None  # a city's 一般会計 read 1,000 times too small
    assert unit_doubt(98_000_000_000, None) is None
    assert unit_doubt(2_000_000_000, 250_000) is not None  # 8,000円 per resident
    assert unit_doubt(98_000_000_000, 250_000) is None

"""Import totals on the real files of ../shared/data (skipped when the folder is absent)."""

from __future__ import annotations

import pytest

from yorozu_core.budget import Unit, build_tree, check_sums, parse_budget_file, previous_year_lines
from yorozu_core.budget.amounts import unit_doubt
from yorozu_core.budget.tree import Node
from yorozu_core.tests.test_budget_support import data_file

pytestmark = pytest.mark.realdata

# Per 款, in 千円, as the 予算書 print them (本年度 and 前年度 columns summed over distinct 目).
FUJI_R6 = {
    "議会費": (481_596, 489_257), "総務費": (9_013_376, 8_632_788), "民生費": (37_723_107, 35_294_268),
    "衛生費": (9_518_662, 8_973_255), "労働費": (272_120, 217_461), "農林水産業費": (978_051, 977_116),
    "商工費": (3_384_221, 2_966_453), "土木費": (12_237_243, 10_140_824), "消防費": (3_781_176, 3_443_729),
    "教育費": (17_016_181, 13_538_070), "災害復旧費": (52_000, 36_000), "公債費": (7_242_167, 6_939_144),
    "諸支出金": (100, 100),
}  # fmt: skip
FUJI_R8 = {
    "議会費": (488_451, 499_446), "総務費": (9_616_154, 9_605_235), "民生費": (43_341_693, 41_840_448),
    "衛生費": (10_396_106, 10_223_982), "労働費": (159_963, 183_506), "農林水産業費": (1_010_897, 982_157),
    "商工費": (5_525_329, 4_156_662), "土木費": (13_904_324, 12_011_843), "消防費": (6_082_682, 3_947_692),
    "教育費": (12_402_939, 13_345_799), "災害復旧費": (164_720, 129_300), "公債費": (7_606_642, 7_155_071),
    "諸支出金": (100, 100),
}  # fmt: skip


def _tree(relative: str, **options: object) -> Node:
    path = data_file(relative)
    (budget,) = parse_budget_file(path.read_bytes(), source=path.name, **options)  # type: ignore[arg-type]
    return build_tree(budget.lines, budget.explanations)


@pytest.mark.parametrize(
    ("relative", "total", "previous_total", "per_kan", "moku_count"),
    [
        ("fuji-r6-r8-expenditure/r6-long.xlsx", 101_700_000, 91_648_465, FUJI_R6, 182),
        ("fuji-r6-r8-expenditure/r6-long.csv", 101_700_000, 91_648_465, FUJI_R6, 182),
        ("fuji-r6-r8-expenditure/r8-long.xlsx", 110_700_000, 104_081_241, FUJI_R8, 181),
        ("fuji-r6-r8-expenditure/r8-long.csv", 110_700_000, 104_081_241, FUJI_R8, 181),
    ],
)
def test_fuji_totals_match_the_book(
    relative: str, total: int, previous_total: int, per_kan: dict[str, tuple[int, int]], moku_count: int
) -> None:
    root = _tree(relative)
    assert root.amount == total * 1000
    assert root.previous_amount == previous_total * 1000
    assert {k.name: (k.amount // 1000, (k.previous_amount or 0) // 1000) for k in root.children} == per_kan
    assert sum(1 for ancestors, _ in root.walk() if len(ancestors) == 2) == moku_count
    assert check_sums(root) == []  # every 目 = its 節, every 節 = its 小区分


def test_fuji_previous_years_at_moku_level() -> None:
    for relative, total in (("fuji-r6-r8-expenditure/r6-long.csv", 91_648_465),
                            ("fuji-r6-r8-expenditure/r8-long.csv", 104_081_241)):  # fmt: skip
        path = data_file(relative)
        (budget,) = parse_budget_file(path.read_bytes(), source=path.name)
        previous = build_tree(previous_year_lines(budget.lines, depth=3))
        assert previous.amount == total * 1000
        gikai = previous.find(["議会費", "議会費", "議会費"])
        assert gikai is not None and gikai.amount in (489_257_000, 499_446_000)


def test_fuji_names_are_cleaned() -> None:
    root = _tree("fuji-r6-r8-expenditure/r8-long.csv")
    names = {node.name for _, node in root.walk()}
    assert "市史編さん費" in names and "時間外勤務手当" in names
    assert not any(" " in name for name in names)
    assert "補償、補塡及び賠償金" in names


def test_tsukuba_r3_is_about_897_oku() -> None:
    root = _tree("spendingjp-r3-budgets/tsukuba.csv")
    assert root.amount == 89_713_000_000
    assert len(root.children) == 14


@pytest.mark.parametrize(
    ("relative", "unit", "total", "kan"),
    [("spendingjp-r3-budgets/abikoshi_flatten.csv", Unit.YEN, 46_380_000_000, 11),
     ("spendingjp-r3-budgets/tamashi_flatten.csv", Unit.THOUSAND_YEN, 63_030_000_000, 14)],
)  # fmt: skip
def test_abiko_and_tama_in_their_units(relative: str, unit: Unit, total: int, kan: int) -> None:
    path = data_file(relative)
    (guessed,) = parse_budget_file(path.read_bytes(), source=path.name)
    # neither states its unit: read as 円, marked unstated; Tama's 千円 figures are then doubted
    assert guessed.unit is Unit.YEN and not guessed.unit_stated and guessed.fiscal_year == 2021
    doubt = unit_doubt(build_tree(guessed.lines).amount, None)
    assert (doubt is not None) == (unit is Unit.THOUSAND_YEN)
    (stated,) = parse_budget_file(path.read_bytes(), source=path.name, unit=unit)
    root = build_tree(stated.lines)
    assert root.amount == total and len(root.children) == kan


def test_asahikawa_2013_to_2014() -> None:
    before = _tree("asahikawa-2013-2014/asahikawa-budget-2013.csv")
    after = _tree("asahikawa-2013-2014/asahikawa-budget-2014.csv")
    assert (before.amount, after.amount) == (155_760_000_000, 156_200_000_000)
    assert len(after.children) == 14 and len(before.children) == 14
    from yorozu_core.budget import Figure, compare

    rows = compare([Figure(k.name, k.amount) for k in after.children],
                   [Figure(k.name, k.amount) for k in before.children])  # fmt: skip
    gikai = next(r for r in rows if r.name == "議会費")
    assert gikai.change == 524_558_000 - 533_953_000


def test_census_gives_six_digit_codes_and_population() -> None:
    from yorozu_core.budget.census import read_census_population

    census = read_census_population(
        data_file("census2020-population/municipality_population_2020.csv").read_bytes()
    )
    assert census["131199"] == ("板橋区", 584_403)
    assert census["082201"] == ("つくば市", 241_785)
    assert census["222101"][1] == 245_489  # 富士市

from __future__ import annotations

import pytest

from yorozu_core.budget import BudgetImportError, Unit, build_tree, check_sums, parse_budget_file
from yorozu_core.tests.test_budget_support import csv_bytes

LONG_HEADER = ["款", "項", "目", "本年度予算額", "前年度予算額", "節番号", "節名", "節金額", "小区分", "小区分金額",
               "説明レベル", "説明", "説明金額"]  # fmt: skip


def _long_rows() -> list[list[str]]:
    return [
        LONG_HEADER,
        ["議会費", "議会費", "1 議会費", "300", "250", "1", "報酬", "200", "", "", "1", "給与費", "250"],
        ["議会費", "議会費", "1 議会費", "300", "250", "1", "報酬", "200", "", "", "2", "議員 ３２人", "200"],
        [
            "議会費",
            "議会費",
            "1 議会費",
            "300",
            "250",
            "3",
            "職員手当等",
            "100",
            "期末手当",
            "60",
            "",
            "",
            "",
        ],
        [
            "議会費",
            "議会費",
            "1 議会費",
            "300",
            "250",
            "3",
            "職員手当等",
            "100",
            "時間外勤務手 当",
            "40",
            "",
            "",
            "",
        ],
        [
            "総務費",
            "総務管理費",
            "2 文書 費",
            "△5",
            "0",
            "21",
            "補償、補 及 び賠償金",
            "△5",
            "",
            "",
            "",
            "",
            "",
        ],
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_it_reads_the_long_layout_once_per_moku_and_setsu(encoding: str) -> None:
    (budget,) = parse_budget_file(csv_bytes(_long_rows(), encoding), source="long.csv")
    root = build_tree(budget.lines, budget.explanations)
    assert budget.format == "yosansho-long" and budget.unit is Unit.THOUSAND_YEN
    assert root.amount == 295_000  # 300 + △5 千円, not 300 × 4 rows
    assert root.previous_amount == 250_000
    gikai = root.find(["議会費", "議会費", "議会費"])
    assert gikai is not None and gikai.code == "1"
    assert [c.name for c in gikai.children] == ["報酬", "職員手当等"]
    assert [c.name for c in gikai.children[1].children] == ["期末手当", "時間外勤務手当"]
    assert [e.text for e in gikai.explanations] == ["給与費", "議員32人"]
    bunsho = root.find(["総務費", "総務管理費", "文書費"])
    assert bunsho is not None and bunsho.children[0].name == "補償、補塡及び賠償金"
    assert check_sums(root) == []


def test_it_reports_children_that_do_not_add_up() -> None:
    rows = _long_rows()
    rows[3][9] = "61"  # 期末手当 61 + 40 ≠ 100
    (budget,) = parse_budget_file(csv_bytes(rows), source="long.csv")
    (mismatch,) = check_sums(build_tree(budget.lines))
    assert mismatch.path[-1] == "職員手当等" and mismatch.difference == -1000
    assert "1,000円 超過" in mismatch.describe()


def test_it_names_the_row_and_column_of_a_bad_amount() -> None:
    rows = _long_rows()
    rows[2][7] = "二百"
    with pytest.raises(BudgetImportError) as caught:
        parse_budget_file(csv_bytes(rows), source="long.csv")
    assert (caught.value.row, caught.value.column) == (3, "節金額")
    assert str(caught.value).startswith("ファイル「long.csv」 3行目「節金額」列: ")


def test_it_refuses_a_repeated_moku_amount_that_differs() -> None:
    rows = _long_rows()
    rows[2][3] = "301"
    with pytest.raises(BudgetImportError) as caught:
        parse_budget_file(csv_bytes(rows), source="long.csv")
    assert caught.value.row == 3 and "2行目と異なります" in caught.value.message


def test_it_reads_the_flat_layout_and_sums_leaves() -> None:
    rows = [
        ["", "年度", "会計名称", "款", "款名称", "項", "項名称", "目", "目名称", "節", "節名称", "予算額"],
        ["0", "R3", "一般会計", "1", "議会費", "1", "議会費", "1", "議会費", "1", "報酬", "100"],
        ["1", "R3", "一般会計", "1", "議会費", "1", "議会費", "1", "議会費", "1", "報酬", "50"],
        ["2", "R3", "一般会計", "2", "総務費", "1", "総務管理費", "1", "一般管理費", "2", "給料", "1,000"],
    ]
    (budget,) = parse_budget_file(csv_bytes(rows), source="flat.csv", unit=Unit.THOUSAND_YEN)
    root = build_tree(budget.lines)
    assert budget.fiscal_year == 2021 and root.amount == 1_150_000
    assert root.children[0].amount == 150_000


def test_it_refuses_a_fiscal_year_that_contradicts_the_file() -> None:
    rows = [["年度", "款", "款名称", "amount"], ["2021", "1", "議会費", "100"]]
    with pytest.raises(BudgetImportError, match="2020"):
        parse_budget_file(csv_bytes(rows), source="flat.csv", fiscal_year=2020)


def test_it_reads_the_kan_kou_csv() -> None:
    rows = [["category", "category_id", "subcategory", "subcategory_id", "amount", "year"],
            ["議会費", "1", "議会費", "100", "533953000", "2013"],
            ["総務費", "2", "徴税費", "102", "456955000", "2013"]]  # fmt: skip
    (budget,) = parse_budget_file(csv_bytes(rows), source="a.csv")
    assert budget.format == "kan-kou" and budget.fiscal_year == 2013
    assert build_tree(budget.lines).amount == 990_908_000


def test_it_reads_the_template_with_sides_notes_and_declared_parents() -> None:
    rows = [
        ["令和7年度 予算"],
        ["会計", "区分", "款", "項", "目", "金額（千円）", "前年度金額（千円）", "説明文"],
        ["一般会計", "歳出", "1 議会費", "", "", "500", "480", "議会の運営"],
        ["一般会計", "歳出", "1 議会費", "議会費", "議会費", "500", "", ""],
        ["一般会計", "歳入", "市税", "", "", "700", "", ""],
        ["介護保険特別会計", "歳出", "総務費", "", "", "90", "", ""],
    ]
    budgets = parse_budget_file(csv_bytes(rows, "cp932"), source="t.csv")
    assert [(b.account, b.side) for b in budgets] == [
        ("一般会計", "歳出"), ("一般会計", "歳入"), ("介護保険特別会計", "歳出")
    ]  # fmt: skip
    root = build_tree(budgets[0].lines)
    assert root.amount == 500_000 and root.previous_amount == 480_000
    assert root.children[0].note == "議会の運営" and check_sums(root) == []


def test_the_template_requires_a_unit() -> None:
    rows = [["款", "金額"], ["議会費", "1"]]
    with pytest.raises(BudgetImportError, match="単位"):
        parse_budget_file(csv_bytes(rows), source="t.csv")
    (budget,) = parse_budget_file(csv_bytes(rows), source="t.csv", unit=Unit.YEN)
    assert budget.lines[0].amount == 1


def test_the_template_refuses_a_gap_in_the_path() -> None:
    rows = [["款", "項", "目", "金額（円）"], ["議会費", "", "議会費", "1"]]
    with pytest.raises(BudgetImportError) as caught:
        parse_budget_file(csv_bytes(rows), source="t.csv")
    assert (caught.value.row, caught.value.column) == (2, "項")


def test_it_says_when_it_cannot_tell_the_format_or_encoding() -> None:
    with pytest.raises(BudgetImportError, match="形式を判別できません"):
        parse_budget_file(b"a,b\n1,2\n", source="x.csv")
    with pytest.raises(BudgetImportError, match="文字コード"):
        parse_budget_file(b"\x82\xa0\xff\xfe\x00\x81", source="x.csv")
    with pytest.raises(BudgetImportError, match="xlsx"):
        parse_budget_file(b"PK\x03\x04garbage", source="x.xlsx")


def test_it_reads_an_xlsx_template() -> None:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["款", "項", "金額（円）"])
    sheet.append(["教育費", "小学校費", 1200.0])
    sheet.append(["教育費", "中学校費", "△200"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (budget,) = parse_budget_file(buffer.getvalue(), source="t.xlsx")
    assert build_tree(budget.lines).amount == 1000

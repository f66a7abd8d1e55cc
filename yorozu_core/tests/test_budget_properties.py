"""Property tests: on arbitrary cells a parser either returns a budget or names the bad row."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yorozu_core.budget import (
    BudgetImportError,
    Unit,
    build_tree,
    check_sums,
    parse_amount,
    parse_budget_file,
)
from yorozu_core.budget.amounts import AmountError
from yorozu_core.tests.test_budget_support import csv_bytes

HEADERS = {
    "yosansho-long": ["款", "項", "目", "本年度予算額", "前年度予算額", "節番号", "節名", "節金額", "小区分", "小区分金額",
                      "説明レベル", "説明", "説明金額"],
    "spendingjp-flat": ["", "年度", "款", "款名称", "項", "項名称", "目", "目名称", "節", "節名称", "予算額"],
    "kan-kou": ["category", "category_id", "subcategory", "subcategory_id", "amount", "year"],
    "yorozu-template": ["会計", "区分", "款", "項", "目", "節", "細節", "金額（千円）", "前年度金額（千円）", "説明文"],
}  # fmt: skip

# Cells that look like what budget files hold, plus anything at all.
cells = st.one_of(
    st.sampled_from(
        ["", "議会費", "1 総務費", "△1,000", "１２３", "R3", "2021", "歳出", "歳入", "一般会計", "1", "0"]
    ),
    st.integers(min_value=-(10**13), max_value=10**13).map(str),
    st.text(max_size=8),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    format_name=st.sampled_from(sorted(HEADERS)),
    body=st.lists(st.lists(cells, min_size=0, max_size=14), min_size=1, max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
)
def test_parsers_either_import_or_name_the_bad_row(
    format_name: str, body: list[list[str]], encoding: str
) -> None:
    try:
        data = csv_bytes([HEADERS[format_name], *body], encoding)
    except UnicodeEncodeError:
        data = csv_bytes([HEADERS[format_name], *body], "utf-8")
    try:
        budgets = parse_budget_file(
            data, source="any.csv", format=format_name, unit=Unit.YEN, fiscal_year=None
        )
    except BudgetImportError as error:
        assert error.message and str(error).startswith("ファイル「any.csv」")
        if "データ行がありません" not in error.message and "年度" not in (error.column or ""):
            assert error.row is not None and error.row >= 1, str(error)
        return
    for budget in budgets:
        root = build_tree(budget.lines, budget.explanations)
        check_sums(root)
        assert root.amount == root.amount  # the tree is consistent enough to sum


@given(st.one_of(st.text(max_size=20), st.integers(), st.floats(allow_nan=True), st.none()))
def test_amounts_parse_or_raise_amount_error(cell: object) -> None:
    try:
        value = parse_amount(cell, Unit.THOUSAND_YEN)
    except AmountError:
        return
    assert value is None or isinstance(value, int)


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_reader(data: bytes) -> None:
    try:
        parse_budget_file(data, source="x.csv")
    except BudgetImportError as error:
        assert error.message

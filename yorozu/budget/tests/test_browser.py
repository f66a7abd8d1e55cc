"""The public board in a real Chromium: drill-down, year switch, CSV, tax form, no-JS tables, axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from yorozu.budget.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REVENUE = "b/%E4%B8%80%E8%88%AC%E4%BC%9A%E8%A8%88/%E6%AD%B3%E5%85%A5/initial/"  # 一般会計/歳入
AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def board(live_server: Any) -> str:
    load_demo()
    return f"{live_server.url}/budget/139998/2025/"


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"][:3]]} for v in result]


def test_drill_down_two_levels_and_switch_year(page: Any, board: str) -> None:
    page.goto(board)
    page.get_by_role("link", name="民生費").first.click()
    page.get_by_role("link", name="児童福祉費").first.click()
    expect(page.locator("h1")).to_have_text(re.compile("児童福祉費$"))
    assert page.locator(".breadcrumb").inner_text().count("民生費") == 1
    page.get_by_role("navigation", name="年度の切り替え").get_by_role("link", name="令和5年度").click()
    page.wait_for_url("**/2023/n/**")
    expect(page.locator("h1")).to_have_text(re.compile("児童福祉費$"))
    expect(page.locator("canvas")).to_have_count(1)


def test_switch_to_revenue_and_back(page: Any, board: str) -> None:
    page.goto(board)
    nav = page.get_by_role("navigation", name="会計と歳入・歳出の切り替え")
    nav.get_by_role("link", name="一般会計 歳入").click()
    expect(page.locator("h1")).to_have_text(re.compile("一般会計 歳入$"))
    page.get_by_role("link", name="特別区税").first.click()
    page.wait_for_url("**/b/**")
    expect(page.locator("table.budget-table")).to_contain_text("特別区民税")
    page.get_by_role("navigation", name="年度の切り替え").get_by_role("link", name="令和6年度").click()
    page.wait_for_url("**/2024/b/**")
    expect(page.locator("h1")).to_have_text(re.compile("特別区税$"))


def test_download_csv_of_the_current_view(page: Any, board: str) -> None:
    page.goto(board)
    with page.expect_download() as info:
        page.get_by_role("link", name="この表をCSVでダウンロード").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "民生費" in data.decode("utf-8-sig")


def test_tax_per_day_form(page: Any, board: str) -> None:
    page.goto(board)
    page.get_by_role("link", name="あなたの税金は1日いくら？").first.click()
    page.get_by_label("給与収入（年額・円）").fill("6000000")
    page.get_by_label("世帯").select_option("couple")
    page.get_by_role("button", name="計算する").click()
    expect(page.locator("#tax-result")).to_contain_text("結果: 1日あたり約")


def test_tables_work_without_javascript(chromium: Any, board: str) -> None:
    context = chromium.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(board)
    assert page.locator("table.budget-table tbody tr").count() >= 10
    page.get_by_role("link", name="教育費").first.click()
    page.wait_for_url("**/2025/n/**")  # the 款 page, loaded: not the overview's rows
    assert page.locator("table.budget-table tbody tr").count() >= 3
    context.close()


@pytest.mark.parametrize(
    "suffix",
    ["", "n/3/", "n/3-2/", "search/?q=費", "tax/?salary=5000000&household=single", "tax/",
     f"{REVENUE}", f"{REVENUE}n/1/", f"{REVENUE}search/?q=金", "search/?q=ほいく", "trend/", "trend/n/3-2/",
     "../2024/phases/", "../2024/phases/n/3/", "compare/?kan=民生費"],
)  # fmt: skip
def test_public_pages_have_no_wcag_aa_violations(chromium: Any, board: str, suffix: str) -> None:
    # bypass_csp only so that the test can inject axe; the page's own scripts are unchanged
    context = chromium.new_context(locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.goto(board + suffix)
    page.wait_for_load_state("networkidle")
    assert _axe_violations(page) == []
    context.close()


def test_phone_width_has_no_wcag_violations(chromium: Any, board: str) -> None:
    context = chromium.new_context(viewport={"width": 375, "height": 740}, locale="ja-JP", bypass_csp=True)
    page = context.new_page()
    page.goto(board)
    page.wait_for_load_state("networkidle")
    assert _axe_violations(page) == []
    context.close()

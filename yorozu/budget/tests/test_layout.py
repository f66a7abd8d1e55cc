"""Every public page kind at 390 px and 1366 px: no chart over the element after it, no sideways scroll."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from yorozu.budget.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REVENUE = "b/%E4%B8%80%E8%88%AC%E4%BC%9A%E8%A8%88/%E6%AD%B3%E5%85%A5/initial/"  # 一般会計/歳入
PAGE_KINDS = (
    "",  # overview (款, more than six rows)
    "n/3/",  # 款
    "n/3-2/",  # 項
    "n/3-2-1/",  # 目 (節 rows)
    "search/?q=費",
    "search/?q=ほいく",
    "tax/?salary=5000000&household=single",
    f"{REVENUE}",
    f"{REVENUE}n/1/",
    "trend/",
    "trend/n/3-2/",
    "../2024/phases/",
    "../2024/phases/n/3/",
    "compare/?kan=民生費",
)
WIDTHS = (390, 1366)

# For every chart: its box must end above the next element's box (the heading and table after it).
OVERLAPS = """() => Array.from(document.querySelectorAll('.chart, [data-treemap-after]')).flatMap((chart) => {
  const next = chart.nextElementSibling && chart.nextElementSibling.tagName === 'SCRIPT'
    ? chart.nextElementSibling.nextElementSibling : chart.nextElementSibling;
  if (!next) return [];
  const box = chart.getBoundingClientRect();
  const inner = Array.from(chart.querySelectorAll('canvas, svg')).map((e) => e.getBoundingClientRect().bottom);
  const bottom = Math.max(box.bottom, ...inner);
  return bottom > next.getBoundingClientRect().top + 0.5 ? [chart.className + ' over ' + next.tagName] : [];
})"""
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def widths() -> tuple[int, ...]:
    return WIDTHS


@pytest.fixture
def board(live_server: Any) -> str:
    load_demo()
    return f"{live_server.url}/budget/139998/2025/"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_overlaps_and_no_sideways_scroll(chromium: Any, board: str, width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    page = context.new_page()
    problems = {}
    for suffix in PAGE_KINDS:
        response = page.goto(board + suffix)
        assert response is not None and response.status == 200, suffix
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(100)  # Chart.js resizes on the next frame
        overlaps = page.evaluate(OVERLAPS)
        sideways = page.evaluate(SIDEWAYS)
        if overlaps or sideways > 0:
            problems[suffix] = {"overlaps": overlaps, "sideways_px": sideways}
    context.close()
    assert problems == {}


def test_the_treemap_is_keyboard_reachable_and_absent_without_javascript(chromium: Any, board: str) -> None:
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(board)
    boxes = page.locator("[data-treemap] a")
    assert boxes.count() >= 8 and "民生費" in page.locator("[data-treemap]").inner_text()
    boxes.first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-treemap]') !== null")
    boxes.filter(has_text="民生費").click()
    expect(page.locator("h1")).to_have_text(re.compile("民生費$"))  # the 款 page, not the overview
    context.close()
    no_js = chromium.new_context(java_script_enabled=False, locale="ja-JP")
    page = no_js.new_page()
    page.goto(board)
    assert (
        page.locator("[data-treemap]").count() == 0
        and page.locator("table.budget-table tbody tr").count() >= 10
    )
    no_js.close()


def test_static_search_filters_by_reading_and_the_count_follows(
    chromium: Any, board: str, tmp_path: Any
) -> None:
    from yorozu.budget.export import export_static

    export_static(tmp_path)
    page = chromium.new_page()
    page.goto((tmp_path / "139998" / "2025" / "search" / "index.html").as_uri())
    total = page.locator("#budget-filter-count").inner_text()
    page.get_by_label("名称・説明・よみで絞り込む（例: ほいく、学校、ごみ）").fill("ﾎｲｸ")
    shown = page.locator("#budget-all-lines tbody tr:not([hidden])")
    assert shown.count() >= 1 and "保育所運営費" in shown.first.inner_text()
    assert page.locator("#budget-filter-count").inner_text() == f"{shown.count()}件" != total
    page.close()

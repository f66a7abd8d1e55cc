"""In a real Chromium: upload a CP932 CSV, read the profile, cross-tabulate, save a view, download
the Excel report; the page has no sideways scroll at 390 px and works without JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import HEADER, survey_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "フェスタ.csv"
    lines = [",".join(HEADER), *(",".join(f'"{v}"' for v in row) for row in survey_rows())]
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    return path


def test_upload_crosstab_save_and_download_the_report(
    page: Any, live_server: Any, browser_login: Any, cast: Any, tmp_path: Path
) -> None:
    page.set_default_timeout(60_000)  # the shared 2-core machine is often loaded ×8
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/analysis/")
    page.get_by_label("データの名前").fill("フェスタ2026")
    page.get_by_label("ファイル（CSV・TSV・xlsx・xls・ods、100 MB・100万行まで）").set_input_files(
        str(_csv(tmp_path))
    )
    page.get_by_role("button", name="取り込む").click()
    page.wait_for_url("**/analysis/datasets/*/")
    assert "120行" in page.locator(".analysis-facts").inner_text()
    assert "順序尺度" in page.locator("table.profile-table").inner_text()
    page.get_by_role("navigation", name="このデータの分析").get_by_role("link", name="クロス集計").click()
    page.get_by_label("表側（行）").select_option(label="年代")
    page.get_by_label("表頭（列）").select_option(label="満足度")
    page.get_by_role("button", name="集計する").click()
    page.wait_for_url("**/crosstab/?row=*")
    caption = page.locator("caption", has_text="クロス集計: 年代 × 満足度（件数）")
    expect(caption).to_have_count(1)  # waits for the submitted page, not the one it replaces
    assert "カイ二乗" in caption.inner_text()
    expect(page.locator("canvas")).to_have_count(1)
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("新しく作るときの名前").fill("年代別の満足度")
    page.get_by_role("button", name="集計を保存").click()
    page.wait_for_url("**/analysis/views/*/")
    with page.expect_download() as info:
        page.get_by_role("link", name="報告書をダウンロード（Excel）").click()
    from openpyxl import load_workbook

    assert info.value.suggested_filename == "年代別の満足度.xlsx"
    report = tmp_path / "report.xlsx"
    info.value.save_as(report)
    book = load_workbook(report)
    assert any("年代" in name for name in book.sheetnames)
    sheet = book[book.sheetnames[0]]
    assert isinstance(sheet["B4"].value, int) and len(sheet._charts) == 0


def test_the_crosstab_page_works_without_javascript(
    chromium: Any, live_server: Any, cast: Any, survey: Any
) -> None:
    from .conftest import key_of

    context = chromium.new_context(java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("ユーザー名").fill(cast.consultant.username)
        page.get_by_label("パスワード").fill(cast.password)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)  # logged in before the goto
        page.goto(f"{live_server.url}/analysis/datasets/{survey.pk}/crosstab/?row={key_of(survey, '年代')}"
                  f"&column={key_of(survey, '満足度')}")  # fmt: skip
        assert page.locator("table").first.locator("tbody tr").count() == 4  # 3 ages + 合計
    finally:
        context.close()

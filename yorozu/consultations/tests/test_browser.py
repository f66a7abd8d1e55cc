"""A requester files a consultation; a consultant assigns it and moves it to 完了; the dashboard counts it."""

import re

import pytest
from playwright.sync_api import expect

from yorozu.consultations.models import Consultation
from yorozu.impacts.tests.factories import make_tool

STAGES = ["planning", "design", "implementation", "measurement", "done"]


def _year_count(page, live_server) -> int:
    page.goto(f"{live_server.url}/consultations/dashboard/")
    return int(page.locator("#year-count").inner_text())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_case_goes_from_intake_to_done_and_the_dashboard_counts_it(page, live_server, cast, browser_login):
    browser_login(page, cast.consultant)
    before = _year_count(page, live_server)
    page.context.clear_cookies()

    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/consultations/new/")
    page.get_by_label("件名").fill("契約事務のRPA化（ブラウザ）")
    page.get_by_label("相談テーマ").select_option("rpa")  # htmx swaps in the RPA template
    page.wait_for_selector("text=PCだけで完結するか")
    page.get_by_label("件名").fill("契約事務のRPA化（ブラウザ）")
    page.get_by_role("button", name="相談票を提出する").click()
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))
    case = Consultation.objects.get(title="契約事務のRPA化（ブラウザ）")
    assert "ルール化できますか" in case.target_work
    page.context.clear_cookies()

    browser_login(page, cast.consultant)
    page.goto(f"{live_server.url}/consultations/{case.pk}/")
    page.get_by_label("consultant").check()
    page.get_by_role("button", name="担当を設定する").click()
    page.wait_for_selector("#case-assignees:has-text('consultant')")

    page.goto(f"{live_server.url}/consultations/board/")  # first move on the board, through htmx
    card = page.locator(f"[data-case='{case.pk}']")
    card.locator("select[name=to]").select_option("analysis")
    card.get_by_role("button", name="移す").click()
    page.wait_for_selector(f"[data-stage='analysis'] [data-case='{case.pk}']")

    make_tool(cast.consultant)
    for stage in STAGES:
        page.goto(f"{live_server.url}/consultations/{case.pk}/")
        if stage == "measurement":  # the stage rule: a deployment from the case first
            page.get_by_role("link", name="導入を登録").click()
            page.locator("#id_tool").select_option(label="WinActor")
            page.get_by_role("button", name="導入を登録する").click()
            page.wait_for_selector("text=を登録しました。")
        page.get_by_label("段階を移す").select_option(stage)
        if stage == "done":  # no realised effect: 完了 needs a written reason
            page.get_by_label("理由", exact=False).fill("効果測定の対象外（試行のみ）")
        page.get_by_role("button", name="段階を変更する").click()
        page.wait_for_selector("text=段階を変更しました。")
    expect(page.locator("#case-stage")).to_have_text("完了")
    expect(page.locator("#timeline li").nth(7)).to_be_attached()  # eight entries or more

    assert _year_count(page, live_server) == before + 1
    assert page.locator("#fy-table").is_visible()

"""A real Chromium enters a worksheet row and sees the totals update (htmx, no page reload)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yorozu.worksheets.tests.factories import consultation, rate


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_entering_a_row_updates_the_totals(cast, page, live_server, browser_login) -> None:  # noqa: ANN001
    rate(yen=4000)
    case = consultation(department=cast.department, requester=cast.requester)
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/worksheets/consultations/{case.pk}/")
    totals = page.locator("#ws-totals")
    assert totals.locator("[data-total=tasks]").inner_text() == "0"

    form = page.locator("#item-create")
    form.get_by_label("業務名（必須）").fill("契約台帳への転記")
    form.get_by_label("年間件数").fill("1200")
    form.get_by_label("1件あたり処理時間（分）（必須）").fill("15")
    form.get_by_label("導入後の処理時間（分・見込み）").fill("3")
    form.get_by_label("入力は紙か電子か（必須）").select_option(label="電子")
    form.get_by_label("PC上で完結するか（必須）").select_option(label="はい")
    form.get_by_label("手順をルールとして書けるか（必須）").select_option(label="書ける")
    form.get_by_label("判断・例外の多さ（必須）").select_option(label="少ない")
    form.get_by_label("定型/非定型（必須）").select_option(label="定型")
    form.get_by_label("コア/ノンコア（必須）").select_option(label="ノンコア")
    form.get_by_label("測定方法（必須）").select_option(label="実測")
    url_before = page.url
    form.get_by_role("button", name="追加する").click()

    expect(totals.locator("[data-total=tasks]")).to_have_text("1")
    assert page.url == url_before  # swapped in place, no navigation
    assert totals.locator("[data-total=hours]").inner_text() == "300.0時間"
    assert totals.locator("[data-total=saved]").inner_text() == "240.0時間"
    assert totals.locator("[data-total=rate]").inner_text() == "80.0%"
    row = page.locator("#ws-rows tr").first
    assert "契約台帳への転記" in row.inner_text() and "RPA" in row.inner_text()
    assert page.locator("#item-create").get_by_label("業務名（必須）").input_value() == ""  # a fresh form

    row.get_by_role("link", name="編集").click()
    editing = page.locator("tr.ws-editing")
    editing.get_by_label("年間件数").fill("2400")
    editing.get_by_role("button", name="保存する").click()
    expect(page.locator("#ws-totals [data-total=hours]")).to_have_text("600.0時間")
    assert re.search(r"600\.0", page.locator("#ws-rows tr").first.inner_text())

    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm asks before deleting
    page.locator("#ws-rows tr").first.get_by_role("button", name="削除").click()
    expect(totals.locator("[data-total=tasks]")).to_have_text("0")
    expect(page.locator("#ws-rows tr")).to_have_count(0)


def _fill_task(form, name: str, cases: str) -> None:  # noqa: ANN001
    form.get_by_label("業務名（必須）").fill(name)
    form.get_by_label("年間件数").fill(cases)
    form.get_by_label("1件あたり処理時間（分）（必須）").fill("10")
    form.get_by_label("入力は紙か電子か（必須）").select_option(label="電子")
    form.get_by_label("PC上で完結するか（必須）").select_option(label="はい")
    form.get_by_label("手順をルールとして書けるか（必須）").select_option(label="書ける")
    form.get_by_label("判断・例外の多さ（必須）").select_option(label="少ない")
    form.get_by_label("定型/非定型（必須）").select_option(label="定型")
    form.get_by_label("コア/ノンコア（必須）").select_option(label="ノンコア")
    form.get_by_label("測定方法（必須）").select_option(label="実測")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_three_tasks_can_be_added_in_a_row_without_reload(cast, page, live_server, browser_login) -> None:  # noqa: ANN001
    rate(yen=4000)
    case = consultation(department=cast.department, requester=cast.requester)
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/worksheets/consultations/{case.pk}/")
    totals = page.locator("#ws-totals")
    for count, name in enumerate(("受付簿への転記", "証明書の発行", "統計の集計"), start=1):
        form = page.locator("#item-create form")
        _fill_task(form, name, "600")
        form.get_by_role("button", name="追加する").click()
        expect(totals.locator("[data-total=tasks]")).to_have_text(str(count))
        assert page.locator("#item-create form input[name=name]").count() == 1  # inputs stay inside
    expect(page.locator("#ws-rows tr")).to_have_count(3)

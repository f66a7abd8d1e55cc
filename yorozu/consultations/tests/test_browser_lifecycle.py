"""One case walked in a real Chromium from the 相談票 to 完了, the case page showing each step:
相談票 → 業務量調査 (three tasks) → 事業計画書 → 導入を登録 from the case page → realised effect → 完了."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from yorozu.consultations.models import Consultation
from yorozu.impacts.models import Deployment, EffectRecord
from yorozu.impacts.tests.factories import make_tool
from yorozu.worksheets.tests.factories import rate

TASKS = [
    ("住民異動届の入力", "1200", "15", "3"),
    ("証明書郵送請求の受付", "600", "10", "4"),
    ("統計の集計", "12", "120", "30"),
]


def _add_task(page, live_server, case_pk: int, task: tuple[str, str, str, str]) -> None:
    name, cases, before, after = task
    page.goto(f"{live_server.url}/worksheets/consultations/{case_pk}/")  # a fresh page per task
    form = page.locator("#item-create")
    form.get_by_label("業務名（必須）").fill(name)
    form.get_by_label("年間件数").fill(cases)
    form.get_by_label("1件あたり処理時間（分）（必須）").fill(before)
    form.get_by_label("導入後の処理時間（分・見込み）").fill(after)
    for label, option in [
        ("入力は紙か電子か（必須）", "電子"),
        ("PC上で完結するか（必須）", "はい"),
        ("手順をルールとして書けるか（必須）", "書ける"),
        ("判断・例外の多さ（必須）", "少ない"),
        ("定型/非定型（必須）", "定型"),
        ("コア/ノンコア（必須）", "ノンコア"),
        ("測定方法（必須）", "実測"),
    ]:
        form.get_by_label(label).select_option(label=option)
    form.get_by_role("button", name="追加する").click()
    expect(page.locator("#ws-rows")).to_contain_text(name)


def _move(page, live_server, case_pk: int, stage: str, reason: str = "") -> None:
    page.goto(f"{live_server.url}/consultations/{case_pk}/")
    page.get_by_label("段階を移す").select_option(stage)
    if reason:
        page.get_by_label("理由", exact=False).fill(reason)
    page.get_by_role("button", name="段階を変更する").click()
    page.wait_for_selector("text=段階を変更しました。")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_one_case_from_intake_to_done_shows_every_step_on_the_case_page(
    page, live_server, cast, browser_login
):
    rate(yen=4000)
    make_tool(cast.consultant)
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/consultations/new/")
    page.get_by_label("相談テーマ").select_option("rpa")
    page.wait_for_selector("text=PCだけで完結するか")
    page.get_by_label("件名").fill("住民異動届のRPA化（通し）")
    page.get_by_role("button", name="相談票を提出する").click()
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))
    case = Consultation.objects.get(title="住民異動届のRPA化（通し）")
    page.context.clear_cookies()

    browser_login(page, cast.consultant)
    _move(page, live_server, case.pk, "analysis")
    for task in TASKS:
        _add_task(page, live_server, case.pk, task)
    page.goto(f"{live_server.url}/consultations/{case.pk}/")
    assert page.get_by_test_id("ws-tasks").inner_text() == "3件"
    # 1200×15 + 600×10 + 12×120 = 25,440 min = 424 h; saved 1200×12 + 600×6 + 12×90 = 19,080 min = 318 h
    assert page.get_by_test_id("ws-hours").inner_text() == "424.0時間"
    assert page.get_by_test_id("ws-saved").inner_text() == "318.0時間"
    expect(page.locator("#case-analysis")).to_contain_text("RPA")

    page.get_by_role("link", name="事業計画書を開く").click()
    page.get_by_label("解決策").fill("RPAで住基システムへの入力を自動化する。")
    page.get_by_label("稼働予定日").fill("2026-10-01")
    page.get_by_role("button", name="保存する").click()
    page.get_by_text("事業計画の内容を保存しました。").wait_for()  # saved before the goto
    page.goto(f"{live_server.url}/consultations/{case.pk}/")
    expect(page.get_by_test_id("plan-updated")).to_contain_text("最終更新")
    for stage in ("planning", "design", "implementation"):
        _move(page, live_server, case.pk, stage)

    page.get_by_role("link", name="導入を登録").click()
    assert page.get_by_label("年間件数（見込み）").input_value() == "1812"  # from the worksheet
    assert page.locator("#id_go_live").input_value() == "2026-10-01"
    page.locator("#id_tool").select_option(label="WinActor")
    page.get_by_role("button", name="導入を登録する").click()
    page.wait_for_selector("text=を登録しました。")
    expect(page.locator("#case-deployments")).to_contain_text("住民異動届のRPA化（通し）")
    expect(page.get_by_test_id("effects-projected")).to_have_text("318.0")
    deployment = Deployment.objects.get(consultation=case)
    assert EffectRecord.objects.get(deployment=deployment).kind == "projected"
    _move(page, live_server, case.pk, "measurement")

    page.goto(f"{live_server.url}/impacts/deployments/{deployment.pk}/")
    form = page.locator("form.effect-form")
    form.get_by_label("実績").check()
    form.get_by_label("測定期間（開始）").fill("2026-10-01")
    form.get_by_label("測定期間（終了）").fill("2026-12-31")
    form.get_by_label("件数").fill("300")
    form.get_by_label("導入前の1件あたり時間（分）").fill("15")
    form.get_by_label("導入後の1件あたり時間（分）").fill("3")
    form.get_by_role("button", name="記録する").click()
    page.wait_for_selector("text=効果を記録しました")

    _move(page, live_server, case.pk, "done")  # a realised effect: no reason needed
    expect(page.locator("#case-stage")).to_have_text("完了")
    expect(page.get_by_test_id("effects-realised")).to_have_text("60.0")  # 300 × 12 / 60
    expect(page.locator("#case-effects")).to_contain_text("住民異動届のRPA化（通し）")
    expect(page.locator("#timeline")).to_contain_text("効果測定 → 完了")
    page.set_viewport_size({"width": 390, "height": 844})  # the case page and the home page fit a phone
    for path in (f"/consultations/{case.pk}/", "/", f"/impacts/consultations/{case.pk}/deploy/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path

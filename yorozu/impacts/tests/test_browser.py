"""In a real Chromium: record an effect on a deployment's page and see the report change."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from yorozu.impacts.tests.factories import make_deployment, make_effect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_recording_an_effect_changes_the_report(cast, page, live_server, browser_login) -> None:
    deployment = make_deployment(cast.consultant, cast.department, go_live=date(2022, 4, 1))
    make_effect(cast.consultant, deployment, cases=600)  # 80 h in 令和4年度
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_login(page, cast.consultant)

    page.goto(f"{live_server.url}/impacts/?fiscal_year=R4")
    assert page.get_by_test_id("year-realised").inner_text() == "80.0時間"
    assert page.locator("canvas[data-impacts-chart='hours']").bounding_box()["height"] > 100

    page.goto(f"{live_server.url}/impacts/deployments/{deployment.pk}/")
    page.get_by_label("実績").check()
    page.get_by_label("測定期間（開始）").fill("2022-10-01")
    page.get_by_label("測定期間（終了）").fill("2022-12-31")
    page.get_by_label("件数", exact=True).fill("300")
    page.get_by_label("導入前の1件あたり時間（分）").fill("12")
    page.get_by_label("導入後の1件あたり時間（分）").fill("2")
    page.get_by_label("保守等の時間（時間）").fill("5")
    # htmx recalculates as the consultant types: 300 × 10 / 60 − 5 = 45 h; Oct–Dec is 1/4 of a flat year.
    page.get_by_test_id("preview-hours").filter(has_text="45.00時間").wait_for()
    expect(page.get_by_test_id("preview-annual")).to_have_text("180.0時間")
    page.get_by_role("button", name="記録する").click()
    page.wait_for_url(f"**/impacts/deployments/{deployment.pk}/")
    expect(page.locator(".messages")).to_contain_text("削減時間 45.00 時間")  # URL unchanged: wait for it

    page.goto(f"{live_server.url}/impacts/?fiscal_year=令和4年度")
    assert page.get_by_test_id("year-realised").inner_text() == "125.0時間"
    assert page.get_by_test_id("cumulative-realised").inner_text() == "125.0時間"
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e]

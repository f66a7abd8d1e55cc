"""In Chromium: the intake form shows 似ている事例 as the requester types; the case page drafts a 事例;
the casebook pages fit a 390 px screen."""

from __future__ import annotations

import re
from typing import Any

import pytest

from yorozu.casebook.models import CaseStudy
from yorozu.casebook.tests.factories import finished_case, import_neighbours


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_intake_form_shows_similar_case_studies_while_typing(
    page: Any, live_server: Any, cast: Any, browser_login: Any
) -> None:
    import_neighbours(cast.consultant)
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/consultations/new/")
    page.get_by_label("現状の課題").fill("保育園の入所申込が紙だけで、書類の不備確認に追われている。")
    page.get_by_label("現状の課題").press("End")  # a keyup: htmx asks for 似ている事例
    panel = page.locator("#casebook-for-intake")
    panel.locator("text=保育園の入所申込をオンライン化").wait_for()
    assert "みどり市" in panel.inner_text() and "似ている理由" in panel.inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_consultant_drafts_a_case_study_from_the_case_page(
    page: Any, live_server: Any, cast: Any, browser_login: Any
) -> None:
    case = finished_case(cast)
    browser_login(page, cast.consultant)
    page.goto(f"{live_server.url}/consultations/{case.pk}/")
    page.get_by_role("button", name="事例にする").click()  # loaded into the case page by htmx
    page.wait_for_url(re.compile(r"/casebook/\d+/edit/$"))
    assert page.get_by_label("事例名").input_value() == case.title
    page.get_by_role("button", name="保存する").click()
    page.wait_for_selector("text=事例を保存しました。")
    assert CaseStudy.objects.get(consultation=case).annual_hours_saved == 80


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_casebook_pages_do_not_scroll_sideways_at_390px(
    page: Any, live_server: Any, cast: Any, browser_login: Any
) -> None:
    import_neighbours(cast.consultant)
    cs = CaseStudy.objects.first()
    page.set_viewport_size({"width": 390, "height": 800})
    browser_login(page, cast.requester)
    for path in ("/casebook/", f"/casebook/{cs.pk}/", "/casebook/similar/?text=保育園の入所申込"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)

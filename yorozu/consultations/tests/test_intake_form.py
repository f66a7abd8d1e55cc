"""The 相談票 form: a theme's template keeps what was typed; 関係部署 are checkboxes (no Ctrl-click)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yorozu.consultations.models import Consultation

pytestmark = pytest.mark.django_db


def _load(client, data: dict, **kwargs):  # noqa: ANN001, ANN202
    return client.post(reverse("consultations:case-create"), {**data, "load_template": "1"}, **kwargs)


def test_loading_a_template_keeps_the_typed_title_timing_and_departments(cast, client_as) -> None:  # noqa: ANN001
    typed = {
        "theme": "ai_ocr",
        "title": "健診結果の入力",
        "desired_timing": "令和8年度",
        "related_departments": [cast.other_department.pk],
    }
    body = _load(client_as(cast.requester), typed).content.decode()
    assert 'value="健診結果の入力"' in body and 'value="令和8年度"' in body
    assert f'value="{cast.other_department.pk}" checked' in body
    assert "帳票の種類と年間枚数" in body  # the AI-OCR template was loaded
    assert not Consultation.objects.exists()  # loading is not filing


def test_a_typed_issue_survives_a_template_but_another_templates_text_is_replaced(cast, client_as) -> None:  # noqa: ANN001
    client = client_as(cast.requester)
    rpa_text = _load(client, {"theme": "rpa"}).context["form"].initial["current_issue"]
    swapped = _load(client, {"theme": "ai_ocr", "current_issue": rpa_text}).context["form"].initial
    assert swapped["current_issue"] != rpa_text
    kept = _load(client, {"theme": "ai_ocr", "current_issue": "毎月300枚の紙を手入力"}).context["form"]
    assert kept.initial["current_issue"] == "毎月300枚の紙を手入力"


def test_htmx_loading_answers_only_the_form(cast, client_as) -> None:  # noqa: ANN001
    response = _load(
        client_as(cast.requester), {"theme": "rpa", "title": "保育料"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="intake">') and 'value="保育料"' in body


def test_related_departments_are_checkboxes_in_a_fieldset(cast, client_as) -> None:  # noqa: ANN001
    body = client_as(cast.requester).get(reverse("consultations:case-create")).content.decode()
    assert '<select name="related_departments"' not in body
    assert body.count('type="checkbox" name="related_departments"') == 3  # every 課
    assert "<legend>関係部署（複数選べます）</legend>" in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_typed_title_survives_choosing_a_theme_and_departments_tick_by_click(
    page,
    live_server,
    cast,
    browser_login,  # noqa: ANN001
) -> None:
    browser_login(page, cast.requester)
    page.goto(f"{live_server.url}/consultations/new/")
    page.get_by_label("件名").fill("健診結果の入力")
    page.get_by_label("児童相談所").check()
    page.get_by_label("相談テーマ").select_option("ai_ocr")  # htmx swaps in the AI-OCR template
    expect(page.locator("#guidance")).to_contain_text("AI-OCR")
    expect(page.get_by_label("件名")).to_have_value("健診結果の入力")
    expect(page.get_by_label("児童相談所")).to_be_checked()
    page.get_by_label("IT推進課").check()
    with page.expect_navigation():  # same address: wait for the answer to the POST, not the old form
        page.get_by_role("button", name="テンプレートを読み込む").click()  # the no-JS path, same result
    expect(page.get_by_label("件名")).to_have_value("健診結果の入力")
    page.get_by_role("button", name="相談票を提出する").click()
    page.wait_for_url(re.compile(r"/consultations/\d+/$"))  # filed before the database is read
    case = Consultation.objects.get()
    assert case.title == "健診結果の入力"
    assert {d.name for d in case.related_departments.all()} == {"児童相談所", "IT推進課"}

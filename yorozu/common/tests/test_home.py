"""Home pages that start the day: the desk's work, a department's cases, the year's figures; the menu
shows only what the role can use."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from yorozu.accounts.models import User
from yorozu.consultations import services
from yorozu.consultations.tests.factories import make_case
from yorozu.impacts.tests.factories import make_deployment

pytestmark = pytest.mark.django_db


def test_the_consultant_sees_triage_waiting_replies_measurements_and_own_cases(cast, client_as):
    new = make_case(cast.requester, title="新しい相談（未割当）")
    mine = make_case(cast.requester, title="担当の相談")
    services.consultation_assign(user=cast.consultant, consultation=mine, consultants=[cast.consultant])
    services.consultation_comment(user=cast.requester, consultation=mine, body="資料を送りました。")
    deployment = make_deployment(
        cast.consultant,
        cast.department,
        go_live=timezone.localdate() - timedelta(days=100),
        consultation=mine,
    )
    page = client_as(cast.consultant).get("/")
    text = page.content.decode()
    assert page.context["home"] == "desk"
    assert [line.case for line in page.context["triage"]] == [new]
    assert [line.case for line in page.context["waiting"]] == [mine]
    assert [label for label, _ in page.context["my_cases"]] == ["受付"]
    assert deployment.name in text and "期限超過" in text  # 3 months after go-live has passed
    services.consultation_comment(user=cast.consultant, consultation=mine, body="確認しました。")
    assert client_as(cast.consultant).get("/").context["waiting"] == []


def test_the_requester_sees_their_department_cases_with_the_next_step(cast, client_as):
    make_case(cast.requester, title="自課の相談")
    make_case(cast.consultant, department=cast.other_department, title="他課の相談")
    page = client_as(cast.colleague).get("/")
    text = page.content.decode()
    assert "自課の相談" in text and "他課の相談" not in text
    assert "相談内容の確認と担当の割り当て" in text and "相談票を書く" in text


def test_the_viewer_sees_the_year_key_figures_with_links_to_the_reports(cast, client_as):
    make_case(cast.requester, received_on=timezone.localdate())
    page = client_as(cast.viewer).get("/")
    assert page.context["home"] == "viewer"
    assert page.context["report"].consultations == 1
    assert "/impacts/" in page.content.decode()


def _menu(page) -> str:
    text = page.content.decode()
    return text[text.index('class="site-nav"') : text.index("</nav>", text.index('class="site-nav"'))]


def test_the_menu_shows_what_the_role_can_use(cast, client_as, db):
    assert "/budget/manage/" in _menu(client_as(cast.consultant).get("/"))
    requester_menu = _menu(client_as(cast.requester).get("/"))
    assert "/budget/manage/" not in requester_menu and 'href="/budget/"' in requester_menu
    assert "/analysis/" in requester_menu and "/casebook/" in requester_menu
    external = User.objects.create_user(username="school", password="x", role=User.Role.EXTERNAL)
    assert client_as(external).get("/")["Location"] == "/ledgers/"  # partners land on what is shared
    external_menu = _menu(client_as(external).get("/accounts/me/"))
    assert "/consultations/" not in external_menu and "/ledgers/" in external_menu


def test_a_requesters_withdraw_button_asks_first_then_withdraws(cast, client_as):
    case = make_case(cast.requester)
    client = client_as(cast.colleague)
    detail = client.get(f"/consultations/{case.pk}/").content.decode()
    assert "相談を取り下げる" in detail and 'value="withdrawn"' not in detail
    confirm = client.get(f"/consultations/{case.pk}/withdraw/")
    assert "取り下げを確定する" in confirm.content.decode()
    case.refresh_from_db()
    assert case.stage == "received"  # the GET only asks
    assert client.post(f"/consultations/{case.pk}/withdraw/", {"reason": ""}).status_code == 200
    client.post(f"/consultations/{case.pk}/withdraw/", {"reason": "既存システムで対応"})
    case.refresh_from_db()
    assert (case.stage, case.closing_reason) == ("withdrawn", "既存システムで対応")
    assert client_as(cast.outsider).get(f"/consultations/{case.pk}/withdraw/").status_code == 404
    assert client_as(cast.viewer).get(f"/consultations/{case.pk}/withdraw/").status_code == 403

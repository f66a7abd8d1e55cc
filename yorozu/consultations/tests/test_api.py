"""The JSON API against the permission matrix (bearer tokens from ``api_as``)."""

from datetime import date

import pytest

from yorozu.consultations.models import Consultation, TimelineEntry
from yorozu.consultations.tests.factories import make_case

pytestmark = pytest.mark.django_db
EVERYONE = ["requester", "colleague", "outsider", "consultant", "viewer", "admin"]
SEES_CASE = {"requester", "colleague", "consultant", "viewer", "admin"}
CHANGES_CASE = {"requester", "colleague", "consultant", "admin"}
DESK = {"consultant", "admin"}
BASE = "/api/consultations/"


@pytest.fixture
def case(cast):
    return make_case(cast.requester, title="書かない窓口の導入", received_on=date(2023, 3, 31))


def _expected(who, allowed, *, ok=200):
    if who not in SEES_CASE:
        return 404
    return ok if who in allowed else 403


def test_every_endpoint_needs_a_token(api_as, case):
    api = api_as(None)
    assert api.get(BASE).status_code == 401
    assert api.get(f"{BASE}stats").status_code == 401
    assert api.get(f"{BASE}{case.pk}").status_code == 401
    assert api.post(BASE, {"title": "t"}).status_code == 401
    assert api.post(f"{BASE}{case.pk}/transition", {"to": "analysis"}).status_code == 401
    assert api.post(f"{BASE}{case.pk}/comments", {"body": "x"}).status_code == 401


@pytest.mark.parametrize("who", EVERYONE)
def test_the_list_is_scoped_and_paginated(cast, api_as, case, who):
    make_case(cast.outsider, title="児童相談所と関係機関の情報共有")
    response = api_as(getattr(cast, who)).get(BASE, page_size=1)
    assert response.status_code == 200
    data = response.json()
    expected = {"requester": 1, "colleague": 1, "outsider": 1}.get(who, 2)
    assert data["count"] == expected
    assert len(data["items"]) == 1 and "id" in data["items"][0]


def test_the_list_takes_the_same_filters_as_the_page(cast, api_as, case):
    make_case(
        cast.requester, title="ＡＩ－ＯＣＲで健診結果を読む", theme="ai_ocr", received_on=date(2023, 4, 1)
    )
    api = api_as(cast.consultant)
    assert [i["title"] for i in api.get(BASE, q="ai-ocr").json()["items"]] == ["ＡＩ－ＯＣＲで健診結果を読む"]
    assert api.get(BASE, fiscal_year="R4").json()["count"] == 1
    assert api.get(BASE, fiscal_year="2023").json()["items"][0]["fiscal_year_label"] == "令和5年度"
    assert api.get(BASE, theme="ai_ocr", department=cast.department.pk).json()["count"] == 1
    assert api.get(BASE, stage="analysis").json()["count"] == 0
    assert api.get(BASE, fiscal_year="むかし").status_code == 422


def test_page_size_is_capped_at_500(cast, api_as, case):
    response = api_as(cast.consultant).get(BASE, page_size=100000)
    assert response.status_code == 200


@pytest.mark.parametrize("who", EVERYONE)
def test_one_case_answers_404_to_those_who_may_not_see_it(cast, api_as, case, who):
    response = api_as(getattr(cast, who)).get(f"{BASE}{case.pk}")
    assert response.status_code == _expected(who, SEES_CASE)
    if response.status_code == 200:
        data = response.json()
        assert data["id"] == case.pk and data["fiscal_year"] == 2022
        assert data["timeline"][0]["to_stage"] == "received"
    else:
        assert "書かない窓口" not in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_filing_a_case(cast, api_as, who):
    user = getattr(cast, who)
    payload = {
        "title": "粗大ごみ受付のオンライン化",
        "theme": "online_application",
        "current_issue": "電話が集中",
        "target_work": "粗大ごみ受付",
        "department_id": cast.department.pk if user.sees_all_departments else None,
    }
    response = api_as(user).post(BASE, payload)
    if who == "viewer":
        assert response.status_code == 403 and not Consultation.objects.exists()
        return
    assert response.status_code == 201
    assert Consultation.objects.get(pk=response.json()["id"]).department == (
        user.department if not user.sees_all_departments else cast.department
    )


def test_filing_for_another_department_is_refused(cast, api_as):
    payload = {
        "title": "t",
        "theme": "rpa",
        "current_issue": "i",
        "target_work": "w",
        "department_id": cast.other_department.pk,
    }
    assert api_as(cast.requester).post(BASE, payload).status_code == 403
    assert (
        api_as(cast.requester).post(BASE, {**payload, "department_id": None, "theme": "nft"}).status_code
        == 422
    )
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_a_stage_transition(cast, api_as, case, who):
    response = api_as(getattr(cast, who)).post(
        f"{BASE}{case.pk}/transition", {"to": "analysis", "comment": "着手"}
    )
    assert response.status_code == _expected(who, DESK)
    case.refresh_from_db()
    assert (case.stage == "analysis") == (who in DESK)
    if who in DESK:
        assert response.json()["timeline"][-1]["from_stage"] == "received"


def test_an_invalid_transition_answers_422_in_japanese_and_saves_nothing(cast, api_as, case):
    entries = TimelineEntry.objects.count()
    response = api_as(cast.consultant).post(f"{BASE}{case.pk}/transition", {"to": "done"})
    assert response.status_code == 422
    assert "この段階へは移せません" in response.json()["detail"]
    assert TimelineEntry.objects.count() == entries
    response = api_as(cast.consultant).post(f"{BASE}{case.pk}/transition", {"to": "withdrawn"})
    assert response.status_code == 422 and "理由" in response.json()["detail"]


@pytest.mark.parametrize("who", EVERYONE)
def test_a_comment(cast, api_as, case, who):
    response = api_as(getattr(cast, who)).post(f"{BASE}{case.pk}/comments", {"body": "資料を送ります"})
    assert response.status_code == _expected(who, CHANGES_CASE, ok=201)
    assert TimelineEntry.objects.filter(kind="comment").exists() == (who in CHANGES_CASE)


@pytest.mark.parametrize("who", EVERYONE)
def test_stats_per_fiscal_year_are_scoped(cast, api_as, case, who):
    make_case(cast.outsider, received_on=date(2023, 4, 1), theme="ai_ocr")
    response = api_as(getattr(cast, who)).get(f"{BASE}stats")
    assert response.status_code == 200
    years = {row["fiscal_year"]: row for row in response.json()["by_fiscal_year"]}
    if who in ("requester", "colleague"):
        assert list(years) == [2022]
    elif who == "outsider":
        assert list(years) == [2023]
    else:
        assert list(years) == [2022, 2023]
        assert years[2022]["label"] == "令和4年度" and years[2022]["count"] == 1
        assert years[2022]["by_stage"]["received"] == 1 and years[2023]["by_theme"]["ai_ocr"] == 1


def test_the_openapi_document_lists_the_consultation_routes(client_as, cast):
    paths = client_as(cast.requester).get("/api/openapi.json").json()["paths"]
    assert {f"{BASE}", f"{BASE}stats", f"{BASE}{{case_id}}", f"{BASE}{{case_id}}/transition"} <= set(paths)


@pytest.mark.parametrize("who", EVERYONE)
def test_assigning_consultants(cast, api_as, case, who):
    response = api_as(getattr(cast, who)).post(
        f"{BASE}{case.pk}/assign", {"consultant_ids": [cast.consultant.pk]}
    )
    assert response.status_code == _expected(who, DESK)
    assert list(case.assignees.all()) == ([cast.consultant] if who in DESK else [])


def test_only_desk_staff_can_be_assigned(cast, api_as, case):
    response = api_as(cast.admin).post(f"{BASE}{case.pk}/assign", {"consultant_ids": [cast.requester.pk]})
    assert response.status_code == 422 and "IT推進課" in response.json()["detail"]

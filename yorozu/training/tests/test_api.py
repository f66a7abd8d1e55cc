"""/api/training/ walked against the permission matrix."""

import pytest
from icalendar import Calendar

from yorozu.training import services
from yorozu.training.models import Kind, Registration
from yorozu.training.tests.factories import make_session, move_to_past

pytestmark = pytest.mark.django_db
EVERYONE = ["requester", "colleague", "outsider", "consultant", "viewer", "admin"]
READERS = {"consultant", "admin", "viewer"}
LIST = "/api/training/sessions/"


@pytest.fixture
def sessions(cast):
    upcoming = make_session(cast.consultant, title="RPA入門", capacity=1)
    study = make_session(cast.consultant, title="課内勉強会", kind=Kind.STUDY_GROUP, topic="presentation")
    return {"upcoming": upcoming, "study": study}


def test_list_needs_a_token(api_as, sessions):
    assert api_as(None).get(LIST).status_code == 401


def test_list_is_paginated_and_scoped(cast, api_as, sessions):
    for name in EVERYONE:
        response = api_as(cast.by_name[name]).get(LIST)
        assert response.status_code == 200
        data = response.json()
        titles = {item["title"] for item in data["items"]}
        expected = {"RPA入門", "課内勉強会"} if name in READERS else {"RPA入門"}
        assert titles == expected and data["count"] == len(expected), name
    page = api_as(cast.admin).get(LIST, page=2, page_size=1).json()
    assert page["count"] == 2 and [i["title"] for i in page["items"]] == ["課内勉強会"]
    assert api_as(cast.admin).get(LIST, page=0).status_code == 422
    assert api_as(cast.admin).get(LIST, when="someday").status_code == 422
    assert api_as(cast.admin).get(LIST, page_size=10_000).status_code == 200


def test_each_item_carries_an_ics_url_served_to_the_same_token(cast, api_as, sessions):
    client = api_as(cast.requester)
    (item,) = client.get(LIST).json()["items"]
    assert item["ics_url"] == f"/api/training/sessions/{item['id']}/calendar.ics"
    response = client.get(item["ics_url"])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "【全庁研修】RPA入門"
    assert api_as(None).get(item["ics_url"]).status_code == 401
    study_ics = f"/api/training/sessions/{sessions['study'].pk}/calendar.ics"
    for name in EVERYONE:
        assert api_as(cast.by_name[name]).get(study_ics).status_code == (200 if name in READERS else 404)


def test_register_and_cancel_through_the_api(cast, api_as, sessions):
    url = f"/api/training/sessions/{sessions['upcoming'].pk}/registration"
    assert api_as(None).post(url).status_code == 401
    assert api_as(cast.viewer).post(url).status_code == 403
    first = api_as(cast.requester).post(url)
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert api_as(cast.requester).post(url).status_code == 409
    second = api_as(cast.outsider).post(url)
    assert second.json() == {
        "session_id": sessions["upcoming"].pk,
        "status": "waitlisted",
        "status_label": "キャンセル待ち",
    }
    mine = api_as(cast.outsider).get(LIST).json()["items"][0]
    assert (mine["confirmed"], mine["waitlisted"], mine["my_registration"]) == (1, 1, "waitlisted")
    cancelled = api_as(cast.requester).delete(url)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(user=cast.outsider).status == "confirmed"
    assert api_as(cast.colleague).delete(url).status_code == 409
    assert api_as(cast.viewer).delete(url).status_code == 403


def test_registration_api_matrix_for_a_study_group_and_a_started_session(cast, api_as, sessions):
    url = f"/api/training/sessions/{sessions['study'].pk}/registration"
    for name in EVERYONE:
        expected = {"viewer": 403, "consultant": 201, "admin": 201}.get(name, 404)
        assert api_as(cast.by_name[name]).post(url).status_code == expected, name
    started = move_to_past(make_session(cast.consultant, title="開始済み"))
    assert api_as(cast.requester).post(f"/api/training/sessions/{started.pk}/registration").status_code == 409
    assert api_as(cast.requester).post("/api/training/sessions/999999/registration").status_code == 404


def test_cancelled_sessions_are_listed_with_their_status(cast, api_as, sessions):
    services.session_cancel(user=cast.consultant, session=sessions["upcoming"])
    (item,) = api_as(cast.requester).get(LIST).json()["items"]
    assert item["status"] == "cancelled"

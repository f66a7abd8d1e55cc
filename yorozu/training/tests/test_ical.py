from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from yorozu.training import services
from yorozu.training.ical import calendar_bytes, session_uid
from yorozu.training.tests.factories import make_session, session_data

pytestmark = pytest.mark.django_db


def parse(body: bytes) -> tuple[Calendar, list]:
    calendar = Calendar.from_ical(body)
    return calendar, list(calendar.walk("VEVENT"))


def test_session_ics_round_trips_with_tokyo_times_and_a_stable_uid(cast):
    session = make_session(cast.consultant, title="生成AI活用研修")
    calendar, events = parse(calendar_bytes([session], name=session.title))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = events
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == session.starts_at and end == session.ends_at
    assert str(start.tzinfo) == "Asia/Tokyo"
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    assert str(event["UID"]) == session_uid(session) == f"training-{session.uid}@yorozu"
    assert str(event["SUMMARY"]) == "【全庁研修】生成AI活用研修"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["LOCATION"]) == session.place


def test_change_keeps_uid_bumps_sequence_and_cancel_says_cancelled(cast):
    session = make_session(cast.consultant)
    uid_before = session_uid(session)
    later = session.starts_at + timedelta(days=2)
    session = services.session_update(
        user=cast.consultant, session=session, data=session_data(starts_at=later)
    )
    _, (event,) = parse(calendar_bytes([session], name="x"))
    assert str(event["UID"]) == uid_before
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").astimezone(ZoneInfo("UTC")) == later.astimezone(ZoneInfo("UTC"))
    session = services.session_cancel(user=cast.consultant, session=session)
    _, (event,) = parse(calendar_bytes([session], name="x"))
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 2


def test_waiting_list_places_are_tentative_in_a_feed(cast):
    first = make_session(cast.consultant, title="一つ目")
    second = make_session(cast.consultant, title="二つ目")
    _, events = parse(calendar_bytes([first, second], name="feed", tentative_ids=frozenset({second.pk})))
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "TENTATIVE"]

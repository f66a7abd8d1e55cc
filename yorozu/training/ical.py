"""iCalendar (RFC 5545) files for sessions: one per session and one feed per user.

Times are written in Asia/Tokyo with a VTIMEZONE component, so Outlook shows the right hour
without guessing. UIDs come from the session's stored UUID and never change; SEQUENCE is bumped
by every change, and a cancelled session stays in the file with STATUS:CANCELLED so that
subscribed calendars remove it (docs/adr/0703).
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.urls import reverse
from icalendar import Calendar, Event

from yorozu.common.links import absolute_url
from yorozu.training.models import TrainingSession

TOKYO = ZoneInfo("Asia/Tokyo")
PRODID = "-//yorozu//training//JA"


def session_uid(session: TrainingSession) -> str:
    return f"training-{session.uid}@yorozu"


def _event(session: TrainingSession, *, tentative: bool = False) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", session.updated_at)
    event.add("dtstart", session.starts_at.astimezone(TOKYO))
    event.add("dtend", session.ends_at.astimezone(TOKYO))
    event.add("summary", f"【{session.get_kind_display()}】{session.title}")
    event.add("sequence", session.sequence)
    url = absolute_url(reverse("training:session-detail", args=[session.pk]))
    event.add("url", url)
    details = [session.description, f"講師: {session.instructor}", url]
    if session.online_url:
        details.insert(1, f"オンライン: {session.online_url}")
    event.add("description", "\n".join(d for d in details if d))
    event.add("location", session.place or session.online_url)
    event.add("categories", [session.get_topic_display()])
    if session.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    return event


def calendar_bytes(
    sessions: Iterable[TrainingSession], *, name: str, tentative_ids: frozenset[int] = frozenset()
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    for session in sessions:
        calendar.add_component(_event(session, tentative=session.pk in tentative_ids))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())

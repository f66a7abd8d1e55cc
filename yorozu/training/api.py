"""/api/training/: the session list (with each session's .ics) and self-registration."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from yorozu.common.api import paginate, require_writer
from yorozu.training import selectors, services
from yorozu.training.ical import calendar_bytes
from yorozu.training.models import Registration, TrainingSession

router = Router(tags=["training"])


class SessionOut(Schema):
    id: int
    kind: str
    kind_label: str
    topic: str
    topic_label: str
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    fiscal_year: int
    place: str
    online_url: str
    instructor: str
    capacity: int
    confirmed: int
    waitlisted: int
    status: str
    my_registration: str | None
    ics_url: str


class SessionPage(Schema):
    count: int
    items: list[SessionOut]


class RegistrationOut(Schema):
    session_id: int
    status: str
    status_label: str


def _out(session: TrainingSession, mine: dict[int, Registration]) -> SessionOut:
    registration = mine.get(session.pk)
    return SessionOut(
        id=session.pk,
        kind=session.kind,
        kind_label=session.get_kind_display(),
        topic=session.topic,
        topic_label=session.get_topic_display(),
        title=session.title,
        description=session.description,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        fiscal_year=session.fiscal_year,
        place=session.place,
        online_url=session.online_url,
        instructor=session.instructor,
        capacity=session.capacity,
        confirmed=getattr(session, "confirmed_count", 0),
        waitlisted=getattr(session, "waitlist_count", 0),
        status=session.status,
        my_registration=registration.status if registration else None,
        ics_url=reverse("api:training_session_ics", kwargs={"session_id": session.pk}),
    )


@router.get("/sessions/", response=SessionPage)
def session_list(
    request: HttpRequest,
    page: int = 1,
    page_size: int = 50,
    when: str = "all",
    topic: str = "",
    kind: str = "",
    fiscal_year: int | None = None,
) -> SessionPage:
    """研修の一覧（新しい順ではなく開催日順）。`when` は upcoming | past | all。"""
    if when not in ("upcoming", "past", "all"):
        raise HttpError(422, "when は upcoming・past・all のいずれかにしてください。")
    filters = selectors.SessionFilters(when=when, topic=topic, kind=kind, fiscal_year=fiscal_year)
    count, rows = paginate(
        selectors.session_list(user=request.user, filters=filters), page=page, page_size=page_size
    )
    mine = selectors.my_registrations(user=request.user)
    return SessionPage(count=count, items=[_out(s, mine) for s in rows])


def _session(request: HttpRequest, session_id: int) -> TrainingSession:
    try:
        return selectors.session_get(user=request.user, pk=session_id)
    except Http404 as missing:
        raise HttpError(404, "研修が見つかりません。") from missing


@router.get("/sessions/{session_id}/calendar.ics", url_name="training_session_ics")
def session_ics(request: HttpRequest, session_id: int) -> HttpResponse:
    """その研修の iCalendar ファイル（同じトークンで取得）。"""
    session = _session(request, session_id)
    response = HttpResponse(
        calendar_bytes([session], name=session.title), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="training-{session.pk}.ics"'
    return response


def _registration_out(registration: Registration) -> RegistrationOut:
    return RegistrationOut(
        session_id=registration.session_id,
        status=registration.status,
        status_label=registration.get_status_display(),
    )


@router.post("/sessions/{session_id}/registration", response={201: RegistrationOut})
def registration_create(request: HttpRequest, session_id: int) -> Status[RegistrationOut]:
    """自分の参加を申し込みます。満席ならキャンセル待ち（status=waitlisted）になります。"""
    require_writer(request)
    session = _session(request, session_id)
    try:
        registration = services.registration_create(user=request.user, session=session)
    except PermissionDenied as denied:
        raise HttpError(403, str(denied)) from denied
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error
    return Status(201, _registration_out(registration))


@router.delete("/sessions/{session_id}/registration", response=RegistrationOut)
def registration_cancel(request: HttpRequest, session_id: int) -> RegistrationOut:
    """自分の申込を取り消します。空いた席はキャンセル待ちの先頭の人に回ります。"""
    require_writer(request)
    session = _session(request, session_id)
    try:
        registration = services.registration_cancel(user=request.user, session=session)
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from error
    return _registration_out(registration)

"""Writes for training: sessions, materials, registrations and the waiting list, attendance, feedback,
calendar feeds, skill assessments and reminders. Every function checks who may do it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yorozu.accounts.models import User
from yorozu.common.uploads import validate_upload
from yorozu.training import notices
from yorozu.training.models import (
    CalendarFeed,
    Feedback,
    Material,
    Registration,
    Skill,
    SkillAssessment,
    SkillReviewer,
    TrainingSession,
    new_feed_token,
)
from yorozu.training.rules import (
    can_organise,
    can_review_skills,
    can_see_session,
    is_skill_holder,
)
from yorozu_core.fiscal import fiscal_year_of
from yorozu_core.training import waitlist_promotions

MATERIAL_TYPES = frozenset({"pdf", "pptx", "docx", "xlsx", "png", "jpg", "jpeg", "csv", "txt"})


@dataclass(frozen=True, slots=True)
class SessionData:
    kind: str
    topic: str
    title: str
    starts_at: datetime
    ends_at: datetime
    instructor: str
    capacity: int
    place: str = ""
    online_url: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class FeedbackData:
    satisfaction: int
    understanding: int
    usefulness: int
    comment: str = ""


def _require_organiser(user: User) -> None:
    if not can_organise(user):
        raise PermissionDenied("研修を運営できるのはIT推進課のコンサルタントと管理者です。")


def _locked(session: TrainingSession) -> TrainingSession:
    """The session row, locked until the transaction ends (PostgreSQL: SELECT … FOR UPDATE;
    SQLite: the IMMEDIATE transaction already holds the write lock)."""
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def _apply(session: TrainingSession, data: SessionData) -> TrainingSession:
    for name, value in asdict(data).items():
        setattr(session, name, value)
    session.fiscal_year = fiscal_year_of(timezone.localdate(data.starts_at))
    session.full_clean(exclude=["organiser"])
    return session


@transaction.atomic
def session_create(*, user: User, data: SessionData) -> TrainingSession:
    _require_organiser(user)
    session = _apply(TrainingSession(organiser=user), data)
    session.save()
    return session


@transaction.atomic
def session_update(*, user: User, session: TrainingSession, data: SessionData) -> TrainingSession:
    """Change a session; bump the iCalendar SEQUENCE and tell registrants when time or place moved."""
    _require_organiser(user)
    locked = _locked(session)
    if locked.is_cancelled:
        raise ValidationError("中止した研修は変更できません。")
    confirmed = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
    if data.capacity < confirmed:
        raise ValidationError(f"定員を参加確定者数（{confirmed}人）より少なくはできません。")
    before = (locked.starts_at, locked.ends_at, locked.place, locked.online_url)
    _apply(locked, data)
    locked.sequence += 1
    if before[:2] != (locked.starts_at, locked.ends_at):
        locked.reminder_sent_at = None
    locked.save()
    promoted = _promote(locked)
    if before != (locked.starts_at, locked.ends_at, locked.place, locked.online_url):
        notices.session_changed(locked)
    for registration in promoted:
        notices.promoted(registration)
    return locked


@transaction.atomic
def session_cancel(*, user: User, session: TrainingSession) -> TrainingSession:
    _require_organiser(user)
    locked = _locked(session)
    if locked.is_cancelled:
        raise ValidationError("この研修はすでに中止されています。")
    locked.status = TrainingSession.Status.CANCELLED
    locked.sequence += 1
    locked.save()
    notices.session_cancelled(locked)
    return locked


@transaction.atomic
def material_add(*, user: User, session: TrainingSession, upload: UploadedFile) -> Material:
    _require_organiser(user)
    validate_upload(upload, allowed=MATERIAL_TYPES)
    name = (upload.name or "file").rsplit("/", 1)[-1][:200]
    material = Material(session=session, name=name, size=upload.size or 0, uploaded_by=user)
    material.file.save(name, upload, save=False)
    material.save()
    return material


@transaction.atomic
def material_delete(*, user: User, material: Material) -> None:
    _require_organiser(user)
    stored = material.file
    material.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


def _check_can_register(user: User, session: TrainingSession) -> None:
    if not user.is_authenticated or not user.can_write:
        raise PermissionDenied("閲覧専用の利用者は研修に申し込めません。")
    if not can_see_session(user, session):
        raise PermissionDenied("この研修には申し込めません。")
    if session.is_cancelled:
        raise ValidationError("中止された研修には申し込めません。")
    if session.has_started:
        raise ValidationError("開始済みの研修には申し込めません。")


@transaction.atomic
def registration_create(*, user: User, session: TrainingSession) -> Registration:
    """Take a seat, or a place on the waiting list when the session is full.

    The session row is locked first, so two people asking for the last seat at once are served
    one after the other: one gets it, the other waits (docs/adr/0701).
    """
    locked = _locked(session)
    _check_can_register(user, locked)
    registration = Registration.objects.filter(session=locked, user=user).first()
    if registration and registration.status != Registration.Status.CANCELLED:
        raise ValidationError("この研修にはすでに申し込んでいます。")
    confirmed = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
    full = confirmed >= locked.capacity
    registration = registration or Registration(session=locked, user=user)
    registration.status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
    registration.department = user.department
    registration.queued_at = timezone.now()
    registration.cancelled_at = None
    registration.attended = None
    registration.save()
    notices.registered(registration)
    return registration


def _promote(session: TrainingSession) -> list[Registration]:
    """Move people up from the waiting list, first come first served, while seats are free."""
    confirmed = session.registrations.filter(status=Registration.Status.CONFIRMED).count()
    waiting = list(
        session.registrations.filter(status=Registration.Status.WAITLISTED).order_by("queued_at", "id")
    )
    moved = waiting[: waitlist_promotions(session.capacity, confirmed, len(waiting))]
    for registration in moved:
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
    return moved


@transaction.atomic
def registration_cancel(*, user: User, session: TrainingSession) -> Registration:
    """Give up a seat (or a place in the queue); the first person waiting takes a freed seat."""
    locked = _locked(session)
    registration = Registration.objects.filter(session=locked, user=user).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        raise ValidationError("この研修には申し込んでいません。")
    if locked.has_started:
        raise ValidationError("開始済みの研修の申込は取り消せません。")
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save()
    for promoted in _promote(locked):
        notices.promoted(promoted)
    return registration


@transaction.atomic
def attendance_record(*, user: User, session: TrainingSession, attended_user_ids: set[int]) -> int:
    """Mark every confirmed registrant present or absent; returns how many were present."""
    _require_organiser(user)
    if not session.has_started:
        raise ValidationError("出席は研修の開始後に記録してください。")
    present = 0
    for registration in session.registrations.filter(status=Registration.Status.CONFIRMED):
        registration.attended = registration.user_id in attended_user_ids
        registration.save(update_fields=["attended"])
        present += int(registration.attended)
    return present


@transaction.atomic
def feedback_submit(*, user: User, session: TrainingSession, data: FeedbackData) -> Feedback:
    """Answer (or correct) the questionnaire of a session one took part in."""
    registration = Registration.objects.filter(
        session=session, user=user, status=Registration.Status.CONFIRMED
    ).first()
    if registration is None or registration.attended is False:
        raise PermissionDenied("アンケートに回答できるのは研修の参加者です。")
    if not session.has_started:
        raise ValidationError("アンケートは研修の開始後に回答できます。")
    feedback = Feedback.objects.filter(registration=registration).first() or Feedback(
        registration=registration
    )
    for name, value in asdict(data).items():
        setattr(feedback, name, value)
    feedback.submitted_at = timezone.now()
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """Issue a new secret feed URL; the old one stops working at once."""
    if not user.is_authenticated:
        raise PermissionDenied("ログインしてください。")
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed


@transaction.atomic
def skill_assess(
    *,
    user: User,
    consultant: User,
    skill: Skill,
    kind: str,
    level: int,
    note: str = "",
    assessed_on: date | None = None,
) -> SkillAssessment:
    """Add one dated assessment: the consultant's own, or a reviewer's."""
    if not is_skill_holder(consultant):
        raise ValidationError("スキル評価の対象はIT推進課のコンサルタントです。")
    if kind == SkillAssessment.Kind.SELF and user.pk != consultant.pk:
        raise PermissionDenied("自己評価は本人だけが入力できます。")
    if kind == SkillAssessment.Kind.REVIEW and (not can_review_skills(user) or user.pk == consultant.pk):
        raise PermissionDenied(
            "評価者の評価は、本人以外の評価者（管理者または指名されたコンサルタント）が入力します。"
        )
    assessment = SkillAssessment(
        consultant=consultant,
        skill=skill,
        kind=kind,
        level=level,
        note=note,
        assessed_on=assessed_on or timezone.localdate(),
        assessor=user,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def reviewer_set(*, user: User, consultant: User, is_reviewer: bool) -> None:
    if not user.is_yorozu_admin:
        raise PermissionDenied("評価者を指名できるのは管理者です。")
    if is_reviewer:
        if not is_skill_holder(consultant):
            raise ValidationError("評価者にできるのはコンサルタントです。")
        SkillReviewer.objects.get_or_create(user=consultant)
    else:
        for row in SkillReviewer.objects.filter(user=consultant):
            row.delete()


@transaction.atomic
def sessions_send_reminders(*, on: date, force: bool = False) -> list[TrainingSession]:
    """Remind the registrants of sessions held on ``on`` (the day before); each session once."""
    start = timezone.make_aware(datetime.combine(on, datetime.min.time()))
    due = TrainingSession.objects.select_for_update().filter(
        status=TrainingSession.Status.SCHEDULED,
        starts_at__gte=start,
        starts_at__lt=start + timezone.timedelta(days=1),
    )
    if not force:
        due = due.filter(reminder_sent_at__isnull=True)
    sent = list(due)
    for session in sent:
        session.reminder_sent_at = timezone.now()
        session.save(update_fields=["reminder_sent_at"])
        notices.reminder(session)
    return sent


def session_data_from(cleaned: dict[str, Any]) -> SessionData:
    fields = SessionData.__dataclass_fields__
    return SessionData(**{k: v for k, v in cleaned.items() if k in fields})

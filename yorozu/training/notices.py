"""Messages for the foundation's notification channels, sent after the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yorozu.common.notifications import notify
from yorozu.training.models import Registration, TrainingSession


def when_where(session: TrainingSession) -> str:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    where = " / ".join(p for p in (session.place, session.online_url) if p)
    return f"日時: {start:%Y年%m月%d日 %H:%M}〜{end:%H:%M}\n場所: {where}\n講師: {session.instructor}"


def _send(event: str, subject: str, session: TrainingSession, user_ids: list[int], lead: str) -> None:
    if not user_ids:
        return
    body = f"{lead}\n\n{session.title}\n{when_where(session)}"
    url = reverse("training:session-detail", args=[session.pk])
    transaction.on_commit(lambda: notify(event=event, subject=subject, body=body, url=url, user_ids=user_ids))


def _active_ids(session: TrainingSession) -> list[int]:
    active = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
    return list(session.registrations.filter(status__in=active).values_list("user_id", flat=True))


def registered(registration: Registration) -> None:
    session = registration.session
    if registration.is_waitlisted:
        lead = (
            "定員に達しているため、キャンセル待ちとして受け付けました。席が空くと自動で参加確定になります。"
        )
        _send(
            "training.waitlisted",
            f"研修のキャンセル待ち: {session.title}",
            session,
            [registration.user_id],
            lead,
        )
    else:
        lead = "研修への参加申込を受け付けました。"
        _send(
            "training.registered", f"研修の申込完了: {session.title}", session, [registration.user_id], lead
        )


def promoted(registration: Registration) -> None:
    session = registration.session
    lead = "キャンセルが出たため、キャンセル待ちから参加確定になりました。"
    _send("training.promoted", f"研修の参加確定: {session.title}", session, [registration.user_id], lead)


def session_changed(session: TrainingSession) -> None:
    lead = "研修の日時または場所が変更されました。カレンダーの予定も更新してください。"
    _send("training.changed", f"研修の変更: {session.title}", session, _active_ids(session), lead)


def session_cancelled(session: TrainingSession) -> None:
    lead = "この研修は中止になりました。"
    _send("training.cancelled", f"研修の中止: {session.title}", session, _active_ids(session), lead)


def reminder(session: TrainingSession) -> None:
    confirmed = list(
        session.registrations.filter(status=Registration.Status.CONFIRMED).values_list("user_id", flat=True)
    )
    lead = "明日は研修の日です。"
    _send("training.reminder", f"明日の研修: {session.title}", session, confirmed, lead)

"""Writes on consultation cases. Every function checks who may do it, runs in one transaction,
leaves a timeline entry and notifies after commit (CONVENTIONS.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.accounts.permissions import can_change_department, is_desk_staff
from yorozu.common.notifications import notify
from yorozu.common.uploads import validate_upload
from yorozu.consultations.models import Attachment, Consultation, EffortLog, Stage, TimelineEntry
from yorozu_core.fiscal import fiscal_year_of
from yorozu_core.lifecycle import (
    TransitionError,
    check_stage_requirements,
    check_transition,
    elapsed_days,
    search_key,
)

Kind = TimelineEntry.Kind


@dataclass(frozen=True)
class CaseInput:
    """The fields of a 相談票 as the requester writes them."""

    title: str
    theme: str
    current_issue: str
    target_work: str
    desired_timing: str = ""
    related_department_ids: tuple[int, ...] = ()


def _require_writer_for(user: User, department_id: int | None) -> None:
    if not can_change_department(user, department_id):
        raise PermissionDenied("この相談を変更する権限がありません。")


def _require_desk(user: User) -> None:
    if not is_desk_staff(user):
        raise PermissionDenied("この操作はIT推進課（コンサルタント・管理者）のみ行えます。")


def _announce(event: str, case: Consultation, subject: str, body: str) -> None:
    """Notify the requesting department and the assignees once the change is committed."""
    department_ids = [case.department_id]
    user_ids = list(case.assignees.values_list("id", flat=True))
    url = reverse("consultations:case-detail", args=[case.pk])
    transaction.on_commit(
        lambda: notify(
            event=event,
            subject=subject,
            body=body,
            url=url,
            department_ids=department_ids,
            user_ids=user_ids,
        )
    )


def _apply_input(case: Consultation, data: CaseInput) -> None:
    case.title = data.title.strip()
    case.theme = data.theme
    case.current_issue = data.current_issue
    case.target_work = data.target_work
    case.desired_timing = data.desired_timing
    case.search_text = search_key(case.title, case.current_issue, case.target_work)


@transaction.atomic
def consultation_create(
    *,
    user: User,
    data: CaseInput,
    department: Department | None = None,
    received_on: date | None = None,
    at: datetime | None = None,
    attachments: Sequence[UploadedFile] = (),
    announce: bool = True,
) -> Consultation:
    """File a 相談票 with its attachments, all or nothing.

    Requesters file for their own department; desk staff for any department.
    """
    department = department if department is not None else user.department
    if department is None:
        raise ValidationError("相談課を選んでください。")
    _require_writer_for(user, department.pk)
    at = at or timezone.now()
    received_on = received_on or timezone.localdate(at)
    case = Consultation(department=department, requester=user, received_on=received_on)
    _apply_input(case, data)
    case.fiscal_year = fiscal_year_of(received_on)
    case.stage, case.stage_changed_at = Stage.RECEIVED, at
    case.full_clean(exclude=["requester", "department"])
    case.save()
    case.related_departments.set(data.related_department_ids)
    TimelineEntry.objects.create(
        consultation=case,
        kind=Kind.TRANSITION,
        author=user,
        at=at,
        to_stage=Stage.RECEIVED,
        body="相談票を受け付けました。",
    )
    for upload in attachments:
        attachment_add(user=user, consultation=case, upload=upload)
    if announce:  # an import of a city's old ledger does not announce each historic case
        _announce(
            "consultation.created",
            case,
            f"新しい相談: {case.title}",
            f"{department.full_name} から相談が届きました。",
        )
    return case


@transaction.atomic
def consultation_update(*, user: User, consultation: Consultation, data: CaseInput) -> Consultation:
    _require_writer_for(user, consultation.department_id)
    if not consultation.is_open:
        raise ValidationError("完了または取下げの相談は編集できません。")
    _apply_input(consultation, data)
    consultation.full_clean()
    consultation.save()
    consultation.related_departments.set(data.related_department_ids)
    return consultation


def _may_transition(user: User, case: Consultation, to: str) -> bool:
    if is_desk_staff(user):
        return True
    # A requester may withdraw (取下げ) their own department's case; the desk moves everything else.
    return to == Stage.WITHDRAWN and can_change_department(user, case.department_id)


@transaction.atomic
def consultation_transition(
    *,
    user: User,
    consultation: Consultation,
    to: str,
    comment: str = "",
    reason: str = "",
    at: datetime | None = None,
) -> TimelineEntry:
    """Move a case to another stage (only the lifecycle's allowed moves), recorded on the timeline."""
    if not _may_transition(user, consultation, to):
        raise PermissionDenied("この段階の変更を行う権限がありません。")
    case = Consultation.objects.select_for_update().get(pk=consultation.pk)
    try:
        check_transition(case.stage, to, resume_stage=case.resume_stage, reason=reason)
        check_stage_requirements(to, **_work_done(case), reason=reason)
    except TransitionError as error:
        raise ValidationError(str(error)) from error
    at = at or timezone.now()
    days = elapsed_days(timezone.localdate(case.stage_changed_at), timezone.localdate(at))
    body = "\n".join(
        part for part in (comment.strip(), f"理由: {reason.strip()}" if reason.strip() else "") if part
    )
    entry = TimelineEntry.objects.create(
        consultation=case,
        kind=Kind.TRANSITION,
        author=user,
        at=at,
        from_stage=case.stage,
        to_stage=to,
        body=body,
        days_in_stage=days,
    )
    case.resume_stage = case.stage if to == Stage.ON_HOLD else ""
    if to in (Stage.ON_HOLD, Stage.WITHDRAWN, Stage.DONE):
        case.closing_reason = reason.strip()
    case.stage, case.stage_changed_at = to, at
    case.save()
    consultation.refresh_from_db()
    label_from, label_to = Stage(entry.from_stage).label, Stage(to).label
    _announce(
        "consultation.stage_changed",
        case,
        f"段階の変更: {case.title}",
        f"{label_from} → {label_to}\n{body}".strip(),
    )
    return entry


def _work_done(case: Consultation) -> dict[str, int]:
    """Deployments created from the case and realised effects on them (the 効果測定/完了 rules).

    The effect ledger is looked up by model name: it depends on consultations, not the reverse."""
    deployment = apps.get_model("impacts", "Deployment")
    effect = apps.get_model("impacts", "EffectRecord")
    return {
        "deployments": deployment.objects.filter(consultation=case).count(),
        "realised_effects": effect.objects.filter(deployment__consultation=case, kind="realised").count(),
    }


@transaction.atomic
def consultation_withdraw(*, user: User, consultation: Consultation, reason: str) -> TimelineEntry:
    """The requester's own 「相談を取り下げる」 (or the desk's): a 取下げ with its reason."""
    return consultation_transition(
        user=user,
        consultation=consultation,
        to=Stage.WITHDRAWN,
        reason=reason,
        comment="相談を取り下げました。",
    )


@transaction.atomic
def consultation_assign(
    *, user: User, consultation: Consultation, consultants: Iterable[User], at: datetime | None = None
) -> TimelineEntry:
    """Set the consultants of a case (one or more, IT推進課 only)."""
    _require_desk(user)
    chosen = list(consultants)
    if not chosen:
        raise ValidationError("担当コンサルタントを1人以上選んでください。")
    if any(not is_desk_staff(c) for c in chosen):
        raise ValidationError("担当にはIT推進課のコンサルタントを選んでください。")
    consultation.assignees.set(chosen)
    names = "、".join(str(c) for c in chosen)
    entry = TimelineEntry.objects.create(
        consultation=consultation,
        kind=Kind.ASSIGNMENT,
        author=user,
        at=at or timezone.now(),
        body=f"担当: {names}",
    )
    _announce(
        "consultation.assigned", consultation, f"担当が決まりました: {consultation.title}", f"担当: {names}"
    )
    return entry


@transaction.atomic
def consultation_comment(
    *, user: User, consultation: Consultation, body: str, at: datetime | None = None
) -> TimelineEntry:
    _require_writer_for(user, consultation.department_id)
    if not body.strip():
        raise ValidationError("コメントを入力してください。")
    entry = TimelineEntry.objects.create(
        consultation=consultation, kind=Kind.COMMENT, author=user, at=at or timezone.now(), body=body.strip()
    )
    _announce(
        "consultation.commented", consultation, f"コメント: {consultation.title}", f"{user}: {entry.body}"
    )
    return entry


@transaction.atomic
def effort_log_create(
    *, user: User, consultation: Consultation, worked_on: date, hours: Decimal, note: str = ""
) -> EffortLog:
    """Record a consultant's hours on a case (IT推進課 only)."""
    _require_desk(user)
    if hours <= 0 or hours > 24:
        raise ValidationError("時間は0より大きく24以下で入力してください。")
    log = EffortLog.objects.create(
        consultation=consultation, consultant=user, worked_on=worked_on, hours=hours, note=note.strip()
    )
    return log


@transaction.atomic
def attachment_add(*, user: User, consultation: Consultation, upload: UploadedFile) -> Attachment:
    """Store an attachment under DATA_DIR after sniffing its content (never trusted by its name)."""
    _require_writer_for(user, consultation.department_id)
    extension = validate_upload(upload)
    original = upload.name or f"file.{extension}"
    attachment = Attachment(
        consultation=consultation, original_name=original, size=upload.size or 0, uploaded_by=user
    )
    attachment.file.save(f"{timezone.now():%Y%m%d%H%M%S%f}.{extension}", upload, save=False)
    attachment.save()
    TimelineEntry.objects.create(
        consultation=consultation, kind=Kind.ATTACHMENT, author=user, at=timezone.now(), body=original
    )
    return attachment

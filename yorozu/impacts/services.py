"""Writes to the effect ledger. Only desk staff (consultants, admins) change it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from yorozu.accounts.models import Department, User
from yorozu.accounts.permissions import is_desk_staff
from yorozu.common.audit import record
from yorozu.common.notifications import notify
from yorozu.consultations.models import Consultation
from yorozu.impacts.models import (
    Deployment,
    EffectRecord,
    LedgerSettings,
    MeasurementDue,
    Tool,
    ToolKind,
    VolumeProfile,
)
from yorozu_core.effects import (
    DEFAULT_MEASUREMENT_MONTHS,
    FLAT_WEIGHTS,
    WeightsError,
    annualise,
    measurement_due_dates,
    parse_measurement_months,
    record_hours,
    validate_weights,
)
from yorozu_core.fiscal import fiscal_year_bounds, fiscal_year_of

HUNDREDTH = Decimal("0.01")


def _require_desk_staff(user: User) -> None:
    if not is_desk_staff(user):
        raise PermissionDenied("効果測定の台帳を変更できるのはIT推進課の担当者と管理者です。")


def tool_resolve(*, text: str) -> Tool | None:
    """A tool named ``text`` (case-insensitive), else the first-registered tool of the kind ``text``
    names ("RPA", "rpa", "AI-OCR", "生成AI" …). Decision record 0604."""
    wanted = text.strip()
    found = Tool.objects.filter(name__iexact=wanted).first()
    if found:
        return found
    kind = next(
        (k for k in ToolKind if wanted.casefold() in (k.value.casefold(), str(k.label).casefold())), None
    )
    return Tool.objects.filter(kind=kind).order_by("id").first() if kind else None


@transaction.atomic
def tool_create(*, user: User, name: str, kind: str, vendor: str = "", note: str = "") -> Tool:
    _require_desk_staff(user)
    tool = Tool(name=name.strip(), kind=kind, vendor=vendor, note=note)
    tool.full_clean()
    tool.save()
    return tool


def _check_links(department: Department | None, consultation: Consultation | None) -> None:
    if consultation is not None and department is not None and consultation.department_id != department.pk:
        raise ValidationError({"consultation": "相談の相談課と導入の所管課が一致しません。"})


@transaction.atomic
def deployment_create(
    *,
    user: User,
    tool: Tool,
    name: str,
    go_live: date,
    department: Department | None = None,
    consultation: Consultation | None = None,
    status: str = Deployment.Status.LIVE,
    retired_on: date | None = None,
    note: str = "",
) -> Deployment:
    """Register a deployment. Without a department it takes the consultation's (or is 全庁)."""
    _require_desk_staff(user)
    if department is None and consultation is not None:
        department = consultation.department
    _check_links(department, consultation)
    if retired_on is not None:
        status = Deployment.Status.RETIRED
    deployment = Deployment(
        tool=tool,
        name=name.strip(),
        go_live=go_live,
        department=department,
        consultation=consultation,
        status=status,
        retired_on=retired_on,
        note=note,
    )
    deployment.full_clean()
    deployment.save()
    measurement_schedule(deployment=deployment)
    return deployment


@transaction.atomic
def deployment_update(*, user: User, deployment: Deployment, **fields: object) -> Deployment:
    """Change a deployment's fields (tool, name, dates, status, department, consultation, note)."""
    _require_desk_staff(user)
    allowed = {"tool", "name", "go_live", "retired_on", "status", "department", "consultation", "note"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(f"変更できない項目です: {', '.join(sorted(unknown))}")
    department_before = deployment.department_id
    for key, value in fields.items():
        setattr(deployment, key, value)
    if deployment.retired_on is not None and deployment.status == Deployment.Status.LIVE:
        deployment.status = Deployment.Status.RETIRED
    _check_links(deployment.department, deployment.consultation)
    deployment.full_clean()
    deployment.save()
    if deployment.department_id != department_before:  # other department, other seasonal weights
        _reannualise(EffectRecord.objects.filter(deployment=deployment))
    measurement_schedule(deployment=deployment)
    return deployment


def measurement_months() -> tuple[int, ...]:
    """The months after go-live at which effects are measured (the city's setting, 3/6/12 by default)."""
    try:
        return parse_measurement_months(ledger_settings().measurement_months)
    except ValueError:
        return DEFAULT_MEASUREMENT_MONTHS


def measurement_schedule(*, deployment: Deployment) -> list[MeasurementDue]:
    """Set the measurement due dates of a live deployment; move the open ones when go-live moved.

    A deployment that is not live (予定・中止・廃止) keeps its measured ones and loses the open ones.
    """
    open_rows = MeasurementDue.objects.filter(deployment=deployment, status=MeasurementDue.Status.OPEN)
    if deployment.status != Deployment.Status.LIVE:
        open_rows.delete()
        return []
    wanted = dict(measurement_due_dates(deployment.go_live, measurement_months()))
    open_rows.exclude(months_after__in=wanted).delete()
    for months, due_on in wanted.items():
        row = MeasurementDue.objects.filter(deployment=deployment, months_after=months).first()
        if row is None:
            MeasurementDue.objects.create(deployment=deployment, months_after=months, due_on=due_on)
        elif row.status == MeasurementDue.Status.OPEN and row.due_on != due_on:
            row.due_on, row.reminded_on = due_on, None
            row.save(update_fields=["due_on", "reminded_on"])
    return list(MeasurementDue.objects.filter(deployment=deployment))


# A realised measurement whose period ends within this window of a due date fulfils it.
MEASUREMENT_WINDOW = timedelta(days=45)


def _fulfil_measurements(effect: EffectRecord) -> None:
    open_rows = MeasurementDue.objects.filter(
        deployment=effect.deployment,
        status=MeasurementDue.Status.OPEN,
        due_on__lte=effect.period_end + MEASUREMENT_WINDOW,
    )
    if not open_rows.update(status=MeasurementDue.Status.DONE, effect=effect):
        return
    record(
        action="update",
        model="impacts.measurementdue",
        object_id=str(effect.deployment_id),
        object_repr=f"効果測定の予定: {effect.deployment} の実績を記録",
        changes={"status": ["open", "done"]},
    )


@transaction.atomic
def measurement_skip(*, user: User, measurement: MeasurementDue, note: str) -> MeasurementDue:
    """Mark a scheduled measurement as not needed (対象外), with the reason."""
    _require_desk_staff(user)
    if not note.strip():
        raise ValidationError("対象外にする理由を入力してください。")
    measurement.status, measurement.note = MeasurementDue.Status.SKIPPED, note.strip()[:200]
    measurement.save()
    return measurement


def weights_for(deployment: Deployment) -> tuple[Decimal, ...]:
    """The deployment's own monthly weights, else its department's, else flat."""
    profile = VolumeProfile.objects.filter(deployment=deployment).first()
    if profile is None and deployment.department_id:
        profile = VolumeProfile.objects.filter(department_id=deployment.department_id).first()
    return validate_weights(profile.weights) if profile else FLAT_WEIGHTS


def _annual_hours(hours: Decimal, start: date, end: date, weights: Sequence[Decimal]) -> Decimal:
    try:
        value = annualise(hours=hours, period_start=start, period_end=end, weights=weights)
    except WeightsError as error:
        raise ValidationError({"period_start": str(error)}) from error
    return value.quantize(HUNDREDTH)


@transaction.atomic
def deployment_record_effect(
    *,
    user: User,
    deployment: Deployment,
    kind: str,
    period_start: date,
    period_end: date,
    cases: int,
    minutes_before: Decimal,
    minutes_after: Decimal,
    upkeep_hours: Decimal = Decimal(0),
    note: str = "",
) -> EffectRecord:
    """Record a projected or realised effect; hours saved and the annualised hours are derived here."""
    _require_desk_staff(user)
    effect = EffectRecord(
        deployment=deployment,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        fiscal_year=fiscal_year_of(period_start),
        cases=cases,
        minutes_before=Decimal(minutes_before),
        minutes_after=Decimal(minutes_after),
        upkeep_hours=Decimal(upkeep_hours),
        note=note,
        recorded_by=user,
        hours_saved=Decimal(0),
        annual_hours=Decimal(0),
    )
    effect.full_clean(exclude=["hours_saved", "annual_hours"])
    _derive(effect, weights_for(deployment))
    effect.save()
    if effect.kind == EffectRecord.Kind.REALISED:
        _fulfil_measurements(effect)
        if deployment.department_id:
            _announce(effect)
    return effect


def _announce(effect: EffectRecord) -> None:
    """Tell the department its measured result is in the ledger, once committed."""
    deployment = effect.deployment
    subject = f"効果測定: {deployment.name} の実績を記録しました"
    body = (
        f"測定期間 {effect.period_start:%Y-%m-%d}〜{effect.period_end:%Y-%m-%d}、"
        f"{effect.cases:,}件、削減時間 {effect.hours_saved:,}時間（年換算 {effect.annual_hours:,}時間）"
    )
    url = reverse("impacts:deployment-detail", args=[deployment.pk])
    department_ids = [deployment.department_id]
    transaction.on_commit(
        lambda: notify(
            event="impacts.effect_recorded",
            subject=subject,
            body=body,
            url=url,
            department_ids=department_ids,
        )
    )


def _derive(effect: EffectRecord, weights: Sequence[Decimal]) -> None:
    effect.hours_saved = record_hours(
        cases=effect.cases,
        minutes_before=effect.minutes_before,
        minutes_after=effect.minutes_after,
        upkeep_hours=effect.upkeep_hours,
    )
    effect.annual_hours = _annual_hours(effect.hours_saved, effect.period_start, effect.period_end, weights)


@transaction.atomic
def effect_delete(*, user: User, effect: EffectRecord) -> None:
    _require_desk_staff(user)
    effect.delete()


def _reannualise(effects: object) -> int:
    """Recompute ``annual_hours`` after weights changed; one audit entry for the bulk update."""
    rows = list(effects.select_related("deployment"))  # type: ignore[attr-defined]
    cache: dict[int, tuple[Decimal, ...]] = {}
    for effect in rows:
        if effect.deployment_id not in cache:
            cache[effect.deployment_id] = weights_for(effect.deployment)
        _derive(effect, cache[effect.deployment_id])
    EffectRecord.objects.bulk_update(rows, ["hours_saved", "annual_hours"], batch_size=500)
    if rows:
        record(
            action="update",
            model="impacts.effectrecord",
            object_id=",".join(str(r.pk) for r in rows[:50]),
            object_repr=f"年換算の再計算 {len(rows)}件",
            changes={"annual_hours": ["再計算", len(rows)]},
        )
    return len(rows)


@transaction.atomic
def volume_profile_set(
    *,
    user: User,
    weights: Sequence[Decimal | int | str],
    deployment: Deployment | None = None,
    department: Department | None = None,
) -> VolumeProfile:
    """Set the monthly weights of a deployment or a department and re-annualise what they cover."""
    _require_desk_staff(user)
    if (deployment is None) == (department is None):
        raise ValidationError("導入または所管課のどちらか一方を指定してください。")
    try:
        values = [str(v) for v in validate_weights(weights)]
    except WeightsError as error:
        raise ValidationError({"weights": str(error)}) from error
    owner = {"deployment": deployment} if deployment else {"department": department}
    profile, _ = VolumeProfile.objects.update_or_create(**owner, defaults={"weights": values})
    affected = (
        EffectRecord.objects.filter(deployment=deployment)
        if deployment
        else EffectRecord.objects.filter(deployment__department=department)
    )
    _reannualise(affected)
    return profile


@transaction.atomic
def volume_profile_clear(*, user: User, profile: VolumeProfile) -> None:
    _require_desk_staff(user)
    deployment, department = profile.deployment, profile.department
    profile.delete()
    affected = (
        EffectRecord.objects.filter(deployment=deployment)
        if deployment
        else EffectRecord.objects.filter(deployment__department=department)
    )
    _reannualise(affected)


def ledger_settings() -> LedgerSettings:
    found = LedgerSettings.objects.order_by("id").first()
    return found or LedgerSettings()


@transaction.atomic
def ledger_settings_update(
    *, user: User, hourly_rate_yen: int, public_results: bool, measurement_months: str = ""
) -> LedgerSettings:
    if not user.is_yorozu_admin:
        raise PermissionDenied("設定を変更できるのは管理者です。")
    current = ledger_settings()
    current.hourly_rate_yen = hourly_rate_yen
    current.public_results = public_results
    if measurement_months:
        try:
            months = parse_measurement_months(measurement_months)
        except ValueError as error:
            raise ValidationError({"measurement_months": str(error)}) from error
        current.measurement_months = ",".join(str(m) for m in months)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def deployment_create_for_case(
    *,
    user: User,
    consultation: Consultation,
    tool: Tool,
    name: str,
    go_live: date,
    status: str = Deployment.Status.LIVE,
    note: str = "",
    projection: dict[str, Any] | None = None,
    weights: Sequence[Decimal | int | str] | None = None,
) -> Deployment:
    """「導入を登録」 on a case page: the deployment (department and consultation from the case), its
    own monthly weights when the worksheet has seasons, and the projected effect for a whole fiscal
    year — all or nothing."""
    deployment = deployment_create(
        user=user,
        tool=tool,
        name=name,
        go_live=go_live,
        department=consultation.department,
        consultation=consultation,
        status=status,
        note=note,
    )
    if weights is not None and any(Decimal(w) for w in weights):
        volume_profile_set(user=user, deployment=deployment, weights=weights)
    if projection is not None:
        year = projection.get("fiscal_year") or fiscal_year_of(go_live)
        start, end = fiscal_year_bounds(year)
        deployment_record_effect(
            user=user,
            deployment=deployment,
            kind=EffectRecord.Kind.PROJECTED,
            period_start=start,
            period_end=end,
            cases=projection["cases"],
            minutes_before=projection["minutes_before"],
            minutes_after=projection["minutes_after"],
            upkeep_hours=projection.get("upkeep_hours") or Decimal(0),
            note="業務量調査からの見込み",
        )
    return deployment


REMIND_AHEAD = timedelta(days=7)


def measurement_remind(*, today: date) -> int:
    """Notify each open measurement due within a week (or overdue) once: the department and the case's
    consultants. ``yorozu impacts remind`` runs it daily; a second run the same day sends nothing."""
    rows = (
        MeasurementDue.objects.filter(
            status=MeasurementDue.Status.OPEN, reminded_on__isnull=True, due_on__lte=today + REMIND_AHEAD
        )
        .select_related("deployment__consultation")
        .order_by("due_on", "id")
    )
    sent = 0
    for row in rows:
        with transaction.atomic():
            row.reminded_on = today
            row.save(update_fields=["reminded_on"])
            _announce_due(row, today)
        sent += 1
    return sent


def _announce_due(row: MeasurementDue, today: date) -> None:
    deployment = row.deployment
    late = "（期限を過ぎています）" if row.due_on < today else ""
    subject = f"効果測定の期限{late}: {deployment.name}"
    body = f"稼働から{row.months_after}か月の効果測定の期限は{row.due_on:%Y年%-m月%-d日}です。実績を記録してください。"
    url = reverse("impacts:deployment-detail", args=[deployment.pk])
    department_ids = [deployment.department_id] if deployment.department_id else []
    case = deployment.consultation
    user_ids = list(case.assignees.values_list("id", flat=True)) if case else []
    transaction.on_commit(
        lambda: notify(
            event="impacts.measurement_due",
            subject=subject,
            body=body,
            url=url,
            department_ids=department_ids,
            user_ids=user_ids,
        )
    )

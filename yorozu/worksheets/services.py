"""Writes for 業務分析: keyword-only, typed, atomic; each checks that the user may change the department."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from yorozu.accounts.models import User
from yorozu.accounts.permissions import can_change_department, is_desk_staff
from yorozu.common.audit import record
from yorozu.consultations.models import Consultation
from yorozu.worksheets.models import AnalysisSettings, HourlyRate, WorkItem, Worksheet
from yorozu.worksheets.selectors import seasonal_volume
from yorozu_core.toolfit import FitWeights


def _require_change(user: User, consultation: Consultation) -> None:
    if not can_change_department(user, consultation.department_id):
        raise PermissionDenied("この相談の業務量調査を変更する権限がありません。")


def _require_desk(user: User) -> None:
    if not is_desk_staff(user):
        raise PermissionDenied("IT推進課のコンサルタントと管理者だけが変更できます。")


def _apply_seasons(item: WorkItem) -> None:
    """With monthly volumes given, 年間件数 is computed from them (never typed twice)."""
    volume = seasonal_volume(item)
    if volume is not None:
        item.annual_cases = volume.annual_cases()


@transaction.atomic
def worksheet_get_or_create(*, user: User, consultation: Consultation) -> Worksheet:
    _require_change(user, consultation)
    worksheet, _ = Worksheet.objects.get_or_create(consultation=consultation)
    return worksheet


def _next_position(worksheet: Worksheet) -> int:
    return (worksheet.items.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def work_item_create(*, user: User, consultation: Consultation, data: dict[str, Any]) -> WorkItem:
    worksheet = worksheet_get_or_create(user=user, consultation=consultation)
    item = WorkItem(worksheet=worksheet, position=_next_position(worksheet), **data)
    _apply_seasons(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def work_item_update(*, user: User, item: WorkItem, data: dict[str, Any]) -> WorkItem:
    _require_change(user, item.worksheet.consultation)
    for name, value in data.items():
        setattr(item, name, value)
    _apply_seasons(item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def work_item_delete(*, user: User, item: WorkItem) -> None:
    _require_change(user, item.worksheet.consultation)
    item.delete()


@transaction.atomic
def worksheet_import(
    *, user: User, consultation: Consultation, rows: list[dict[str, Any]], replace: bool = False
) -> int:
    """Add (or, with ``replace``, swap in) already validated rows in one transaction: all or nothing."""
    worksheet = worksheet_get_or_create(user=user, consultation=consultation)
    removed = worksheet.items.count() if replace else 0
    if replace:
        worksheet.items.all().delete()
    start = _next_position(worksheet)
    items = [WorkItem(worksheet=worksheet, position=start + i, **row) for i, row in enumerate(rows)]
    for item in items:
        _apply_seasons(item)
        item.full_clean(exclude=["worksheet"])
    WorkItem.objects.bulk_create(items)
    record(
        action="import",
        model="worksheets.workitem",
        object_id=str(worksheet.pk),
        object_repr=str(worksheet)[:200],
        changes={"imported": len(items), "replaced": removed},
    )
    return len(items)


@transaction.atomic
def worksheet_plan_update(*, user: User, consultation: Consultation, data: dict[str, Any]) -> Worksheet:
    worksheet = worksheet_get_or_create(user=user, consultation=consultation)
    for name, value in data.items():
        setattr(worksheet, name, value)
    worksheet.full_clean()
    worksheet.save()
    return worksheet


@transaction.atomic
def hourly_rate_save(*, user: User, data: dict[str, Any], rate: HourlyRate | None = None) -> HourlyRate:
    _require_desk(user)
    rate = rate or HourlyRate()
    for name, value in data.items():
        setattr(rate, name, value)
    rate.full_clean()
    if rate.is_default:
        HourlyRate.objects.exclude(pk=rate.pk).filter(is_default=True).update(is_default=False)
    rate.save()
    return rate


@transaction.atomic
def hourly_rate_delete(*, user: User, rate: HourlyRate) -> None:
    _require_desk(user)
    rate.delete()


@transaction.atomic
def analysis_settings_update(
    *, user: User, annual_working_hours: Decimal, weights: dict[str, float]
) -> AnalysisSettings:
    _require_desk(user)
    defaults = FitWeights().as_dict()
    FitWeights.from_mapping(weights)  # raises ValueError (Japanese) on a bad weight
    changed = {k: v for k, v in weights.items() if defaults.get(k) != v}
    settings, _ = AnalysisSettings.objects.get_or_create(pk=1)
    settings.annual_working_hours = annual_working_hours
    settings.fit_weights = changed
    settings.full_clean()
    settings.save()
    return settings

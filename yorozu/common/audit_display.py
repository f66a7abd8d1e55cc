"""The audit log as people read it: Japanese model and field names (verbose names), times in JST,
choice labels instead of codes, who acted, and logins told apart from changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from yorozu.common.models import AuditEntry

SYSTEM_ACTOR = "システム（コマンド・自動処理）"
LOGIN_FIELD = "last_login"


def login_entries() -> Q:
    """A login is recorded as an update of the user's ``last_login`` only (django.contrib.auth)."""
    return Q(model="accounts.user", action=AuditEntry.Action.UPDATE, changes__has_key=LOGIN_FIELD)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    actor: str
    action: str
    model: str
    changes: list[Change]


def model_label(label: str) -> str:
    """``training.registration`` → ``研修申込``; unknown labels are shown as stored."""
    model = _model(label)
    return str(model._meta.verbose_name) if model else label


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def readable_value(value: Any, field: models.Field[Any, Any] | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(value, str) and isinstance(field, models.DateTimeField):
        return _jst(value)
    return str(value)


def _jst(text: str) -> str:
    """Stored as ISO text in UTC (``2026-11-30 21:05:00+00:00``) → ``2026-12-01 06:05:00`` JST."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):
        return text
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _actor(entry: AuditEntry, is_login: bool) -> str:
    user = entry.actor
    if user is not None:
        return f"{user}（{user.username}・{user.get_role_display()}）"
    if is_login:
        return f"{entry.object_repr}（本人）"
    if entry.actor_label and entry.actor_label != "system":
        return f"{entry.actor_label}（削除済みの利用者）"
    return SYSTEM_ACTOR


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    rows = []
    for entry in entries:
        model = _model(entry.model)
        is_login = entry.model == "accounts.user" and set(entry.changes) == {LOGIN_FIELD}
        changes = []
        for name, pair in entry.changes.items():
            field = _field(model, name)
            before, after = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            label = str(field.verbose_name) if field is not None else name
            changes.append(Change(label, readable_value(before, field), readable_value(after, field)))
        action = "ログイン" if is_login else entry.get_action_display()
        rows.append(AuditRow(entry, _actor(entry, is_login), action, model_label(entry.model), changes))
    return rows


def audit_entries(*, model: str, object_id: str, action: str, hide_logins: bool) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if model:
        entries = entries.filter(model=model)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if action:
        entries = entries.filter(action=action)
    if hide_logins:
        entries = entries.exclude(login_entries())
    return entries


def model_choices() -> list[tuple[str, str]]:
    labels = AuditEntry.objects.order_by().values_list("model", flat=True).distinct()
    return sorted(((label, f"{model_label(label)}（{label}）") for label in set(labels)), key=lambda c: c[1])

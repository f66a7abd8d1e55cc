"""The audit trail: every create, update and delete of a yorozu record, with before/after.

Recorded by model signals for every model in a ``yorozu.*`` app (decision record 0004: one mechanism
that no service can forget). The acting user comes from :func:`acting_as` — set per request by
``AuditActorMiddleware`` and by the CLI for command-line changes. Bulk operations that bypass
``save()`` (imports) call :func:`record` themselves with a summary.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("yorozu_audit_actor", default=None)
# Budget lines are replaced in bulk by an import, which records one summary entry (budget app).
# Question logs are the regulation assistant's own audit of who asked what, with a retention period;
# copying them here would keep personal questions past it.
_SKIPPED_MODELS = {
    "common.auditentry",
    "common.notificationdelivery",
    "accounts.apitoken",
    "budget.budgetline",
    "regqa.questionlog",
}
_SECRET_FIELDS = {"password", "digest", "secret"}


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    return _actor.get()


def record(
    *,
    action: str,
    instance: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    actor: Any = None,
) -> None:
    """Write one audit entry. ``instance`` fills model, id and repr when given."""
    from yorozu.common.models import AuditEntry

    actor = actor if actor is not None else current_actor()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if instance is not None:
        model = instance._meta.label_lower
        object_id = str(instance.pk)
        object_repr = str(instance)[:200]
    AuditEntry.objects.create(
        actor=actor,
        actor_label=str(actor) if actor else "system",
        action=action,
        model=model,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes or {},
    )


def _audited(sender: type[models.Model]) -> bool:
    return sender.__module__.startswith("yorozu.") and sender._meta.label_lower not in _SKIPPED_MODELS


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime | date | Decimal):
        return str(value)
    if isinstance(value, str | int | float | bool | list | dict) or value is None:
        return value
    return str(value)


def _masked(value: Any) -> str:
    """A secret is never written; a short fingerprint of it still shows *that* it changed."""
    return "********" + hashlib.sha256(str(value).encode()).hexdigest()[:6] if value else ""


def snapshot(instance: models.Model) -> dict[str, Any]:
    # A model may keep fields out of the trail with ``audit_masked_fields`` (ledger records: the
    # audit log is read by administrators, who must not see a ledger's contents; ADR 0901).
    masked = _SECRET_FIELDS | set(getattr(instance, "audit_masked_fields", ()))
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.attname
        value = getattr(instance, name)
        values[field.name] = _masked(value) if field.name in masked else _plain(value)
    return values


@receiver(pre_save)
def _remember_before(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw or not _audited(sender) or instance.pk is None or instance._state.adding:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous else None  # type: ignore[attr-defined]


@receiver(post_save)
def _record_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **_: Any
) -> None:
    if raw or not _audited(sender):
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(action="create", instance=instance, changes={k: [None, v] for k, v in after.items()})
        return
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if diff:
        record(action="update", instance=instance, changes=diff)


@receiver(post_delete)
def _record_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    if _audited(sender):
        record(
            action="delete", instance=instance, changes={k: [v, None] for k, v in snapshot(instance).items()}
        )

"""Writes of 共有台帳: design, records, sharing, grants, partner organisations, read logging."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from yorozu.accounts.models import Department, User
from yorozu.common.notifications import notify
from yorozu.common.uploads import validate_upload
from yorozu.ledgers import rules
from yorozu.ledgers.models import (
    AccessGrant,
    Ledger,
    LedgerField,
    LedgerStatus,
    LedgerView,
    PartnerMember,
    PartnerOrganisation,
    ReadLog,
    Record,
    RecordAttachment,
    RecordComment,
    Share,
)
from yorozu_core.ledger_design import FieldDesign, LedgerDesign, StatusDesign, ViewDesign, check_design
from yorozu_core.ledger_fields import (
    CHOICE,
    FILE,
    KIND_LABELS,
    MULTI,
    USER,
    ConversionError,
    FieldValueError,
    convert,
    is_empty,
    parse_value,
)


def _require_design(user: Any) -> None:
    if not rules.can_design(user):
        raise PermissionDenied("台帳を設計できるのはIT推進課のコンサルタントと管理者です。")


def _require_manager(user: Any, ledger: Ledger) -> None:
    if not rules.can_manage(user, ledger):
        raise PermissionDenied("この操作は台帳の所管課の職員だけが行えます。")


# --- design -------------------------------------------------------------------------------------


@transaction.atomic
def ledger_create(*, user: Any, department: Department, name: str, description: str = "") -> Ledger:
    _require_design(user)
    if Ledger.objects.filter(department=department, name=name).exists():
        raise ValidationError(f"{department}には「{name}」という台帳がすでにあります。")
    return Ledger.objects.create(department=department, name=name, description=description)


@transaction.atomic
def ledger_update(*, user: Any, ledger: Ledger, name: str, description: str) -> Ledger:
    _require_design(user)
    ledger.name, ledger.description = name, description
    ledger.save()
    return ledger


def _new_key(ledger: Ledger) -> str:
    taken = set(ledger.fields.values_list("key", flat=True))
    number = len(taken) + 1
    while f"f{number}" in taken:
        number += 1
    return f"f{number}"


def _clean_choices(kind: str, choices: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(c.strip() for c in choices if c.strip()))
    if kind in (CHOICE, MULTI) and not cleaned:
        raise ValidationError({"choices": "選択・複数選択の項目には選択肢を1つ以上入力してください。"})
    return cleaned if kind in (CHOICE, MULTI) else []


@transaction.atomic
def field_create(
    *,
    user: Any,
    ledger: Ledger,
    label: str,
    kind: str,
    required: bool = False,
    choices: Iterable[str] = (),
    help_text: str = "",
    key: str = "",
) -> LedgerField:
    _require_design(user)
    if kind not in KIND_LABELS:
        raise ValidationError({"kind": f"種類「{kind}」はありません。"})
    key = key or _new_key(ledger)
    if ledger.fields.filter(key=key).exists():
        raise ValidationError({"key": f"キー「{key}」はこの台帳で使われています。"})
    position = (ledger.fields.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    return LedgerField.objects.create(
        ledger=ledger,
        key=key,
        label=label,
        kind=kind,
        required=required,
        choices=_clean_choices(kind, choices),
        help_text=help_text,
        position=position,
    )


@transaction.atomic
def field_update(
    *,
    user: Any,
    field: LedgerField,
    label: str,
    kind: str,
    required: bool,
    choices: Iterable[str],
    help_text: str,
) -> LedgerField:
    """Change a field; a kind or choice change converts every stored value or is refused whole."""
    _require_design(user)
    if kind not in KIND_LABELS:
        raise ValidationError({"kind": f"種類「{kind}」はありません。"})
    new_choices = _clean_choices(kind, choices)
    if kind != field.kind or new_choices != field.choices:
        _convert_values(field, kind, new_choices)
    field.label, field.kind, field.required = label, kind, required
    field.choices, field.help_text = new_choices, help_text
    field.save()
    return field


def _convert_values(field: LedgerField, kind: str, choices: list[str]) -> None:
    if FILE in (kind, field.kind) and kind != field.kind:
        has_values = any(not is_empty(r.values.get(field.key)) for r in field.ledger.records.all())
        if (
            has_values
            or RecordAttachment.objects.filter(record__ledger=field.ledger, field_key=field.key).exists()
        ):
            raise ValidationError(
                {"kind": "添付ファイルの項目とほかの種類の間では、値のある台帳で種類を変えられません。"}
            )
    changed: list[Record] = []
    for record in field.ledger.records.select_for_update():
        old = record.values.get(field.key)
        if is_empty(old):
            continue
        try:
            new = convert(old, to_kind=kind, choices=choices)
        except ConversionError as error:
            raise ValidationError(
                {
                    "kind": f"記録 #{record.number} の「{field.label}」を変換できないため変更できません。{error}"
                }
            ) from error
        if new != old:
            record.values[field.key] = new
            changed.append(record)
    for record in changed:
        record.save(update_fields=["values", "updated_at"])


@transaction.atomic
def field_set_hidden(*, user: Any, field: LedgerField, hidden: bool) -> LedgerField:
    """Removing a field hides it; the stored values stay and come back when it is restored."""
    _require_design(user)
    field.is_hidden = hidden
    field.save()
    return field


@transaction.atomic
def field_move(*, user: Any, field: LedgerField, offset: int) -> None:
    _require_design(user)
    fields = list(field.ledger.fields.all())
    index = fields.index(field)
    target = min(max(index + offset, 0), len(fields) - 1)
    fields.insert(target, fields.pop(index))
    for position, item in enumerate(fields, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def status_save(
    *,
    user: Any,
    ledger: Ledger,
    name: str,
    is_initial: bool,
    allowed_next: Iterable[LedgerStatus],
    status: LedgerStatus | None = None,
) -> LedgerStatus:
    _require_design(user)
    clash = ledger.statuses.filter(name=name).exclude(pk=status.pk if status else None)
    if clash.exists():
        raise ValidationError({"name": f"状態「{name}」はすでにあります。"})
    if status is None:
        position = ledger.statuses.count() + 1
        status = LedgerStatus.objects.create(
            ledger=ledger, name=name, is_initial=is_initial, position=position
        )
    else:
        status.name, status.is_initial = name, is_initial
        status.save()
    if is_initial:
        for other in ledger.statuses.filter(is_initial=True).exclude(pk=status.pk):
            other.is_initial = False
            other.save()
    status.allowed_next.set([s for s in allowed_next if s.ledger_id == ledger.pk and s.pk != status.pk])
    return status


@transaction.atomic
def view_save(
    *,
    user: Any,
    ledger: Ledger,
    name: str,
    columns: list[str],
    sort_key: str = "",
    descending: bool = False,
    status: LedgerStatus | None = None,
) -> LedgerView:
    _require_design(user)
    keys = set(ledger.fields.values_list("key", flat=True))
    unknown = [c for c in [*columns, sort_key] if c and c not in keys]
    if unknown:
        raise ValidationError(f"項目「{'、'.join(unknown)}」はこの台帳にありません。")
    return LedgerView.objects.create(
        ledger=ledger, name=name, columns=columns, sort_key=sort_key, descending=descending, status=status
    )


@transaction.atomic
def view_delete(*, user: Any, view: LedgerView) -> None:
    _require_design(user)
    view.delete()


def design_of(ledger: Ledger) -> LedgerDesign:
    statuses = list(ledger.statuses.prefetch_related("allowed_next"))
    keys = {f.pk: f.key for f in ledger.fields.all()}
    return LedgerDesign(
        name=ledger.name,
        description=ledger.description,
        fields=[
            FieldDesign(f.key, f.label, f.kind, f.required, list(f.choices), f.help_text, f.is_hidden)
            for f in ledger.fields.all()
        ],
        statuses=[
            StatusDesign(s.name, s.is_initial, [n.name for n in s.allowed_next.all()]) for s in statuses
        ],
        views=[
            ViewDesign(v.name, [c for c in v.columns if c in keys.values()], v.sort_key, v.descending)
            for v in ledger.views.all()
        ],
    )


@transaction.atomic
def ledger_import(*, user: Any, department: Department, design: LedgerDesign, name: str = "") -> Ledger:
    """Create a ledger from a design file in one transaction: all of it or nothing."""
    _require_design(user)
    check_design(design)
    ledger = ledger_create(
        user=user, department=department, name=name or design.name, description=design.description
    )
    for item in design.fields:
        created = field_create(
            user=user,
            ledger=ledger,
            label=item.label,
            kind=item.kind,
            required=item.required,
            choices=item.choices,
            help_text=item.help_text,
            key=item.key,
        )
        if item.hidden:
            field_set_hidden(user=user, field=created, hidden=True)
    by_name = {
        s.name: status_save(user=user, ledger=ledger, name=s.name, is_initial=s.initial, allowed_next=[])
        for s in design.statuses
    }
    for item in design.statuses:
        by_name[item.name].allowed_next.set([by_name[n] for n in item.next])
    for view in design.views:
        view_save(
            user=user,
            ledger=ledger,
            name=view.name,
            columns=view.columns,
            sort_key=view.sort,
            descending=view.descending,
        )
    return ledger


# --- records ------------------------------------------------------------------------------------


def _field_by_name(ledger: Ledger) -> dict[str, LedgerField]:
    fields = list(ledger.fields.filter(is_hidden=False))
    return {f.label: f for f in fields} | {f.key: f for f in fields}


def clean_values(ledger: Ledger, raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Typed values keyed by field key; every problem at once, named by the field's label."""
    fields = _field_by_name(ledger)
    errors: dict[str, str] = {}
    unknown = [name for name in raw if name not in fields]
    if unknown:
        errors["__all__"] = f"項目「{'、'.join(unknown)}」はこの台帳にありません。"
    values: dict[str, Any] = {}
    for name, value in raw.items():
        field = fields.get(name)
        if field is None or field.kind == FILE:
            continue
        try:
            values[field.key] = parse_value(field.kind, value, list(field.choices))
        except FieldValueError as error:
            errors[field.key] = f"「{field.label}」: {error}"
            continue
        if field.kind == USER and values[field.key] is not None:
            if (
                not User.objects.filter(pk=values[field.key], is_active=True)
                .exclude(role=User.Role.EXTERNAL)
                .exists()
            ):
                errors[field.key] = f"「{field.label}」: 利用者 {values[field.key]} はいません。"
    for field in {f.pk: f for f in fields.values()}.values():
        if field.required and field.kind != FILE and (not partial or field.key in values):
            if is_empty(values.get(field.key)):
                errors.setdefault(field.key, f"「{field.label}」は必須です。")
    if errors:
        raise ValidationError(errors)
    return values


def _record_url(record: Record) -> str:
    return reverse("ledgers:record-detail", args=[record.ledger_id, record.pk])


def _assignee_ids(record: Record) -> list[int]:
    keys = record.ledger.fields.filter(kind=USER).values_list("key", flat=True)
    return [record.values[k] for k in keys if isinstance(record.values.get(k), int)]


def _notify(record: Record, event: str, verb: str) -> None:
    """Only the ledger, number and link leave yorozu: record contents never go to a chat tool."""
    subject = f"共有台帳「{record.ledger.name}」#{record.number} が{verb}"
    department_ids, user_ids, url = [record.ledger.department_id], _assignee_ids(record), _record_url(record)
    transaction.on_commit(
        lambda: notify(
            event=event,
            subject=subject,
            body=subject,
            url=url,
            department_ids=department_ids,
            user_ids=user_ids,
        )
    )


def _require_writer(user: Any, ledger: Ledger) -> None:
    if not rules.can_write_records(user, ledger):
        raise PermissionDenied("この台帳の記録を変更する権限がありません。")


@transaction.atomic
def record_create(
    *, user: Any, ledger: Ledger, values: Mapping[str, Any], files: Mapping[str, UploadedFile] | None = None
) -> Record:
    _require_writer(user, ledger)
    cleaned = clean_values(ledger, values)
    locked = Ledger.objects.select_for_update().get(pk=ledger.pk)
    number = locked.next_number
    Ledger.objects.filter(pk=ledger.pk).update(next_number=F("next_number") + 1)
    status = ledger.statuses.filter(is_initial=True).first() or ledger.statuses.first()
    record = Record.objects.create(
        ledger=ledger, number=number, status=status, values=cleaned, created_by=user
    )
    for key, upload in (files or {}).items():
        _attach(record=record, user=user, upload=upload, field_key=key)
    _notify(record, "ledger.record_created", "登録されました")
    return record


@transaction.atomic
def record_update(
    *, user: Any, record: Record, values: Mapping[str, Any], files: Mapping[str, UploadedFile] | None = None
) -> Record:
    _require_writer(user, record.ledger)
    cleaned = clean_values(record.ledger, values, partial=True)
    record = Record.objects.select_for_update().get(pk=record.pk)
    record.values = {**record.values, **cleaned}  # hidden fields keep their values
    record.save()
    for key, upload in (files or {}).items():
        _attach(record=record, user=user, upload=upload, field_key=key)
    _notify(record, "ledger.record_updated", "更新されました")
    return record


@transaction.atomic
def record_move(*, user: Any, record: Record, to: LedgerStatus) -> Record:
    _require_writer(user, record.ledger)
    allowed = record.status.allowed_next.all() if record.status else record.ledger.statuses.all()
    if to not in allowed:
        current = record.status.name if record.status else "（なし）"
        raise ValidationError(f"状態「{current}」から「{to.name}」へは移れません。")
    record.status = to
    record.save()
    _notify(record, "ledger.record_updated", f"「{to.name}」になりました")
    return record


@transaction.atomic
def record_comment(*, user: Any, record: Record, body: str) -> RecordComment:
    access = rules.record_access(user, record)
    if access is None or not access.can_comment:
        raise PermissionDenied("この記録にコメントする権限がありません。")
    if not body.strip():
        raise ValidationError("コメントを入力してください。")
    comment = RecordComment.objects.create(record=record, author=user, body=body.strip())
    _notify(record, "ledger.record_commented", "コメントされました")
    return comment


def _attach(*, record: Record, user: Any, upload: UploadedFile, field_key: str = "") -> RecordAttachment:
    validate_upload(upload)
    name = re.sub(r"[\\/]", "_", upload.name or "file")
    return RecordAttachment.objects.create(
        record=record, field_key=field_key, file=upload, name=name, uploaded_by=user
    )


@transaction.atomic
def record_attach(*, user: Any, record: Record, upload: UploadedFile) -> RecordAttachment:
    access = rules.record_access(user, record)
    if access is None or not access.can_attach:
        raise PermissionDenied("この記録にファイルを添付する権限がありません。")
    attachment = _attach(record=record, user=user, upload=upload)
    _notify(record, "ledger.record_updated", "ファイルが添付されました")
    return attachment


def reads_log(
    *, user: Any, record_ids: Iterable[int], kind: str, address: str = "", detail: str = ""
) -> None:
    """One row per record read. ``bulk_create``: the read trail is its own table (see ReadLog)."""
    rows = [
        ReadLog(record_id=pk, user=user, kind=kind, address=address[:64], detail=detail[:200])
        for pk in record_ids
    ]
    ReadLog.objects.bulk_create(rows, batch_size=1000)


# --- sharing, grants, partners ------------------------------------------------------------------


@transaction.atomic
def grant_create(
    *, user: Any, ledger: Ledger, grantee: User, expires_on: date, reason: str = ""
) -> AccessGrant:
    _require_manager(user, ledger)
    if grantee.is_external:
        raise ValidationError("関係機関の利用者には、閲覧許可ではなく共有を使ってください。")
    return AccessGrant.objects.create(
        ledger=ledger, user=grantee, expires_on=expires_on, reason=reason, granted_by=user
    )


@transaction.atomic
def grant_revoke(*, user: Any, grant: AccessGrant) -> None:
    _require_manager(user, grant.ledger)
    grant.delete()


@transaction.atomic
def share_create(
    *,
    user: Any,
    ledger: Ledger,
    organisation: PartnerOrganisation,
    field_keys: list[str],
    expires_on: date,
    record: Record | None = None,
    status: LedgerStatus | None = None,
    can_comment: bool = False,
    can_attach: bool = False,
) -> Share:
    _require_manager(user, ledger)
    if (record is None) == (status is None):
        raise ValidationError("共有するのは記録1件か、ひとつの状態の記録のどちらかです。")
    keys = set(ledger.fields.values_list("key", flat=True))
    if not field_keys or any(k not in keys for k in field_keys):
        raise ValidationError("見せる項目をこの台帳の項目から1つ以上選んでください。")
    return Share.objects.create(
        ledger=ledger,
        organisation=organisation,
        record=record,
        status=status,
        field_keys=field_keys,
        can_comment=can_comment,
        can_attach=can_attach,
        expires_on=expires_on,
        created_by=user,
    )


@transaction.atomic
def share_revoke(*, user: Any, share: Share) -> None:
    _require_manager(user, share.ledger)
    share.delete()


@transaction.atomic
def organisation_save(
    *,
    user: Any,
    name: str,
    kind: str,
    allowed_networks: str = "",
    organisation: PartnerOrganisation | None = None,
) -> PartnerOrganisation:
    _require_design(user)
    organisation = organisation or PartnerOrganisation()
    organisation.name, organisation.kind, organisation.allowed_networks = name, kind, allowed_networks
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def partner_user_create(
    *, user: Any, organisation: PartnerOrganisation, username: str, display_name: str, password: str
) -> User:
    """A user of a partner organisation: role 関係機関職員, no department, two-factor login required."""
    _require_design(user)
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"ユーザー名「{username}」は使われています。"})
    partner = User(username=username, display_name=display_name, role=User.Role.EXTERNAL)
    partner.set_password(password)
    partner.save()
    PartnerMember.objects.create(user=partner, organisation=organisation)
    return partner

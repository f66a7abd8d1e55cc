"""JSON API of 共有台帳 (internal users only; the same need-to-know rules as the pages)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from yorozu.common.api import ErrorOut, paginate, require_writer
from yorozu.ledgers import rules, selectors, services
from yorozu.ledgers.models import Ledger, ReadLog, Record
from yorozu.ledgers.views import client_address

router = Router(tags=["共有台帳"])


@contextmanager
def _service_errors() -> Iterator[None]:
    try:
        yield
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error


class LedgerOut(Schema):
    id: int
    name: str
    department: str


class LedgerListOut(Schema):
    count: int
    items: list[LedgerOut]


class RecordOut(Schema):
    id: int
    number: int
    status: str | None
    values: dict[str, Any]
    labels: dict[str, str]
    created_at: datetime
    updated_at: datetime


class RecordListOut(Schema):
    count: int
    items: list[RecordOut]


class RecordIn(Schema):
    values: dict[str, Any]


class ReadOut(Schema):
    user: str
    at: datetime
    kind: str
    address: str


class ReadListOut(Schema):
    count: int
    items: list[ReadOut]


class ListParams(Schema):
    q: str = ""
    page: int = 1
    page_size: int = 50


def _internal(request: HttpRequest) -> None:
    if request.user.is_external:  # type: ignore[union-attr]
        raise HttpError(404, "見つかりません。")


def _ledger(request: HttpRequest, ledger_id: int) -> Ledger:
    _internal(request)
    try:
        return selectors.readable_ledger_get(user=request.user, ledger_id=ledger_id)
    except Http404 as error:
        raise HttpError(404, "台帳が見つかりません。") from error


def _record(request: HttpRequest, ledger: Ledger, record_id: int) -> Record:
    try:
        record, _access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    except Http404 as error:
        raise HttpError(404, "記録が見つかりません。") from error
    return record


def _record_out(record: Record, fields: list[Any]) -> dict[str, Any]:
    return {
        "id": record.pk,
        "number": record.number,
        "status": record.status.name if record.status else None,
        "values": {f.key: record.values.get(f.key) for f in fields},
        "labels": {f.key: f.label for f in fields},
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def _log(request: HttpRequest, records: list[Record]) -> None:
    services.reads_log(
        user=request.user,
        record_ids=[r.pk for r in records],
        kind=ReadLog.Kind.API,
        address=client_address(request),
    )


@router.get("/", response=LedgerListOut, summary="記録を読める台帳の一覧")
def list_ledgers(request: HttpRequest) -> dict[str, object]:
    _internal(request)
    ledgers = selectors.readable_ledgers(user=request.user)
    items = [{"id": x.pk, "name": x.name, "department": x.department.full_name} for x in ledgers]
    return {"count": len(items), "items": items}


@router.get("/{ledger_id}/records/", response=RecordListOut, summary="台帳の記録（項目名つき）")
def list_records(request: HttpRequest, ledger_id: int, params: Query[ListParams]) -> dict[str, object]:
    ledger = _ledger(request, ledger_id)
    if params.page < 1 or params.page_size < 1:
        raise HttpError(422, "page と page_size は1以上にしてください。")
    rows = selectors.record_rows(
        user=request.user, ledger=ledger, filters=selectors.RecordFilters(keyword=params.q)
    )
    size = min(params.page_size, 500)
    page = selectors.records_in_order(ledger, rows[(params.page - 1) * size : params.page * size])
    _log(request, page)
    fields = rules.visible_fields(ledger)
    return {"count": len(rows), "items": [_record_out(r, fields) for r in page]}


@router.post(
    "/{ledger_id}/records/", response={201: RecordOut, 403: ErrorOut, 422: ErrorOut}, summary="記録の登録"
)
def create_record(request: HttpRequest, ledger_id: int, payload: RecordIn) -> Status:
    ledger = _ledger(request, ledger_id)
    require_writer(request)
    with _service_errors():
        record = services.record_create(user=request.user, ledger=ledger, values=payload.values)
    return Status(201, _record_out(record, rules.visible_fields(ledger)))


@router.get(
    "/{ledger_id}/records/{record_id}/", response=RecordOut, summary="記録1件（読んだことは記録されます）"
)
def get_record(request: HttpRequest, ledger_id: int, record_id: int) -> dict[str, object]:
    ledger = _ledger(request, ledger_id)
    record = _record(request, ledger, record_id)
    _log(request, [record])
    return _record_out(record, rules.visible_fields(ledger))


@router.patch(
    "/{ledger_id}/records/{record_id}/",
    response={200: RecordOut, 403: ErrorOut, 422: ErrorOut},
    summary="記録の更新",
)
def update_record(request: HttpRequest, ledger_id: int, record_id: int, payload: RecordIn) -> Status:
    ledger = _ledger(request, ledger_id)
    record = _record(request, ledger, record_id)
    require_writer(request)
    with _service_errors():
        record = services.record_update(user=request.user, record=record, values=payload.values)
    return Status(200, _record_out(record, rules.visible_fields(ledger)))


@router.get(
    "/{ledger_id}/records/{record_id}/reads/", response=ReadListOut, summary="記録の閲覧履歴（所管課のみ）"
)
def record_reads(
    request: HttpRequest, ledger_id: int, record_id: int, params: Query[ListParams]
) -> dict[str, object]:
    ledger = _ledger(request, ledger_id)
    record = _record(request, ledger, record_id)
    if not rules.can_manage(request.user, ledger):
        raise HttpError(404, "記録が見つかりません。")
    count, rows = paginate(
        selectors.record_reads(record=record), page=params.page, page_size=params.page_size
    )
    items = [{"user": r.user.username, "at": r.at, "kind": r.kind, "address": r.address} for r in rows]
    return {"count": count, "items": items}

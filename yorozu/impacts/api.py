"""JSON API of the effect ledger, mounted at /api/impacts/ (bearer token auth, same access rules)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from yorozu.accounts.models import Department
from yorozu.accounts.permissions import is_desk_staff, scope_to_user
from yorozu.common.api import ErrorOut, paginate, require_writer
from yorozu.consultations.api import StaffBearerAuth
from yorozu.consultations.models import Consultation
from yorozu.impacts import reports, selectors, services
from yorozu.impacts.models import Deployment, EffectRecord, MeasurementDue, ToolKind
from yorozu_core.fiscal import FiscalYearError, parse_fiscal_year

router = Router(tags=["impacts"], auth=StaffBearerAuth())


class ToolOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    vendor: str


class ToolIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    kind: str
    vendor: str = ""


class DeploymentOut(Schema):
    id: int
    name: str
    tool: str
    tool_id: int
    kind: str
    kind_label: str
    department_id: int | None
    department: str
    consultation_id: int | None
    go_live: date
    retired_on: date | None
    status: str
    status_label: str


class DeploymentIn(Schema):
    tool: str = Field(..., min_length=1, description="ツール名または種類（例: WinActor、RPA、AI-OCR）")
    name: str = Field(..., min_length=1, max_length=200)
    go_live: date
    department: int | str | None = Field(None, description="所管課のIDまたは名称（省略時は相談の相談課）")
    consultation: int | None = None
    retired_on: date | None = None
    status: str = Deployment.Status.LIVE
    note: str = ""


class DeploymentPatch(Schema):
    tool: str | None = None
    name: str | None = Field(None, min_length=1, max_length=200)
    go_live: date | None = None
    retired_on: date | None = None
    status: str | None = None
    department: int | str | None = None
    consultation: int | None = None
    note: str | None = None


class DeploymentListOut(Schema):
    count: int
    items: list[DeploymentOut]


class EffectOut(Schema):
    id: int
    deployment_id: int
    kind: str
    period_start: date
    period_end: date
    fiscal_year: int
    cases: int
    minutes_before: Decimal
    minutes_after: Decimal
    upkeep_hours: Decimal
    hours_saved: Decimal
    annual_hours: Decimal
    yen: int


class EffectIn(Schema):
    kind: str = Field(..., description="projected（見込み）または realised（実績）")
    period_start: date
    period_end: date
    cases: int = Field(..., ge=0)
    minutes_before: Decimal = Field(..., ge=0)
    minutes_after: Decimal = Field(..., ge=0)
    upkeep_hours: Decimal = Field(Decimal(0), ge=0)
    note: str = ""


class WeightsIn(Schema):
    weights: list[Decimal] = Field(..., description="4月〜3月の月別件数（または比率）12個")


class WeightsOut(Schema):
    deployment_id: int
    weights: list[Decimal]
    source: str


class ListParams(Schema):
    kind: str = ""
    department: int | None = None
    status: str = ""
    q: str = ""
    page: int = 1
    page_size: int = 50


class ReportParams(Schema):
    fiscal_year: str = Field("", description="年度（2023、R5、令和5年度）")
    as_of: date | None = None


def _deployment_out(row: Deployment) -> dict[str, Any]:
    return {
        "id": row.pk,
        "name": row.name,
        "tool": row.tool.name,
        "tool_id": row.tool_id,
        "kind": row.tool.kind,
        "kind_label": row.tool.get_kind_display(),
        "department_id": row.department_id,
        "department": row.department.full_name if row.department else "全庁",
        "consultation_id": row.consultation_id,
        "go_live": row.go_live,
        "retired_on": row.retired_on,
        "status": row.status,
        "status_label": row.get_status_display(),
    }


def _effect_out(row: EffectRecord, rate: int) -> dict[str, Any]:
    from yorozu_core.effects import record_yen

    fields = ("id", "deployment_id", "kind", "period_start", "period_end", "fiscal_year", "cases")
    numbers = ("minutes_before", "minutes_after", "upkeep_hours", "hours_saved", "annual_hours")
    out = {name: getattr(row, name) for name in fields + numbers}
    return out | {"yen": record_yen(hours=row.hours_saved, hourly_rate_yen=rate)}


def _get(request: HttpRequest, pk: int) -> Deployment:
    try:
        return selectors.deployment_get(user=request.user, pk=pk)
    except Http404 as error:
        raise HttpError(404, "導入が見つかりません。") from error


def _require_desk(request: HttpRequest) -> None:
    require_writer(request)
    if not is_desk_staff(request.user):
        raise HttpError(403, "効果測定の台帳を変更できるのはIT推進課の担当者と管理者です。")


def _department(request: HttpRequest, value: int | str | None) -> Department | None:
    if value is None or value == "":
        return None
    rows = Department.objects.all()
    found = (
        rows.filter(pk=value).first()
        if isinstance(value, int) or str(value).isdigit()
        else rows.filter(name=str(value).strip()).first()
    )
    if found is None:
        raise HttpError(422, f"所管課「{value}」が見つかりません。")
    return found


def _consultation(request: HttpRequest, value: int | None) -> Consultation | None:
    if value is None:
        return None
    found = scope_to_user(Consultation.objects.all(), request.user).filter(pk=value).first()
    if found is None:
        raise HttpError(422, f"相談 #{value} が見つかりません。")
    return found


def _invalid(error: ValidationError) -> HttpError:
    return HttpError(422, " ".join(error.messages))


@router.get("/tools/", response=list[ToolOut], summary="ツールの一覧")
def list_tools(request: HttpRequest) -> list[dict[str, Any]]:
    return [_tool_out(t) for t in selectors.tool_list()]


def _tool_out(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "kind": t.kind,
        "kind_label": t.get_kind_display(),
        "vendor": t.vendor,
    }


@router.post("/tools/", response={201: ToolOut, 403: ErrorOut, 422: ErrorOut}, summary="ツールの登録")
def create_tool(request: HttpRequest, payload: ToolIn) -> Status[dict[str, Any]]:
    _require_desk(request)
    if payload.kind not in ToolKind.values:
        raise HttpError(422, f"種類「{payload.kind}」はありません（{', '.join(ToolKind.values)}）。")
    try:
        tool = services.tool_create(
            user=request.user, name=payload.name, kind=payload.kind, vendor=payload.vendor
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, _tool_out(tool))


@router.get("/deployments/", response=DeploymentListOut, summary="導入の一覧")
def list_deployments(request: HttpRequest, params: Query[ListParams]) -> dict[str, Any]:
    filters = selectors.DeploymentFilters(
        kind=params.kind, department_id=params.department, status=params.status, query=params.q
    )
    rows = selectors.deployment_list(user=request.user, filters=filters)
    count, page = paginate(rows, page=params.page, page_size=params.page_size)
    return {"count": count, "items": [_deployment_out(r) for r in page]}


@router.post(
    "/deployments/", response={201: DeploymentOut, 403: ErrorOut, 422: ErrorOut}, summary="導入の登録"
)
def create_deployment(request: HttpRequest, payload: DeploymentIn) -> Status[dict[str, Any]]:
    _require_desk(request)
    tool = services.tool_resolve(text=payload.tool)
    if tool is None:
        raise HttpError(422, f"ツール「{payload.tool}」が登録されていません。先にツールを登録してください。")
    if payload.status not in Deployment.Status.values:
        raise HttpError(422, f"状態「{payload.status}」はありません。")
    try:
        row = services.deployment_create(
            user=request.user,
            tool=tool,
            name=payload.name,
            go_live=payload.go_live,
            department=_department(request, payload.department),
            consultation=_consultation(request, payload.consultation),
            status=payload.status,
            retired_on=payload.retired_on,
            note=payload.note,
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, _deployment_out(_get(request, row.pk)))


@router.get(
    "/deployments/{int:deployment_id}", response={200: DeploymentOut, 404: ErrorOut}, summary="導入1件"
)
def get_deployment(request: HttpRequest, deployment_id: int) -> dict[str, Any]:
    return _deployment_out(_get(request, deployment_id))


@router.patch(
    "/deployments/{int:deployment_id}",
    response={200: DeploymentOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="導入の変更（廃止日の登録など）",
)
def update_deployment(request: HttpRequest, deployment_id: int, payload: DeploymentPatch) -> dict[str, Any]:
    deployment = _get(request, deployment_id)
    _require_desk(request)
    fields = _patch_fields(request, payload.dict(exclude_unset=True))
    try:
        services.deployment_update(user=request.user, deployment=deployment, **fields)
    except ValidationError as error:
        raise _invalid(error) from error
    return _deployment_out(_get(request, deployment_id))


def _patch_fields(request: HttpRequest, fields: dict[str, Any]) -> dict[str, Any]:
    if "tool" in fields:
        fields["tool"] = services.tool_resolve(text=fields["tool"] or "")
        if fields["tool"] is None:
            raise HttpError(422, "ツールが登録されていません。")
    if "department" in fields:
        fields["department"] = _department(request, fields["department"])
    if "consultation" in fields:
        fields["consultation"] = _consultation(request, fields["consultation"])
    if fields.get("status", Deployment.Status.LIVE) not in Deployment.Status.values:
        raise HttpError(422, f"状態「{fields['status']}」はありません。")
    if any(fields.get(k) is None for k in ("name", "go_live", "status", "note") if k in fields):
        raise HttpError(422, "名称・稼働日・状態・備考は空にできません。")
    return fields


@router.get(
    "/deployments/{int:deployment_id}/weights",
    response={200: WeightsOut, 404: ErrorOut},
    summary="年換算に使う月別件数比率（導入→所管課→平準の順）",
)
def get_weights(request: HttpRequest, deployment_id: int) -> dict[str, Any]:
    deployment = _get(request, deployment_id)
    profile = selectors.volume_profile_of(user=request.user, deployment=deployment)
    source = "flat" if profile is None else "deployment" if profile.deployment_id else "department"
    return {"deployment_id": deployment.pk, "weights": services.weights_for(deployment), "source": source}


@router.put(
    "/deployments/{int:deployment_id}/weights",
    response={200: WeightsOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="導入の月別件数比率の設定（既存の記録を年換算し直す）",
)
def put_weights(request: HttpRequest, deployment_id: int, payload: WeightsIn) -> dict[str, Any]:
    deployment = _get(request, deployment_id)
    _require_desk(request)
    try:
        services.volume_profile_set(user=request.user, deployment=deployment, weights=payload.weights)
    except ValidationError as error:
        raise _invalid(error) from error
    return get_weights(request, deployment_id)


@router.get(
    "/deployments/{int:deployment_id}/effects/",
    response={200: list[EffectOut], 404: ErrorOut},
    summary="導入の効果の記録（見込み・実績）",
)
def list_effects(request: HttpRequest, deployment_id: int) -> list[dict[str, Any]]:
    deployment = _get(request, deployment_id)
    rate = services.ledger_settings().hourly_rate_yen
    return [_effect_out(e, rate) for e in selectors.effect_list(user=request.user, deployment=deployment)]


@router.post(
    "/deployments/{int:deployment_id}/effects/",
    response={201: EffectOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="効果の記録",
)
def create_effect(request: HttpRequest, deployment_id: int, payload: EffectIn) -> Status[dict[str, Any]]:
    deployment = _get(request, deployment_id)
    _require_desk(request)
    if payload.kind not in EffectRecord.Kind.values:
        raise HttpError(422, "kind は projected（見込み）または realised（実績）にしてください。")
    try:
        effect = services.deployment_record_effect(user=request.user, deployment=deployment, **payload.dict())
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, _effect_out(effect, services.ledger_settings().hourly_rate_yen))


@router.get("/report", response={200: dict[str, Any], 422: ErrorOut}, summary="年度別・累計の効果レポート")
def report(request: HttpRequest, params: Query[ReportParams]) -> dict[str, Any]:
    try:
        year = parse_fiscal_year(params.fiscal_year) if params.fiscal_year.strip() else None
    except FiscalYearError as error:
        raise HttpError(422, str(error)) from error
    return reports.impact_report(user=request.user, fiscal_year=year, as_of=params.as_of).as_dict()


class MeasurementOut(Schema):
    id: int
    deployment_id: int
    deployment: str
    consultation_id: int | None
    months_after: int
    due_on: date
    status: str
    overdue: bool


@router.get("/measurements/", response=list[MeasurementOut], summary="効果測定の予定（未測定、期限の近い順）")
def measurement_list(request: HttpRequest, within_days: int = 14) -> list[dict[str, Any]]:
    """Open scheduled measurements due within ``within_days`` (and every overdue one), scoped by department."""
    today = timezone.localdate()
    rows = scope_to_user(
        MeasurementDue.objects.filter(
            status=MeasurementDue.Status.OPEN, due_on__lte=today + timedelta(days=max(0, within_days))
        ),
        request.user,
        department_field="deployment__department",
    ).select_related("deployment")
    return [
        {
            "id": m.pk,
            "deployment_id": m.deployment_id,
            "deployment": m.deployment.name,
            "consultation_id": m.deployment.consultation_id,
            "months_after": m.months_after,
            "due_on": m.due_on,
            "status": m.status,
            "overdue": m.due_on < today,
        }
        for m in rows.order_by("due_on", "id")[:500]
    ]

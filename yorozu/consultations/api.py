"""JSON API of the consultation desk, mounted at /api/consultations/ (bearer token auth)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from yorozu.accounts.models import Department
from yorozu.common.api import BearerAuth, ErrorOut, paginate, require_writer
from yorozu.consultations import selectors, services
from yorozu.consultations.models import Consultation, Stage, TimelineEntry
from yorozu_core.fiscal import FiscalYearError, parse_fiscal_year


class StaffBearerAuth(BearerAuth):
    """The API of the desk is for city-hall users: a 関係機関 (external) token is refused (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = super().authenticate(request, token)
        return None if user is None or user.is_external else user


router = Router(tags=["consultations"], auth=StaffBearerAuth())


@contextmanager
def _service_errors() -> Iterator[None]:
    """Service refusals as API answers: permission → 403, validation → 422 (Japanese detail)."""
    try:
        yield
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error


class CaseOut(Schema):
    id: int
    title: str
    theme: str
    theme_label: str
    stage: str
    stage_label: str
    department_id: int
    department: str
    requester: str
    assignee_ids: list[int]
    received_on: date
    fiscal_year: int
    fiscal_year_label: str
    desired_timing: str
    current_issue: str
    target_work: str
    stage_changed_at: datetime
    next_stages: list[str]


class TimelineOut(Schema):
    kind: str
    at: datetime
    author: str | None
    from_stage: str
    to_stage: str
    body: str
    days_in_stage: int | None


class CaseDetailOut(CaseOut):
    closing_reason: str
    timeline: list[TimelineOut]


class CaseListOut(Schema):
    count: int
    items: list[CaseOut]


class CaseIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    theme: str
    current_issue: str = Field(..., min_length=1)
    target_work: str = Field(..., min_length=1)
    desired_timing: str = ""
    related_department_ids: list[int] = []
    department_id: int | None = None
    received_on: date | None = None


class TransitionIn(Schema):
    to: str
    comment: str = ""
    reason: str = ""


class CommentIn(Schema):
    body: str


class AssignIn(Schema):
    consultant_ids: list[int]


class ListParams(Schema):
    stage: str = ""
    theme: str = ""
    department: int | None = None
    fiscal_year: str = ""
    assignee: int | None = None
    q: str = ""
    page: int = 1
    page_size: int = 50


def _case_out(case: Consultation) -> dict[str, object]:
    return {
        "id": case.pk,
        "title": case.title,
        "theme": case.theme,
        "theme_label": case.get_theme_display(),
        "stage": case.stage,
        "stage_label": case.get_stage_display(),
        "department_id": case.department_id,
        "department": case.department.full_name,
        "requester": str(case.requester),
        "assignee_ids": [a.pk for a in case.assignees.all()],
        "received_on": case.received_on,
        "fiscal_year": case.fiscal_year,
        "fiscal_year_label": case.fiscal_year_label,
        "desired_timing": case.desired_timing,
        "current_issue": case.current_issue,
        "target_work": case.target_work,
        "stage_changed_at": case.stage_changed_at,
        "next_stages": [value for value, _ in case.next_stages],
    }


def _timeline_out(entry: TimelineEntry) -> dict[str, object]:
    return {
        "kind": entry.kind,
        "at": entry.at,
        "author": str(entry.author) if entry.author else None,
        "from_stage": entry.from_stage,
        "to_stage": entry.to_stage,
        "body": entry.body,
        "days_in_stage": entry.days_in_stage,
    }


def _detail_out(request: HttpRequest, pk: int) -> dict[str, object]:
    case = _get(request, pk)
    timeline = [_timeline_out(e) for e in selectors.timeline_of(consultation=case)]
    return {**_case_out(case), "closing_reason": case.closing_reason, "timeline": timeline}


def _get(request: HttpRequest, pk: int) -> Consultation:
    try:
        return selectors.consultation_get(user=request.user, pk=pk)
    except Http404 as error:
        raise HttpError(404, "相談が見つかりません。") from error


def _filters(params: ListParams) -> selectors.CaseFilters:
    try:
        year = parse_fiscal_year(params.fiscal_year) if params.fiscal_year.strip() else None
    except FiscalYearError as error:
        raise HttpError(422, str(error)) from error
    if params.stage and params.stage not in Stage.values:
        raise HttpError(422, f"段階「{params.stage}」はありません。")
    return selectors.CaseFilters(
        stage=params.stage,
        theme=params.theme,
        department_id=params.department,
        fiscal_year=year,
        assignee_id=params.assignee,
        keyword=params.q,
    )


@router.get("/", response=CaseListOut, summary="相談の一覧（絞り込み・ページ分割）")
def list_cases(request: HttpRequest, params: Query[ListParams]) -> dict[str, object]:
    cases = selectors.consultation_list(user=request.user, filters=_filters(params))
    count, rows = paginate(cases, page=params.page, page_size=params.page_size)
    return {"count": count, "items": [_case_out(c) for c in rows]}


@router.post("/", response={201: CaseDetailOut, 403: ErrorOut, 422: ErrorOut}, summary="相談票の提出")
def create_case(request: HttpRequest, payload: CaseIn) -> Status:
    require_writer(request)
    department = None
    if payload.department_id is not None:
        department = Department.objects.filter(pk=payload.department_id).first()
        if department is None:
            raise HttpError(422, "相談課が見つかりません。")
    data = services.CaseInput(
        title=payload.title,
        theme=payload.theme,
        current_issue=payload.current_issue,
        target_work=payload.target_work,
        desired_timing=payload.desired_timing,
        related_department_ids=tuple(payload.related_department_ids),
    )
    with _service_errors():
        case = services.consultation_create(
            user=request.user, data=data, department=department, received_on=payload.received_on
        )
    return Status(201, _detail_out(request, case.pk))


@router.get("/stats", summary="年度別の相談件数（段階別・テーマ別・相談課別）")
def stats(request: HttpRequest) -> dict[str, object]:
    return {"by_fiscal_year": selectors.consultation_stats(user=request.user)}


@router.get("/{int:case_id}", response={200: CaseDetailOut, 404: ErrorOut}, summary="相談1件と経過")
def get_case(request: HttpRequest, case_id: int) -> dict[str, object]:
    return _detail_out(request, case_id)


@router.post(
    "/{int:case_id}/transition",
    response={200: CaseDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="段階の変更",
)
def transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> dict[str, object]:
    case = _get(request, case_id)
    require_writer(request)
    with _service_errors():
        services.consultation_transition(
            user=request.user,
            consultation=case,
            to=payload.to,
            comment=payload.comment,
            reason=payload.reason,
        )
    return _detail_out(request, case_id)


@router.post(
    "/{int:case_id}/comments",
    response={201: TimelineOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="コメントの記入",
)
def comment(request: HttpRequest, case_id: int, payload: CommentIn) -> Status:
    case = _get(request, case_id)
    require_writer(request)
    with _service_errors():
        entry = services.consultation_comment(user=request.user, consultation=case, body=payload.body)
    return Status(201, _timeline_out(entry))


@router.post(
    "/{int:case_id}/assign",
    response={200: CaseDetailOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="担当コンサルタントの設定（IT推進課のみ）",
)
def assign(request: HttpRequest, case_id: int, payload: AssignIn) -> dict[str, object]:
    case = _get(request, case_id)
    chosen = list(selectors.consultants().filter(pk__in=payload.consultant_ids))
    if len(chosen) != len(set(payload.consultant_ids)):
        raise HttpError(422, "担当にはIT推進課のコンサルタントを選んでください。")
    with _service_errors():
        services.consultation_assign(user=request.user, consultation=case, consultants=chosen)
    return _detail_out(request, case_id)

"""Worksheet rows through the API (/api/worksheets/): the page's rules, validation and figures.

Rows are validated by the same :class:`WorkItemForm` as the page and the Excel import; answers carry
the row's figures and tool fit, and the worksheet totals after the change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Body, Router, Status
from ninja.errors import HttpError

from yorozu.accounts.permissions import can_change_department
from yorozu.common.api import paginate, require_writer
from yorozu.consultations.models import Consultation
from yorozu.worksheets import selectors, services
from yorozu.worksheets.forms import ITEM_FIELDS, WorkItemForm
from yorozu.worksheets.models import WorkItem
from yorozu.worksheets.selectors import Analysis, Row

router = Router(tags=["worksheets"])


def _num(value: Decimal | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def totals_out(analysis: Analysis) -> dict[str, Any]:
    t = analysis.totals
    return {
        "tasks": t.tasks,
        "cases": _num(t.cases, 1),
        "hours_before": _num(t.hours_before),
        "hours_after": _num(t.hours_after),
        "hours_saved": _num(t.hours_saved),
        "fte_before": _num(t.fte_before, 3),
        "fte_saved": _num(t.fte_saved, 3),
        "cost_before_yen": t.cost_before,
        "cost_saved_yen": t.cost_saved,
        "reduction_rate": _num(t.reduction_rate, 4),
        "payback_years": _num(analysis.payback),
    }


def item_out(row: Row) -> dict[str, Any]:
    item, f = row.item, row.figures
    fields: dict[str, Any] = {}
    for name in ITEM_FIELDS:
        value = item.grade_id if name == "grade" else getattr(item, name)
        fields[name] = float(value) if isinstance(value, Decimal) else value
    return {
        "id": item.pk,
        "position": item.position,
        **fields,
        "figures": {
            "hours_before": _num(f.hours_before),
            "hours_after": _num(f.hours_after),
            "hours_saved": _num(f.hours_saved),
            "fte_before": _num(f.fte_before, 3),
            "cost_before_yen": f.cost_before,
            "cost_saved_yen": f.cost_saved,
        },
        "fit": [
            {
                "tool": x.tool.value,
                "label": x.label,
                "score": x.score,
                "passed": x.passed,
                "reasons": list(x.reasons),
            }
            for x in row.fits
        ],
        "recommended": [x.tool.value for x in row.ranked],
    }


def _consultation(request: HttpRequest, consultation_id: int) -> Consultation:
    try:
        return selectors.consultation_get(user=request.user, consultation_id=consultation_id)
    except Http404 as error:
        raise HttpError(404, "相談が見つかりません。") from error


def _item(request: HttpRequest, item_id: int) -> WorkItem:
    try:
        return selectors.work_item_get(user=request.user, item_id=item_id)
    except Http404 as error:
        raise HttpError(404, "業務が見つかりません。") from error


def _require_change(request: HttpRequest, consultation: Consultation) -> None:
    require_writer(request)
    if not can_change_department(request.user, consultation.department_id):
        raise HttpError(403, "この相談の業務量調査を変更する権限がありません。")


def _form_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "True" if value else "False"
    return "" if value is None else value


def _validated(payload: dict[str, Any], instance: WorkItem | None = None) -> dict[str, Any]:
    unknown = sorted(set(payload) - set(ITEM_FIELDS))
    if unknown:
        raise HttpError(422, f"不明な項目です: {', '.join(unknown)}")
    source = instance or WorkItem()  # a new row starts from the model's defaults
    base = {n: (source.grade_id if n == "grade" else getattr(source, n)) for n in ITEM_FIELDS}
    data = {k: _form_value(v) for k, v in {**base, **payload}.items()}
    form = WorkItemForm(data=data, instance=instance)
    if not form.is_valid():
        details = "; ".join(
            f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
            for k, v in form.errors.items()
        )
        raise HttpError(422, f"入力に誤りがあります。{details}")
    return form.cleaned_data


def _answer(consultation: Consultation, item_id: int) -> dict[str, Any]:
    analysis = selectors.analysis_for(consultation=consultation)
    row = next(r for r in analysis.rows if r.item.pk == item_id)
    return {**item_out(row), "totals": totals_out(analysis)}


@router.get("/consultations/{consultation_id}/")
def worksheet_get(request: HttpRequest, consultation_id: int) -> dict[str, Any]:
    """The worksheet of a consultation: totals, plan inputs and payback."""
    analysis = selectors.analysis_for(consultation=_consultation(request, consultation_id))
    ws = analysis.worksheet
    return {
        "consultation": consultation_id,
        "title": analysis.consultation.title,
        "totals": totals_out(analysis),
        "proposed_tool": ws.proposed_tool if ws else "",
        "cost": {
            "initial": analysis.cost.initial,
            "build": analysis.cost.build,
            "annual_licence": analysis.cost.annual_licence,
        },
        "upkeep_hours": _num(ws.upkeep_hours) if ws else 0.0,
        "go_live": ws.go_live.isoformat() if ws and ws.go_live else None,
        "payback_fiscal_year": analysis.payback_fy,
        "cost_entered": analysis.has_cost,
        "budget_year": selectors.plan_budget_year(analysis),
    }


@router.get("/consultations/{consultation_id}/items/")
def item_list(
    request: HttpRequest, consultation_id: int, page: int = 1, page_size: int = 100
) -> dict[str, Any]:
    consultation = _consultation(request, consultation_id)
    queryset = WorkItem.objects.filter(worksheet__consultation=consultation).select_related("grade")
    count, items = paginate(queryset, page=page, page_size=page_size)
    analysis = selectors.analysis_for(consultation=consultation)
    page_rows = selectors.analysis_for(consultation=consultation, items=list(items)).rows
    return {"count": count, "items": [item_out(r) for r in page_rows], "totals": totals_out(analysis)}


@router.post("/consultations/{consultation_id}/items/", response={201: dict})
def item_create(
    request: HttpRequest, consultation_id: int, payload: Body[dict[str, Any]]
) -> Status[dict[str, Any]]:
    consultation = _consultation(request, consultation_id)
    _require_change(request, consultation)
    item = services.work_item_create(user=request.user, consultation=consultation, data=_validated(payload))
    return Status(201, _answer(consultation, item.pk))


@router.get("/items/{item_id}/")
def item_get(request: HttpRequest, item_id: int) -> dict[str, Any]:
    item = _item(request, item_id)
    return _answer(item.worksheet.consultation, item.pk)


def _update(request: HttpRequest, item_id: int, payload: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    item = _item(request, item_id)
    consultation = item.worksheet.consultation
    _require_change(request, consultation)
    if not partial:
        missing = [n for n in ("name", "minutes_per_case", "medium") if n not in payload]
        if missing:
            raise HttpError(422, f"PUT では全項目が必要です（不足: {', '.join(missing)}）")
    data = _validated(payload, instance=item)
    services.work_item_update(user=request.user, item=item, data=data)
    return _answer(consultation, item.pk)


@router.put("/items/{item_id}/")
def item_replace(request: HttpRequest, item_id: int, payload: Body[dict[str, Any]]) -> dict[str, Any]:
    return _update(request, item_id, payload, partial=False)


@router.patch("/items/{item_id}/")
def item_patch(request: HttpRequest, item_id: int, payload: Body[dict[str, Any]]) -> dict[str, Any]:
    return _update(request, item_id, payload, partial=True)


@router.delete("/items/{item_id}/")
def item_delete(request: HttpRequest, item_id: int) -> dict[str, Any]:
    item = _item(request, item_id)
    consultation = item.worksheet.consultation
    _require_change(request, consultation)
    services.work_item_delete(user=request.user, item=item)
    return {"deleted": item_id, "totals": totals_out(selectors.analysis_for(consultation=consultation))}

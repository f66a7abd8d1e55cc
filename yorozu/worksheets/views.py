"""Pages of 業務分析: check access → call a selector/service → render (htmx partials for live totals)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts.permissions import can_change_department, desk_staff_required
from yorozu.common.exports import content_disposition
from yorozu.consultations.models import Consultation
from yorozu.worksheets import excel, plan, selectors, services
from yorozu.worksheets.forms import HourlyRateForm, ImportForm, PlanForm, SettingsForm, WorkItemForm
from yorozu.worksheets.models import HourlyRate
from yorozu.worksheets.selectors import Analysis

PAGE = "worksheets/worksheet_detail.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _writable(request: HttpRequest, consultation: Consultation) -> Consultation:
    if not can_change_department(request.user, consultation.department_id):
        raise PermissionDenied("この相談の業務量調査を変更する権限がありません。")
    return consultation


def _context(request: HttpRequest, analysis: Analysis, **extra: Any) -> dict[str, Any]:
    consultation = analysis.consultation
    return {
        "analysis": analysis,
        "consultation": consultation,
        "can_change": can_change_department(request.user, consultation.department_id),
        "create_form": WorkItemForm(),
        **extra,
    }


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@login_required
@require_GET
def worksheet_list(request: HttpRequest) -> HttpResponse:
    consultations = selectors.consultation_list(user=request.user)[:300]
    return render(request, "worksheets/worksheet_list.html", {"consultations": consultations})


@login_required
@require_GET
def worksheet_detail(request: HttpRequest, consultation_id: int) -> HttpResponse:
    analysis = selectors.worksheet_analysis(user=request.user, consultation_id=consultation_id)
    return render(request, PAGE, _context(request, analysis))


def _row_with_totals(request: HttpRequest, analysis: Analysis, item_id: int | None) -> HttpResponse:
    """The changed row (when any) plus the totals, swapped out of band."""
    context = _context(request, analysis, oob=True)
    parts = []
    row = next((r for r in analysis.rows if r.item.pk == item_id), None)
    if row is not None:
        parts.append(render_to_string(f"{PAGE}#row", {**context, "row": row}, request=request))
    parts.append(_out_of_band(render_to_string(f"{PAGE}#totals", context, request=request)))
    return HttpResponse("".join(parts))


def _out_of_band(html: str) -> str:
    """An out-of-band fragment wrapped in ``<template>``: the response starts with a ``<tr>``, so
    without it the HTML parser reads a following ``<form>`` in table context and drops it, leaving
    the inputs outside any form (the second 「追加する」 then did nothing). htmx 2 unwraps templates."""
    return f"<template>{html}</template>"


@login_required
@require_POST
def item_create(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _writable(
        request, selectors.consultation_get(user=request.user, consultation_id=consultation_id)
    )
    form = WorkItemForm(request.POST)
    if not form.is_valid():
        return _invalid_create(request, consultation, form)
    item = services.work_item_create(user=request.user, consultation=consultation, data=form.cleaned_data)
    if not request.htmx:
        messages.success(request, f"「{item.name}」を追加しました。")
        return redirect("worksheets:worksheet-detail", consultation_id=consultation.pk)
    response = _row_with_totals(request, selectors.analysis_for(consultation=consultation), item.pk)
    fresh = render_to_string(
        f"{PAGE}#create_form",
        {"consultation": consultation, "create_form": WorkItemForm(), "oob": True},
        request=request,
    )
    response.content += _out_of_band(fresh).encode()
    return response


def _invalid_create(request: HttpRequest, consultation: Consultation, form: WorkItemForm) -> HttpResponse:
    if request.htmx:
        html = render_to_string(
            f"{PAGE}#create_form", {"consultation": consultation, "create_form": form}, request=request
        )
        return HttpResponse(
            html, status=422, headers={"HX-Retarget": "#item-create", "HX-Reswap": "outerHTML"}
        )
    analysis = selectors.analysis_for(consultation=consultation)
    return render(request, PAGE, {**_context(request, analysis), "create_form": form}, status=422)


@login_required
def item_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.work_item_get(user=request.user, item_id=item_id)
    consultation = _writable(request, item.worksheet.consultation)
    form = WorkItemForm(request.POST or None, instance=item, auto_id=f"id_edit{item.pk}_%s")
    if request.method == "POST" and form.is_valid():
        services.work_item_update(user=request.user, item=item, data=form.cleaned_data)
        if request.htmx:
            return _row_with_totals(request, selectors.analysis_for(consultation=consultation), item.pk)
        messages.success(request, f"「{item.name}」を更新しました。")
        return redirect("worksheets:worksheet-detail", consultation_id=consultation.pk)
    status = 422 if request.method == "POST" else 200
    context = {"item": item, "form": form, "consultation": consultation}
    template = f"{PAGE}#row_form" if request.htmx else "worksheets/item_form.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def item_row(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.work_item_get(user=request.user, item_id=item_id)
    analysis = selectors.analysis_for(consultation=item.worksheet.consultation, items=[item])
    return render(request, f"{PAGE}#row", {**_context(request, analysis), "row": analysis.rows[0]})


@login_required
@require_GET
def item_fit(request: HttpRequest, item_id: int) -> HttpResponse:
    """All six tools for one task: gates passed or not, score and every reason."""
    item = selectors.work_item_get(user=request.user, item_id=item_id)
    analysis = selectors.analysis_for(consultation=item.worksheet.consultation, items=[item])
    context = {"row": analysis.rows[0], "consultation": analysis.consultation}
    return render(request, "worksheets/item_fit.html", context)


@login_required
@require_POST
def item_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.work_item_get(user=request.user, item_id=item_id)
    consultation = _writable(request, item.worksheet.consultation)
    services.work_item_delete(user=request.user, item=item)
    if request.htmx:
        return _row_with_totals(request, selectors.analysis_for(consultation=consultation), None)
    messages.success(request, f"「{item.name}」を削除しました。")
    return redirect("worksheets:worksheet-detail", consultation_id=consultation.pk)


@login_required
@require_GET
def worksheet_template(request: HttpRequest) -> HttpResponse:
    return _download(excel.workbook_bytes(), "業務量調査票.xlsx", XLSX)


@login_required
@require_GET
def worksheet_export(request: HttpRequest, consultation_id: int) -> HttpResponse:
    analysis = selectors.worksheet_analysis(user=request.user, consultation_id=consultation_id)
    return _download(excel.workbook_bytes(analysis), f"業務量調査_{consultation_id}.xlsx", XLSX)


@login_required
def worksheet_import(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = _writable(
        request, selectors.consultation_get(user=request.user, consultation_id=consultation_id)
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        errors = _try_import(request, consultation, form)
        if not errors:
            return redirect("worksheets:worksheet-detail", consultation_id=consultation.pk)
    status = 422 if request.method == "POST" else 200
    context = {"consultation": consultation, "form": form, "errors": errors}
    return render(request, "worksheets/worksheet_import.html", context, status=status)


def _try_import(request: HttpRequest, consultation: Consultation, form: ImportForm) -> list[str]:
    from django.core.exceptions import ValidationError

    from yorozu.common.uploads import validate_upload

    upload = form.cleaned_data["file"]
    try:
        validate_upload(upload, allowed=frozenset({"xlsx"}))
        rows = excel.parse_workbook(upload)
    except ValidationError as error:
        return list(error.messages)
    except excel.ImportRejected as rejected:
        return [str(e) for e in rejected.errors]
    count = services.worksheet_import(
        user=request.user, consultation=consultation, rows=rows, replace=form.cleaned_data["replace"]
    )
    messages.success(request, f"{count}件の業務を取り込みました。")
    return []


@login_required
def plan_edit(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, consultation_id=consultation_id)
    analysis = selectors.analysis_for(consultation=consultation)
    form = PlanForm(request.POST or None, instance=analysis.worksheet, consultation=consultation)
    if request.method == "POST":
        _writable(request, consultation)
        if form.is_valid():
            services.worksheet_plan_update(
                user=request.user, consultation=consultation, data=form.cleaned_data
            )
            messages.success(request, "事業計画の内容を保存しました。")
            return redirect("worksheets:plan-edit", consultation_id=consultation.pk)
    context = {**_context(request, analysis), "form": form, "plan": plan.plan_content(analysis)}
    return render(request, "worksheets/plan_edit.html", context, status=422 if form.errors else 200)


@login_required
@require_GET
def plan_docx(request: HttpRequest, consultation_id: int) -> HttpResponse:
    analysis = selectors.worksheet_analysis(user=request.user, consultation_id=consultation_id)
    return _download(plan.docx_bytes(plan.plan_content(analysis)), f"事業計画書_{consultation_id}.docx", DOCX)


@login_required
@require_GET
def plan_xlsx(request: HttpRequest, consultation_id: int) -> HttpResponse:
    analysis = selectors.worksheet_analysis(user=request.user, consultation_id=consultation_id)
    return _download(plan.xlsx_bytes(plan.plan_content(analysis)), f"事業計画書_{consultation_id}.xlsx", XLSX)


@desk_staff_required
def rate_list(request: HttpRequest) -> HttpResponse:
    form = HourlyRateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hourly_rate_save(user=request.user, data=form.cleaned_data)
        messages.success(request, "単価を追加しました。")
        return redirect("worksheets:rate-list")
    context = {"rates": selectors.hourly_rate_list(), "form": form}
    return render(request, "worksheets/rate_list.html", context, status=422 if form.errors else 200)


@desk_staff_required
def rate_edit(request: HttpRequest, rate_id: int) -> HttpResponse:
    rate = get_object_or_404(HourlyRate, pk=rate_id)
    form = HourlyRateForm(request.POST or None, instance=rate)
    if request.method == "POST" and form.is_valid():
        services.hourly_rate_save(user=request.user, rate=rate, data=form.cleaned_data)
        messages.success(request, "単価を更新しました。")
        return redirect("worksheets:rate-list")
    return render(
        request, "worksheets/rate_form.html", {"rate": rate, "form": form}, status=422 if form.errors else 200
    )


@desk_staff_required
@require_POST
def rate_delete(request: HttpRequest, rate_id: int) -> HttpResponse:
    services.hourly_rate_delete(user=request.user, rate=get_object_or_404(HourlyRate, pk=rate_id))
    messages.success(request, "単価を削除しました。")
    return redirect("worksheets:rate-list")


@desk_staff_required
def settings_edit(request: HttpRequest) -> HttpResponse:
    current = selectors.analysis_settings()
    initial = {
        "annual_working_hours": current.annual_working_hours,
        **selectors.fit_weights(current).as_dict(),
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.analysis_settings_update(
            user=request.user,
            annual_working_hours=form.cleaned_data["annual_working_hours"],
            weights=form.cleaned_data["weights"],
        )
        messages.success(request, "設定を保存しました。")
        return redirect("worksheets:settings-edit")
    return render(
        request, "worksheets/settings_form.html", {"form": form}, status=422 if form.errors else 200
    )

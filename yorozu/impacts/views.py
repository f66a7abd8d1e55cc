"""Pages of the effect ledger: check access → call a selector or service → render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts.models import User
from yorozu.accounts.permissions import desk_staff_required, is_desk_staff, role_required, staff_required
from yorozu.common.imports import ImportProblem, drop_stash, stash_upload, stashed_upload
from yorozu.consultations.forms import ImportFileForm
from yorozu.consultations.selectors import consultation_get
from yorozu.impacts import exports, imports, reports, selectors, services
from yorozu.impacts.forms import (
    CaseDeploymentForm,
    DepartmentWeightsForm,
    DeploymentFilterForm,
    DeploymentForm,
    EffectForm,
    LedgerSettingsForm,
    ReportForm,
    ToolForm,
    WeightsForm,
)
from yorozu.impacts.models import EffectRecord, VolumeProfile
from yorozu_core.effects import FISCAL_MONTHS, record_yen

PAGE_SIZE = 50


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _report_for(request: HttpRequest, user: User | None) -> tuple[ReportForm, reports.ImpactReport]:
    form = ReportForm(request.GET or None)
    year, as_of = form.period() if form.is_valid() else (None, None)
    return form, reports.impact_report(user=user, fiscal_year=year, as_of=as_of)


@staff_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    form, result = _report_for(request, request.user)
    context = {
        "form": form,
        "report": result,
        "chart": exports.chart_data(result),
        "query": request.GET.urlencode(),
        "public_enabled": public_enabled(),
        "rpa_live": result.live_of("rpa"),
        "perms_desk": is_desk_staff(request.user),
    }
    return render(request, "impacts/report.html", context)


@staff_required
@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    _form, result = _report_for(request, request.user)
    return exports.report_xlsx_response(result)


def public_enabled() -> bool:
    return bool(settings.YOROZU_PUBLIC_DX_RESULTS) or services.ledger_settings().public_results


@require_GET
def public_results(request: HttpRequest) -> HttpResponse:
    """The public "DX results" page: aggregate figures only, no login, off unless the city turns it on."""
    if not public_enabled():
        raise Http404("公開されていません。")
    _form, result = _report_for(request, None)
    return render(
        request,
        "impacts/public_results.html",
        {"report": result, "chart": exports.chart_data(result), "rpa_live": result.live_of("rpa")},
    )


@staff_required
@require_GET
def deployment_list(request: HttpRequest) -> HttpResponse:
    form = DeploymentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    department = data.get("department")
    filters = selectors.DeploymentFilters(
        kind=data.get("kind", ""),
        status=data.get("status", ""),
        query=data.get("q", ""),
        department_id=department.pk if department else None,
    )
    rows = selectors.deployment_list(user=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_edit": is_desk_staff(request.user)}
    return render(request, "impacts/deployment_list.html", context)


def _detail_context(
    request: HttpRequest, deployment: Any, effect_form: EffectForm | None = None
) -> dict[str, Any]:
    effects = list(selectors.effect_list(user=request.user, deployment=deployment))
    rate = services.ledger_settings().hourly_rate_yen
    for effect in effects:  # display only: 人件費換算 at today's rate (decision record 0606)
        effect.yen = record_yen(hours=effect.hours_saved, hourly_rate_yen=rate)  # type: ignore[attr-defined]
    profile = selectors.volume_profile_of(user=request.user, deployment=deployment)
    return {
        "deployment": deployment,
        "projected": [e for e in effects if e.kind == EffectRecord.Kind.PROJECTED],
        "realised": [e for e in effects if e.kind == EffectRecord.Kind.REALISED],
        "profile": profile,
        "months": list(zip(FISCAL_MONTHS, profile.weights if profile else [1] * 12, strict=True)),
        "effect_form": effect_form or EffectForm(initial={"kind": EffectRecord.Kind.REALISED}),
        "can_edit": is_desk_staff(request.user),
        "rate": rate,
    }


@staff_required
@require_GET
def deployment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    return render(request, "impacts/deployment_detail.html", _detail_context(request, deployment))


@desk_staff_required
def deployment_create(request: HttpRequest) -> HttpResponse:
    form = DeploymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.deployment_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"導入「{row.name}」を登録しました。")
            return redirect("impacts:deployment-detail", pk=row.pk)
    return render(request, "impacts/deployment_form.html", {"form": form, "deployment": None})


@desk_staff_required
def deployment_update(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    form = DeploymentForm(request.POST or None, instance=deployment)
    if request.method == "POST" and form.is_valid():
        try:
            services.deployment_update(user=request.user, deployment=deployment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "導入を更新しました。")
            return redirect("impacts:deployment-detail", pk=deployment.pk)
    return render(request, "impacts/deployment_form.html", {"form": form, "deployment": deployment})


@desk_staff_required
@require_POST
def effect_create(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    form = EffectForm(request.POST)
    if form.is_valid():
        try:
            effect = services.deployment_record_effect(
                user=request.user, deployment=deployment, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"効果を記録しました（削減時間 {effect.hours_saved} 時間）。")
            return redirect("impacts:deployment-detail", pk=deployment.pk)
    context = _detail_context(request, deployment, effect_form=form)
    context["preview"] = selectors.effect_preview(
        user=request.user, deployment=deployment, data=getattr(form, "cleaned_data", {})
    )
    return render(request, "impacts/deployment_detail.html", context, status=422)


@desk_staff_required
@require_POST
def effect_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the figures the effect form would record, recalculated as the consultant types."""
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    form = EffectForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    preview = selectors.effect_preview(user=request.user, deployment=deployment, data=data)
    context = {"preview": preview, "deployment": deployment}
    return render(request, "impacts/deployment_detail.html#effect-preview", context)


@desk_staff_required
@require_POST
def effect_delete(request: HttpRequest, pk: int) -> HttpResponse:
    effect = selectors.effect_get(user=request.user, pk=pk)
    services.effect_delete(user=request.user, effect=effect)
    messages.success(request, "効果の記録を削除しました。")
    return redirect("impacts:deployment-detail", pk=effect.deployment_id)


@desk_staff_required
def deployment_weights(request: HttpRequest, pk: int) -> HttpResponse:
    """The deployment's own monthly weights (override its department's)."""
    deployment = selectors.deployment_get(user=request.user, pk=pk)
    own = VolumeProfile.objects.filter(deployment=deployment).first()
    form = WeightsForm(request.POST or None, initial_weights=own.weights if own else None)
    if request.method == "POST" and request.POST.get("clear") and own:
        services.volume_profile_clear(user=request.user, profile=own)
        messages.success(request, "この導入の月別件数比率を削除しました（所管課の比率を使います）。")
        return redirect("impacts:deployment-detail", pk=deployment.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.volume_profile_set(user=request.user, deployment=deployment, weights=form.weights())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "月別件数比率を保存し、年換算を再計算しました。")
            return redirect("impacts:deployment-detail", pk=deployment.pk)
    context = {"form": form, "deployment": deployment, "own": own}
    return render(request, "impacts/weights_form.html", context)


@desk_staff_required
def department_weights(request: HttpRequest) -> HttpResponse:
    form = DepartmentWeightsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.volume_profile_set(
                user=request.user, department=form.cleaned_data["department"], weights=form.weights()
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "所管課の月別件数比率を保存し、年換算を再計算しました。")
            return redirect("impacts:department-weights")
    context = {"form": form, "profiles": selectors.department_profiles(), "months": FISCAL_MONTHS}
    return render(request, "impacts/department_weights.html", context)


@staff_required
def tool_list(request: HttpRequest) -> HttpResponse:
    can_edit = is_desk_staff(request.user)
    form = ToolForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("ツールを登録できるのはIT推進課の担当者と管理者です。")
        if form.is_valid():
            tool = services.tool_create(user=request.user, **form.cleaned_data)
            messages.success(request, f"ツール「{tool.name}」を登録しました。")
            return redirect("impacts:tool-list")
    return render(
        request,
        "impacts/tool_list.html",
        {"tools": selectors.tool_list(), "form": form, "can_edit": can_edit},
    )


@role_required(User.Role.ADMIN)
def ledger_settings(request: HttpRequest) -> HttpResponse:
    current = services.ledger_settings()
    initial = {
        "hourly_rate_yen": current.hourly_rate_yen,
        "public_results": current.public_results,
        "measurement_months": current.measurement_months,
    }
    form = LedgerSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ledger_settings_update(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "設定を保存しました。")
            return redirect("impacts:settings")
    context = {"form": form, "env_public": settings.YOROZU_PUBLIC_DX_RESULTS, "today": timezone.localdate()}
    return render(request, "impacts/settings.html", context)


@desk_staff_required
def deployment_create_for_case(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """「導入を登録」 from the case page: department and consultation set, projection prefilled."""
    case = consultation_get(user=request.user, pk=consultation_id)
    initial = selectors.deployment_initial_from_case(consultation=case, today=timezone.localdate())
    form = CaseDeploymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.deployment_create_for_case(
                user=request.user,
                consultation=case,
                tool=data["tool"],
                name=data["name"],
                go_live=data["go_live"],
                status=data["status"],
                note=data["note"],
                projection=form.projection(),
                weights=form.weights(),
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"導入「{row.name}」を登録しました。")
            return redirect(reverse("consultations:case-detail", args=[case.pk]) + "#h-deployments")
    context = {"form": form, "case": case, "prefilled": bool(initial.get("cases"))}
    return render(request, "impacts/deployment_for_case.html", context)


IMPORT_SLOT = "impacts"


@desk_staff_required
def ledger_import(request: HttpRequest) -> HttpResponse:
    """導入と効果の実績の取り込み: upload → preview (nothing saved) → 「取り込む」 (all rows or none)."""
    form = ImportFileForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "header": imports.TEMPLATE_HEADER}
    if request.method == "POST" and request.POST.get("confirm"):
        stashed = stashed_upload(request.session, IMPORT_SLOT)
        if stashed is None:
            context["error"] = "確認したファイルが見つかりません。もう一度ファイルを選んでください。"
        else:
            try:
                result = imports.ledger_import(user=request.user, data=stashed[0], source=stashed[1])
            except ImportProblem as error:
                context["error"] = f"{error} 何も取り込んでいません。"
            else:
                drop_stash(request.session, IMPORT_SLOT)
                messages.success(request, result.summary())
                return redirect("impacts:deployment-list")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, name = upload.read(), upload.name or "upload"
        try:
            context["result"] = imports.ledger_import(user=request.user, data=data, source=name, dry_run=True)
        except ImportProblem as error:
            context["error"] = f"{error} 何も取り込んでいません。"
        else:
            stash_upload(request.session, IMPORT_SLOT, data=data, name=name)
    return render(request, "impacts/ledger_import.html", context)

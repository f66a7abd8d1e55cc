"""Pages of the consultation desk: check access → call a selector or service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts.models import User
from yorozu.accounts.permissions import (
    can_change_department,
    desk_staff_required,
    is_desk_staff,
    staff_required,
    writer_required,
)
from yorozu.common.downloads import file_download
from yorozu.common.exports import csv_response, xlsx_response
from yorozu.common.imports import ImportProblem, drop_stash, stash_upload, stashed_upload
from yorozu.consultations import selectors, services
from yorozu.consultations.exports import EXPORT_HEADER, export_rows
from yorozu.consultations.forms import (
    AssignForm,
    AttachmentForm,
    CaseFilterForm,
    CaseForm,
    CommentForm,
    EffortForm,
    ImportFileForm,
    TransitionForm,
    WithdrawForm,
)
from yorozu.consultations.imports import TEMPLATE_HEADER, consultation_import
from yorozu.consultations.lifecycle import case_lifecycle
from yorozu.consultations.models import Attachment, Consultation, Stage, Theme
from yorozu.consultations.themes import TEMPLATES, template_for
from yorozu_core.fiscal import fiscal_year_label, fiscal_year_of

PAGE_SIZE = 50


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _filter_form(request: HttpRequest) -> CaseFilterForm:
    return CaseFilterForm(request.GET or None, user=request.user)


def _querystring(request: HttpRequest, **drop: Any) -> str:
    params = request.GET.copy()
    for key in ("page", *drop):
        params.pop(key, None)
    return params.urlencode()


@staff_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    cases = selectors.consultation_list(user=request.user, filters=form.to_filters())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _querystring(request),
        "can_file": request.user.can_write,
        "is_desk": is_desk_staff(request.user),
    }
    return render(request, "consultations/case_list.html", context)


@staff_required
@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """Exactly the list the filters show (all pages), as CSV (UTF-8 BOM or CP932) or xlsx."""
    form = _filter_form(request)
    cases = selectors.consultation_list(user=request.user, filters=form.to_filters())
    rows = export_rows(cases)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(f"相談一覧_{stamp}.xlsx", EXPORT_HEADER, rows, sheet_title="相談一覧")
    encoding = "cp932" if request.GET.get("encoding") == "cp932" else "utf-8"
    return csv_response(f"相談一覧_{stamp}.csv", EXPORT_HEADER, rows, encoding=encoding)


def _board_context(request: HttpRequest, error: str = "") -> dict[str, Any]:
    form = _filter_form(request)
    columns = selectors.board_columns(user=request.user, filters=form.to_filters())
    return {"form": form, "columns": columns, "query": _querystring(request), "board_error": error}


@staff_required
@require_GET
def case_board(request: HttpRequest) -> HttpResponse:
    return render(request, "consultations/case_board.html", _board_context(request))


@staff_required
@require_POST
def case_board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A card moved on the board: with htmx the board partial comes back, without JS a redirect."""
    case = selectors.consultation_get(user=request.user, pk=pk)
    error = _transition(request, case)
    if request.htmx:
        return render(request, "consultations/case_board.html#board", _board_context(request, error))
    if error:
        messages.error(request, error)
    query = request.GET.urlencode()
    return redirect(reverse("consultations:case-board") + (f"?{query}" if query else ""))


def _transition(request: HttpRequest, case: Consultation) -> str:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return "移す段階を選んでください。"
    try:
        services.consultation_transition(user=request.user, consultation=case, **form.cleaned_data)
    except ValidationError as error:
        return _errors(error)
    return ""


def _intake_initial(data: QueryDict) -> dict[str, Any]:
    """A theme's template, keeping what was already typed: 件名, 希望時期, 関係部署 and 相談課 always;
    現状の課題 and 対象業務 unless they are blank or still hold another theme's template text."""
    theme = data.get("theme", "")
    template = template_for(theme)
    if template is None:
        return {}
    kept = {name: data.get(name, "") for name in ("title", "desired_timing", "department")}
    texts = {name: data.get(name, "").strip() for name in ("current_issue", "target_work")}
    return {
        "theme": theme,
        **kept,
        "related_departments": data.getlist("related_departments"),
        "current_issue": _typed_or(texts["current_issue"], template.current_issue, "current_issue"),
        "target_work": _typed_or(texts["target_work"], template.target_work, "target_work"),
    }


def _typed_or(typed: str, template_text: str, field: str) -> str:
    untouched = {getattr(t, field).strip() for t in TEMPLATES.values()}
    return template_text if not typed or typed in untouched else typed


@writer_required
def case_create(request: HttpRequest) -> HttpResponse:
    loading = request.method == "POST" and "load_template" in request.POST
    if request.method == "POST" and not loading:
        form = CaseForm(request.POST, request.FILES, user=request.user)
        case = _create_from(request, form) if form.is_valid() else None
        if case is not None:
            messages.success(request, "相談票を受け付けました。")
            return redirect("consultations:case-detail", pk=case.pk)
    else:
        data = request.POST if loading else request.GET
        form = CaseForm(initial=_intake_initial(data), user=request.user)
    theme = form["theme"].value() or ""
    template = template_for(theme)
    context = {"form": form, "themes": Theme.choices, "guidance": template.guidance if template else ""}
    if request.htmx and (request.method == "GET" or loading):
        return render(request, "consultations/case_form.html#intake", context)
    return render(request, "consultations/case_form.html", context)


def _create_from(request: HttpRequest, form: CaseForm) -> Consultation | None:
    upload = form.cleaned_data.get("attachment")
    try:
        return services.consultation_create(
            user=request.user,
            data=form.to_input(),
            department=form.cleaned_data.get("department"),
            attachments=[upload] if upload else [],
        )
    except ValidationError as error:
        form.add_error(None, _errors(error))
        return None


@staff_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    if not can_change_department(request.user, case.department_id):
        raise PermissionDenied("この相談を変更する権限がありません。")
    initial = {
        "theme": case.theme,
        "title": case.title,
        "current_issue": case.current_issue,
        "target_work": case.target_work,
        "desired_timing": case.desired_timing,
        "related_departments": list(case.related_departments.all()),
    }
    form = CaseForm(request.POST or None, initial=initial, user=request.user, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_update(user=request.user, consultation=case, data=form.to_input())
            messages.success(request, "相談票を更新しました。")
            return redirect("consultations:case-detail", pk=case.pk)
        except ValidationError as error:
            form.add_error(None, _errors(error))
    return render(
        request, "consultations/case_form.html", {"form": form, "case": case, "themes": Theme.choices}
    )


@staff_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    logs, per_consultant, total = selectors.effort_of(consultation=case)
    user: User = request.user
    context = {
        "case": case,
        "lifecycle": case_lifecycle(consultation=case),
        "timeline": selectors.timeline_of(consultation=case),
        "effort_logs": logs[:20],
        "effort_per_consultant": per_consultant,
        "effort_total": total,
        "can_change": can_change_department(user, case.department_id),
        "is_desk": is_desk_staff(user),
        "transition_form": TransitionForm(),
        "comment_form": CommentForm(),
        "assign_form": AssignForm(initial={"consultants": list(case.assignees.all())}),
        "effort_form": EffortForm(),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "consultations/case_detail.html", context)


def _back(request: HttpRequest, case: Consultation, error: str, done: str) -> HttpResponse:
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("consultations:case-detail", pk=case.pk)


@staff_required
@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    return _back(request, case, _transition(request, case), "段階を変更しました。")


@staff_required
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """「相談を取り下げる」: a confirmation page (works without JavaScript), then the 取下げ with its reason."""
    case = selectors.consultation_get(user=request.user, pk=pk)
    if not can_change_department(request.user, case.department_id):
        raise PermissionDenied("この相談を取り下げる権限がありません。")
    if Stage.WITHDRAWN not in dict(case.next_stages):
        messages.error(request, "この相談は取り下げられません（完了または取下げ済みです）。")
        return redirect("consultations:case-detail", pk=case.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_withdraw(
                user=request.user, consultation=case, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "相談を取り下げました。")
            return redirect("consultations:case-detail", pk=case.pk)
    return render(request, "consultations/case_withdraw.html", {"case": case, "form": form})


@staff_required
@require_POST
def case_comment(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    error = "" if form.is_valid() else "コメントを入力してください。"
    if not error:
        try:
            services.consultation_comment(
                user=request.user, consultation=case, body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            error = _errors(exc)
    return _back(request, case, error, "コメントを記入しました。")


@staff_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    if not is_desk_staff(request.user):
        raise PermissionDenied("担当の割り当てはIT推進課のみ行えます。")
    form = AssignForm(request.POST)
    error = "" if form.is_valid() else "担当コンサルタントを1人以上選んでください。"
    if not error:
        try:
            services.consultation_assign(
                user=request.user, consultation=case, consultants=form.cleaned_data["consultants"]
            )
        except ValidationError as exc:
            error = _errors(exc)
    return _back(request, case, error, "担当を設定しました。")


@staff_required
@require_POST
def case_effort(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    if not is_desk_staff(request.user):
        raise PermissionDenied("工数の記録はIT推進課のみ行えます。")
    form = EffortForm(request.POST)
    error = "" if form.is_valid() else "作業日と時間（0.25〜24）を入力してください。"
    if not error:
        try:
            services.effort_log_create(user=request.user, consultation=case, **form.cleaned_data)
        except ValidationError as exc:
            error = _errors(exc)
    return _back(request, case, error, "工数を記録しました。")


@staff_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    if not can_change_department(request.user, case.department_id):
        raise PermissionDenied("この相談を変更する権限がありません。")
    form = AttachmentForm(request.POST, request.FILES)
    error = "" if form.is_valid() else "ファイルを選んでください。"
    if not error:
        try:
            services.attachment_add(user=request.user, consultation=case, upload=form.cleaned_data["file"])
        except ValidationError as exc:
            error = _errors(exc)
    return _back(request, case, error, "ファイルを添付しました。")


@staff_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    case = selectors.consultation_get(user=request.user, pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, consultation=case)
    return file_download(attachment.file.open("rb"), attachment.original_name)


def _selected_fiscal_year(request: HttpRequest) -> int:
    form = CaseFilterForm(request.GET or None, user=request.user)
    chosen = form.to_filters().fiscal_year
    return chosen if chosen is not None else fiscal_year_of(timezone.localdate())


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    year = _selected_fiscal_year(request)
    stats = selectors.consultation_stats(user=user)
    current = next((row for row in stats if row["fiscal_year"] == year), None)
    chart = {
        "labels": [row["label"] for row in stats],
        "stages": [{"label": s.label, "data": [row["by_stage"][s.value] for row in stats]} for s in Stage],
    }
    context = {
        "year": year,
        "year_label": fiscal_year_label(year),
        "stats": stats,
        "stages": list(Stage),
        "themes": list(Theme),
        "current": current,
        "chart": chart,
        "medians": selectors.median_days_by_stage(user=user, fiscal_year=year),
        "open_per_consultant": selectors.open_cases_per_consultant(user=user, fiscal_year=year),
        "years": [(row["fiscal_year"], row["label"]) for row in stats],
    }
    return render(request, "consultations/dashboard.html", context)


IMPORT_SLOT = "consultations"


@desk_staff_required
def case_import(request: HttpRequest) -> HttpResponse:
    """相談台帳の取り込み: upload → preview (nothing saved) → 「取り込む」 (all rows or none)."""
    form = ImportFileForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "header": TEMPLATE_HEADER}
    if request.method == "POST" and request.POST.get("confirm"):
        return _import_confirm(request, context)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, name = upload.read(), upload.name or "upload"
        try:
            context["result"] = consultation_import(user=request.user, data=data, source=name, dry_run=True)
        except ImportProblem as error:
            context["error"] = f"{error} 何も取り込んでいません。"
        else:
            stash_upload(request.session, IMPORT_SLOT, data=data, name=name)
    return render(request, "consultations/case_import.html", context)


def _import_confirm(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    stashed = stashed_upload(request.session, IMPORT_SLOT)
    if stashed is None:
        context["error"] = "確認したファイルが見つかりません。もう一度ファイルを選んでください。"
        return render(request, "consultations/case_import.html", context)
    data, name = stashed
    try:
        result = consultation_import(user=request.user, data=data, source=name)
    except ImportProblem as error:
        context["error"] = f"{error} 何も取り込んでいません。"
        return render(request, "consultations/case_import.html", context)
    drop_stash(request.session, IMPORT_SLOT)
    messages.success(request, result.summary())
    return redirect("consultations:case-list")

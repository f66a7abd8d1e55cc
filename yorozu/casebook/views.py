"""Pages of 事例集: search, detail, edit/review/publish, similar cases, exchange, the public page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts.models import User
from yorozu.accounts.permissions import desk_staff_required, is_desk_staff, role_required
from yorozu.casebook import public, selectors, services
from yorozu.casebook.exchange_io import document_bytes, read_document
from yorozu.casebook.forms import (
    CaseStudyForm,
    ImportForm,
    PublishForm,
    ReuseForm,
    SearchForm,
    SettingsForm,
    SimilarForm,
)
from yorozu.casebook.models import Level
from yorozu.consultations.selectors import consultation_get

staff_required = role_required(User.Role.REQUESTER, User.Role.CONSULTANT, User.Role.VIEWER, User.Role.ADMIN)
PAGE_SIZE = 50
SIMILAR_FIELDS = ("title", "current_issue", "target_work")


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@staff_required
@require_GET
def case_study_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    form = SearchForm(
        request.GET or None,
        tools=selectors.tool_choices(user=user),
        municipalities=selectors.municipality_choices(user=user),
    )
    filters = selectors.CaseStudyFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.CaseStudyFilters(d["q"], d["theme"], d["tool"], d["municipality"], d["min_hours"])
    rows = selectors.case_study_list(user=user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "total": len(rows),
        "query": query.urlencode(),
        "is_desk": is_desk_staff(user),
    }
    return render(request, "casebook/case_study_list.html", context)


@staff_required
@require_GET
def case_study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    case_study = selectors.case_study_get(user=user, pk=pk)
    reused_by = case_study.reuses.select_related("consultation").order_by("-linked_at")
    visible = set(selectors.consultation_ids_visible(user=user, ids=[r.consultation_id for r in reused_by]))
    context = {
        "cs": case_study,
        "municipality": selectors.municipality_label(case_study),
        "reuse_total": len(reused_by),
        "reused_by": [r for r in reused_by if r.consultation_id in visible],
        "can_edit": selectors.can_edit(user, case_study),
        "can_review": selectors.can_review(user, case_study),
        "publish_form": PublishForm(initial={"level": case_study.level}),
    }
    return render(request, "casebook/case_study_detail.html", context)


@role_required(User.Role.REQUESTER, User.Role.CONSULTANT, User.Role.ADMIN)
def case_study_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    case_study = selectors.case_study_get(user=user, pk=pk)
    if not selectors.can_edit(user, case_study):
        raise PermissionDenied("この事例を編集する権限がありません。")
    form = CaseStudyForm(request.POST or None, instance=case_study)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_study_update(user=user, case_study=case_study, data=form.to_data())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, "事例を保存しました。")
            return redirect("casebook:case-study-detail", pk=case_study.pk)
    case_study.refresh_from_db()
    return render(request, "casebook/case_study_edit.html", {"cs": case_study, "form": form})


def _post_action(request: HttpRequest, pk: int, action: Any, done: str, **kwargs: Any) -> HttpResponse:
    case_study = selectors.case_study_get(user=request.user, pk=pk)
    try:
        action(user=request.user, case_study=case_study, **kwargs)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, done)
    return redirect("casebook:case-study-detail", pk=case_study.pk)


@login_required
@require_POST
def case_study_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, services.case_study_submit, "所管課の確認に回しました。")


@login_required
@require_POST
def case_study_publish(request: HttpRequest, pk: int) -> HttpResponse:
    if not selectors.can_review(request.user, selectors.case_study_get(user=request.user, pk=pk)):
        raise PermissionDenied("事例を公開できるのは所管課（または管理者）です。")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "公開範囲を選んでください。")
        return redirect("casebook:case-study-detail", pk=pk)
    level = form.cleaned_data["level"]
    return _post_action(
        request, pk, services.case_study_publish, f"「{Level(level).label}」で公開しました。", level=level
    )


@login_required
@require_POST
def case_study_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, services.case_study_withdraw, "事例を下書きに戻しました。")


@login_required
@require_POST
def case_study_reuse(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user
    case_study = selectors.case_study_get(user=user, pk=pk)
    if not is_desk_staff(user):
        raise PermissionDenied("事例の再利用を記録できるのはIT推進課の担当者です。")
    form = ReuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "参考にした相談の番号を入力してください。")
        return redirect("casebook:case-study-detail", pk=case_study.pk)
    consultation = consultation_get(user=user, pk=form.cleaned_data["consultation"])
    try:
        services.case_study_link_reuse(user=user, case_study=case_study, consultation=consultation)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request, f"相談 #{consultation.pk} が「{case_study.title}」を参考にしたことを記録しました。"
        )
    return redirect("consultations:case-detail", pk=consultation.pk)


@login_required
@require_POST
def case_study_draft(request: HttpRequest, consultation_id: int) -> HttpResponse:
    consultation = consultation_get(user=request.user, pk=consultation_id)
    case_study = services.case_study_draft(user=request.user, consultation=consultation)
    messages.success(request, "事例の下書きを作りました。内容を確認して編集してください。")
    return redirect("casebook:case-study-edit", pk=case_study.pk)


def _similar_text(request: HttpRequest) -> tuple[str, str]:
    text = request.GET.get("text", "")
    if not text.strip():
        text = "\n".join(request.GET.get(name, "") for name in SIMILAR_FIELDS)
    return text.strip()[:5000], request.GET.get("theme", "")


@staff_required
@require_GET
def case_study_similar(request: HttpRequest) -> HttpResponse:
    """「似ている事例」 for any text: the intake form's live panel (htmx) and a page without JS."""
    text, theme = _similar_text(request)
    results = selectors.similar_case_studies(user=request.user, text=text, theme=theme, k=5) if text else []
    context = {"results": results, "text": text, "form": SimilarForm(initial={"text": text, "theme": theme})}
    if request.htmx:
        return render(request, "casebook/case_study_similar.html#results", context)
    return render(request, "casebook/case_study_similar.html", context)


@staff_required
@require_GET
def consultation_panel(request: HttpRequest, consultation_id: int) -> HttpResponse:
    """The case page's panel: similar 事例, the 事例 this case reused, 「事例にする」."""
    user: User = request.user
    consultation = consultation_get(user=user, pk=consultation_id)
    context = {
        "case": consultation,
        "results": selectors.similar_for_consultation(user=user, consultation=consultation),
        "reused": selectors.reused_by_consultation(user=user, consultation=consultation),
        "drafted": selectors.drafted_from(user=user, consultation=consultation),
        "can_draft": selectors.can_draft(user, consultation),
        "can_link": is_desk_staff(user),
    }
    if request.htmx:
        return render(request, "casebook/consultation_panel.html#panel", context)
    return render(request, "casebook/consultation_panel.html", context)


# --- exchange between municipalities ------------------------------------------------------------


@desk_staff_required
@require_GET
def exchange(request: HttpRequest) -> HttpResponse:
    context = {
        "import_form": ImportForm(),
        "settings_form": SettingsForm(initial={"public_page": selectors.casebook_settings().public_page}),
        "levels": [
            (Level.SHARED, "他団体と共有・公開の事例（他団体へ渡すファイル）"),
            (Level.PUBLIC, "公開の事例のみ"),
            (Level.INTERNAL, "公開済みのすべての自団体の事例（移行・保管用）"),
        ],
        "imported": selectors.imported_summary(),
    }
    return render(request, "casebook/exchange.html", context)


@desk_staff_required
@require_GET
def exchange_export(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", Level.SHARED)
    try:
        document = services.casebook_export(level=level)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("casebook:exchange")
    response = HttpResponse(document_bytes(document), content_type="application/json; charset=utf-8")
    name = f"casebook-{document.municipality.code}-{level}-{date.today():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@desk_staff_required
@require_POST
def exchange_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "取り込むファイルを選んでください。")
        return redirect("casebook:exchange")
    upload = form.cleaned_data["file"]
    try:
        document = read_document(upload.read(), filename=upload.name)
        result = services.casebook_import(user=request.user, document=document)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"取り込みました。{result.summary()}")
    return redirect("casebook:exchange")


@role_required(User.Role.ADMIN)
@require_POST
def settings_update(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.casebook_settings_update(user=request.user, public_page=form.cleaned_data["public_page"])
        messages.success(request, "事例集の設定を保存しました。")
    return redirect("casebook:exchange")


# --- the public page (residents, no login; only when the city switched it on) ----------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    if not selectors.casebook_settings().public_page:
        raise Http404("公開事例のページは表示されていません。")
    rows = public.live_rows(list(selectors.public_case_study_list()))
    return render(request, "casebook/public_list.html", {**public.live_context(), "rows": rows})


@require_GET
def public_detail(request: HttpRequest, uid: Any) -> HttpResponse:
    case_study = selectors.public_case_study_get(uid=str(uid))
    return render(
        request, "casebook/public_detail.html", {"cs": case_study, "city": selectors.own_city_name()}
    )

"""Pages of 人材育成: check access → call a selector or service → render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts.models import User
from yorozu.accounts.permissions import desk_staff_required, role_required
from yorozu.common.downloads import file_download
from yorozu.common.exports import content_disposition, csv_response
from yorozu.training import selectors, services
from yorozu.training.forms import AssessmentForm, FeedbackForm, MaterialForm, SessionFilterForm, SessionForm
from yorozu.training.ical import calendar_bytes
from yorozu.training.rules import can_organise, can_review_skills
from yorozu_core.fiscal import FiscalYearError, fiscal_year_label, fiscal_year_of, parse_fiscal_year

READERS = (User.Role.CONSULTANT, User.Role.ADMIN, User.Role.VIEWER)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.SessionFilters(
        when=data.get("when") or "upcoming", topic=data.get("topic", ""), kind=data.get("kind", "")
    )
    context = {
        "form": form,
        "sessions": selectors.session_list(user=request.user, filters=filters)[:200],
        "mine": selectors.my_registrations(user=request.user),
        "can_organise": can_organise(request.user),
    }
    return render(request, "training/session_list.html", context)


def _detail_context(request: HttpRequest, session_pk: int) -> dict[str, object]:
    session = selectors.session_get(user=request.user, pk=session_pk)
    organiser = can_organise(request.user)
    return {
        "session": session,
        "registration": selectors.registration_of(user=request.user, session=session),
        "materials": session.materials.all(),
        "can_organise": organiser,
        "registrants": selectors.registrations_for(user=request.user, session=session) if organiser else None,
        "material_form": MaterialForm(),
    }


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "training/session_detail.html", _detail_context(request, pk))


@desk_staff_required
def session_create(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = services.session_data_from(form.cleaned_data)
            session = services.session_create(user=request.user, data=data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "研修を登録しました。")
            return redirect("training:session-detail", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form, "session": None})


@desk_staff_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            data = services.session_data_from(form.cleaned_data)
            session = services.session_update(user=request.user, session=session, data=data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "研修を変更しました。申込者に通知しました。")
            return redirect("training:session-detail", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form, "session": session})


@require_POST
@desk_staff_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    try:
        services.session_cancel(user=request.user, session=session)
        messages.success(request, "研修を中止にしました。申込者に通知しました。")
    except ValidationError as error:
        _errors(request, error)
    return redirect("training:session-detail", pk=pk)


@require_POST
@login_required
def registration_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    try:
        registration = services.registration_create(user=request.user, session=session)
    except ValidationError as error:
        _errors(request, error)
    else:
        text = (
            "キャンセル待ちで受け付けました。" if registration.is_waitlisted else "参加申込を受け付けました。"
        )
        messages.success(request, text)
    return redirect("training:session-detail", pk=pk)


@require_POST
@login_required
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    try:
        services.registration_cancel(user=request.user, session=session)
        messages.success(request, "申込を取り消しました。")
    except ValidationError as error:
        _errors(request, error)
    return redirect("training:session-detail", pk=pk)


@desk_staff_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
        try:
            count = services.attendance_record(user=request.user, session=session, attended_user_ids=present)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, f"出席を記録しました（出席 {count}人）。")
            return redirect("training:session-detail", pk=pk)
    registrants = selectors.registrations_for(user=request.user, session=session).filter(status="confirmed")
    return render(request, "training/attendance_form.html", {"session": session, "registrants": registrants})


@login_required
def feedback_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    registration = selectors.registration_of(user=request.user, session=session)
    previous = getattr(registration, "feedback", None) if registration else None
    initial = {q: getattr(previous, q) for q in (*selectors.QUESTIONS, "comment")} if previous else None
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                user=request.user, session=session, data=services.FeedbackData(**form.cleaned_data)
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, "アンケートにご回答いただきありがとうございました。")
            return redirect("training:session-detail", pk=pk)
    if registration is None or not registration.is_confirmed or registration.attended is False:
        raise PermissionDenied("アンケートに回答できるのは研修の参加者です。")
    return render(request, "training/feedback_form.html", {"session": session, "form": form})


@desk_staff_required
def feedback_summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    summary = selectors.feedback_summary(user=request.user, session=session)
    return render(request, "training/feedback_summary.html", {"session": session, "summary": summary})


@require_POST
@desk_staff_required
def material_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(user=request.user, session=session, upload=form.cleaned_data["file"])
            messages.success(request, "資料を登録しました。")
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, "資料ファイルを選んでください。")
    return redirect("training:session-detail", pk=pk)


@require_GET
@login_required
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    material = selectors.material_get(user=request.user, pk=pk)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("資料ファイルが見つかりません。") from missing
    return file_download(handle, material.name)


@require_POST
@desk_staff_required
def material_delete(request: HttpRequest, pk: int) -> HttpResponse:
    material = selectors.material_get(user=request.user, pk=pk)
    services.material_delete(user=request.user, material=material)
    messages.success(request, "資料を削除しました。")
    return redirect("training:session-detail", pk=material.session_id)


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition(filename)
    return response


@require_GET
@login_required
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(user=request.user, pk=pk)
    return ics_response(calendar_bytes([session], name=session.title), f"training-{session.pk}.ics")


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret per-user feed: no session, the token in the URL is the credential (docs/adr/0703)."""
    found = selectors.feed_sessions(token=token)
    if found is None:
        raise Http404("カレンダーが見つかりません。")
    user, sessions, waiting = found
    name = f"研修予定（{user}）"
    return ics_response(calendar_bytes(sessions, name=name, tentative_ids=waiting), "yorozu-training.ics")


@login_required
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = selectors.calendar_feed(user=request.user)
    context = {"feed": feed, "mine": selectors.my_registrations(user=request.user)}
    context["sessions"] = selectors.visible_sessions(request.user).filter(pk__in=list(context["mine"]))
    return render(request, "training/calendar_settings.html", context)


@require_POST
@login_required
def calendar_rotate(request: HttpRequest) -> HttpResponse:
    services.calendar_feed_rotate(user=request.user)
    messages.success(request, "カレンダー配信URLを発行しました。以前のURLは使えなくなりました。")
    return redirect("training:calendar-settings")


def _as_of(request: HttpRequest) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return None


@role_required(*READERS)
def skill_matrix(request: HttpRequest) -> HttpResponse:
    matrix = selectors.skill_matrix(user=request.user, as_of=_as_of(request))
    return render(request, "training/skill_matrix.html", {"matrix": matrix})


@role_required(*READERS)
def skill_history(request: HttpRequest, user_id: int) -> HttpResponse:
    person, history = selectors.skill_history(user=request.user, consultant_id=user_id)
    kinds = [("self", "自己評価")] if request.user.pk == person.pk else []
    if can_review_skills(request.user) and request.user.pk != person.pk:
        kinds.append(("review", "評価者"))
    form = AssessmentForm(initial={"assessed_on": timezone.localdate(), "kind": kinds[0][0] if kinds else ""})
    form.fields["kind"].choices = kinds
    context = {"person": person, "history": history, "form": form if kinds else None}
    context["is_admin"] = request.user.is_yorozu_admin
    context["is_reviewer"] = hasattr(person, "skill_reviewer")
    return render(request, "training/skill_history.html", context)


@require_POST
@role_required(User.Role.CONSULTANT, User.Role.ADMIN)
def skill_assess(request: HttpRequest, user_id: int) -> HttpResponse:
    person, _history = selectors.skill_history(user=request.user, consultant_id=user_id)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.skill_assess(user=request.user, consultant=person, **form.cleaned_data)
            messages.success(request, "評価を記録しました。")
        except ValidationError as error:
            _errors(request, error)
    else:
        messages.error(request, "入力内容を確認してください。")
    return redirect("training:skill-history", user_id=user_id)


@require_POST
@role_required(User.Role.ADMIN)
def reviewer_set(request: HttpRequest, user_id: int) -> HttpResponse:
    person, _history = selectors.skill_history(user=request.user, consultant_id=user_id)
    try:
        services.reviewer_set(user=request.user, consultant=person, is_reviewer=request.POST.get("on") == "1")
        messages.success(request, "評価者の指名を更新しました。")
    except ValidationError as error:
        _errors(request, error)
    return redirect("training:skill-history", user_id=user_id)


def _fiscal_year(request: HttpRequest) -> tuple[int, str]:
    """The 年度 asked for (2025, ２０２５, R7, 令和７年度, ７), else this year and why."""
    raw = request.GET.get("fy", "").strip()
    if raw:
        try:
            return parse_fiscal_year(raw), ""
        except FiscalYearError as error:
            return fiscal_year_of(timezone.localdate()), f"{error}。今年度を表示しています。"
    return fiscal_year_of(timezone.localdate()), ""


@role_required(*READERS)
def report(request: HttpRequest) -> HttpResponse:
    fiscal_year, unreadable = _fiscal_year(request)
    context = {
        "unreadable": unreadable,
        "report": selectors.fiscal_year_report(user=request.user, fiscal_year=fiscal_year),
        "links": selectors.training_to_desk(user=request.user, fiscal_year=fiscal_year),
        "years": selectors.fiscal_years(user=request.user),
        "fiscal_year": fiscal_year,
    }
    return render(request, "training/report.html", context)


@role_required(*READERS)
def report_csv(request: HttpRequest) -> HttpResponse:
    fiscal_year, unreadable = _fiscal_year(request)
    if unreadable:
        return HttpResponse(
            unreadable.replace("今年度を表示しています。", ""),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    data = selectors.fiscal_year_report(user=request.user, fiscal_year=fiscal_year)
    header = ["所属", *data.topics, "計"]
    rows = [[name, *cells, total] for name, cells, total in data.matrix]
    filename = f"training-{fiscal_year_label(fiscal_year)}.csv"
    encoding = "cp932" if request.GET.get("encoding") == "cp932" else "utf-8"
    return csv_response(filename, header, rows, encoding=encoding)

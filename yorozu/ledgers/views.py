"""Pages of 共有台帳: check access → call a selector or service → render. Unreadable records are 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts.models import User
from yorozu.common.exports import csv_response, xlsx_response
from yorozu.ledgers import rules, selectors, services
from yorozu.ledgers.forms import (
    AttachmentForm,
    CommentForm,
    FieldForm,
    GrantForm,
    ImportForm,
    LedgerEditForm,
    LedgerForm,
    OrganisationForm,
    PartnerUserForm,
    RecordForm,
    ShareForm,
    StatusForm,
    ViewForm,
)
from yorozu.ledgers.models import (
    AccessGrant,
    Ledger,
    LedgerField,
    LedgerStatus,
    LedgerView,
    PartnerOrganisation,
    ReadLog,
    RecordAttachment,
    Share,
)
from yorozu_core.ledger_design import DesignError, dump_design, load_design
from yorozu_core.ledger_fields import KIND_LABELS

PAGE_SIZE = 50


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _internal(request: HttpRequest) -> None:
    if request.user.is_external:  # type: ignore[union-attr]
        raise Http404("ページが見つかりません。")


def _designer(request: HttpRequest) -> None:
    if not rules.can_design(request.user):
        raise Http404("ページが見つかりません。")


def _manager(request: HttpRequest, ledger: Ledger) -> None:
    if not rules.can_manage(request.user, ledger):
        raise Http404("ページが見つかりません。")


def _ledger(request: HttpRequest, ledger_id: int) -> Ledger:
    return selectors.ledger_get(user=request.user, ledger_id=ledger_id)


# --- ledgers and their record lists -------------------------------------------------------------


@login_required
@require_GET
def ledger_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.ledger_rows(user=request.user)
    context = {"rows": rows, "can_design": rules.can_design(request.user)}
    return render(request, "ledgers/ledger_list.html", context)


def _filters(request: HttpRequest, ledger: Ledger, view: LedgerView | None) -> selectors.RecordFilters:
    by_field = {
        key[2:]: value.strip() for key, value in request.GET.items() if key.startswith("f_") and value.strip()
    }
    chosen, wanted = request.GET.get("field", ""), request.GET.get("value", "").strip()
    if chosen and wanted:  # 「項目を選んで絞り込む」: any field, without JavaScript
        by_field.setdefault(chosen, wanted)
    sort = request.GET.get("sort", "")
    descending = sort.startswith("-")
    status = request.GET.get("status", "")
    filters = selectors.RecordFilters(
        keyword=request.GET.get("q", "").strip(),
        status_id=int(status) if status.isdigit() else None,
        by_field=by_field,
        sort=sort.lstrip("-"),
        descending=descending,
    )
    if request.user.is_external:  # type: ignore[union-attr]  # no probing of statuses or hidden values
        shared = {f.key for f in _searchable(request, ledger)}
        filters.status_id = None
        filters.sort = filters.sort if filters.sort in shared else ""
    if view is not None and not sort:
        filters.sort, filters.descending = view.sort_key, view.descending
    if view is not None and view.status_id and not status:
        filters.status_id = view.status_id
    return filters


def _columns(request: HttpRequest, ledger: Ledger, view: LedgerView | None) -> list[LedgerField]:
    fields = rules.visible_fields(ledger)
    if request.user.is_external:  # type: ignore[union-attr]
        keys = {k for s in rules.active_shares(request.user).filter(ledger=ledger) for k in s.field_keys}
        fields = [f for f in fields if f.key in keys]
    if view is not None and view.columns:
        chosen = [f for key in view.columns for f in fields if f.key == key]
        return chosen or fields[:6]
    return fields[:6]


@login_required
@require_GET
def ledger_detail(request: HttpRequest, ledger_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    can_read = request.user.is_external or rules.can_read_records(request.user, ledger)  # type: ignore[union-attr]
    wants_view = request.GET.get("view", "").isdigit() and not request.user.is_external  # type: ignore[union-attr]
    view = ledger.views.filter(pk=request.GET.get("view")).first() if wants_view else None
    context: dict[str, Any] = {
        "ledger": ledger,
        "can_read": can_read,
        "can_write": can_read and rules.can_write_records(request.user, ledger),
        "can_design": rules.can_design(request.user),
        "can_manage": rules.can_manage(request.user, ledger),
        "can_see_readers": rules.can_see_readers(request.user, ledger),
        "record_count": ledger.records.count(),
        "views": ledger.views.all(),
        "current_view": view,
        "statuses": ledger.statuses.all(),
        "query": request.GET.urlencode(),
    }
    if can_read:
        context.update(_record_table(request, ledger, view))
    return render(request, "ledgers/ledger_detail.html", context)


def _record_table(request: HttpRequest, ledger: Ledger, view: LedgerView | None) -> dict[str, Any]:
    """One page of the filtered list: (row, status name, cells); a partner's cells only where shared."""
    columns = _columns(request, ledger, view)
    rows = selectors.record_rows(user=request.user, ledger=ledger, filters=_filters(request, ledger, view))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = selectors.user_names(ledger)
    statuses = dict(ledger.statuses.values_list("pk", "name"))
    shares = (
        list(rules.active_shares(request.user).filter(ledger=ledger)) if request.user.is_external else None
    )  # type: ignore[union-attr]
    table = [(row, statuses.get(row.status_id, "—"), _cells(row, columns, names, shares)) for row in page]
    filters = [(f, request.GET.get(f"f_{f.key}", "")) for f in columns if selectors.filterable(f)]
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "columns": columns,
        "filter_fields": filters,
        "any_fields": _searchable(request, ledger),
        "rows": table,
        "page": page,
        "total": page.paginator.count,
        "page_query": query.urlencode(),
        "page_size": PAGE_SIZE,
    }


def _searchable(request: HttpRequest, ledger: Ledger) -> list[LedgerField]:
    fields = [f for f in rules.visible_fields(ledger) if f.kind != "file"]
    if request.user.is_external:  # type: ignore[union-attr]
        keys = {k for s in rules.active_shares(request.user).filter(ledger=ledger) for k in s.field_keys}
        fields = [f for f in fields if f.key in keys]
    return fields


def _cells(
    row: selectors.RecordRow, columns: list[LedgerField], names: dict[int, str], shares: list[Share] | None
) -> list[str]:
    cells = selectors.display_row(row, columns, names)
    if shares is None:
        return cells
    keys = rules.shared_keys(shares, row.pk, row.status_id)
    return [cell if f.key in keys else "" for f, cell in zip(columns, cells, strict=True)]


@login_required
@require_GET
def ledger_export(request: HttpRequest, ledger_id: int) -> HttpResponse:
    """The filtered list for internal readers; every exported row is a logged read."""
    _internal(request)
    ledger = selectors.readable_ledger_get(user=request.user, ledger_id=ledger_id)
    records = list(
        selectors.record_rows(user=request.user, ledger=ledger, filters=_filters(request, ledger, None))
    )
    fields = rules.visible_fields(ledger)
    names = selectors.user_names(ledger)
    statuses = dict(ledger.statuses.values_list("pk", "name"))
    header = ["記録番号", "状態", *[f.label for f in fields]]
    rows = [
        [r.number, statuses.get(r.status_id, ""), *selectors.display_row(r, fields, names)] for r in records
    ]
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    address = client_address(request)
    services.reads_log(
        user=request.user,
        record_ids=[r.pk for r in records],
        kind=ReadLog.Kind.EXPORT,
        address=address,
        detail=fmt,
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        return xlsx_response(f"{ledger.name}_{stamp}.xlsx", header, rows, sheet_title=ledger.name[:31])
    encoding = "cp932" if request.GET.get("encoding") == "cp932" else "utf-8"
    return csv_response(f"{ledger.name}_{stamp}.csv", header, rows, encoding=encoding)


# --- records --------------------------------------------------------------------------------------


def _assignees(ledger: Ledger) -> Any:
    return User.objects.filter(department_id=ledger.department_id, is_active=True).exclude(
        role=User.Role.EXTERNAL
    )


@login_required
def record_create(request: HttpRequest, ledger_id: int) -> HttpResponse:
    _internal(request)
    ledger = selectors.readable_ledger_get(user=request.user, ledger_id=ledger_id)
    if not rules.can_write_records(request.user, ledger):
        raise PermissionDenied("この台帳に記録を追加する権限がありません。")
    fields = rules.visible_fields(ledger)
    form = RecordForm(
        request.POST or None, request.FILES or None, fields=fields, assignees=_assignees(ledger)
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_create(
                user=request.user, ledger=ledger, values=form.values(), files=form.uploads()
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"記録 #{record.number} を登録しました。")
            return redirect("ledgers:record-detail", ledger.pk, record.pk)
    return render(request, "ledgers/record_form.html", {"ledger": ledger, "form": form, "record": None})


@login_required
@require_GET
def record_detail(request: HttpRequest, ledger_id: int, record_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    record, access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    services.reads_log(
        user=request.user, record_ids=[record.pk], kind=ReadLog.Kind.PAGE, address=client_address(request)
    )
    names = selectors.user_names(ledger)
    attachments = record.attachments.all()
    if access.is_external:  # a partner sees the files added in the conversation, not the record's file fields
        attachments = attachments.filter(field_key="")
    context = {
        "ledger": ledger,
        "record": record,
        "access": access,
        "values": list(zip(access.fields, selectors.display_row(record, access.fields, names), strict=True)),
        "comments": record.comments.select_related("author"),
        "attachments": attachments,
        "next_statuses": record.status.allowed_next.all() if record.status else ledger.statuses.all(),
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
        "can_manage": rules.can_manage(request.user, ledger),
    }
    return render(request, "ledgers/record_detail.html", context)


@login_required
def record_edit(request: HttpRequest, ledger_id: int, record_id: int) -> HttpResponse:
    _internal(request)
    ledger = _ledger(request, ledger_id)
    record, access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    if not access.can_edit:
        raise PermissionDenied("この記録を変更する権限がありません。")
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        fields=access.fields,
        assignees=_assignees(ledger),
        record=record,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(
                user=request.user, record=record, values=form.values(), files=form.uploads()
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"記録 #{record.number} を更新しました。")
            return redirect("ledgers:record-detail", ledger.pk, record.pk)
    return render(request, "ledgers/record_form.html", {"ledger": ledger, "form": form, "record": record})


@login_required
@require_POST
def record_move(request: HttpRequest, ledger_id: int, record_id: int) -> HttpResponse:
    _internal(request)
    ledger = _ledger(request, ledger_id)
    record, access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    wanted = request.POST.get("status", "")
    target = ledger.statuses.filter(pk=wanted).first() if wanted.isdigit() else None
    if target is None:  # a form without a status of this ledger: say so, as the other record forms do
        messages.error(request, "移動先の状態を選んでください。")
        return redirect("ledgers:record-detail", ledger.pk, record.pk)
    try:
        services.record_move(user=request.user, record=record, to=target)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"状態を「{target.name}」にしました。")
    return redirect("ledgers:record-detail", ledger.pk, record.pk)


@login_required
@require_POST
def record_comment(request: HttpRequest, ledger_id: int, record_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    record, _access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "コメントを入力してください。")
    else:
        services.record_comment(user=request.user, record=record, body=form.cleaned_data["body"])
        messages.success(request, "コメントを追加しました。")
    return redirect("ledgers:record-detail", ledger.pk, record.pk)


@login_required
@require_POST
def record_attach(request: HttpRequest, ledger_id: int, record_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    record, _access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "添付するファイルを選んでください。")
        return redirect("ledgers:record-detail", ledger.pk, record.pk)
    try:
        services.record_attach(user=request.user, record=record, upload=form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, "ファイルを添付しました。")
    return redirect("ledgers:record-detail", ledger.pk, record.pk)


@login_required
@require_GET
def attachment_download(
    request: HttpRequest, ledger_id: int, record_id: int, attachment_id: int
) -> FileResponse:
    ledger = _ledger(request, ledger_id)
    record, access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    attachment = get_object_or_404(RecordAttachment, pk=attachment_id, record=record)
    if access.is_external and attachment.field_key:
        raise Http404("添付ファイルが見つかりません。")
    services.reads_log(
        user=request.user,
        record_ids=[record.pk],
        kind=ReadLog.Kind.ATTACHMENT,
        address=client_address(request),
        detail=attachment.name,
    )
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@login_required
@require_GET
def record_reads(request: HttpRequest, ledger_id: int, record_id: int) -> HttpResponse:
    """閲覧履歴 of one record, for the owning department."""
    ledger = _ledger(request, ledger_id)
    _manager(request, ledger)
    record, _access = selectors.record_get(user=request.user, ledger=ledger, record_id=record_id)
    reads = selectors.record_reads(record=record)[:500]
    return render(request, "ledgers/record_reads.html", {"ledger": ledger, "record": record, "reads": reads})


# --- who can read: grants, shares, the access report ---------------------------------------------


@login_required
@require_GET
def ledger_access(request: HttpRequest, ledger_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    if not rules.can_see_readers(request.user, ledger):
        raise Http404("ページが見つかりません。")
    manage = rules.can_manage(request.user, ledger)
    context = {
        "ledger": ledger,
        "readers": selectors.readers_of(ledger=ledger),
        "record_count": ledger.records.count(),
        "can_manage": manage,
        "report": selectors.access_report(ledger=ledger) if manage else [],
        "recent": ReadLog.objects.filter(record__ledger=ledger).select_related("user", "record")[:100]
        if manage
        else [],
        "grant_form": GrantForm(ledger=ledger),
    }
    return render(request, "ledgers/ledger_access.html", context)


@login_required
@require_POST
def grant_create(request: HttpRequest, ledger_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    _manager(request, ledger)
    form = GrantForm(request.POST, ledger=ledger)
    if form.is_valid():
        services.grant_create(
            user=request.user,
            ledger=ledger,
            grantee=form.cleaned_data["user"],
            expires_on=form.cleaned_data["expires_on"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"{form.cleaned_data['user']} に閲覧を許可しました。")
    else:
        messages.error(request, "利用者と期限を入力してください。")
    return redirect("ledgers:ledger-access", ledger.pk)


@login_required
@require_POST
def grant_revoke(request: HttpRequest, ledger_id: int, grant_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    _manager(request, ledger)
    services.grant_revoke(user=request.user, grant=get_object_or_404(AccessGrant, pk=grant_id, ledger=ledger))
    messages.success(request, "閲覧許可を取り消しました。")
    return redirect("ledgers:ledger-access", ledger.pk)


@login_required
def share_create(request: HttpRequest, ledger_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    _manager(request, ledger)
    form = ShareForm(
        request.POST or None, ledger=ledger, initial={"record_number": request.GET.get("record")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = (
            ledger.records.filter(number=data["record_number"]).first() if data["record_number"] else None
        )
        if data["record_number"] and record is None:
            form.add_error("record_number", f"記録 #{data['record_number']} はこの台帳にありません。")
        else:
            try:
                services.share_create(
                    user=request.user,
                    ledger=ledger,
                    organisation=data["organisation"],
                    field_keys=data["field_keys"],
                    expires_on=data["expires_on"],
                    record=record,
                    status=data["status"],
                    can_comment=data["can_comment"],
                    can_attach=data["can_attach"],
                )
            except ValidationError as error:
                form.add_error(None, _errors(error))
            else:
                messages.success(request, f"{data['organisation']} と共有しました。")
                return redirect("ledgers:ledger-access", ledger.pk)
    return render(request, "ledgers/share_form.html", {"ledger": ledger, "form": form})


@login_required
@require_POST
def share_revoke(request: HttpRequest, ledger_id: int, share_id: int) -> HttpResponse:
    ledger = _ledger(request, ledger_id)
    _manager(request, ledger)
    services.share_revoke(user=request.user, share=get_object_or_404(Share, pk=share_id, ledger=ledger))
    messages.success(request, "共有を取り消しました。")
    return redirect("ledgers:ledger-access", ledger.pk)


# --- design (the desk) ----------------------------------------------------------------------------


@login_required
def ledger_create(request: HttpRequest) -> HttpResponse:
    _designer(request)
    form = LedgerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger = services.ledger_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"台帳「{ledger.name}」を作りました。項目を追加してください。")
            return redirect("ledgers:ledger-design", ledger.pk)
    return render(request, "ledgers/ledger_form.html", {"form": form, "title": "台帳を作る"})


@login_required
def ledger_import(request: HttpRequest) -> HttpResponse:
    _designer(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            design = load_design(upload.read().decode("utf-8-sig"))
            ledger = services.ledger_import(
                user=request.user,
                department=form.cleaned_data["department"],
                design=design,
                name=form.cleaned_data["name"],
            )
        except UnicodeDecodeError:
            form.add_error("file", f"「{upload.name}」はUTF-8のJSONではありません。")
        except DesignError as error:
            form.add_error("file", f"「{upload.name}」: {error}")
        except ValidationError as error:
            form.add_error(None, f"「{upload.name}」: {_errors(error)}")
        else:
            messages.success(request, f"設計ファイルから台帳「{ledger.name}」を作りました。")
            return redirect("ledgers:ledger-design", ledger.pk)
    return render(
        request,
        "ledgers/ledger_form.html",
        {"form": form, "title": "設計ファイルから台帳を作る", "multipart": True},
    )


@login_required
def ledger_design(request: HttpRequest, ledger_id: int) -> HttpResponse:
    _designer(request)
    ledger = _ledger(request, ledger_id)
    form = LedgerEditForm(
        request.POST or None, initial={"name": ledger.name, "description": ledger.description}
    )
    if request.method == "POST" and form.is_valid():
        services.ledger_update(user=request.user, ledger=ledger, **form.cleaned_data)
        messages.success(request, "台帳の名前と説明を保存しました。")
        return redirect("ledgers:ledger-design", ledger.pk)
    context = {
        "ledger": ledger,
        "form": form,
        "fields": ledger.fields.all(),
        "statuses": ledger.statuses.prefetch_related("allowed_next"),
        "views": ledger.views.all(),
        "kinds": KIND_LABELS,
    }
    return render(request, "ledgers/ledger_design.html", context)


@login_required
@require_GET
def design_export(request: HttpRequest, ledger_id: int) -> HttpResponse:
    _designer(request)
    ledger = _ledger(request, ledger_id)
    response = HttpResponse(
        dump_design(services.design_of(ledger)), content_type="application/json; charset=utf-8"
    )
    from yorozu.common.exports import content_disposition

    response["Content-Disposition"] = content_disposition(f"{ledger.name}_設計.json")
    return response


@login_required
def field_edit(request: HttpRequest, ledger_id: int, field_id: int | None = None) -> HttpResponse:
    _designer(request)
    ledger = _ledger(request, ledger_id)
    field = get_object_or_404(LedgerField, pk=field_id, ledger=ledger) if field_id else None
    initial = (
        {
            "label": field.label,
            "kind": field.kind,
            "required": field.required,
            "choices": "\n".join(field.choices),
            "help_text": field.help_text,
        }
        if field
        else None
    )
    form = FieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "choices": form.choice_list()}
        try:
            if field is None:
                services.field_create(user=request.user, ledger=ledger, **data)
            else:
                services.field_update(user=request.user, field=field, **data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"項目「{data['label']}」を保存しました。")
            return redirect("ledgers:ledger-design", ledger.pk)
    return render(request, "ledgers/field_form.html", {"ledger": ledger, "form": form, "field": field})


@login_required
@require_POST
def field_arrange(request: HttpRequest, ledger_id: int, field_id: int) -> HttpResponse:
    """Move a field up or down, hide it (its values stay) or show it again."""
    _designer(request)
    ledger = _ledger(request, ledger_id)
    field = get_object_or_404(LedgerField, pk=field_id, ledger=ledger)
    action = request.POST.get("action", "")
    if action in ("up", "down"):
        services.field_move(user=request.user, field=field, offset=-1 if action == "up" else 1)
    elif action in ("hide", "show"):
        services.field_set_hidden(user=request.user, field=field, hidden=action == "hide")
        verb = "非表示にしました（入力済みの値は残ります）" if action == "hide" else "再表示しました"
        messages.success(request, f"項目「{field.label}」を{verb}。")
    return redirect("ledgers:ledger-design", ledger.pk)


@login_required
def status_edit(request: HttpRequest, ledger_id: int, status_id: int | None = None) -> HttpResponse:
    _designer(request)
    ledger = _ledger(request, ledger_id)
    status = get_object_or_404(LedgerStatus, pk=status_id, ledger=ledger) if status_id else None
    initial = (
        {"name": status.name, "is_initial": status.is_initial, "allowed_next": status.allowed_next.all()}
        if status
        else None
    )
    form = StatusForm(request.POST or None, ledger=ledger, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_save(user=request.user, ledger=ledger, status=status, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"状態「{form.cleaned_data['name']}」を保存しました。")
            return redirect("ledgers:ledger-design", ledger.pk)
    return render(request, "ledgers/status_form.html", {"ledger": ledger, "form": form, "status": status})


@login_required
def view_create(request: HttpRequest, ledger_id: int) -> HttpResponse:
    _designer(request)
    ledger = _ledger(request, ledger_id)
    form = ViewForm(request.POST or None, ledger=ledger)
    if request.method == "POST" and form.is_valid():
        try:
            services.view_save(user=request.user, ledger=ledger, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"一覧「{form.cleaned_data['name']}」を保存しました。")
            return redirect("ledgers:ledger-design", ledger.pk)
    return render(request, "ledgers/view_form.html", {"ledger": ledger, "form": form})


@login_required
@require_POST
def view_delete(request: HttpRequest, ledger_id: int, view_id: int) -> HttpResponse:
    _designer(request)
    ledger = _ledger(request, ledger_id)
    services.view_delete(user=request.user, view=get_object_or_404(LedgerView, pk=view_id, ledger=ledger))
    messages.success(request, "一覧を削除しました。")
    return redirect("ledgers:ledger-design", ledger.pk)


# --- partner organisations (関係機関) --------------------------------------------------------------


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    _designer(request)
    organisations = PartnerOrganisation.objects.prefetch_related("members__user")
    return render(request, "ledgers/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
    _designer(request)
    organisation = get_object_or_404(PartnerOrganisation, pk=organisation_id) if organisation_id else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    user_form = PartnerUserForm()
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"関係機関「{saved.name}」を保存しました。")
        return redirect("ledgers:organisation-edit", saved.pk)
    context = {"form": form, "organisation": organisation, "user_form": user_form}
    return render(request, "ledgers/organisation_form.html", context)


@login_required
@require_POST
def partner_user_create(request: HttpRequest, organisation_id: int) -> HttpResponse:
    _designer(request)
    organisation = get_object_or_404(PartnerOrganisation, pk=organisation_id)
    form = PartnerUserForm(request.POST)
    if form.is_valid():
        try:
            partner = services.partner_user_create(
                user=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request, f"{partner.username} を登録しました。初回ログインで二要素認証を設定します。"
            )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("ledgers:organisation-edit", organisation.pk)

"""データ分析 pages. Each view checks access, calls a selector/service, and renders."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts.models import User
from yorozu.accounts.permissions import desk_staff_required
from yorozu.common.exports import content_disposition, csv_response
from yorozu_core.analysis import text as text_core
from yorozu_core.analysis.analyses import ColumnProfile, profile, row_values
from yorozu_core.analysis.cache import cache_key, cached
from yorozu_core.analysis.columns import KIND_LABELS, SEPARATORS, Kind
from yorozu_core.analysis.reading import SPREADSHEETS, sheet_names
from yorozu_core.analysis.report import Report, report_docx, report_xlsx

from . import selectors, services
from .forms import (
    ColumnForm,
    ReplaceForm,
    SaveForm,
    ShareForm,
    StopWordsForm,
    TownListForm,
    UploadForm,
    ViewEditForm,
)
from .models import Dataset, SavedView
from .results import Result, run, stop_words_of

ANALYSIS_TITLES = {
    "frequencies": "単純集計",
    "crosstab": "クロス集計",
    "timeseries": "時系列",
    "text": "自由記述",
}
NO_CHART = frozenset({Kind.ID, Kind.TEXT})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _writable(request: HttpRequest, dataset: Dataset) -> None:
    if not selectors.dataset_can_change(user=_user(request), dataset=dataset):
        raise PermissionDenied("このデータを変更する権限がありません。")


def _incoming(token: str, suffix: str) -> Path:
    return Path(settings.DATA_DIR) / "analysis" / "incoming" / f"upload-{token}.{suffix}"


@login_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_external:
        raise PermissionDenied("データ分析は庁内の職員だけが使えます。")
    form = UploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST":
        if not user.can_write:
            raise PermissionDenied("データを登録する権限がありません。")
        return _upload(request, form)
    datasets = selectors.dataset_list(user=user, filters={"q": request.GET.get("q", "")})
    return render(
        request,
        "analysis/dataset_list.html",
        {"datasets": datasets, "form": form, "query": request.GET.get("q", "")},
    )


def _upload(request: HttpRequest, form: UploadForm) -> HttpResponse:
    token = request.POST.get("token", "")
    if token and not form.is_bound or (token and not _token_ok(token)):
        raise Http404
    if token:
        form.fields["file"].required = False
    if not form.is_valid():
        return render(request, "analysis/dataset_list.html", _list_context(request, form), status=400)
    data = form.cleaned_data
    upload = data.get("file")
    name = upload.name if upload else request.POST.get("file_name", "")
    suffix = Path(name).suffix.lower().lstrip(".")
    token = token or secrets.token_hex(16)
    path = _incoming(token, suffix)
    if not upload and not path.exists():
        form.add_error(None, "アップロードしたファイルが見つかりません。もう一度アップロードしてください。")
        return render(request, "analysis/dataset_list.html", _list_context(request, form), status=400)
    if upload:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    try:
        if suffix in SPREADSHEETS and not data["sheet"]:
            sheets = sheet_names(path)
            if len(sheets) > 1:
                return render(request, "analysis/dataset_sheet.html",
                              {"form": form, "sheets": sheets, "token": token, "file_name": name})  # fmt: skip
        dataset = services.dataset_import(
            user=_user(request), source=path, name=data["name"], file_name=name,
            department=data["department"], consultation=data["consultation"], sheet=data["sheet"],
        )  # fmt: skip
    except (ValidationError, ValueError) as exc:
        path.unlink(missing_ok=True)
        form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        return render(request, "analysis/dataset_list.html", _list_context(request, form), status=400)
    path.unlink(missing_ok=True)
    messages.success(
        request, f"「{dataset.name}」を取り込みました（{dataset.row_count:,}行）。列の型を確認してください。"
    )
    return redirect("analysis:dataset-detail", pk=dataset.pk)


def _token_ok(token: str) -> bool:
    return len(token) == 32 and all(c in "0123456789abcdef" for c in token)


def _list_context(request: HttpRequest, form: UploadForm) -> dict[str, Any]:
    return {"datasets": selectors.dataset_list(user=_user(request)), "form": form, "query": ""}


@login_required
@require_GET
def dataset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    profiles = _profiles(dataset)
    rows = [
        {"profile": p, "form": ColumnForm(initial={"key": p.spec.key, "kind": p.spec.kind.value,
                                                    "separator": p.spec.separator, "order": "、".join(p.spec.order)},
                                           prefix=p.spec.key.replace(":", "_").replace(",", "_")),
         "bars": _bars(p.histogram or p.top) if p.spec.kind not in NO_CHART else [],
         "height": len(p.histogram or p.top) * 14}
        for p in profiles
    ]  # fmt: skip
    context = {
        "dataset": dataset, "rows": rows, "can_change": selectors.dataset_can_change(user=_user(request), dataset=dataset),
        "views": dataset.views.all(), "share_form": ShareForm(initial={"departments": dataset.shared_departments.all()}),
        "stop_form": StopWordsForm(initial={"stop_words": "\n".join(stop_words_of(dataset))}),
        "kinds": KIND_LABELS, "separators": SEPARATORS,
    }  # fmt: skip
    return render(request, "analysis/dataset_detail.html", context)


def _profiles(dataset: Dataset) -> list[ColumnProfile]:
    """The column profile, computed once per dataset version and column types (a million rows take seconds)."""
    specs = {s.key: s for s in dataset.specs}

    def compute() -> list[dict[str, Any]]:
        found = profile(selectors.table_of(dataset), list(specs.values()))
        return [{**{k: v for k, v in asdict(p).items() if k != "spec"}, "key": p.spec.key} for p in found]

    rows = cached(dataset.cache_folder, cache_key("profile", dataset.columns), compute)
    return [ColumnProfile(spec=specs[r.pop("key")], **{k: tuple(map(tuple, v)) if k in ("top", "histogram") else v
                                                       for k, v in r.items()}) for r in rows]  # fmt: skip


def _bars(pairs: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    """Rows of the small SVG chart on the profile page (widths in SVG units: no style attributes)."""
    largest = max((n for _, n in pairs), default=0) or 1
    return [
        {"label": label, "count": n, "width": round(n / largest * 120, 1), "y": i * 14}
        for i, (label, n) in enumerate(pairs)
    ]


@login_required
@require_POST
def dataset_columns(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    _writable(request, dataset)
    prefix = request.POST.get("prefix", "")
    form = ColumnForm(request.POST, prefix=prefix or None)
    if not form.is_valid():
        messages.error(request, "列の型の指定が正しくありません。")
        return redirect("analysis:dataset-detail", pk=pk)
    try:
        services.dataset_set_column(user=_user(request), dataset=dataset, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(request, "列の型を変更しました。")
    return redirect("analysis:dataset-detail", pk=pk)


@login_required
def dataset_replace(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    _writable(request, dataset)
    form = ReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = _incoming(secrets.token_hex(16), Path(upload.name).suffix.lower().lstrip("."))
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            services.dataset_replace(user=_user(request), dataset=dataset, source=path, file_name=upload.name,
                                     sheet=form.cleaned_data["sheet"])  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(
                request, f"新しいファイルに置き換えました（第{dataset.version}版、{dataset.row_count:,}行）。"
            )
            return redirect("analysis:dataset-detail", pk=pk)
        finally:
            path.unlink(missing_ok=True)
    return render(request, "analysis/dataset_replace.html", {"dataset": dataset, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def dataset_share(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    _writable(request, dataset)
    form = ShareForm(request.POST)
    if form.is_valid():
        services.dataset_share(
            user=_user(request), dataset=dataset, departments=list(form.cleaned_data["departments"])
        )
        messages.success(request, "共有先を保存しました。")
    return redirect("analysis:dataset-detail", pk=pk)


@login_required
@require_POST
def dataset_stop_words(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    _writable(request, dataset)
    form = StopWordsForm(request.POST)
    if form.is_valid():
        services.dataset_set_stop_words(
            user=_user(request), dataset=dataset, stop_words=form.cleaned_data["stop_words"]
        )
        messages.success(request, "除外語を保存しました。")
    return redirect("analysis:dataset-detail", pk=pk)


@login_required
@require_POST
def dataset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    _writable(request, dataset)
    services.dataset_delete(user=_user(request), dataset=dataset)
    messages.success(request, f"「{dataset.name}」を削除しました。")
    return redirect("analysis:dataset-list")


def _analysis_from(request: HttpRequest, kind: str) -> dict[str, Any]:
    fields = ("column", "row", "filter_column", "filter_value", "segment", "split", "unit", "compare")
    return {"type": kind, **{f: request.GET[f] for f in fields if request.GET.get(f)}}


def _analysis_page(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    user = _user(request)
    dataset = selectors.dataset_get(user=user, pk=pk)
    analysis = _analysis_from(request, kind)
    result: Result | None = None
    error = ""
    ready = analysis.get("column") and (kind != "crosstab" or analysis.get("row"))
    if ready:
        try:
            result = run(dataset, analysis)
        except ValidationError as exc:
            error = "; ".join(exc.messages)
    if result is not None and request.GET.get("format") == "csv":
        return _table_csv(result, request.GET.get("table", "0"), dataset.name)
    context = {
        "dataset": dataset, "kind": kind, "title": ANALYSIS_TITLES[kind], "analysis": analysis, "result": result,
        "error": error, "specs": dataset.specs, "kinds": {k.name: k.value for k in Kind}, "query": request.GET.urlencode(),
        "save_form": _save_form(dataset) if result and selectors.dataset_can_change(user=user, dataset=dataset) else None,
        "kwic": _kwic(dataset, analysis, request.GET.get("word", "")) if kind == "text" and result else None,
        "word": request.GET.get("word", ""),
    }  # fmt: skip
    return render(request, "analysis/dataset_analysis.html", context, status=400 if error else 200)


def _save_form(dataset: Dataset) -> SaveForm:
    form = SaveForm()
    form.fields["view"].choices = [("", "（新しく作る）"), *[(v.pk, v.name) for v in dataset.views.all()]]
    return form


def _kwic(dataset: Dataset, analysis: dict[str, Any], word: str) -> list[text_core.Context] | None:
    from .results import documents_of

    spec = dataset.spec(analysis.get("column", ""))
    if not word or spec is None:
        return None
    return text_core.kwic(documents_of(dataset, selectors.table_of(dataset), spec), word)


def _table_csv(result: Result, index: str, name: str) -> HttpResponse:
    try:
        table = result.tables[int(index)]
    except (ValueError, IndexError) as exc:
        raise Http404("その表はありません。") from exc
    return csv_response(f"{name}_{table.title}.csv", list(table.header), [list(r) for r in table.rows])


@login_required
@require_GET
def dataset_frequencies(request: HttpRequest, pk: int) -> HttpResponse:
    return _analysis_page(request, pk, "frequencies")


@login_required
@require_GET
def dataset_crosstab(request: HttpRequest, pk: int) -> HttpResponse:
    return _analysis_page(request, pk, "crosstab")


@login_required
@require_GET
def dataset_timeseries(request: HttpRequest, pk: int) -> HttpResponse:
    return _analysis_page(request, pk, "timeseries")


@login_required
@require_GET
def dataset_text(request: HttpRequest, pk: int) -> HttpResponse:
    return _analysis_page(request, pk, "text")


@login_required
@require_GET
def dataset_row(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    """One answer (one row of the file) with every column: KWIC lines link here."""
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    keys = [f"c{i}" for i in range(len(dataset.headers))]
    values = row_values(selectors.table_of(dataset), row, keys)
    if values is None:
        raise Http404("その行はありません。")
    return render(request, "analysis/dataset_row.html",
                  {"dataset": dataset, "row": row, "cells": list(zip(dataset.headers, values, strict=True))})  # fmt: skip


@login_required
@require_POST
def view_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the analysis on screen into a saved view (a new one or an existing one)."""
    dataset = selectors.dataset_get(user=_user(request), pk=pk)
    _writable(request, dataset)
    kind = request.POST.get("type", "")
    fields = ("column", "row", "filter_column", "filter_value", "segment", "split", "unit", "compare")
    analysis = {"type": kind, **{f: request.POST[f] for f in fields if request.POST.get(f)}}
    existing = (
        dataset.views.filter(pk=request.POST.get("view") or 0).first() if request.POST.get("view") else None
    )
    try:
        view = services.saved_view_add(user=_user(request), dataset=dataset, name=request.POST.get("name", ""),
                                       analysis=analysis, view=existing)  # fmt: skip
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("analysis:dataset-detail", pk=pk)
    messages.success(request, f"「{view.name}」に保存しました。")
    return redirect("analysis:view-detail", pk=view.pk)


def _run_all(
    view: SavedView, *, public_min: int | None = None, csv: str = "private"
) -> list[tuple[dict[str, Any], Result | None, str, str]]:
    """Every analysis of the view with its CSV link prefix (``csv``: private, public, static or none)."""
    found = []
    for index, analysis in enumerate(view.analyses):
        prefix = {
            "private": reverse("analysis:view-table-csv", args=[view.pk, index, 0]).removesuffix("0.csv"),
            "public": reverse("analysis:public-csv", args=[view.public_slug, index, 0]).removesuffix("0.csv"),
            "static": f"table-{index}-",
        }.get(csv, "")
        try:
            found.append((analysis, run(view.dataset, analysis, public_min=public_min), "", prefix))
        except ValidationError as exc:
            found.append((analysis, None, "; ".join(exc.messages), ""))
    return found


@login_required
@require_GET
def view_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The department's results page: every analysis of the saved view on the current data."""
    view = selectors.saved_view_get(user=_user(request), pk=pk)
    context = {"view": view, "dataset": view.dataset, "results": _run_all(view),
               "can_change": selectors.dataset_can_change(user=_user(request), dataset=view.dataset)}  # fmt: skip
    return render(request, "analysis/view_detail.html", context)


def _report(view: SavedView) -> Report:
    tables = tuple(t for _, result, _, _ in _run_all(view, csv="none") if result for t in result.tables)
    subtitle = f"{view.dataset.name}（{view.dataset.department}、{view.dataset.row_count:,}行、第{view.dataset.version}版）"
    return Report(title=view.name, subtitle=subtitle, tables=tables)


@login_required
@require_GET
def view_report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.saved_view_get(user=_user(request), pk=pk)
    response = HttpResponse(report_xlsx(_report(view)), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"{view.name}.xlsx")
    return response


@login_required
@require_GET
def view_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.saved_view_get(user=_user(request), pk=pk)
    response = HttpResponse(report_docx(_report(view)), content_type=DOCX)
    response["Content-Disposition"] = content_disposition(f"{view.name}.docx")
    return response


@login_required
@require_GET
def view_table_csv(request: HttpRequest, pk: int, analysis: int, table: int) -> HttpResponse:
    view = selectors.saved_view_get(user=_user(request), pk=pk)
    if not 0 <= analysis < len(view.analyses):
        raise Http404("その集計はありません。")
    try:
        result = run(view.dataset, view.analyses[analysis])
    except ValidationError as exc:
        raise Http404("; ".join(exc.messages)) from exc
    return _table_csv(result, str(table), view.name)


def _text_answers(view: SavedView) -> list[tuple[int, str]]:
    from yorozu_core.analysis.analyses import text_answers

    table = selectors.table_of(view.dataset)
    answers: list[tuple[int, str]] = []
    for analysis in view.analyses:
        spec = view.dataset.spec(analysis.get("column", "")) if analysis.get("type") == "text" else None
        if spec is not None:
            answers += [(row, text) for row, text, _ in text_answers(table, spec)[:2000]]
    return answers


@login_required
def view_edit(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.saved_view_get(user=_user(request), pk=pk)
    _writable(request, view.dataset)
    answers = _text_answers(view)
    initial = {"name": view.name, "description": view.description, "is_public": view.is_public,
               "min_count": view.min_count, "public_answers": view.public_answers}  # fmt: skip
    form = ViewEditForm(request.POST or None, initial=initial)
    form.fields["public_answers"].choices = [(row, f"{row}行目: {text}") for row, text in answers]
    if request.method == "POST" and form.is_valid():
        services.saved_view_update(user=_user(request), view=view, **form.cleaned_data)
        messages.success(request, "保存しました。")
        return redirect("analysis:view-detail", pk=pk)
    return render(
        request, "analysis/view_edit.html", {"view": view, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.saved_view_get(user=_user(request), pk=pk)
    _writable(request, view.dataset)
    dataset_pk = view.dataset_id
    services.saved_view_delete(user=_user(request), view=view)
    messages.success(request, f"「{view.name}」を削除しました。")
    return redirect("analysis:dataset-detail", pk=dataset_pk)


def public_context(view: SavedView, *, static_site: bool = False) -> dict[str, Any]:
    answers = dict(_text_answers(view)) if view.public_answers else {}
    chosen = [(row, answers[row]) for row in view.public_answers if row in answers]
    results = _run_all(view, public_min=view.min_count, csv="static" if static_site else "public")
    return {"view": view, "results": results, "answers": chosen,
            "static_site": static_site, "city": selectors.town_list().city}  # fmt: skip


@require_GET
def public_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The published results page: no login, no personal data (decision record 0804)."""
    view = selectors.public_view_get(slug=slug)
    return render(request, "analysis/public_view.html", public_context(view))


@require_GET
def public_csv(request: HttpRequest, slug: str, analysis: int, table: int) -> HttpResponse:
    view = selectors.public_view_get(slug=slug)
    if not 0 <= analysis < len(view.analyses):
        raise Http404("その集計はありません。")
    try:
        result = run(view.dataset, view.analyses[analysis], public_min=view.min_count)
    except ValidationError as exc:
        raise Http404("; ".join(exc.messages)) from exc
    return _table_csv(result, str(table), view.name)


@desk_staff_required
def town_list(request: HttpRequest) -> HttpResponse:
    stored = selectors.town_list()
    initial = {
        "city_name": stored.city,
        "towns": "\n".join(stored.towns),
        "postal_codes": "\n".join(stored.postal_codes),
    }
    form = TownListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.town_list_save(user=_user(request), **form.cleaned_data)
        messages.success(request, "町丁目の一覧を保存しました。")
        return redirect("analysis:town-list")
    return render(request, "analysis/town_list.html", {"form": form})

"""Public board (no login) and staff pages. Views check access, call a selector/service, render."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yorozu.accounts.permissions import desk_staff_required
from yorozu.common.exports import csv_response
from yorozu.common.uploads import validate_upload
from yorozu_core.budget import (
    ACCOUNT_GENERAL,
    SIDE_EXPENDITURE,
    BudgetImportError,
    Unit,
    open_data,
    wareki_label,
)
from yorozu_core.budget.snapshot import BoardData, BookData, LineData

from . import board, selectors, services, snapshot
from .forms import ConfirmForm, MunicipalityForm, NoteForm, PopulationForm, TaxForm, UploadForm
from .models import Budget, BudgetLine, Municipality


def _links(code: str) -> board.Links:
    return board.Links(root=f"/budget/{code}/")


def _board(
    code: str,
    year: int,
    account: str = ACCOUNT_GENERAL,
    side: str = SIDE_EXPENDITURE,
    phase: str | None = None,
) -> tuple[Municipality, BoardData, BookData]:
    """The municipality row (the page's only query when the board is cached), its board and the budget
    shown: the year's 一般会計 歳出 (当初 when published) unless a 会計, side and phase are asked for."""
    municipality = get_object_or_404(Municipality, code=code)
    data = snapshot.board_data(municipality)
    book = data.book(year, account, side, phase)
    if book is None:
        raise Http404("この年度の予算は公開されていません")
    return municipality, data, book


def _line(book: BookData, path: str) -> LineData:
    line = book.by_path.get(path)
    if line is None:
        raise Http404("この項目はありません")
    return line


def _node_context(
    municipality: Municipality, data: BoardData, book: BookData, line: LineData | None
) -> dict[str, Any]:
    """The page's context, kept with the board structure (it only changes when the stamp does)."""
    key = ("page", book.id, line.path if line else None)
    context = data.memo.get(key)
    if context is None:
        context = board.node_page(
            municipality=municipality, data=data, book=book, line=line, links=_links(municipality.code)
        )
        data.memo[key] = context
    # the municipality row is read on every request: its name and intro are always current
    return {**context, "municipality": municipality, "note": context["note"] if line else municipality.intro}


@require_GET
def board_index(request: HttpRequest) -> HttpResponse:
    years: dict[int, set[int]] = {}
    for municipality_id, year in Budget.objects.filter(
        is_published=True, account=ACCOUNT_GENERAL, side=SIDE_EXPENDITURE
    ).values_list("municipality_id", "fiscal_year"):  # one query, however many municipalities exist
        years.setdefault(municipality_id, set()).add(year)
    items = [(m, sorted(years[m.pk])) for m in Municipality.objects.filter(pk__in=years)]
    return render(request, "budget/board_index.html", {"items": items})


@require_GET
def board_municipality(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, code=code)
    years = snapshot.board_data(municipality).years()
    if not years:
        raise Http404("公開されている予算がありません")
    return redirect("budget:board-year", code=code, year=years[-1])


@require_GET
def board_year(request: HttpRequest, code: str, year: int, **view: str) -> HttpResponse:
    municipality, data, book = _board(code, year, **view)
    return render(request, "budget/board_node.html", _node_context(municipality, data, book, None))


@require_GET
def board_node(request: HttpRequest, code: str, year: int, path: str, **view: str) -> HttpResponse:
    municipality, data, book = _board(code, year, **view)
    line = _line(book, path)
    return render(request, "budget/board_node.html", _node_context(municipality, data, book, line))


@require_GET
def board_csv(
    request: HttpRequest, code: str, year: int, path: str | None = None, **view: str
) -> HttpResponse:
    municipality, data, book = _board(code, year, **view)
    line = _line(book, path) if path else None
    context = _node_context(municipality, data, book, line)
    header, rows = board.csv_table(context["rows"])
    return csv_response(board.csv_filename(municipality.name, data, book, line), header, rows)


def _trend_context(
    request: HttpRequest, code: str, year: int, path: str | None, view: dict[str, str]
) -> dict[str, Any]:
    municipality, data, book = _board(code, year, **view)
    line = _line(book, path) if path else None
    context = _node_context(municipality, data, book, line)
    key = ("trend", book.id, path)
    trend = data.memo.get(key)
    if trend is None:
        trend = board.trend_page(data=data, book=book, line=line, links=_links(code))
        data.memo[key] = trend
    return {**context, **trend}


@require_GET
def board_trend(
    request: HttpRequest, code: str, year: int, path: str | None = None, **view: str
) -> HttpResponse:
    """「この項目の推移」: a line (or the total) and its children over every published year."""
    context = _trend_context(request, code, year, path, view)
    return render(request, "budget/board_trend.html", context)


@require_GET
def board_trend_csv(
    request: HttpRequest, code: str, year: int, path: str | None = None, **view: str
) -> HttpResponse:
    context = _trend_context(request, code, year, path, view)
    header, rows = board.trend_csv_table(context)
    _, data, book = _board(code, year, **view)
    return csv_response(
        board.csv_filename(context["municipality"].name, data, book, context["line"], "推移"), header, rows
    )


@require_GET
def board_phases(request: HttpRequest, code: str, year: int, path: str | None = None) -> HttpResponse:
    """予算 beside 決算 for the year's 一般会計 歳出 (404 unless both are published)."""
    municipality, data, book = _board(code, year)
    execution = board.execution_page(data=data, year=year, line_path=path, links=_links(code))
    if execution is None:
        raise Http404("この年度の予算と決算はそろって公開されていません")
    if request.GET.get("format") == "csv":
        header = ["名称", execution["budget_label"] + "（円）", "決算 支出済額（円）", "執行率"]
        body = [
            [r["name"], r["budget"]["value"], r["settled"]["value"], r["rate"]]
            for r in execution["execution_rows"]
        ]
        return csv_response(board.csv_filename(municipality.name, data, book, execution["execution_line"], "予算と決算"),
                            header, body)  # fmt: skip
    context = _node_context(municipality, data, book, None)
    return render(request, "budget/board_phases.html", {**context, **execution})


@require_GET
def board_open_data(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """The year's open data: every published line in one CSV (``lines.csv``) and its Fiscal Data
    Package descriptor (``datapackage.json``); the schema is in docs/budget.md."""
    municipality = get_object_or_404(Municipality, code=code)
    data = snapshot.board_data(municipality)
    if year not in {b.fiscal_year for b in data.books}:
        raise Http404("この年度の予算は公開されていません")
    if kind == "datapackage.json":
        descriptor = open_data.datapackage(code=code, name=municipality.name, year=year, csv_name="lines.csv")
        return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 1})
    rows = open_data.year_rows(data, code, municipality.name, year)
    return csv_response(
        f"{municipality.name}_{wareki_label(year)}_予算_オープンデータ.csv", open_data.HEADER, rows
    )


def _boards_with_budgets() -> list[tuple[Municipality, BoardData]]:
    ids = set(Budget.objects.filter(is_published=True, account=ACCOUNT_GENERAL, side=SIDE_EXPENDITURE)
              .values_list("municipality_id", flat=True))  # fmt: skip
    return [(m, snapshot.board_data(m)) for m in Municipality.objects.filter(pk__in=ids)]


@require_GET
def board_compare(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """A 款 per resident beside the other municipalities held in the board (and a chosen group)."""
    municipality, data, book = _board(code, year)
    names = [kan.name for kan in book.roots]
    kan = request.GET.get("kan", "")
    kan = kan if kan in names else (names[0] if names else "")
    group = request.GET.get("group", "all")
    group = group if group in board.COMPARE_GROUPS else "all"
    chosen = request.GET.getlist("m")[:50]
    page = board.compare_page(municipality=municipality, year=year, kan=kan, group=group, chosen=chosen,
                              boards=_boards_with_budgets(), links=_links(code))  # fmt: skip
    if request.GET.get("format") == "csv":
        header = [
            "団体コード",
            "団体名",
            "予算の年度",
            "款の予算額（円）",
            "人口",
            "人口の年",
            "住民1人あたり（円）",
        ]
        body = [[r["code"], r["name"], r["year"], r["amount"]["value"], r["population"], r["population_year"],
                 r["per_resident"]["value"]] for r in page["compare_rows"]]  # fmt: skip
        return csv_response(
            board.csv_filename(municipality.name, data, book, None, f"{kan}_団体比較"), header, body
        )
    context = _node_context(municipality, data, book, None)
    return render(request, "budget/board_compare.html", {**context, **page, "kan_names": names})


@require_GET
def board_search(request: HttpRequest, code: str, year: int, **view: str) -> HttpResponse:
    municipality, data, book = _board(code, year, **view)
    query = request.GET.get("q", "")[:100]
    context = _node_context(municipality, data, book, None)
    rows = board.search_rows(book=book, lines=book.search(query), links=context["links"], query=query)
    if request.GET.get("format") == "csv":
        header = ["階層", "番号", "名称", "上位の項目", "予算額（円）", "前年度予算額（円）"]
        body = [
            [r["label"], r["code"], r["name"], r["trail"], r["amount"]["value"], r["previous"]["value"]]
            for r in rows
        ]
        return csv_response(
            board.csv_filename(municipality.name, data, book, None, f"検索_{query}"), header, body
        )
    context.update(
        {"query": query, "results": rows, "title": f"「{query}」の検索結果" if query else "項目をさがす"}
    )
    return render(request, "budget/board_search.html", context)


@require_GET
def board_tax(request: HttpRequest, code: str, year: int) -> HttpResponse:
    municipality, data, book = _board(code, year)
    links = _links(code)
    form = TaxForm(request.GET or None)
    context = _node_context(municipality, data, book, None)
    context.update({"form": form, "title": "あなたの税金は1日いくら？"})
    if form.is_valid():
        result = board.tax_rows(
            budget=book, salary=form.cleaned_data["salary"], household_key=form.cleaned_data["household"],
            municipality=municipality, links=links,
        )  # fmt: skip
        if request.GET.get("format") == "csv":
            header = ["款", "1日あたり（円）", "1年あたり（円）", "構成比"]
            body = [
                [r["name"], r["value_per_day"], r["per_year"]["value"], r["share"]] for r in result["rows"]
            ]
            return csv_response(f"{municipality.name}_{wareki_label(year)}_税金の使いみち.csv", header, body)
        context["result"] = result
    return render(request, "budget/board_tax.html", context)


# ---- staff ---------------------------------------------------------------------------------------


@desk_staff_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    budgets = selectors.staff_budgets(user=request.user)
    return render(
        request,
        "budget/manage_list.html",
        {"budgets": budgets, "municipalities": Municipality.objects.all(), "form": UploadForm()},
    )


def _upload_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads" / "budget"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# .xls and .ods are not among yorozu.common.uploads' kinds: their signatures are checked here
_WORKBOOK_SIGNATURES = {"xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ods": b"PK\x03\x04"}


def _validate_budget_upload(upload: Any) -> None:
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension not in _WORKBOOK_SIGNATURES:
        validate_upload(upload, allowed=frozenset({"csv", "xlsx"}))
        return
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            f"「{upload.name}」は大きすぎます（上限 {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB）。"
        )
    upload.seek(0)
    head = upload.read(200)
    upload.seek(0)
    ods = extension != "ods" or b"application/vnd.oasis.opendocument.spreadsheet" in head
    if not head.startswith(_WORKBOOK_SIGNATURES[extension]) or not ods:
        raise ValidationError(
            f"「{upload.name}」の中身が拡張子（.{extension}）と一致しません。ファイルを確認してください。"
        )


@desk_staff_required
@require_http_methods(["GET", "POST"])
def budget_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "budget/budget_upload.html", {"form": form})
    upload = form.cleaned_data["file"]
    try:
        _validate_budget_upload(upload)
    except ValidationError as error:
        form.add_error("file", error)
        return render(request, "budget/budget_upload.html", {"form": form})
    data = upload.read()
    options = form.cleaned_data
    try:
        parsed, trees = services.budget_parse(
            data=data, source=upload.name, fiscal_year=options["fiscal_year"],
            unit=Unit(options["unit"]) if options["unit"] else None, format=options["format"] or None,
            population=services.latest_population(options["municipality"]),
        )  # fmt: skip
    except BudgetImportError as error:
        form.add_error("file", str(error))
        return render(request, "budget/budget_upload.html", {"form": form})
    token = secrets.token_hex(16)
    (_upload_dir() / token).write_bytes(data)
    confirm = ConfirmForm(initial={**options, "municipality": options["municipality"].pk, "token": token,
                                   "source": upload.name[:200], "phase_number": options["phase_number"] or 0})  # fmt: skip
    previews = []
    from yorozu_core.budget import check_sums

    for item, tree in zip(parsed, trees, strict=True):
        previews.append({
            "parsed": item, "tree": tree, "kans": tree.children, "mismatches": check_sums(tree)[:50],
            "negatives": services.negative_rows(item)[:100] if options["phase"] == Budget.Phase.INITIAL else [],
        })  # fmt: skip
    return render(
        request, "budget/budget_preview.html", {"previews": previews, "confirm": confirm, "options": options}
    )


@desk_staff_required
@require_POST
def budget_confirm(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "取込の確認情報が正しくありません。もう一度アップロードしてください。")
        return redirect("budget:manage-list")
    options = form.cleaned_data
    stored = _upload_dir() / options["token"]
    if not stored.exists():
        messages.error(
            request, "アップロードしたファイルが見つかりません。もう一度アップロードしてください。"
        )
        return redirect("budget:manage-list")
    try:
        summary = services.budget_import(
            user=request.user, municipality=options["municipality"], data=stored.read_bytes(),
            source=options["source"], fiscal_year=options["fiscal_year"],
            unit=Unit(options["unit"]) if options["unit"] else None, format=options["format"] or None,
            phase=options["phase"], phase_number=options["phase_number"] or 0, publish=options["publish"],
        )  # fmt: skip
    except BudgetImportError as error:
        messages.error(request, str(error))
        return redirect("budget:manage-list")
    finally:
        stored.unlink(missing_ok=True)
    messages.success(request, "取り込みました: " + " / ".join(summary.describe()))
    for draft in (b for b in summary.budgets if b.is_draft):
        messages.warning(
            request, f"{draft.fiscal_year}年度 {draft.account} {draft.side}は公開中のため下書きとして取り込みました。"
            "変更点を確かめてから公開してください。",
        )  # fmt: skip
    return redirect("budget:manage-list")


@desk_staff_required
@require_POST
def budget_publish(request: HttpRequest, pk: int) -> HttpResponse:
    budget = get_object_or_404(Budget, pk=pk)
    services.budget_set_published(
        user=request.user, budget=budget, published=request.POST.get("publish") == "1"
    )
    messages.success(request, f"{budget}を{'公開' if budget.is_published else '非公開に'}しました")
    return redirect("budget:manage-list")


@desk_staff_required
@require_http_methods(["GET", "POST"])
def municipality_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    municipality = get_object_or_404(Municipality, code=code) if code else None
    form = MunicipalityForm(request.POST or None, instance=municipality, prefix="m")
    population_form = PopulationForm(request.POST or None, prefix="p")
    if request.method == "POST":
        if "save_population" in request.POST and municipality and population_form.is_valid():
            services.population_set(
                user=request.user, municipality=municipality, **population_form.cleaned_data
            )
            messages.success(request, "人口を保存しました")
            return redirect("budget:municipality-edit", code=municipality.code)
        if "save_municipality" in request.POST and form.is_valid():
            saved = form.save()
            messages.success(request, "団体を保存しました")
            return redirect("budget:municipality-edit", code=saved.code)
    populations = municipality.populations.all() if municipality else []
    return render(
        request, "budget/municipality_edit.html",
        {"form": form, "population_form": population_form, "municipality": municipality, "populations": populations},
    )  # fmt: skip


@desk_staff_required
@require_http_methods(["GET", "POST"])
def line_note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BudgetLine.objects.select_related("budget__municipality"), pk=pk)
    municipality = line.budget.municipality
    form = NoteForm(
        request.POST or None,
        initial={"text": selectors.note_for(municipality=municipality, key_path=line.key_path)},
    )
    if request.method == "POST" and form.is_valid():
        services.line_note_set(
            user=request.user,
            municipality=municipality,
            key_path=line.key_path,
            text=form.cleaned_data["text"],
        )
        messages.success(request, f"「{line.name}」の説明文を保存しました")
        return redirect("budget:budget-detail", pk=line.budget_id)
    return render(request, "budget/line_note_edit.html", {"form": form, "line": line})


@desk_staff_required
@require_GET
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = get_object_or_404(Budget.objects.select_related("municipality", "draft_of"), pk=pk)
    lines = BudgetLine.objects.filter(budget=budget, depth__lte=3).order_by("path")
    lines = sorted(lines, key=lambda item: [int(p) for p in item.path.split("-")])
    comparison = selectors.draft_comparison(draft=budget) if budget.is_draft else []
    total_change = budget.total - budget.draft_of.total if budget.draft_of else None
    return render(
        request,
        "budget/budget_detail.html",
        {"budget": budget, "lines": lines, "comparison": comparison, "total_change": total_change},
    )

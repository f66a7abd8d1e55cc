"""GET /api/budget/{code}/{year}/: the published 歳出 tree of a year with totals and previous-year amounts.

Public data, so no token is required (auth=None): the same figures are on the public board."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from yorozu_core.budget import ACCOUNT_GENERAL, SIDE_EXPENDITURE
from yorozu_core.budget.snapshot import BoardData, BookData, LineData
from yorozu_core.budget.trend import series

from . import board, snapshot
from .models import Municipality

router = Router(tags=["budget"])


def _node(line: LineData) -> dict[str, Any]:
    return {"path": line.path, "level": line.label, "code": line.code, "name": line.name, "amount": line.amount,
            "previous_amount": line.previous_amount, "children": [_node(c) for c in line.children]}  # fmt: skip


def budget_tree(municipality: Municipality, data: BoardData, book: BookData) -> dict[str, Any]:
    """The tree of a published budget; kept with the board structure (it changes only with its stamp)."""
    key = ("tree", book.id)
    tree = data.memo.get(key)
    if tree is None:
        tree = {
            "fiscal_year": book.fiscal_year, "account": book.account, "side": book.side,
            "phase": book.phase_label, "phase_key": book.phase_slug, "unit": "円", "source_unit": book.source_unit,
            "derived_note": book.derived_note, "total": book.total,
            "previous_total": data.previous_amount(book, None), "items": [_node(line) for line in book.roots],
        }  # fmt: skip
        data.memo[key] = tree
    return {"municipality": {"code": municipality.code, "name": municipality.name}, **tree}


@router.get("/{code}/{year}/", auth=None, summary="公開されている予算の木（款→項→目→節）")
def budget_year(
    request: HttpRequest,
    code: str,
    year: int,
    account: str = ACCOUNT_GENERAL,
    side: str = SIDE_EXPENDITURE,
    phase: str | None = None,
) -> dict[str, Any]:
    """The year's 一般会計 歳出 (当初 when published) unless ``account`` (会計), ``side`` (歳入/歳出) or
    ``phase`` (initial, supplementary-1, final, settled) ask for another published budget."""
    municipality = Municipality.objects.filter(code=code).first()
    data = snapshot.board_data(municipality) if municipality else None
    book = data.book(year, account, side, phase) if data else None
    if municipality is None or data is None or book is None:
        raise HttpError(404, "公開されている予算がありません")
    return budget_tree(municipality, data, book)


@router.get("/{code}/{year}/trend/", auth=None, summary="項目の推移（公開中の全年度）")
def budget_trend(
    request: HttpRequest,
    code: str,
    year: int,
    path: str | None = None,
    account: str = ACCOUNT_GENERAL,
    side: str = SIDE_EXPENDITURE,
    phase: str | None = None,
) -> dict[str, Any]:
    """The line at ``path`` of the year's budget (none: the total) in every published year: matched by
    names, else by numbers (``match`` "name"/"code"); ``amount`` null where no line matches (a break)."""
    municipality, data, book = _published(code, year, account, side, phase)
    line = book.by_path.get(path) if path else None
    if path and line is None:
        raise HttpError(404, "この項目はありません")
    points = [
        {"year": p.year, "amount": p.amount, "name": p.name, "path": p.path, "match": p.match, "phase": p.phase_label,
         "note": p.note, "year_note": p.year_note}
        for p in series(data, book, line)
    ]  # fmt: skip
    return {"municipality": {"code": municipality.code, "name": municipality.name}, "account": book.account,
            "side": book.side, "path": path, "name": line.name if line else f"{book.side}合計", "unit": "円",
            "points": points}  # fmt: skip


def _published(
    code: str, year: int, account: str, side: str, phase: str | None
) -> tuple[Municipality, BoardData, BookData]:
    municipality = Municipality.objects.filter(code=code).first()
    data = snapshot.board_data(municipality) if municipality else None
    book = data.book(year, account, side, phase) if data else None
    if municipality is None or data is None or book is None:
        raise HttpError(404, "公開されている予算がありません")
    return municipality, data, book


@router.get("/{code}/{year}/phases/", auth=None, summary="予算と決算（予算額・支出済額・執行率）")
def budget_phases(request: HttpRequest, code: str, year: int, path: str | None = None) -> dict[str, Any]:
    """The 一般会計 歳出 budget (its phase named) beside the 決算 per line; 404 unless both are published."""
    municipality, data, _ = _published(code, year, ACCOUNT_GENERAL, SIDE_EXPENDITURE, None)
    page = board.execution_page(
        data=data, year=year, line_path=path, links=board.Links(root=f"/budget/{code}/")
    )
    if page is None:
        raise HttpError(404, "この年度の予算と決算はそろって公開されていません")
    rows = [{"name": r["name"], "code": r["code"], "budget": r["budget"]["value"], "settled": r["settled"]["value"],
             "execution_rate": r["rate"]} for r in page["execution_rows"]]  # fmt: skip
    return {"municipality": {"code": municipality.code, "name": municipality.name}, "fiscal_year": year,
            "budget_phase": page["budget_phase"], "settled_phase": page["settled_phase"], "unit": "円",
            "total": {k: v["value"] if isinstance(v, dict) else v for k, v in page["execution_total"].items()},
            "items": rows}  # fmt: skip


@router.get("/{code}/{year}/compare/", auth=None, summary="款の住民1人あたりの額（他の団体との比較）")
def budget_compare(
    request: HttpRequest, code: str, year: int, kan: str, group: str = "all"
) -> dict[str, Any]:
    """``kan`` (a 款 name) per resident for every municipality in the board (``group``: all, similar)."""
    from .views import _boards_with_budgets

    municipality, _, _ = _published(code, year, ACCOUNT_GENERAL, SIDE_EXPENDITURE, None)
    page = board.compare_page(municipality=municipality, year=year, kan=kan, group=group, chosen=[],
                              boards=_boards_with_budgets(), links=board.Links(root=f"/budget/{code}/"))  # fmt: skip
    items = [{"code": r["code"], "name": r["name"], "fiscal_year": r["year"], "amount": r["amount"]["value"],
              "population": r["population"], "population_year": r["population_year"],
              "per_resident": r["per_resident"]["value"]} for r in page["compare_rows"]]  # fmt: skip
    return {"kan": kan, "group": group, "unit": "円", "items": items}

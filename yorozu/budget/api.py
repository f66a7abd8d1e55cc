"""GET /api/budget/{code}/{year}/: the published 歳出 tree of a year with totals and previous-year amounts.

Public data, so no token is required (auth=None): the same figures are on the public board."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from . import selectors
from .models import Budget, BudgetLine, Municipality

router = Router(tags=["budget"])


def budget_tree(budget: Budget) -> dict[str, Any]:
    lines = list(BudgetLine.objects.filter(budget=budget).order_by("depth", "position"))
    nodes: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for line in lines:
        node = {"path": line.path, "level": line.label, "code": line.code, "name": line.name, "amount": line.amount,
                "previous_amount": line.previous_amount, "children": []}  # fmt: skip
        nodes[line.pk] = node
        (nodes[line.parent_id]["children"] if line.parent_id else roots).append(node)
    previous_total = selectors.line_previous_amount(budget=budget, line=None)
    return {
        "municipality": {"code": budget.municipality.code, "name": budget.municipality.name},
        "fiscal_year": budget.fiscal_year, "account": budget.account, "side": budget.side,
        "phase": budget.phase_label, "unit": "円", "source_unit": budget.source_unit,
        "derived_note": budget.derived_note, "total": budget.total, "previous_total": previous_total,
        "items": roots,
    }  # fmt: skip


@router.get("/{code}/{year}/", auth=None, summary="公開されている歳出予算の木（款→項→目→節）")
def budget_year(request: HttpRequest, code: str, year: int) -> dict[str, Any]:
    municipality = Municipality.objects.filter(code=code).first()
    budget = selectors.board_budget(municipality=municipality, year=year) if municipality else None
    if budget is None:
        raise HttpError(404, "公開されている予算がありません")
    return budget_tree(budget)

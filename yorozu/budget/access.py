"""Who may use each page and API operation of the budget board (budget). See yorozu/common/access.py."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import DESK, EVERYONE, GET_ONLY, POST_ONLY, Access

ACCESS: dict[str, Access] = {
    "budget:board-index": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:manage-list": Access(get=DESK, methods=GET_ONLY),
    "budget:budget-upload": Access(get=DESK, post=DESK),
    "budget:budget-confirm": Access(post=DESK, methods=POST_ONLY),
    "budget:budget-detail": Access(get=DESK, methods=GET_ONLY),
    "budget:budget-publish": Access(post=DESK, methods=POST_ONLY),
    "budget:line-note": Access(get=DESK, post=DESK),
    "budget:municipality-create": Access(get=DESK, post=DESK),
    "budget:municipality-edit": Access(get=DESK, post=DESK),
    "budget:board-municipality": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-year": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-year-csv": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-search": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-tax": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-node": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-node-csv": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-view-year": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-view-csv": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-view-search": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-view-node": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "budget:board-view-node-csv": Access(get=EVERYONE, methods=GET_ONLY, note="the public board"),
    "api:GET /api/budget/{code}/{year}/": Access(
        get=EVERYONE, note="the published budget is public (no token needed)"
    ),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """The fictional よろず区 budget (demo data), a 款 line with children and a line note."""
    from yorozu.budget.demo import CODE, load_demo
    from yorozu.budget.models import Budget, BudgetLine

    load_demo()
    budget = Budget.objects.filter(municipality__code=CODE, fiscal_year=2025).first()
    assert budget is not None
    line = BudgetLine.objects.filter(budget=budget, parent__isnull=True).first()
    assert line is not None
    return {
        "*": {
            "pk": budget.pk,
            "code": CODE,
            "year": 2025,
            "path": line.path,
            "account": budget.account,
            "side": budget.side,
            "phase": budget.phase,
        },
        "budget:line-note": {"pk": line.pk},
    }

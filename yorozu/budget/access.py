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
    from yorozu.budget.demo import CODE, SETTLED_YEAR, load_demo
    from yorozu.budget.models import Budget, BudgetLine

    load_demo()
    budget = Budget.objects.filter(municipality__code=CODE, fiscal_year=2025).first()
    assert budget is not None
    line = BudgetLine.objects.filter(budget=budget, parent__isnull=True).first()
    assert line is not None
    # 予算と決算 needs a year whose 決算 is published beside its budget: the demo settles SETTLED_YEAR.
    settled = Budget.objects.get(
        municipality__code=CODE, fiscal_year=SETTLED_YEAR, phase=Budget.Phase.SETTLED, is_published=True
    )
    settled_line = BudgetLine.objects.filter(budget=settled, parent__isnull=True).first()
    assert settled_line is not None
    phases = {"year": SETTLED_YEAR, "path": settled_line.path}
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
        "budget:board-open-data": {"kind": "lines.csv"},
        "budget:board-phases": phases,
        "budget:board-phases-node": phases,
        "api:GET /api/budget/{code}/{year}/phases/": phases,
    }


# The entries of the engineer who changed this app's views in the same release (new views; the
# entries above, checked by the permission matrix, win for views both declared).
PUBLIC = Access(get=EVERYONE, note="公開ボード（公開済みの予算のみ）", methods=frozenset({"GET"}))
DESK_PAGE = Access(get=DESK, post=DESK, note="予算の取込・公開は IT推進課の窓口")
DESK_POST = Access(post=DESK, note="予算の取込・公開は IT推進課の窓口", methods=frozenset({"POST"}))

_PUBLIC_PAGES = (
    "board-index", "board-municipality", "board-year", "board-year-csv", "board-search", "board-tax",
    "board-node", "board-node-csv", "board-view-year", "board-view-csv", "board-view-search",
    "board-view-node", "board-view-node-csv", "board-trend", "board-trend-node", "board-trend-csv",
    "board-trend-node-csv", "board-view-trend", "board-view-trend-node", "board-phases", "board-phases-node",
    "board-compare", "board-open-data",
)  # fmt: skip
_DESK_PAGES = ("manage-list", "budget-upload", "budget-detail", "line-note", "municipality-create",
               "municipality-edit")  # fmt: skip
_DESK_POSTS = ("budget-confirm", "budget-publish")

_OWNER_ACCESS: dict[str, Access] = {
    **{f"budget:{name}": PUBLIC for name in _PUBLIC_PAGES},
    **{f"budget:{name}": DESK_PAGE for name in _DESK_PAGES},
    **{f"budget:{name}": DESK_POST for name in _DESK_POSTS},
    "api:GET /api/budget/{code}/{year}/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
    "api:GET /api/budget/{code}/{year}/trend/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
    "api:GET /api/budget/{code}/{year}/phases/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
    "api:GET /api/budget/{code}/{year}/compare/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
}

ACCESS = {**_OWNER_ACCESS, **ACCESS}

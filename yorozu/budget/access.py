"""Who may use the budget board's pages and API (yorozu/common/access.py).

The public board is open data: every role, anonymous included, may read a published budget, and
nobody can reach an unpublished one through it. Import, publish and edit pages are the desk's.
A budget belongs to the city, not to one department, so no entry is department-scoped."""

from __future__ import annotations

from yorozu.common.access import DESK, EVERYONE, Access

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

ACCESS: dict[str, Access] = {
    **{f"budget:{name}": PUBLIC for name in _PUBLIC_PAGES},
    **{f"budget:{name}": DESK_PAGE for name in _DESK_PAGES},
    **{f"budget:{name}": DESK_POST for name in _DESK_POSTS},
    "api:GET /api/budget/{code}/{year}/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
    "api:GET /api/budget/{code}/{year}/trend/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
    "api:GET /api/budget/{code}/{year}/phases/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
    "api:GET /api/budget/{code}/{year}/compare/": Access(get=EVERYONE, note="公開データ（トークン不要）"),
}

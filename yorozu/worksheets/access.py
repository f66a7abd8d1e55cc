"""Who may use each 業務分析 page and API operation (yorozu/common/access.py).

A worksheet belongs to its consultation's department: requesters of that department read and
change it, other requesters get 404; viewers read; consultants and admins read and change all.
"""

from __future__ import annotations

from yorozu.common.access import DESK, STAFF, WRITERS, Access

SCOPED_READ = Access(get=STAFF, department_scoped=True)
SCOPED_WRITE = Access(get=WRITERS, post=WRITERS, department_scoped=True, note="viewers get 403")
DESK_FORM = Access(get=DESK, post=DESK, note="人件費単価と設定は窓口（コンサルタント・管理者）のもの")

ACCESS: dict[str, Access] = {
    "worksheets:worksheet-list": Access(get=STAFF, note="a list scoped to the user's departments"),
    "worksheets:worksheet-template": Access(get=STAFF, note="the blank template holds no data"),
    "worksheets:rate-list": DESK_FORM,
    "worksheets:rate-edit": DESK_FORM,
    "worksheets:rate-delete": Access(post=DESK, methods=frozenset({"POST"})),
    "worksheets:settings-edit": DESK_FORM,
    "worksheets:worksheet-detail": SCOPED_READ,
    "worksheets:item-create": Access(post=WRITERS, department_scoped=True, methods=frozenset({"POST"})),
    "worksheets:worksheet-export": SCOPED_READ,
    "worksheets:worksheet-import": SCOPED_WRITE,
    "worksheets:plan-edit": Access(get=STAFF, post=WRITERS, department_scoped=True),
    "worksheets:plan-docx": SCOPED_READ,
    "worksheets:plan-xlsx": SCOPED_READ,
    "worksheets:item-edit": SCOPED_WRITE,
    "worksheets:item-row": SCOPED_READ,
    "worksheets:item-fit": SCOPED_READ,
    "worksheets:item-delete": Access(post=WRITERS, department_scoped=True, methods=frozenset({"POST"})),
    "api:GET /api/worksheets/consultations/{consultation_id}/": SCOPED_READ,
    "api:GET /api/worksheets/consultations/{consultation_id}/items/": SCOPED_READ,
    "api:POST /api/worksheets/consultations/{consultation_id}/items/": Access(
        post=WRITERS, department_scoped=True, methods=frozenset({"POST"})
    ),
    "api:GET /api/worksheets/items/{item_id}/": SCOPED_READ,
    "api:PUT /api/worksheets/items/{item_id}/": Access(
        post=WRITERS, department_scoped=True, methods=frozenset({"PUT"})
    ),
    "api:PATCH /api/worksheets/items/{item_id}/": Access(
        post=WRITERS, department_scoped=True, methods=frozenset({"PATCH"})
    ),
    "api:DELETE /api/worksheets/items/{item_id}/": Access(
        post=WRITERS, department_scoped=True, methods=frozenset({"DELETE"})
    ),
}

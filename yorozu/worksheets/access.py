"""Who may use each page and API operation of 業務分析 (worksheets). See yorozu/common/access.py."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import DESK, GET_ONLY, POST_ONLY, STAFF, WRITERS, Access

ACCESS: dict[str, Access] = {
    "worksheets:worksheet-list": Access(get=STAFF, methods=GET_ONLY),
    "worksheets:worksheet-template": Access(get=STAFF, methods=GET_ONLY),
    "worksheets:rate-list": Access(get=DESK, post=DESK),
    "worksheets:rate-edit": Access(get=DESK, post=DESK),
    "worksheets:rate-delete": Access(post=DESK, methods=POST_ONLY),
    "worksheets:settings-edit": Access(get=DESK, post=DESK),
    "worksheets:worksheet-detail": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "worksheets:item-create": Access(post=WRITERS, methods=POST_ONLY, department_scoped=True),
    "worksheets:worksheet-export": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "worksheets:worksheet-import": Access(get=WRITERS, post=WRITERS, department_scoped=True),
    "worksheets:plan-edit": Access(get=STAFF, post=WRITERS, department_scoped=True),
    "worksheets:plan-docx": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "worksheets:plan-xlsx": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "worksheets:item-edit": Access(get=WRITERS, post=WRITERS, department_scoped=True),
    "worksheets:item-row": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "worksheets:item-fit": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "worksheets:item-delete": Access(post=WRITERS, methods=POST_ONLY, department_scoped=True),
    "api:GET /api/worksheets/consultations/{consultation_id}/": Access(get=STAFF, department_scoped=True),
    "api:GET /api/worksheets/consultations/{consultation_id}/items/": Access(
        get=STAFF, department_scoped=True
    ),
    "api:POST /api/worksheets/consultations/{consultation_id}/items/": Access(
        post=WRITERS, department_scoped=True
    ),
    "api:GET /api/worksheets/items/{item_id}/": Access(get=STAFF, department_scoped=True),
    "api:PUT /api/worksheets/items/{item_id}/": Access(post=WRITERS, department_scoped=True),
    "api:PATCH /api/worksheets/items/{item_id}/": Access(post=WRITERS, department_scoped=True),
    "api:DELETE /api/worksheets/items/{item_id}/": Access(post=WRITERS, department_scoped=True),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A worksheet row on a case of ``cast.department`` and an hourly rate."""
    from yorozu.worksheets import services
    from yorozu.worksheets.tests.factories import consultation, item_data, rate

    case = consultation(department=cast.department, requester=cast.requester)
    item = services.work_item_create(user=cast.requester, consultation=case, data=item_data())
    return {"*": {"consultation_id": case.pk, "item_id": item.pk, "rate_id": rate().pk}}


# The entries of the engineer who changed this app's views in the same release (new views; the
# entries above, checked by the permission matrix, win for views both declared).
SCOPED_READ = Access(get=STAFF, department_scoped=True)
SCOPED_WRITE = Access(get=WRITERS, post=WRITERS, department_scoped=True, note="viewers get 403")
DESK_FORM = Access(get=DESK, post=DESK, note="人件費単価と設定は窓口（コンサルタント・管理者）のもの")

_OWNER_ACCESS: dict[str, Access] = {
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

ACCESS = {**_OWNER_ACCESS, **ACCESS}

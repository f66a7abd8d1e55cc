"""Who may use each page and API operation of the effect ledger (impacts). See yorozu/common/access.py."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import ADMINS, DESK, EVERYONE, GET_ONLY, POST_ONLY, STAFF, Access

ACCESS: dict[str, Access] = {
    "impacts:report": Access(get=STAFF, methods=GET_ONLY),
    "impacts:report-alias": Access(get=STAFF, methods=GET_ONLY),
    "impacts:report-export": Access(get=STAFF, methods=GET_ONLY),
    "impacts:public": Access(
        get=EVERYONE, methods=GET_ONLY, note="the public DX results page; 404 unless the city switches it on"
    ),
    "impacts:deployment-list": Access(get=STAFF, methods=GET_ONLY),
    "impacts:deployment-create": Access(get=DESK, post=DESK),
    "impacts:deployment-detail": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "impacts:deployment-update": Access(get=DESK, post=DESK),
    "impacts:effect-create": Access(post=DESK, methods=POST_ONLY),
    "impacts:effect-preview": Access(post=DESK, methods=POST_ONLY),
    "impacts:deployment-weights": Access(get=DESK, post=DESK),
    "impacts:effect-delete": Access(post=DESK, methods=POST_ONLY),
    "impacts:department-weights": Access(get=DESK, post=DESK),
    "impacts:tool-list": Access(get=STAFF, post=DESK),
    "impacts:settings": Access(get=ADMINS, post=ADMINS),
    "api:GET /api/impacts/tools/": Access(get=STAFF),
    "api:POST /api/impacts/tools/": Access(post=DESK),
    "api:GET /api/impacts/deployments/": Access(get=STAFF),
    "api:POST /api/impacts/deployments/": Access(post=DESK),
    "api:GET /api/impacts/deployments/{deployment_id}": Access(get=STAFF, department_scoped=True),
    "api:PATCH /api/impacts/deployments/{deployment_id}": Access(post=DESK),
    "api:GET /api/impacts/deployments/{deployment_id}/weights": Access(get=STAFF, department_scoped=True),
    "api:PUT /api/impacts/deployments/{deployment_id}/weights": Access(post=DESK),
    "api:GET /api/impacts/deployments/{deployment_id}/effects/": Access(get=STAFF, department_scoped=True),
    "api:POST /api/impacts/deployments/{deployment_id}/effects/": Access(post=DESK),
    "api:GET /api/impacts/report": Access(get=STAFF),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A deployment of ``cast.department`` with one realised effect, and a case to register one from."""
    from yorozu.consultations.tests.factories import make_case
    from yorozu.impacts.tests.factories import make_deployment, make_effect

    deployment = make_deployment(cast.consultant, cast.department)
    effect = make_effect(cast.consultant, deployment)
    case = make_case(cast.requester)  # 「導入を登録」 from a case of cast.department
    return {
        "*": {"pk": deployment.pk, "deployment_id": deployment.pk, "consultation_id": case.pk},
        "impacts:effect-delete": {"pk": effect.pk},
        "api:POST /api/impacts/tools/": {"__body__": {"name": "UiPath", "kind": "rpa"}},
    }


# The entries of the engineer who changed this app's views in the same release (new views; the
# entries above, checked by the permission matrix, win for views both declared).
POST_ONLY = frozenset({"POST"})
GET_ONLY = frozenset({"GET"})

_OWNER_ACCESS: dict[str, Access] = {
    "impacts:report": Access(get=STAFF, methods=GET_ONLY, note="requesters: their department's figures"),
    "impacts:report-alias": Access(get=STAFF, methods=GET_ONLY),
    "impacts:report-export": Access(get=STAFF, methods=GET_ONLY),
    "impacts:public": Access(
        get=EVERYONE, methods=GET_ONLY, note="aggregate figures only; 404 unless the city turns it on"
    ),
    "impacts:deployment-list": Access(get=STAFF, methods=GET_ONLY),
    "impacts:deployment-create": Access(get=DESK, post=DESK),
    "impacts:deployment-create-for-case": Access(get=DESK, post=DESK, department_scoped=True),
    "impacts:deployment-detail": Access(get=STAFF, department_scoped=True, methods=GET_ONLY),
    "impacts:deployment-update": Access(get=DESK, post=DESK, department_scoped=True),
    "impacts:effect-create": Access(post=DESK, department_scoped=True, methods=POST_ONLY),
    "impacts:effect-preview": Access(post=DESK, department_scoped=True, methods=POST_ONLY),
    "impacts:deployment-weights": Access(get=DESK, post=DESK, department_scoped=True),
    "impacts:effect-delete": Access(post=DESK, department_scoped=True, methods=POST_ONLY),
    "impacts:department-weights": Access(get=DESK, post=DESK),
    "impacts:tool-list": Access(get=STAFF, post=DESK, note="the register is not department data"),
    "impacts:ledger-import": Access(get=DESK, post=DESK),
    "impacts:settings": Access(get=ADMINS, post=ADMINS),
    "api:GET /api/impacts/tools/": Access(get=STAFF, methods=GET_ONLY),
    "api:POST /api/impacts/tools/": Access(post=DESK, methods=POST_ONLY),
    "api:GET /api/impacts/deployments/": Access(get=STAFF, methods=GET_ONLY),
    "api:POST /api/impacts/deployments/": Access(post=DESK, methods=POST_ONLY),
    "api:GET /api/impacts/deployments/{deployment_id}": Access(
        get=STAFF, department_scoped=True, methods=GET_ONLY
    ),
    "api:PATCH /api/impacts/deployments/{deployment_id}": Access(
        post=DESK, department_scoped=True, methods=frozenset({"PATCH"})
    ),
    "api:GET /api/impacts/deployments/{deployment_id}/weights": Access(
        get=STAFF, department_scoped=True, methods=GET_ONLY
    ),
    "api:PUT /api/impacts/deployments/{deployment_id}/weights": Access(
        post=DESK, department_scoped=True, methods=frozenset({"PUT"})
    ),
    "api:GET /api/impacts/deployments/{deployment_id}/effects/": Access(
        get=STAFF, department_scoped=True, methods=GET_ONLY
    ),
    "api:POST /api/impacts/deployments/{deployment_id}/effects/": Access(
        post=DESK, department_scoped=True, methods=POST_ONLY
    ),
    "api:GET /api/impacts/report": Access(get=STAFF, methods=GET_ONLY),
    "api:GET /api/impacts/measurements/": Access(get=STAFF, methods=GET_ONLY),
}

ACCESS = {**_OWNER_ACCESS, **ACCESS}

"""Who may use each page and API operation of the consultation desk (see yorozu/common/access.py)."""

from __future__ import annotations

from yorozu.common.access import DESK, EXTERNAL, STAFF, WRITERS, Access

POST_ONLY = frozenset({"POST"})
GET_ONLY = frozenset({"GET"})

ACCESS: dict[str, Access] = {
    # The home page (yorozu/common/views.py) is declared here with the desk it opens onto: every signed-in
    # role, external included (their home shows only the shared-ledger link).
    "home": Access(get=STAFF | {EXTERNAL}, methods=GET_ONLY, note="content depends on the role"),
    "consultations:case-list": Access(get=STAFF, methods=GET_ONLY),
    "consultations:case-export": Access(
        get=STAFF, methods=GET_ONLY, note="requesters: their department only"
    ),
    "consultations:case-import": Access(get=DESK, post=DESK),
    "consultations:case-board": Access(get=STAFF, methods=GET_ONLY),
    "consultations:case-create": Access(get=WRITERS, post=WRITERS),
    "consultations:dashboard": Access(get=STAFF, methods=GET_ONLY),
    "consultations:case-detail": Access(get=STAFF, department_scoped=True, methods=GET_ONLY),
    "consultations:case-edit": Access(get=WRITERS, post=WRITERS, department_scoped=True),
    "consultations:case-transition": Access(
        post=WRITERS,
        department_scoped=True,
        methods=POST_ONLY,
        note="requesters may only withdraw (取下げ); other moves answer 403 for them",
    ),
    "consultations:case-withdraw": Access(
        get=WRITERS, post=WRITERS, department_scoped=True, note="GET is the confirmation page"
    ),
    "consultations:case-board-move": Access(post=WRITERS, department_scoped=True, methods=POST_ONLY),
    "consultations:case-comment": Access(post=WRITERS, department_scoped=True, methods=POST_ONLY),
    "consultations:case-assign": Access(post=DESK, department_scoped=True, methods=POST_ONLY),
    "consultations:case-effort": Access(post=DESK, department_scoped=True, methods=POST_ONLY),
    "consultations:attachment-upload": Access(post=WRITERS, department_scoped=True, methods=POST_ONLY),
    "consultations:attachment-download": Access(get=STAFF, department_scoped=True, methods=GET_ONLY),
    "api:GET /api/consultations/": Access(get=STAFF, methods=GET_ONLY),
    "api:POST /api/consultations/": Access(post=WRITERS, methods=POST_ONLY),
    "api:GET /api/consultations/stats": Access(get=STAFF, methods=GET_ONLY),
    "api:GET /api/consultations/{case_id}": Access(get=STAFF, department_scoped=True, methods=GET_ONLY),
    "api:POST /api/consultations/{case_id}/transition": Access(
        post=WRITERS, department_scoped=True, methods=POST_ONLY, note="requesters: 取下げ only"
    ),
    "api:POST /api/consultations/{case_id}/comments": Access(
        post=WRITERS, department_scoped=True, methods=POST_ONLY
    ),
    "api:POST /api/consultations/{case_id}/assign": Access(
        post=DESK, department_scoped=True, methods=POST_ONLY
    ),
}

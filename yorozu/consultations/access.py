"""Who may use each page and API operation of the desk (consultations). See yorozu/common/access.py."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import DESK, GET_ONLY, POST_ONLY, STAFF, WRITERS, Access

ACCESS: dict[str, Access] = {
    "consultations:case-list": Access(get=STAFF, methods=GET_ONLY),
    "consultations:case-export": Access(get=STAFF, methods=GET_ONLY, note="scoped to the user's department"),
    "consultations:case-board": Access(get=STAFF, methods=GET_ONLY),
    "consultations:dashboard": Access(get=STAFF, methods=GET_ONLY),
    "consultations:case-create": Access(get=WRITERS, post=WRITERS),
    "consultations:case-detail": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "consultations:case-edit": Access(get=WRITERS, post=WRITERS, department_scoped=True),
    "consultations:case-transition": Access(
        post=STAFF, methods=POST_ONLY, department_scoped=True, note="the view refuses viewers with a message"
    ),
    "consultations:case-board-move": Access(
        post=STAFF, methods=POST_ONLY, department_scoped=True, note="the view refuses viewers with a message"
    ),
    "consultations:case-comment": Access(
        post=STAFF, methods=POST_ONLY, department_scoped=True, note="the view refuses viewers with a message"
    ),
    "consultations:case-assign": Access(post=DESK, methods=POST_ONLY, department_scoped=True),
    "consultations:case-effort": Access(post=DESK, methods=POST_ONLY, department_scoped=True),
    "consultations:attachment-upload": Access(post=WRITERS, methods=POST_ONLY, department_scoped=True),
    "consultations:attachment-download": Access(get=STAFF, methods=GET_ONLY, department_scoped=True),
    "api:GET /api/consultations/": Access(get=STAFF),
    "api:POST /api/consultations/": Access(post=WRITERS),
    "api:GET /api/consultations/stats": Access(get=STAFF),
    "api:GET /api/consultations/{case_id}": Access(get=STAFF, department_scoped=True),
    "api:POST /api/consultations/{case_id}/transition": Access(post=WRITERS, department_scoped=True),
    "api:POST /api/consultations/{case_id}/comments": Access(post=WRITERS, department_scoped=True),
    "api:POST /api/consultations/{case_id}/assign": Access(post=DESK, department_scoped=True),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A case of ``cast.department`` with one attachment, for the permission-matrix test."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yorozu.consultations.services import attachment_add
    from yorozu.consultations.tests.factories import make_case

    case = make_case(cast.requester)
    attachment = attachment_add(
        user=cast.requester, consultation=case, upload=SimpleUploadedFile("memo.txt", "メモ".encode())
    )
    new_case = {
        "title": "窓口予約のオンライン化",
        "theme": "online_application",
        "current_issue": "電話で予約を受けている。",
    }
    return {
        "*": {"pk": case.pk, "case_id": case.pk, "attachment_id": attachment.pk},
        "api:POST /api/consultations/": {"__body__": {**new_case, "target_work": "窓口予約（年3,000件）"}},
        "api:POST /api/consultations/{case_id}/comments": {"__body__": {"body": "確認しました。"}},
        "api:POST /api/consultations/{case_id}/assign": {
            "__body__": {"consultant_ids": [cast.consultant.pk]}
        },
    }


# The entries of the engineer who changed this app's views in the same release (new views; the
# entries above, checked by the permission matrix, win for views both declared).
POST_ONLY = frozenset({"POST"})
GET_ONLY = frozenset({"GET"})

_OWNER_ACCESS: dict[str, Access] = {
    # The home page (yorozu/common/views.py) is declared here with the desk it opens onto: every signed-in
    # role, external included (their home shows only the shared-ledger link).
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

ACCESS = {**_OWNER_ACCESS, **ACCESS}

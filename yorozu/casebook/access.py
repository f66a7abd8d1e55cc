"""Who may use each page and API operation of 事例集 (yorozu/common/access.py; docs/casebook.md)."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import ADMIN, ADMINS, DESK, EVERYONE, NOBODY, REQUESTER, STAFF, WRITERS, Access

POST_ONLY = frozenset({"POST"})
GET_ONLY = frozenset({"GET"})
REVIEWERS = frozenset({REQUESTER, ADMIN})  # selectors.can_review: not the desk (except 全庁 事例)
DRAFTS = "drafts are seen by the owning department and the desk; published 事例 by all staff"

ACCESS: dict[str, Access] = {
    "casebook:case-study-list": Access(get=STAFF, methods=GET_ONLY, note="関係機関 (external) see nothing"),
    "casebook:case-study-similar": Access(get=STAFF, methods=GET_ONLY, note="published 事例 only"),
    "casebook:case-study-detail": Access(get=STAFF, department_scoped=True, methods=GET_ONLY, note=DRAFTS),
    "casebook:case-study-edit": Access(
        get=WRITERS,
        post=WRITERS,
        department_scoped=True,
        note="the desk; a requester of the owning department until published; imported 事例 never",
    ),
    "casebook:case-study-submit": Access(post=WRITERS, department_scoped=True, methods=POST_ONLY),
    "casebook:case-study-publish": Access(
        post=REVIEWERS, department_scoped=True, methods=POST_ONLY, note="the owning department or an admin"
    ),
    "casebook:case-study-withdraw": Access(
        post=REVIEWERS, department_scoped=True, methods=POST_ONLY, note="the owning department or an admin"
    ),
    "casebook:case-study-reuse": Access(post=DESK, department_scoped=True, methods=POST_ONLY),
    "casebook:case-study-draft": Access(
        post=DESK, department_scoped=True, methods=POST_ONLY, note="cases in 効果測定 or 完了"
    ),
    "casebook:consultation-panel": Access(get=STAFF, department_scoped=True, methods=GET_ONLY),
    "casebook:exchange": Access(get=DESK, methods=GET_ONLY),
    "casebook:exchange-export": Access(get=DESK, methods=GET_ONLY),
    "casebook:exchange-import": Access(post=DESK, methods=POST_ONLY),
    "casebook:settings-update": Access(post=ADMINS, methods=POST_ONLY),
    "casebook:public-list": Access(
        get=EVERYONE, methods=GET_ONLY, note="404 unless the city switched the public page on"
    ),
    "casebook:public-detail": Access(get=EVERYONE, methods=GET_ONLY, note="公開 level only; 404 otherwise"),
    "api:GET /api/casebook/": Access(get=STAFF, methods=GET_ONLY),
    "api:GET /api/casebook/similar": Access(get=STAFF, methods=GET_ONLY),
    "api:GET /api/casebook/{case_study_id}": Access(
        get=STAFF, department_scoped=True, methods=GET_ONLY, note=DRAFTS
    ),
}

__all__ = ["ACCESS", "NOBODY"]


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A finished case of ``cast.department`` drafted into a 事例, and a 公開 事例 on the switched-on public page."""
    from yorozu.casebook import services
    from yorozu.casebook.models import CasebookSettings, Level
    from yorozu.casebook.tests.factories import finished_case, published

    CasebookSettings.objects.update_or_create(pk=1, defaults={"public_page": True})
    case = finished_case(cast)
    draft = services.case_study_draft(user=cast.consultant, consultation=case)
    public = published(cast, level=Level.PUBLIC, case=finished_case(cast, title="電子申請の導入"))
    return {"*": {"pk": draft.pk, "case_study_id": draft.pk, "consultation_id": case.pk, "uid": public.uid}}

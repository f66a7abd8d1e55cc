"""Who may use each regqa page and API operation (read by the permission-matrix test)."""

from __future__ import annotations

from yorozu.common.access import ADMINS, DESK, NOBODY, STAFF, Access

ACCESS: dict[str, Access] = {
    "regqa:ask": Access(
        get=STAFF, post=STAFF, note="asking reads; viewers ask too (POST = the question form)"
    ),
    "regqa:ask-stream": Access(get=NOBODY, post=STAFF, note="server-sent events of the same answer"),
    "regqa:feedback": Access(get=NOBODY, post=STAFF, note="only on the asker's own question log (else 404)"),
    "regqa:article-detail": Access(
        get=STAFF,
        department_scoped=True,
        note="a collection may be limited to departments/roles: others get 404",
    ),
    "regqa:collection-list": Access(get=DESK, post=ADMINS, note="admins create collections"),
    "regqa:collection-detail": Access(get=DESK, post=DESK, note="upload documents to a visible collection"),
    "regqa:collection-edit": Access(get=ADMINS, post=ADMINS),
    "regqa:synonym-list": Access(get=DESK, post=DESK, note="the collection's own synonyms, suggestions"),
    "regqa:synonym-delete": Access(get=NOBODY, post=DESK),
    "regqa:document-detail": Access(get=DESK),
    "regqa:document-delete": Access(get=NOBODY, post=DESK),
    "regqa:version-download": Access(get=DESK),
    "regqa:log-list": Access(get=ADMINS),
    "api:GET /api/regqa/collections/": Access(get=STAFF),
    "api:POST /api/regqa/ask/": Access(post=STAFF, note="asking reads; viewers ask too"),
    "api:GET /api/regqa/search/": Access(get=STAFF),
}

"""Who may use each page and API operation of the regulation assistant (regqa). See yorozu/common/access.py."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import ADMINS, DESK, GET_ONLY, NOBODY, POST_ONLY, STAFF, Access

ACCESS: dict[str, Access] = {
    "regqa:ask": Access(get=STAFF, post=STAFF),
    "regqa:ask-stream": Access(post=STAFF, methods=POST_ONLY),
    "regqa:feedback": Access(
        post=frozenset({"requester"}),
        methods=POST_ONLY,
        department_scoped=True,
        note="only the asker rates an answer",
    ),
    "regqa:article-detail": Access(
        get=frozenset({"requester", "admin"}),
        methods=GET_ONLY,
        department_scoped=True,
        note="a collection limited to departments is need-to-know, even for the desk",
    ),
    "regqa:collection-list": Access(get=DESK, post=ADMINS),
    "regqa:collection-detail": Access(
        get=ADMINS, post=ADMINS, note="the matrix collection is limited to one department"
    ),
    "regqa:collection-edit": Access(get=ADMINS, post=ADMINS),
    "regqa:document-detail": Access(get=ADMINS, methods=GET_ONLY),
    "regqa:document-delete": Access(post=ADMINS, methods=POST_ONLY),
    "regqa:version-download": Access(get=ADMINS, methods=GET_ONLY),
    "regqa:log-list": Access(
        get=DESK,
        methods=GET_ONLY,
        note="the desk reviews questions of the collections it may see (ADR 0419); admins all",
    ),
    "regqa:log-detail": Access(
        get=DESK, post=DESK, note="mark the article that answers a question; the matrix log is all-staff"
    ),
    "regqa:synonym-add": Access(post=DESK, methods=POST_ONLY, note="「追加」 of a suggested pair"),
    "api:GET /api/regqa/collections/": Access(get=STAFF),
    "api:POST /api/regqa/ask/": Access(post=STAFF),
    "api:GET /api/regqa/search/": Access(get=STAFF),
    "api:GET /api/regqa/logs/": Access(get=DESK, note="the question log with marks (ADR 0419)"),
    "api:GET /api/regqa/logs/{log_id}/": Access(get=DESK),
    "api:POST /api/regqa/logs/{log_id}/mark/": Access(post=DESK),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A collection only ``cast.department`` may read, with one regulation and one logged question;
    an all-staff collection with one synonym and one logged question (the desk may review it)."""
    from yorozu.regqa import services
    from yorozu.regqa.models import Document, DocumentVersion, QuestionLog

    rule = "○服務規程\n（目的）\n第1条　この規程は、職員の服務について定める。\n"
    collection = services.collection_create(user=cast.admin, name="課内規程", departments=[cast.department])
    services.document_ingest(user=cast.admin, collection=collection, files=[("fukumu.txt", rule.encode())])
    document = Document.objects.get(collection=collection)
    version = DocumentVersion.objects.filter(document=document).first()
    log = QuestionLog.objects.create(
        user=cast.requester, collection=collection, question="目的は？", mode=QuestionLog.Mode.NOT_FOUND
    )
    assert version is not None
    # Synonyms are managed by the desk on a collection it may see; a collection limited to departments
    # is need-to-know even for the desk (consultants get 404 there, like collection-detail above).
    shared = services.collection_create(user=cast.admin, name="全庁規程")
    synonym = services.synonym_save(user=cast.admin, collection=shared, term="有休", synonyms="年次有給休暇")
    shared_log = QuestionLog.objects.create(
        user=cast.requester, collection=shared, question="有休は？", mode=QuestionLog.Mode.NOT_FOUND
    )
    log_kwargs = {"pk": shared_log.pk, "log_id": shared_log.pk, "__body__": {"mark": "not_covered"}}
    return {
        "*": {"pk": collection.pk, "collection_id": collection.pk, "source": "fukumu", "article": "第一条"},
        "regqa:feedback": {"pk": log.pk},
        "regqa:document-detail": {"pk": document.pk},
        "regqa:document-delete": {"pk": document.pk},
        "regqa:version-download": {"pk": version.pk},
        "regqa:synonym-list": {"pk": shared.pk},
        "regqa:synonym-delete": {"pk": synonym.pk},
        "regqa:synonym-add": {"pk": shared.pk},
        "regqa:log-detail": log_kwargs,
        "api:GET /api/regqa/logs/{log_id}/": log_kwargs,
        "api:POST /api/regqa/logs/{log_id}/mark/": log_kwargs,
    }


# The entries of the engineer who changed this app's views in the same release (new views; the
# entries above, checked by the permission matrix, win for views both declared).
_OWNER_ACCESS: dict[str, Access] = {
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
    "regqa:log-list": Access(get=DESK),
    "api:GET /api/regqa/collections/": Access(get=STAFF),
    "api:POST /api/regqa/ask/": Access(post=STAFF, note="asking reads; viewers ask too"),
    "api:GET /api/regqa/search/": Access(get=STAFF),
}

ACCESS = {**_OWNER_ACCESS, **ACCESS}

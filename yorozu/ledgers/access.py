"""Who may use each page and API operation of 共有台帳 (see rules.py for the record-level rules).

Records are need-to-know (rules.py): only the owning department's 所管課職員 (role requester) and
holders of a grant read them; consultants, viewers and administrators do not read records by role
(record pages are 404 for them without a grant). Consultants and administrators open a ledger to
design it, administrators to see who can read it. A 関係機関 user reads only what is shared with
their organisation. A record the user may not read is 404 even for a listed role
(department_scoped=True).
"""

from __future__ import annotations

from typing import Any

from yorozu.common.access import DESK, EXTERNAL, NOBODY, STAFF, Access

REQUESTER_ONLY = frozenset({"requester"})  # the owning department: reads records, manages grants and shares
# Record readers without a grant: the owning department, and partners with a share of the record.
READERS = REQUESTER_ONLY | {EXTERNAL}
# Who opens a ledger's page: its department, the desk (to design it), partners with a share.
LEDGER_OPENERS = REQUESTER_ONLY | DESK | {EXTERNAL}
GET_ONLY = frozenset({"GET"})
DEPT_NOTE = "所管課の職員と閲覧許可を受けた人だけ。ほかは404。"

ACCESS: dict[str, Access] = {
    "ledgers:ledger-list": Access(
        get=STAFF | {EXTERNAL},
        note="一覧は見てよい台帳だけ。関係機関は共有された台帳だけ。",
        methods=GET_ONLY,
    ),
    "ledgers:ledger-create": Access(get=DESK, post=DESK, note="設計はIT推進課と管理者。ほかは404。"),
    "ledgers:ledger-import": Access(get=DESK, post=DESK),
    "ledgers:organisation-list": Access(get=DESK, methods=GET_ONLY),
    "ledgers:organisation-create": Access(get=DESK, post=DESK),
    "ledgers:organisation-edit": Access(get=DESK, post=DESK),
    "ledgers:partner-user-create": Access(post=DESK, methods=frozenset({"POST"})),
    "ledgers:ledger-detail": Access(
        get=LEDGER_OPENERS,
        department_scoped=True,
        note="所管課は記録まで、IT推進課と管理者は設計のため台帳だけ（記録は見えない）、関係機関は共有分だけ。"
        "閲覧者と他課は404。",
        methods=GET_ONLY,
    ),
    "ledgers:ledger-export": Access(
        get=REQUESTER_ONLY,
        department_scoped=True,
        note="記録を読める人だけ（閲覧許可のない相談員・閲覧者・管理者は404）。関係機関は書き出せない。",
        methods=GET_ONLY,
    ),
    "ledgers:ledger-access": Access(
        get=frozenset({"requester", "admin"}),
        department_scoped=True,
        note="管理者は誰が読めるかだけを見る。",
        methods=GET_ONLY,
    ),
    "ledgers:grant-create": Access(post=REQUESTER_ONLY, department_scoped=True, methods=frozenset({"POST"})),
    "ledgers:grant-revoke": Access(post=REQUESTER_ONLY, department_scoped=True, methods=frozenset({"POST"})),
    "ledgers:share-create": Access(get=REQUESTER_ONLY, post=REQUESTER_ONLY, department_scoped=True),
    "ledgers:share-revoke": Access(post=REQUESTER_ONLY, department_scoped=True, methods=frozenset({"POST"})),
    "ledgers:ledger-design": Access(get=DESK, post=DESK, note="設計者は記録の内容を見ない。"),
    "ledgers:design-export": Access(get=DESK, methods=GET_ONLY),
    "ledgers:field-create": Access(get=DESK, post=DESK),
    "ledgers:field-edit": Access(get=DESK, post=DESK),
    "ledgers:field-arrange": Access(post=DESK, methods=frozenset({"POST"})),
    "ledgers:status-create": Access(get=DESK, post=DESK),
    "ledgers:status-edit": Access(get=DESK, post=DESK),
    "ledgers:view-create": Access(get=DESK, post=DESK),
    "ledgers:view-delete": Access(post=DESK, methods=frozenset({"POST"})),
    "ledgers:record-create": Access(
        get=REQUESTER_ONLY, post=REQUESTER_ONLY, department_scoped=True, note=DEPT_NOTE
    ),
    "ledgers:record-detail": Access(
        get=READERS,
        department_scoped=True,
        note=DEPT_NOTE + "関係機関は共有された記録・項目だけ。",
        methods=GET_ONLY,
    ),
    "ledgers:record-edit": Access(
        get=REQUESTER_ONLY, post=REQUESTER_ONLY, department_scoped=True, note=DEPT_NOTE
    ),
    "ledgers:record-move": Access(
        post=REQUESTER_ONLY, department_scoped=True, note=DEPT_NOTE, methods=frozenset({"POST"})
    ),
    "ledgers:record-comment": Access(
        post=READERS,
        department_scoped=True,
        methods=frozenset({"POST"}),
        note="関係機関は共有で許可されたときだけ。",
    ),
    "ledgers:record-attach": Access(
        post=READERS,
        department_scoped=True,
        methods=frozenset({"POST"}),
        note="関係機関は共有で許可されたときだけ。",
    ),
    "ledgers:attachment-download": Access(
        get=READERS, department_scoped=True, note=DEPT_NOTE, methods=GET_ONLY
    ),
    "ledgers:record-reads": Access(
        get=REQUESTER_ONLY, department_scoped=True, note="閲覧履歴は所管課だけ。", methods=GET_ONLY
    ),
    "api:GET /api/ledgers/": Access(get=STAFF, note="記録を読める台帳だけ。関係機関はAPIを使えない。"),
    "api:GET /api/ledgers/{ledger_id}/records/": Access(
        get=REQUESTER_ONLY, department_scoped=True, note=DEPT_NOTE
    ),
    "api:POST /api/ledgers/{ledger_id}/records/": Access(
        post=REQUESTER_ONLY, department_scoped=True, note=DEPT_NOTE
    ),
    "api:GET /api/ledgers/{ledger_id}/records/{record_id}/": Access(
        get=REQUESTER_ONLY, department_scoped=True, note=DEPT_NOTE
    ),
    "api:PATCH /api/ledgers/{ledger_id}/records/{record_id}/": Access(
        post=REQUESTER_ONLY, department_scoped=True, note=DEPT_NOTE
    ),
    "api:GET /api/ledgers/{ledger_id}/records/{record_id}/reads/": Access(
        get=REQUESTER_ONLY, department_scoped=True, note="閲覧履歴は所管課だけ。"
    ),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A ledger of ``cast.department`` with a record shared with the matrix's external user.

    The ledger has fields, statuses, a saved view, two records (one with a conversation attachment),
    a grant to an internal user who is none of the matrix's roles, and a share of the first record
    with a partner organisation of which the ``external`` user (created by the test) is made a
    member, so the entries that list EXTERNAL are checked for a partner who really has a share.
    """
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from yorozu.accounts.models import User
    from yorozu.common.audit import acting_as
    from yorozu.ledgers import services
    from yorozu.ledgers.models import PartnerMember

    admin, member = cast.admin, cast.requester
    today = timezone.localdate()
    ledger = services.ledger_create(user=admin, department=cast.department, name="住民異動の確認台帳")
    fields = {
        key: services.field_create(
            user=admin, ledger=ledger, key=key, label=label, kind=kind, choices=choices
        )
        for key, label, kind, choices in [
            ("name", "氏名（仮名）", "text", []),
            ("kind", "区分", "choice", ["転入", "転出", "転居"]),
            ("summary", "経過", "textarea", []),
        ]
    }
    received = services.status_save(user=admin, ledger=ledger, name="受付", is_initial=True, allowed_next=[])
    done = services.status_save(user=admin, ledger=ledger, name="完了", is_initial=False, allowed_next=[])
    received.allowed_next.set([done])
    view = services.view_save(
        user=admin, ledger=ledger, name="受付中", columns=["name", "kind"], status=received
    )
    organisation = services.organisation_save(user=admin, name="よろず区社会福祉協議会", kind="other")
    external = User.objects.get(username="external")
    PartnerMember.objects.create(user=external, organisation=organisation)
    grantee = User.objects.create_user(
        username="ledger-grantee",
        password=cast.password,
        role=User.Role.CONSULTANT,
        department=cast.it_division,
        display_name="閲覧許可を受けた相談員",
    )
    with acting_as(member):
        record = services.record_create(
            user=member, ledger=ledger, values={"name": "住民A", "kind": "転入", "summary": "確認中"}
        )
        services.record_create(
            user=member, ledger=ledger, values={"name": "住民B", "kind": "転出", "summary": "共有しない"}
        )
        attachment = services.record_attach(
            user=member, record=record, upload=SimpleUploadedFile("memo.txt", "確認メモ".encode())
        )
        grant = services.grant_create(
            user=member, ledger=ledger, grantee=grantee, expires_on=today + timedelta(days=30), reason="支援"
        )
        share = services.share_create(
            user=member,
            ledger=ledger,
            organisation=organisation,
            record=record,
            field_keys=["name", "kind"],
            expires_on=today + timedelta(days=30),
            can_comment=True,
            can_attach=True,
        )
    body = {"__body__": {"values": {"name": "住民C", "kind": "転居", "summary": "API から"}}}
    return {
        "*": {
            "ledger_id": ledger.pk,
            "record_id": record.pk,
            "attachment_id": attachment.pk,
            "organisation_id": organisation.pk,
            "grant_id": grant.pk,
            "share_id": share.pk,
            "field_id": fields["summary"].pk,
            "status_id": received.pk,
            "view_id": view.pk,
        },
        "api:POST /api/ledgers/{ledger_id}/records/": body,
        "api:PATCH /api/ledgers/{ledger_id}/records/{record_id}/": body,
    }


__all__ = ["ACCESS", "NOBODY", "matrix_objects"]

"""Who may use each page and API operation of 共有台帳 (see rules.py for the record-level rules).

Role sets are the outer gate only: inside it, records are need-to-know. A record the user may not
read is 404 even for a listed role (department_scoped=True).
"""

from __future__ import annotations

from yorozu.common.access import DESK, EXTERNAL, NOBODY, STAFF, WRITERS, Access

READERS = STAFF | {EXTERNAL}  # the owning department, grant holders and partners, decided per record
REQUESTER_ONLY = frozenset({"requester"})  # the owning department manages grants, shares and 閲覧履歴
GET_ONLY = frozenset({"GET"})
DEPT_NOTE = "所管課の職員と閲覧許可を受けた人だけ。ほかは404。"

ACCESS: dict[str, Access] = {
    "ledgers:ledger-list": Access(
        get=READERS, note="一覧は見てよい台帳だけ。関係機関は共有された台帳だけ。", methods=GET_ONLY
    ),
    "ledgers:ledger-create": Access(get=DESK, post=DESK, note="設計はIT推進課と管理者。ほかは404。"),
    "ledgers:ledger-import": Access(get=DESK, post=DESK),
    "ledgers:organisation-list": Access(get=DESK, methods=GET_ONLY),
    "ledgers:organisation-create": Access(get=DESK, post=DESK),
    "ledgers:organisation-edit": Access(get=DESK, post=DESK),
    "ledgers:partner-user-create": Access(post=DESK, methods=frozenset({"POST"})),
    "ledgers:ledger-detail": Access(get=READERS, department_scoped=True, note=DEPT_NOTE, methods=GET_ONLY),
    "ledgers:ledger-export": Access(
        get=STAFF, department_scoped=True, note="関係機関は書き出せない。", methods=GET_ONLY
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
    "ledgers:record-create": Access(get=WRITERS, post=WRITERS, department_scoped=True, note=DEPT_NOTE),
    "ledgers:record-detail": Access(
        get=READERS,
        department_scoped=True,
        note=DEPT_NOTE + "関係機関は共有された記録・項目だけ。",
        methods=GET_ONLY,
    ),
    "ledgers:record-edit": Access(get=WRITERS, post=WRITERS, department_scoped=True, note=DEPT_NOTE),
    "ledgers:record-move": Access(post=WRITERS, department_scoped=True, methods=frozenset({"POST"})),
    "ledgers:record-comment": Access(
        post=WRITERS | {EXTERNAL},
        department_scoped=True,
        methods=frozenset({"POST"}),
        note="関係機関は共有で許可されたときだけ。",
    ),
    "ledgers:record-attach": Access(
        post=WRITERS | {EXTERNAL},
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
    "api:GET /api/ledgers/{ledger_id}/records/": Access(get=STAFF, department_scoped=True, note=DEPT_NOTE),
    "api:POST /api/ledgers/{ledger_id}/records/": Access(
        post=WRITERS, department_scoped=True, note=DEPT_NOTE
    ),
    "api:GET /api/ledgers/{ledger_id}/records/{record_id}/": Access(
        get=STAFF, department_scoped=True, note=DEPT_NOTE
    ),
    "api:PATCH /api/ledgers/{ledger_id}/records/{record_id}/": Access(
        post=WRITERS, department_scoped=True, note=DEPT_NOTE
    ),
    "api:GET /api/ledgers/{ledger_id}/records/{record_id}/reads/": Access(
        get=REQUESTER_ONLY, department_scoped=True, note="閲覧履歴は所管課だけ。"
    ),
}

__all__ = ["ACCESS", "NOBODY"]

"""Who may use each 研修 page and API operation (yorozu/common/access.py).

全庁研修 are for every internal user; 課内勉強会 only for the desk and viewers (rules.py); the desk
organises. Registration is personal (a viewer, being read-only, may not register).
"""

from __future__ import annotations

from yorozu.accounts.models import User
from yorozu.common.access import ADMINS, DESK, EVERYONE, STAFF, WRITERS, Access

READERS = frozenset({User.Role.CONSULTANT, User.Role.ADMIN, User.Role.VIEWER})
POST_ONLY = frozenset({"POST"})
SESSION = "全庁研修は全職員、課内勉強会は窓口と幹部だけ（他は404）"

ACCESS: dict[str, Access] = {
    "training:session-list": Access(get=STAFF),
    "training:session-create": Access(get=DESK, post=DESK),
    "training:session-detail": Access(get=STAFF, note=SESSION),
    "training:session-edit": Access(get=DESK, post=DESK),
    "training:session-cancel": Access(post=DESK, methods=POST_ONLY),
    "training:session-ics": Access(get=STAFF, note=SESSION, methods=frozenset({"GET"})),
    "training:registration-create": Access(post=WRITERS, note=SESSION, methods=POST_ONLY),
    "training:registration-cancel": Access(post=WRITERS, methods=POST_ONLY),
    "training:attendance-edit": Access(get=DESK, post=DESK),
    "training:feedback-create": Access(
        get=WRITERS, post=WRITERS, note="only people who attended (others 403)"
    ),
    "training:feedback-summary": Access(get=DESK),
    "training:material-create": Access(post=DESK, methods=POST_ONLY),
    "training:material-download": Access(get=STAFF, note=SESSION, methods=frozenset({"GET"})),
    "training:material-delete": Access(post=DESK, methods=POST_ONLY),
    "training:calendar-settings": Access(get=STAFF, note="one's own feed address"),
    "training:calendar-rotate": Access(post=STAFF, methods=POST_ONLY),
    "training:calendar-feed": Access(
        get=EVERYONE,
        note="calendar apps cannot log in: the secret token in the path is the key (docs/adr/0703)",
        methods=frozenset({"GET"}),
    ),
    "training:skill-matrix": Access(get=READERS),
    "training:skill-history": Access(get=READERS),
    "training:skill-assess": Access(post=DESK, methods=POST_ONLY),
    "training:reviewer-set": Access(post=ADMINS, methods=POST_ONLY),
    "training:report": Access(get=READERS),
    "training:report-csv": Access(get=READERS),
    "api:GET /api/training/sessions/": Access(get=STAFF),
    "api:GET /api/training/sessions/{session_id}/calendar.ics": Access(get=STAFF, note=SESSION),
    "api:POST /api/training/sessions/{session_id}/registration": Access(post=WRITERS, methods=POST_ONLY),
    "api:DELETE /api/training/sessions/{session_id}/registration": Access(
        post=WRITERS, methods=frozenset({"DELETE"})
    ),
}

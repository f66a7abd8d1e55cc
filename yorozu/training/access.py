"""Who may use each page and API operation of 人材育成 (training). See yorozu/common/access.py."""

from __future__ import annotations

from typing import Any

from yorozu.accounts.models import User
from yorozu.common.access import ADMINS, DESK, EVERYONE, GET_ONLY, POST_ONLY, STAFF, WRITERS, Access

ATTENDEE = frozenset({"requester"})  # the matrix's requester attended the past session

ACCESS: dict[str, Access] = {
    "training:session-list": Access(get=STAFF, post=STAFF),
    "training:session-create": Access(get=DESK, post=DESK),
    "training:session-detail": Access(get=STAFF, post=STAFF, note="sessions are open to all staff"),
    "training:session-edit": Access(get=DESK, post=DESK),
    "training:session-cancel": Access(post=DESK, methods=POST_ONLY),
    "training:session-ics": Access(get=STAFF, methods=GET_ONLY),
    "training:registration-create": Access(post=WRITERS, methods=POST_ONLY),
    "training:registration-cancel": Access(
        post=STAFF, methods=POST_ONLY, note="the view answers with a message"
    ),
    "training:attendance-edit": Access(get=DESK, post=DESK),
    "training:feedback-create": Access(
        get=ATTENDEE,
        post=ATTENDEE,
        department_scoped=True,
        note="attendees of a past session only (the requester in the matrix)",
    ),
    "training:feedback-summary": Access(get=DESK, post=DESK),
    "training:material-create": Access(post=DESK, methods=POST_ONLY),
    "training:material-download": Access(get=STAFF, methods=GET_ONLY),
    "training:material-delete": Access(post=DESK, methods=POST_ONLY),
    "training:calendar-settings": Access(get=STAFF, post=STAFF),
    "training:calendar-rotate": Access(post=STAFF, methods=POST_ONLY),
    "training:calendar-feed": Access(
        get=EVERYONE - {"external"},
        methods=GET_ONLY,
        note="the secret token in the URL is the credential (Outlook subscribes without a session)",
    ),
    "training:skill-matrix": Access(get=DESK | {"viewer"}, post=DESK | {"viewer"}),
    "training:skill-history": Access(get=DESK | {"viewer"}, post=DESK | {"viewer"}),
    "training:skill-assess": Access(post=DESK, methods=POST_ONLY),
    "training:reviewer-set": Access(post=ADMINS, methods=POST_ONLY),
    "training:report": Access(get=DESK | {"viewer"}, post=DESK | {"viewer"}),
    "training:report-csv": Access(get=DESK | {"viewer"}, post=DESK | {"viewer"}),
    "api:GET /api/training/sessions/": Access(get=STAFF),
    "api:GET /api/training/sessions/{session_id}/calendar.ics": Access(get=STAFF),
    "api:POST /api/training/sessions/{session_id}/registration": Access(post=WRITERS),
    "api:DELETE /api/training/sessions/{session_id}/registration": Access(post=WRITERS),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """An upcoming all-staff session with a material, the requester's calendar feed."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yorozu.training import services
    from yorozu.training.tests.factories import make_session, move_to_past

    session = make_session(cast.consultant)
    past = make_session(cast.consultant, title="AI-OCR研修")
    services.registration_create(user=cast.requester, session=past)
    move_to_past(past)
    services.attendance_record(user=cast.consultant, session=past, attended_user_ids={cast.requester.pk})
    material = services.material_add(
        user=cast.consultant, session=session, upload=SimpleUploadedFile("slides.pdf", PDF)
    )
    feed = services.calendar_feed_rotate(user=cast.requester)
    return {
        "*": {"pk": session.pk, "session_id": session.pk, "user_id": cast.consultant.pk, "token": feed.token},
        "training:feedback-create": {"pk": past.pk},
        "training:material-download": {"pk": material.pk},
        "training:material-delete": {"pk": material.pk},
    }


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# The entries of the engineer who changed this app's views in the same release (new views; the
# entries above, checked by the permission matrix, win for views both declared).
READERS = frozenset({User.Role.CONSULTANT, User.Role.ADMIN, User.Role.VIEWER})
POST_ONLY = frozenset({"POST"})
SESSION = "全庁研修は全職員、課内勉強会は窓口と幹部だけ（他は404）"

_OWNER_ACCESS: dict[str, Access] = {
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

ACCESS = {**_OWNER_ACCESS, **ACCESS}

"""The single access table: who may use each URL pattern and API operation.

Every app declares its own entries in ``yorozu/<app>/access.py`` as a module-level ``ACCESS`` dict.
Keys are URL pattern names (``"consultations:case-detail"``) for pages and ``"api:<METHOD> <path>"``
for API operations, with the path as it appears in ``/api/openapi.json`` (``"api:GET
/api/consultations/{consultation_id}"``). The permission-matrix test enumerates the URLconf and the
OpenAPI document and fails for any pattern or operation that is not declared here, so a new view
without a declaration fails CI.

Roles are the ``User.Role`` values plus ``"anonymous"``. 関係機関 users (``"external"``) are refused
by ``yorozu.common.middleware.ExternalUserMiddleware`` on every page that does not list them, and
the API refuses their tokens, so an app lets them in only by listing ``EXTERNAL`` (with a ``note``).

How the permission-matrix test (``yorozu/common/tests/test_permission_matrix.py``) uses an entry:
it requests the pattern with each method in ``methods`` (API keys: the key's method) as anonymous,
requester, outsider (a requester of another department), consultant, viewer, admin and external.
A listed role must not be refused (401/403/404/405, or a redirect to the login page with ``?next=``)
and no request may answer 500; an unlisted role must be refused. ``department_scoped=True`` means
the outsider must be refused even though ``requester`` is listed.

Real objects for patterns with parameters: the declaring ``access.py`` may define
``matrix_objects(cast) -> dict[str, dict[str, Any]]``. It creates objects that belong to
``cast.department`` (see conftest.py's ``cast``) and returns URL keyword arguments: the ``"*"``
mapping is used for every entry of that module, a mapping under an entry's key overrides it
(``{"*": {"pk": case.pk}, "myapp:file-download": {"pk": file.pk}}``). API keys use the same names
as the OpenAPI path parameters. Under ``"__body__"`` a hook may give the JSON body an API operation
is sent (without one, ninja answers 422 to an empty body before the view's own check, and the
test accepts 422 for that operation both ways).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

ANONYMOUS = "anonymous"
REQUESTER = "requester"
CONSULTANT = "consultant"
VIEWER = "viewer"
ADMIN = "admin"
EXTERNAL = "external"

ALL_ROLES = frozenset({ANONYMOUS, REQUESTER, CONSULTANT, VIEWER, ADMIN, EXTERNAL})
EVERYONE = ALL_ROLES
STAFF = frozenset({REQUESTER, CONSULTANT, VIEWER, ADMIN})  # every internal (city hall) user
WRITERS = frozenset({REQUESTER, CONSULTANT, ADMIN})  # internal users who may change records
DESK = frozenset({CONSULTANT, ADMIN})  # the IT推進課 desk
ADMINS = frozenset({ADMIN})
SIGNED_IN = ALL_ROLES - {ANONYMOUS}  # anyone logged in, external users included
NOBODY: frozenset[str] = frozenset()
GET_ONLY = frozenset({"GET"})  # ``Access.methods`` of a page that answers 405 to POST
POST_ONLY = frozenset({"POST"})  # ``Access.methods`` of an action that answers 405 to GET


@dataclass(frozen=True)
class Access:
    """Which roles may GET and POST (or PUT/PATCH/DELETE) a pattern.

    ``department_scoped``: the pattern shows or changes one department's object, so a requester of
    another department must get 404 (or 403) even though the role is listed.
    ``note``: why the entry is what it is, when it is not obvious (read by reviewers).
    """

    get: frozenset[str] = NOBODY
    post: frozenset[str] = NOBODY
    department_scoped: bool = False
    note: str = ""
    methods: frozenset[str] = field(default_factory=lambda: frozenset({"GET", "POST"}))

    def allows(self, role: str, method: str) -> bool:
        return role in (self.get if method.upper() in ("GET", "HEAD") else self.post)


def access_apps() -> list[str]:
    """The project's own apps, in INSTALLED_APPS order (the same list the demo and the URLconf use)."""
    from django.conf import settings

    return [name.removeprefix("yorozu.") for name in settings.INSTALLED_APPS if name.startswith("yorozu.")]


@cache
def access_table() -> dict[str, Access]:
    """Every app's declarations merged into one table; a key declared twice is an error."""
    table: dict[str, Access] = {}
    for app in access_apps():
        try:
            module = import_module(f"yorozu.{app}.access")
        except ModuleNotFoundError:
            continue
        for key, entry in module.ACCESS.items():
            if key in table:
                raise ValueError(f"access declared twice: {key}")
            table[key] = entry
    return table


# --- the site's own patterns (home, health check, the API documents) and the common app's pages --------

ACCESS: dict[str, Access] = {
    "home": Access(
        get=SIGNED_IN,
        post=SIGNED_IN,
        note="the landing page after login; external users see only a pointer to what is shared with them",
    ),
    "healthz": Access(get=EVERYONE, post=EVERYONE, note="liveness probe: answers 'ok', no data"),
    "favicon": Access(get=EVERYONE, methods=GET_ONLY, note="a redirect to the static icon"),
    "api:openapi-json": Access(get=STAFF, methods=GET_ONLY, note="public only with YOROZU_API_DOCS_PUBLIC"),
    "api:openapi-view": Access(get=STAFF, methods=GET_ONLY, note="public only with YOROZU_API_DOCS_PUBLIC"),
    "api:api-root": Access(note="ninja's root path answers 404"),
    "common:audit-list": Access(get=ADMINS, post=ADMINS),
    "common:channel-list": Access(get=STAFF, post=WRITERS, note="everyone manages their own channels"),
    "common:channel-delete": Access(post=DESK, methods=POST_ONLY, note="a department channel: the desk's"),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """A notification channel of ``cast.department`` (desk-managed)."""
    from yorozu.common.models import NotificationChannel

    channel = NotificationChannel.objects.create(
        kind=NotificationChannel.Kind.EMAIL, department=cast.department, target="koseki@example.jp"
    )
    return {"*": {"pk": channel.pk}}

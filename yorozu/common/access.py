"""The single access table: who may use each URL pattern and API operation.

Every app declares its own entries in ``yorozu/<app>/access.py`` as a module-level ``ACCESS`` dict.
Keys are URL pattern names (``"consultations:case-detail"``) for pages and ``"api:<METHOD> <path>"``
for API operations, with the path as it appears in ``/api/openapi.json`` (``"api:GET
/api/consultations/{consultation_id}"``). The permission-matrix test enumerates the URLconf and the
OpenAPI document and fails for any pattern or operation that is not declared here, so a new view
without a declaration fails CI.

Roles are the ``User.Role`` values plus ``"anonymous"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

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
NOBODY: frozenset[str] = frozenset()


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


ACCESS_APPS = (
    "accounts",
    "common",
    "consultations",
    "worksheets",
    "impacts",
    "training",
    "regqa",
    "budget",
    "analysis",
    "ledgers",
    "casebook",
)


def access_table() -> dict[str, Access]:
    """Every app's declarations merged into one table; a key declared twice is an error."""
    table: dict[str, Access] = {}
    for app in ACCESS_APPS:
        try:
            module = import_module(f"yorozu.{app}.access")
        except ModuleNotFoundError:
            continue
        for key, entry in module.ACCESS.items():
            if key in table:
                raise ValueError(f"access declared twice: {key}")
            table[key] = entry
    return table

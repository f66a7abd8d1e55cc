"""Who may use each page of accounts (login, profile, tokens). See yorozu/common/access.py."""

from __future__ import annotations

from typing import Any

from yorozu.common.access import EVERYONE, GET_ONLY, POST_ONLY, SIGNED_IN, STAFF, Access

ACCESS: dict[str, Access] = {
    "accounts:login": Access(get=EVERYONE, post=EVERYONE, note="the login form"),
    "accounts:logout": Access(post=EVERYONE, methods=POST_ONLY, note="logging out needs no permission"),
    "accounts:profile": Access(
        get=SIGNED_IN,
        methods=GET_ONLY,
        note="everyone's own sessions; external users too (log out everywhere)",
    ),
    "accounts:2fa-setup": Access(
        get=SIGNED_IN, post=SIGNED_IN, note="enrolling a second factor: everyone, external too"
    ),
    "accounts:2fa-verify": Access(
        get=SIGNED_IN, post=SIGNED_IN, note="the second login step: everyone, external too"
    ),
    "accounts:2fa-recovery": Access(post=SIGNED_IN, methods=POST_ONLY, note="new recovery codes for oneself"),
    "accounts:2fa-disable": Access(
        post=SIGNED_IN, methods=POST_ONLY, note="refused with a message where two-factor login is required"
    ),
    "accounts:token-create": Access(post=STAFF, methods=POST_ONLY, note="external users get no API token"),
    "accounts:token-revoke": Access(
        post=frozenset({"requester"}),
        methods=POST_ONLY,
        department_scoped=True,
        note="own tokens only (the matrix's token is the requester's); the admin revokes others' in the admin",
    ),
    "accounts:logout-everywhere": Access(
        post=SIGNED_IN, methods=POST_ONLY, note="ends every session of the user, external users too"
    ),
}


def matrix_objects(cast: Any) -> dict[str, dict[str, Any]]:
    """An API token of the requester."""
    from yorozu.accounts.models import ApiToken
    from yorozu.accounts.services import token_create

    raw = token_create(user=cast.requester, name="matrix-owned")
    return {"*": {"pk": ApiToken.objects.get(digest=ApiToken.digest_of(raw)).pk}}

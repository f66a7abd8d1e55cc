from __future__ import annotations

from yorozu.accounts.models import ApiToken, User


def token_create(*, user: User, name: str = "api") -> str:
    """Issue a new API token for ``user`` and return it in clear (shown once, stored hashed)."""
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(raw))
    return raw

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from yorozu.accounts.models import ApiToken, User
from yorozu.common.audit import record


class TokenRefused(ValueError):
    """The user may not hold an API token (関係機関 users, inactive users)."""


def token_create(*, user: User, name: str = "api", days: int | None = None) -> str:
    """Issue a new API token for ``user`` and return it in clear (shown once, stored hashed).

    It expires after ``days`` (default ``YOROZU_API_TOKEN_DAYS``, 90); ``days=0`` never expires.
    """
    if user.is_external:
        raise TokenRefused("関係機関の利用者には API トークンを発行できません。")
    if not user.is_active:
        raise TokenRefused("無効な利用者には API トークンを発行できません。")
    lifetime = settings.YOROZU_API_TOKEN_DAYS if days is None else days
    if lifetime < 0:
        raise TokenRefused("有効日数は0以上で指定してください（0は無期限）。")
    expires = timezone.now() + timedelta(days=lifetime) if lifetime else None
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(raw), expires_at=expires)
    _audit_token("create", token)
    return raw


def _audit_token(action: str, token: ApiToken) -> None:
    # API tokens are left out of the automatic audit (last-use updates); issuing and revoking are recorded.
    changes = {"user": token.user.username, "name": token.name, "expires_at": token.expires_at}
    record(
        action=action,
        model="accounts.apitoken",
        object_id=str(token.pk),
        object_repr=str(token),
        changes=changes,
    )


def token_revoke(*, user: User, token_id: int) -> bool:
    """Delete one of ``user``'s own tokens (the audit log keeps the record). False when not theirs."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        return False
    _audit_token("delete", token)
    token.delete()
    return True


@transaction.atomic
def sessions_end_everywhere(*, request: HttpRequest, user: User) -> None:
    """Log the user out of every browser: the session hash changes, so every session stops matching."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    logout(request)

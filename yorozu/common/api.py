"""API plumbing shared by every app's router: bearer-token auth and list pagination."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from yorozu.accounts.models import ApiToken

MAX_PAGE_SIZE = 500


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the request's user becomes the token's owner."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class ErrorOut(Schema):
    detail: str


def paginate(queryset: QuerySet[Any], *, page: int = 1, page_size: int = 50) -> tuple[int, QuerySet[Any]]:
    """(count, one page of rows). ``page_size`` is capped at 500."""
    if page < 1 or page_size < 1:
        raise HttpError(422, "page と page_size は1以上にしてください。")
    size = min(page_size, MAX_PAGE_SIZE)
    start = (page - 1) * size
    return queryset.count(), queryset[start : start + size]


def require_writer(request: HttpRequest) -> None:
    if not getattr(request.user, "can_write", False):
        raise HttpError(403, "閲覧専用の利用者は変更できません。")

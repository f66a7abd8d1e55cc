"""API plumbing shared by every app's router: bearer-token auth and list pagination."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
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
        if found is None or not found.user.is_active or found.is_expired:
            return None
        if found.user.is_external:  # 関係機関 users have no API access (issue 14)
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


def api_docs_decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``/api/openapi.json`` and ``/api/docs`` for logged-in staff only, unless YOROZU_API_DOCS_PUBLIC."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.YOROZU_API_DOCS_PUBLIC:
            return view(request, *args, **kwargs)
        BearerAuth()(request)  # an API client's token counts as a login here
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "is_external", False):
            raise PermissionDenied("関係機関の利用者は API の説明を利用できません。")
        return view(request, *args, **kwargs)

    return wrapper

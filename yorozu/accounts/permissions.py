"""Who may see and change what. Every view, export and API endpoint goes through these."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from yorozu.accounts.models import User


def scope_to_user(
    queryset: QuerySet[Any], user: User, *, department_field: str = "department"
) -> QuerySet[Any]:
    """Restrict a queryset to the rows a user may see: requesters only their own department's."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.sees_all_departments:
        return queryset
    if not user.department_id:
        return queryset.none()
    return queryset.filter(Q(**{f"{department_field}_id": user.department_id}))


def can_see_department(user: User, department_id: int | None) -> bool:
    if not user.is_authenticated:
        return False
    return user.sees_all_departments or (department_id is not None and department_id == user.department_id)


def can_change_department(user: User, department_id: int | None) -> bool:
    return user.can_write and can_see_department(user, department_id)


def is_desk_staff(user: User) -> bool:
    """IT推進課 consultants and admins run the desk."""
    return user.is_authenticated and (user.is_consultant or user.is_yorozu_admin)


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Login required, then one of ``roles`` (superusers pass). Others get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_superuser or getattr(user, "role", None) in roles):
                raise PermissionDenied("この操作を行う権限がありません。")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


desk_staff_required = role_required(User.Role.CONSULTANT, User.Role.ADMIN)
writer_required = role_required(User.Role.REQUESTER, User.Role.CONSULTANT, User.Role.ADMIN)
# Every internal (city hall) role; 関係機関 (external) users reach only the ledgers shared with them.
staff_required = role_required(User.Role.REQUESTER, User.Role.CONSULTANT, User.Role.VIEWER, User.Role.ADMIN)

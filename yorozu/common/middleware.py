from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from yorozu.common.access import EXTERNAL, access_table
from yorozu.common.audit import acting_as


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy from settings on every response.

    Django 5.2 has no built-in CSP (it arrives in 6.0); one header needs no dependency.
    Pages carry no inline script or style, so ``'self'`` is enough.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class AuditActorMiddleware:
    """Every change made while serving a request is recorded as made by the request's user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with acting_as(user):
            return self.get_response(request)


class NoStoreMiddleware:
    """Pages with personal or internal content and every download are never kept by a browser or a proxy.

    Responses to a logged-in user, and file downloads (``Content-Disposition: attachment``) that their
    view did not mark ``public``, get ``Cache-Control: no-store``. Anonymous public pages (the budget
    board) keep whatever caching their view chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        download = response.get("Content-Disposition", "").startswith("attachment")
        public = "public" in response.get("Cache-Control", "")
        if signed_in or (download and not public):
            response["Cache-Control"] = "no-store"
        return response


class ExternalUserMiddleware:
    """関係機関 users reach only what an access declaration lists them for; everything else is 404.

    Django's admin keeps its own staff check; the API refuses external users' tokens (BearerAuth).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> Any:
        user = getattr(request, "user", None)
        match = request.resolver_match
        if user is None or not getattr(user, "is_external", False) or match is None:
            return None
        if match.namespace in (
            "admin",
            "api",
        ):  # admin: is_staff; API: tokens, and external tokens are refused
            return None
        entry = access_table().get(match.view_name)
        if entry is not None and entry.allows(EXTERNAL, request.method or "GET"):
            return None
        # 404, not 403: a partner learns nothing about the rest of yorozu, not even that a page exists.
        raise Http404("関係機関の利用者はこの画面を利用できません。")

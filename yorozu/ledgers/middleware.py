"""External users (関係機関職員) see the shared ledger pages and nothing else of yorozu."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from yorozu.ledgers.rules import organisation_of

# Paths an external user may reach besides the ledgers: signing in and out, two-factor, assets.
_OPEN_PREFIXES = ("/accounts/login/", "/accounts/logout/", "/accounts/2fa/", "/static/", "/favicon.ico")


class ExternalUserConfinementMiddleware:
    """External users reach the ledgers only as members of an active partner organisation.

    Also applies the partner organisation's optional IP allowlist: from any other address the
    user gets 403 on every page, including the ledgers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.ledgers_prefix = reverse("ledgers:ledger-list")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "is_external", False):
            return self.get_response(request)
        path = request.path
        if path.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        if path == "/":
            return redirect(self.ledgers_prefix)
        if not path.startswith(self.ledgers_prefix):
            # Outside the ledgers the access table decides (common.middleware.ExternalUserMiddleware
            # refuses every page that does not list external users, i.e. all but the public ones).
            return self.get_response(request)
        organisation = organisation_of(user)
        if organisation is None:
            return HttpResponseForbidden(
                "関係機関に登録されていないか、機関が無効です。管理者に連絡してください。"
            )
        if not organisation.allows_address(str(request.META.get("REMOTE_ADDR", ""))):
            body = render_to_string("ledgers/ip_denied.html", {"organisation": organisation}, request=request)
            return HttpResponseForbidden(body)
        return self.get_response(request)

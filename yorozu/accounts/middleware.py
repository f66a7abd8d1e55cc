"""Idle session timeout: a session unused for longer than the role's idle time is ended."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "yorozu_last_seen"
WRITE_EVERY_SECONDS = 60  # do not rewrite the session row on every request


def idle_limit_seconds(user: object) -> int:
    minutes = (
        settings.YOROZU_EXTERNAL_IDLE_MINUTES
        if getattr(user, "is_external", False)
        else settings.YOROZU_IDLE_MINUTES
    )
    return int(minutes) * 60


class IdleTimeoutMiddleware:
    """Staff are logged out after ``YOROZU_IDLE_MINUTES`` (30), 関係機関 users after
    ``YOROZU_EXTERNAL_IDLE_MINUTES`` (15) without a request. API calls with tokens are not sessions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN)
            if last is not None and now - float(last) > idle_limit_seconds(user):
                logout(request)
                messages.info(
                    request, "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。"
                )
                return redirect_to_login(request.get_full_path())
            if last is None or now - float(last) > WRITE_EVERY_SECONDS:
                request.session[LAST_SEEN] = now
        return self.get_response(request)

"""Error pages in the site's layout, in Japanese, with a way back (Django's handler403/404/500).

Django's defaults answer a bare "403 Forbidden" when no template is found, and render 500.html
without the request context; these handlers always render with it, and the 500 handler falls back
to a plain page if even the layout fails (the database may be what broke).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

PLAIN_500 = (
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>エラーが発生しました</title></head>'
    "<body><h1>エラーが発生しました</h1><p>しばらくしてからもう一度お試しください。</p>"
    '<p><a href="/">トップページへ</a></p></body></html>'
)


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, when it is on this site; else ""."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def _message(exception: Exception | None) -> str:
    """The reason a view gave (our views raise PermissionDenied with a Japanese sentence)."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if text and not text.isascii() else ""


def _page(request: HttpRequest, template: str, status: int, **extra: Any) -> HttpResponse:
    context = {"back_url": _back_url(request), **extra}
    return render(request, template, context, status=status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", 403, reason=_message(exception))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "404.html", 404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "400.html", 400)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return _page(request, "500.html", 500)
    except Exception:  # the layout itself failed (database down …): still answer in Japanese
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(PLAIN_500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _page(request, "403_csrf.html", 403)

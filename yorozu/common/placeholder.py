"""Temporary page for a capability whose views are being built (replaced app by app)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def coming_soon(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse("準備中です。", content_type="text/plain; charset=utf-8")

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from yorozu.accounts import services


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"tokens": request.user.api_tokens.all()})


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    raw = services.token_create(user=request.user, name=request.POST.get("name", "api")[:100] or "api")
    context = {"tokens": request.user.api_tokens.all(), "new_token": raw}
    return render(request, "accounts/profile.html", context)

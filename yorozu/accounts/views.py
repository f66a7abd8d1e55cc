from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from yorozu.accounts import services


def login_page(request: HttpRequest) -> HttpResponse:
    """Django's login view, plus links residents may be looking for (the public pages)."""
    from yorozu.impacts.views import public_enabled

    view = auth_views.LoginView.as_view(
        template_name="accounts/login.html", extra_context={"public_dx_results": public_enabled()}
    )
    return view(request)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"tokens": request.user.api_tokens.all()})


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    raw = services.token_create(user=request.user, name=request.POST.get("name", "api")[:100] or "api")
    context = {"tokens": request.user.api_tokens.all(), "new_token": raw}
    return render(request, "accounts/profile.html", context)

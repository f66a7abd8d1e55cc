from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from yorozu.accounts import services, throttle


def login_page(request: HttpRequest) -> HttpResponse:
    """Django's login view, plus links residents may be looking for (the public pages).

    An address with too many failed logins (over every username) is refused before the password is checked.
    """
    from yorozu.impacts.views import public_enabled

    if request.method == "POST" and throttle.address_locked(request):
        return render(request, "accounts/locked_out.html", {"by_address": True}, status=429)
    view = auth_views.LoginView.as_view(
        template_name="accounts/login.html", extra_context={"public_dx_results": public_enabled()}
    )
    return view(request)


def _profile(request: HttpRequest, new_token: str = "") -> HttpResponse:
    context = {"tokens": request.user.api_tokens.all(), "new_token": new_token}
    return render(request, "accounts/profile.html", context)


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request)


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    try:
        raw = services.token_create(user=request.user, name=request.POST.get("name", "api")[:100] or "api")
    except services.TokenRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    return _profile(request, new_token=raw)


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.token_revoke(user=request.user, token_id=pk):
        raise Http404("トークンが見つかりません。")
    messages.success(request, "トークンを失効させました。")
    return redirect("accounts:profile")


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.sessions_end_everywhere(request=request, user=request.user)
    messages.success(request, "すべての端末からログアウトしました。")
    return redirect("accounts:login")

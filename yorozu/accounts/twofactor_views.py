"""The pages of two-factor login: enrolment with a QR code, the second step after the password,
new recovery codes, and switching it off (only where it is not required)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yorozu.accounts import twofactor


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return "/"


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    device = twofactor.pending_device(request.user)
    context = {"next": _next_url(request), "secret": twofactor.base32_secret(device)}
    if request.method == "POST":
        codes = twofactor.confirm_enrolment(request, device, request.POST.get("code", ""))
        if codes is not None:
            return render(request, "accounts/twofactor_codes.html", {**context, "codes": codes})
        context["error"] = (
            "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。"
        )
    context["qr"] = segno.make(device.config_url, error="m").svg_data_uri(scale=5)
    context["required"] = twofactor.two_factor_required(request.user)
    return render(request, "accounts/twofactor_setup.html", context)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    if not twofactor.has_device(request.user):
        return redirect("accounts:2fa-setup")
    context = {"next": _next_url(request)}
    if request.method == "POST":
        if twofactor.verify_code(request, request.POST.get("code", "")):
            return redirect(context["next"])
        context["error"] = (
            "コードが正しくありません。認証アプリの6桁の数字か、8桁の復旧コードを入力してください。"
            "続けて間違えると、しばらく入力できなくなります。"
        )
        wait = twofactor.seconds_until_next_try(request.user)
        if wait:
            context["error"] += f"次に入力できるのは約{wait}秒後です。"
    return render(request, "accounts/twofactor_verify.html", context)


@require_POST
@login_required
def recovery(request: HttpRequest) -> HttpResponse:
    if not twofactor.is_verified(request):
        return redirect("accounts:2fa-verify")
    codes = twofactor.new_recovery_codes(request.user)
    return render(request, "accounts/twofactor_codes.html", {"codes": codes, "next": "/accounts/me/"})


@require_POST
@login_required
def disable(request: HttpRequest) -> HttpResponse:
    if twofactor.required_by_role(request.user) or not twofactor.is_verified(request):
        messages.error(request, "この利用者は二要素認証を止められません。")
        return redirect("accounts:profile")
    twofactor.disable(request.user)
    messages.success(request, "二要素認証を止めました。")
    return redirect("accounts:profile")

"""Two-factor login (TOTP, RFC 6238) on django-otp: who must use it, enrolment, verification,
recovery codes, and the middleware that holds a session at the second step.

django-otp keeps the devices and the verified device in the session (``otp_device_id``) and
throttles wrong codes per device; this module only decides *who* needs it and wires the pages
(ADR 0010). Apps add their own requirement — e.g. ledgers: anyone who may read a ledger's records —
with ``register_requirement`` in their ``AppConfig.ready()``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yorozu.accounts.models import User
from yorozu.common.audit import record

RECOVERY_CODE_COUNT = 10
DEMO_DEVICE_NAME = "demo"  # devices the demo creates; only their codes may be printed by the CLI
_REQUIREMENTS: list[Callable[[User], bool]] = []


def register_requirement(check: Callable[[User], bool]) -> None:
    """Make 2FA mandatory for every user for whom ``check(user)`` is true."""
    if check not in _REQUIREMENTS:
        _REQUIREMENTS.append(check)


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_by_role(user: User) -> bool:
    if user.is_yorozu_admin or user.is_external:
        return True
    return user.is_consultant and settings.YOROZU_2FA_REQUIRE_CONSULTANTS


def two_factor_required(user: User) -> bool:
    """Administrators and external users always; consultants when the city requires it; anyone who
    enrolled of their own accord; and anyone an app's registered requirement names."""
    if not user.is_authenticated:
        return False
    return required_by_role(user) or has_device(user) or any(check(user) for check in _REQUIREMENTS)


def is_verified(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and getattr(user, "is_verified", lambda: False)())


def enrol_totp(user: User, *, key_hex: str | None = None, name: str = "認証アプリ") -> TOTPDevice:
    """A confirmed TOTP device (demos and tests; people enrol through the setup page)."""
    key = key_hex or secrets.token_hex(20)
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=name, defaults={"key": key, "confirmed": True}
    )
    return device


def current_totp_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (one per user, a fresh key each start)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=False)


def base32_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending device with a first code; returns the new recovery codes, or None."""
    if not device.verify_token(_clean(code)):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    otp_login(request, device)
    _audit(device.user, "設定")
    return new_recovery_codes(device.user)


def verify_code(request: HttpRequest, code: str) -> bool:
    """A TOTP code or an unused recovery code of the logged-in user; marks the session verified."""
    user = request.user
    token = _clean(code)
    devices: list[Any] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    devices += list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        with transaction.atomic():
            if device.verify_token(token):
                otp_login(request, device)
                return True
    return False


def seconds_until_next_try(user: User) -> int:
    """django-otp doubles the wait after each wrong code (OTP_TOTP_THROTTLE_FACTOR seconds first)."""
    from django.utils import timezone

    latest = None
    for device in TOTPDevice.objects.filter(user=user):
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            latest = max(latest or info["locked_until"], info["locked_until"])
    return max(0, int((latest - timezone.now()).total_seconds()) + 1) if latest else 0


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Ten single-use codes; the previous ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="復旧コード", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def disable(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _audit(user, "解除")


def _audit(user: User, what: str) -> None:
    """django-otp's device tables are outside the yorozu apps, so their changes are recorded here."""
    record(
        action="update",
        model="accounts.user",
        object_id=str(user.pk),
        object_repr=str(user),
        changes={"二要素認証": what},
    )


def _clean(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum())[:16]


EXEMPT_URL_NAMES = ("accounts:2fa-setup", "accounts:2fa-verify", "accounts:logout", "accounts:login")


class TwoFactorMiddleware:
    """Holds a logged-in session at the second step until it is verified (after django-otp's
    OTPMiddleware). Bearer-token API calls carry no session and are not affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_verify(request):
            name = "accounts:2fa-verify" if has_device(request.user) else "accounts:2fa-setup"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_verify(self, request: HttpRequest) -> bool:
        if not settings.YOROZU_2FA_ENFORCED or not request.user.is_authenticated:
            return False
        if is_verified(request) or self._is_exempt(request.path):
            return False
        return two_factor_required(request.user)

    @staticmethod
    def _is_exempt(path: str) -> bool:
        static_prefix = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith((static_prefix, "/api/")) or path in ("/healthz", "/favicon.ico"):
            return True
        return any(path == reverse(name) for name in EXEMPT_URL_NAMES)

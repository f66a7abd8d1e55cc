"""``yorozu twofactor status|reset|code USERNAME``: the administrator's side of two-factor login."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from yorozu.accounts import twofactor
from yorozu.accounts.models import User


class Command(BaseCommand):
    help = (
        "二要素認証の管理: status（設定状況）、reset（端末と復旧コードを消し、次のログインで再設定させる）、"
        "code（デモ用の端末の現在のコードを表示。デモ以外の端末には使えません）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["status", "reset", "code"])
        parser.add_argument("username")

    def handle(self, *args: Any, action: str, username: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"利用者「{username}」は存在しません。")
        getattr(self, f"_{action}")(user)

    def _status(self, user: User) -> None:
        enrolled = "設定済み" if twofactor.has_device(user) else "未設定"
        required = "必須" if twofactor.two_factor_required(user) else "任意"
        codes = twofactor.remaining_recovery_codes(user)
        self.stdout.write(f"{user.username}: {enrolled}（{required}）、未使用の復旧コード {codes} 件")

    def _reset(self, user: User) -> None:
        twofactor.disable(user)
        self.stdout.write(f"{user.username} の二要素認証をリセットしました。次のログインで設定し直します。")

    def _code(self, user: User) -> None:
        device = TOTPDevice.objects.filter(user=user, name=twofactor.DEMO_DEVICE_NAME, confirmed=True).first()
        if device is None:
            raise CommandError("デモ用の端末がありません。code はデモの利用者にだけ使えます。")
        self.stdout.write(twofactor.current_totp_code(device))

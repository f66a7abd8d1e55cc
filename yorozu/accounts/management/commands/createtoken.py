from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.accounts.models import User
from yorozu.accounts.services import TokenRefused, token_create


class Command(BaseCommand):
    help = "利用者の API トークンを発行し、最後の行に表示します（既定で90日後に失効）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="用途（一覧に表示されます）")
        parser.add_argument(
            "--days", type=int, default=None, help="有効日数（既定は YOROZU_API_TOKEN_DAYS、0は無期限）"
        )

    def handle(self, *args: Any, username: str, name: str, days: int | None, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"利用者「{username}」は見つかりません。")
        try:
            raw = token_create(user=user, name=name[:100], days=days)
        except TokenRefused as exc:
            raise CommandError(f"利用者「{username}」: {exc}") from exc
        self.stdout.write(raw)

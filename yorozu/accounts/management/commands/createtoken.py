from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.accounts.models import User
from yorozu.accounts.services import token_create


class Command(BaseCommand):
    help = "利用者の API トークンを発行し、最後の行に表示します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, username: str, name: str, **options: Any) -> None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"利用者「{username}」は見つかりません。")
        self.stdout.write(token_create(user=user, name=name))

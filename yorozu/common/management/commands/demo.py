from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from yorozu.accounts.demo import DEMO_USERS, demo_passwords
from yorozu.accounts.models import User
from yorozu.common.audit import acting_as
from yorozu.common.links import remember_demo_address

# Order matters: later apps refer to the departments, users and consultations of earlier ones.
DEMO_APPS = [
    "accounts",
    "consultations",
    "worksheets",
    "impacts",
    "training",
    "regqa",
    "budget",
    "analysis",
    "ledgers",
    "casebook",
]


class Command(BaseCommand):
    help = "データベースを準備し、デモデータを読み込み（何度実行しても同じ結果）、開発サーバーを起動します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="デモデータの読み込みだけを行う")

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("データベースを準備しました。")
        for app in DEMO_APPS:
            self._load(app)
        self._print_logins(port)
        remember_demo_address(f"http://127.0.0.1:{port}")  # links in notifications and .ics files
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def _load(self, app: str) -> None:
        try:
            module = import_module(f"yorozu.{app}.demo")
        except ModuleNotFoundError:
            return
        admin = User.objects.filter(username="admin").first()
        with acting_as(admin), transaction.atomic():
            module.load_demo(stdout=self.stdout)

    def _print_logins(self, port: int) -> None:
        passwords = demo_passwords()
        self.stdout.write(f"\nデモのログイン（http://127.0.0.1:{port}/accounts/login/）:")
        for username, (role, bureau, section, _display) in DEMO_USERS.items():
            label = User.Role(role).label
            self.stdout.write(f"  {username:<12} {passwords[username]:<14} {label}（{bureau} {section}）")
        self.stdout.write(f"予算ボード（公開・ログイン不要）: http://127.0.0.1:{port}/budget/\n")

"""``yorozu consultations import FILE [--dry-run]``: bring a city's 相談台帳 into yorozu."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from yorozu.common.audit import acting_as
from yorozu.common.imports import ImportProblem, command_user
from yorozu.consultations.imports import consultation_import


class Command(BaseCommand):
    help = "相談台帳を取り込みます。例: yorozu consultations import 相談台帳.xlsx --dry-run"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        importer = sub.add_parser("import", help="相談台帳（CSV UTF-8 / CP932、xlsx）を取り込む")
        importer.add_argument("file", help="yorozu の相談一覧の書き出し、または台帳の様式のファイル")
        importer.add_argument("--dry-run", action="store_true", help="確認だけして保存しない")

    def handle(self, *args: Any, verb: str, file: str, dry_run: bool, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"ファイル「{path}」が見つかりません。")
        try:
            user = command_user()
            with acting_as(user):
                result = consultation_import(
                    user=user, data=path.read_bytes(), source=path.name, dry_run=dry_run
                )
        except ImportProblem as error:
            raise CommandError(f"{error}\n何も取り込んでいません。") from error
        self.stdout.write(result.summary())

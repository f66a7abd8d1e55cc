from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from yorozu.common.backup import BackupError, restore_sqlite


class Command(BaseCommand):
    help = "SQLite データベースを復元します（PostgreSQL は pg_dump / pg_restore を使います）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(
                "PostgreSQL では pg_dump / pg_restore を使ってください（README「バックアップ」）。"
            )
        connections["default"].close()
        try:
            restore_sqlite(file, Path(database["NAME"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{file}: 整合性検査 ok")

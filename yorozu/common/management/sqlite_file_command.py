from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from yorozu.common.backup import BackupError


class SqliteFileCommand(BaseCommand):
    """Shared by ``backup`` and ``restore``: SQLite only, one file argument, Japanese errors."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def copy(self, *, database: Path, file: Path) -> None:
        raise NotImplementedError

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        database = settings.DATABASES["default"]
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError("PostgreSQL では pg_dump / pg_restore を使ってください（README「Backups」）。")
        connections["default"].close()
        try:
            self.copy(database=Path(database["NAME"]), file=file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{file}: 整合性検査 ok")

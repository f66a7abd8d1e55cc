from __future__ import annotations

from pathlib import Path

from yorozu.common.backup import backup_sqlite
from yorozu.common.management.sqlite_file_command import SqliteFileCommand


class Command(SqliteFileCommand):
    help = "SQLite データベースをバックアップします（PostgreSQL は pg_dump を使います）。"

    def copy(self, *, database: Path, file: Path) -> None:
        backup_sqlite(database, file)

from __future__ import annotations

from pathlib import Path

from yorozu.common.backup import restore_sqlite
from yorozu.common.management.sqlite_file_command import SqliteFileCommand


class Command(SqliteFileCommand):
    help = "SQLite データベースを復元します（PostgreSQL は pg_restore を使います）。"

    def copy(self, *, database: Path, file: Path) -> None:
        restore_sqlite(file, database)

"""Backups of the embedded SQLite database through SQLite's online backup API.

A file copy of a live WAL database can miss committed pages that are still in the -wal file; the
backup API copies a consistent snapshot while the application keeps running. Every backup and
every restore is checked with ``PRAGMA integrity_check`` before it is trusted.
PostgreSQL deployments use pg_dump / pg_restore instead (README, "Backups").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class BackupError(RuntimeError):
    pass


def integrity_ok(path: Path) -> bool:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def backup_sqlite(source: Path, target: Path) -> None:
    if target.exists():
        raise BackupError(f"{target} は既にあります。別のファイル名を指定してください。")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    if not integrity_ok(target):
        target.unlink()
        raise BackupError("バックアップの整合性検査に失敗しました。")


def restore_sqlite(backup: Path, target: Path) -> None:
    if not backup.exists():
        raise BackupError(f"{backup} が見つかりません。")
    if not integrity_ok(backup):
        raise BackupError(f"{backup} は壊れているか、SQLite のデータベースではありません。")
    src = sqlite3.connect(backup)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    if not integrity_ok(target):
        raise BackupError("復元後の整合性検査に失敗しました。")

import sqlite3

import pytest
from django.core.management import CommandError, call_command

from yorozu.common.backup import BackupError, backup_sqlite, integrity_ok, restore_sqlite


def make_db(path, rows):
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (v TEXT)")
    connection.executemany("INSERT INTO t VALUES (?)", [(r,) for r in rows])
    connection.commit()
    return connection  # left open: a live WAL database, as in production


def test_backup_copies_a_live_wal_database_consistently(tmp_path):
    live = make_db(tmp_path / "live.sqlite3", ["受付", "完了"])
    backup_sqlite(tmp_path / "live.sqlite3", tmp_path / "b.sqlite3")
    live.close()
    rows = sqlite3.connect(tmp_path / "b.sqlite3").execute("SELECT v FROM t").fetchall()
    assert rows == [("受付",), ("完了",)]
    assert integrity_ok(tmp_path / "b.sqlite3")


def test_backup_refuses_to_overwrite(tmp_path):
    make_db(tmp_path / "live.sqlite3", ["a"]).close()
    (tmp_path / "b.sqlite3").write_bytes(b"x")
    with pytest.raises(BackupError, match="既にあります"):
        backup_sqlite(tmp_path / "live.sqlite3", tmp_path / "b.sqlite3")


def test_restore_refuses_a_broken_file_and_keeps_the_database(tmp_path):
    make_db(tmp_path / "live.sqlite3", ["a"]).close()
    (tmp_path / "broken.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    with pytest.raises(BackupError, match="壊れている"):
        restore_sqlite(tmp_path / "broken.sqlite3", tmp_path / "live.sqlite3")
    assert sqlite3.connect(tmp_path / "live.sqlite3").execute("SELECT v FROM t").fetchall() == [("a",)]


def test_restore_brings_back_the_backup(tmp_path):
    make_db(tmp_path / "old.sqlite3", ["before"]).close()
    make_db(tmp_path / "live.sqlite3", ["after"]).close()
    restore_sqlite(tmp_path / "old.sqlite3", tmp_path / "live.sqlite3")
    assert sqlite3.connect(tmp_path / "live.sqlite3").execute("SELECT v FROM t").fetchall() == [("before",)]


@pytest.mark.django_db
def test_the_backup_command_explains_the_postgresql_way(settings, tmp_path):
    settings.DATABASES = {
        **settings.DATABASES,
        "default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"},
    }
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", str(tmp_path / "x.sqlite3"))

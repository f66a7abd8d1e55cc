import os
import subprocess
import sys
from pathlib import Path

import pytest

from yorozu.env import SettingsError, env_bool

REPO = Path(__file__).resolve().parents[3]


def run_manage(*args, env_overrides, tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "YOROZU_DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update({"YOROZU_DATA_DIR": str(tmp_path), "PYTHONPATH": str(REPO)}, **env_overrides)
    return subprocess.run(
        [sys.executable, "-m", "yorozu.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_debug_and_secret_key_start_up_fails_clearly(tmp_path):
    result = run_manage("check", env_overrides={}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_env_bool_refuses_anything_but_true_or_false(monkeypatch):
    monkeypatch.setenv("YOROZU_X", "ture")
    with pytest.raises(SettingsError):
        env_bool("YOROZU_X")


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "SECRET_KEY": "x" * 20 + "production-like-secret-" + "y" * 30,
            "YOROZU_DEBUG": "false",
            "YOROZU_SSL_REDIRECT": "true",
            "YOROZU_HSTS_SECONDS": "31536000",
            "YOROZU_HSTS_INCLUDE_SUBDOMAINS": "true",
            "YOROZU_HSTS_PRELOAD": "true",
            "ALLOWED_HOSTS": "yorozu.city.example.lg.jp",
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_backup_and_restore_commands_round_trip(tmp_path):
    env = {"YOROZU_DEBUG": "true"}
    assert run_manage("migrate", "--verbosity", "0", env_overrides=env, tmp_path=tmp_path).returncode == 0
    result = run_manage("backup", str(tmp_path / "b.sqlite3"), env_overrides=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "整合性検査 ok" in result.stdout
    result = run_manage("restore", str(tmp_path / "b.sqlite3"), env_overrides=env, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr

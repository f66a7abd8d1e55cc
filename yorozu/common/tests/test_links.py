"""Links that leave the site (notifications, .ics) use YOROZU_BASE_URL, else the demo's real address."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from yorozu.common.links import absolute_url, remember_demo_address
from yorozu.common.notifications import Message, build_payload

REPO = Path(__file__).resolve().parents[3]


def test_the_configured_base_url_wins(settings) -> None:  # noqa: ANN001
    settings.YOROZU_BASE_URL = "https://yorozu.city.example.lg.jp/"
    remember_demo_address("http://127.0.0.1:8123")
    assert absolute_url("/training/3/") == "https://yorozu.city.example.lg.jp/training/3/"


def test_without_a_base_url_links_use_the_port_the_demo_serves_on(settings) -> None:  # noqa: ANN001
    settings.YOROZU_BASE_URL = ""
    assert absolute_url("/training/3/") == "http://127.0.0.1:8000/training/3/"
    remember_demo_address("http://127.0.0.1:8123")
    assert absolute_url("/training/3/") == "http://127.0.0.1:8123/training/3/"
    assert absolute_url("https://example.lg.jp/x") == "https://example.lg.jp/x" and absolute_url("") == ""


def test_chat_notifications_link_to_the_demo_address(settings) -> None:  # noqa: ANN001
    settings.YOROZU_BASE_URL = ""
    remember_demo_address("http://127.0.0.1:8123")
    body, _ = build_payload("slack", Message("x", "新しい相談", "本文", "/consultations/1/"))
    assert "<http://127.0.0.1:8123/consultations/1/|" in body.decode()


@pytest.mark.django_db
def test_the_session_ics_links_to_the_demo_address(cast, settings) -> None:  # noqa: ANN001
    from icalendar import Calendar

    from yorozu.training.ical import calendar_bytes
    from yorozu.training.tests.factories import make_session

    settings.YOROZU_BASE_URL = ""
    remember_demo_address("http://127.0.0.1:8123")
    session = make_session(cast.consultant)
    (event,) = Calendar.from_ical(calendar_bytes([session], name="x")).walk("VEVENT")
    assert str(event["URL"]) == f"http://127.0.0.1:8123/training/sessions/{session.pk}/"


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    drop = ("SECRET_KEY", "YOROZU_DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "YOROZU_BASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(YOROZU_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "yorozu.cli", *args],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_readme_cli_lines_work_in_the_demos_data_directory(tmp_path: Path) -> None:
    """After `make demo`, `yorozu createtoken consultant` and `yorozu backup FILE` run as printed
    (no SettingsError): the demo's data directory carries the demo's settings."""
    assert "SECRET_KEY is not set" in _cli(tmp_path, "check").stderr  # not a demo directory: fails loudly
    (tmp_path / "demo-address.txt").write_text("http://127.0.0.1:8123\n", encoding="utf-8")
    assert _cli(tmp_path, "migrate", "--verbosity", "0").returncode == 0
    made = _cli(
        tmp_path,
        "shell",
        "-c",
        "from yorozu.accounts.models import User; User.objects.create(username='consultant', role='consultant')",
    )
    assert made.returncode == 0, made.stderr
    token = _cli(tmp_path, "createtoken", "consultant")
    assert token.returncode == 0, token.stderr
    assert token.stdout.strip().splitlines()[-1].startswith("yz_")
    backup = _cli(tmp_path, "backup", str(tmp_path / "backup.sqlite3"))
    assert backup.returncode == 0 and (tmp_path / "backup.sqlite3").is_file(), backup.stderr

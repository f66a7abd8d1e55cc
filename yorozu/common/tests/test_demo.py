"""`yorozu demo --no-serve` on a fresh data directory, twice: the second run adds nothing."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
COUNTED = [
    "accounts_user",
    "accounts_department",
    "consultations_consultation",
    "consultations_timelineentry",
]


def run_demo(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(YOROZU_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "yorozu.cli", "demo", "--no-serve"],
        cwd=data_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def counts(data_dir: Path) -> dict[str, int]:
    connection = sqlite3.connect(data_dir / "yorozu.sqlite3")
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    mine = [
        t
        for t in tables
        if t.split("_")[0]
        in {"accounts", "consultations", "worksheets", "impacts", "training", "regqa", "budget"}
    ]
    return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in mine}  # noqa: S608


def test_demo_loads_prints_logins_and_is_idempotent(tmp_path):
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    for username in ("admin", "consultant", "requester", "viewer"):
        assert f"  {username} " in first.stdout
    assert (tmp_path / "demo-address.txt").read_text().strip() == "http://127.0.0.1:8000"  # links, CLI
    # dense retrieval is on by default (ADR 0420): the real model embeds the demo's 規則 at once
    assert "規則Q&A（福利厚生・服務）: 意味検索の準備ができました。" in first.stdout
    assert list((tmp_path / "regqa").rglob("vectors.npy"))
    after_first = counts(tmp_path)
    for table in COUNTED:
        assert after_first[table] > 0, table
    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert counts(tmp_path) == after_first
    assert first.stdout.split("デモのログイン")[1] == second.stdout.split("デモのログイン")[1]

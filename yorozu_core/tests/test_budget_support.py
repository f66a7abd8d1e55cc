"""Shared helpers for the budget core tests (no Django)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_data() -> Path:
    return Path(os.environ.get("YOROZU_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def data_file(relative: str) -> Path:
    path = shared_data() / relative
    if not path.exists():
        pytest.skip(f"real data not available: {path}")
    return path


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)

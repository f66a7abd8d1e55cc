"""A folder of JSON results keyed by a hash of what produced them (dataset version, column, options).

A dataset version's Parquet file never changes (a replacement is a new version), so a result keyed by
the version stays true until the folder is deleted with the version."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cache_key(*parts: object) -> str:
    return hashlib.sha256(
        json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()[:32]


def cached(directory: Path, key: str, compute: Callable[[], Any]) -> Any:
    path = directory / f"{key}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    value = compute()
    directory.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
    return value

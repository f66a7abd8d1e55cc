"""Fixtures of the regqa tests: the demo regulation ingested into an all-staff collection, and an
HR-only collection visible to the cast's other department only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from yorozu.common.audit import acting_as
from yorozu.regqa import services
from yorozu.regqa.models import Collection

DEMO = Path(__file__).resolve().parents[1] / "demo_data"

HR_RULE = """○人事評価の内部基準
令和6年訓令第3号
（評語の分布）
第1条　評語Sの割合は、各課の職員数の1割を上限の目安とする。
附　則
この基準は、令和6年4月1日から施行する。
"""


def demo_files() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(DEMO.glob("*.txt"))]


@pytest.fixture
def welfare(cast: Any) -> Collection:
    with acting_as(cast.admin):
        collection = services.collection_create(user=cast.admin, name="福利厚生・服務")
        services.document_ingest(user=cast.admin, collection=collection, files=demo_files())
    collection.refresh_from_db()
    return collection


@pytest.fixture
def hr_only(cast: Any) -> Collection:
    """Visible to ``cast.other_department`` (the outsider's section) only."""
    with acting_as(cast.admin):
        collection = services.collection_create(
            user=cast.admin, name="人事内部", departments=[cast.other_department]
        )
        services.document_ingest(
            user=cast.admin, collection=collection, files=[("hr_rule.txt", HR_RULE.encode())]
        )
    collection.refresh_from_db()
    return collection

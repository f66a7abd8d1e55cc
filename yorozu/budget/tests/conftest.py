from __future__ import annotations

from typing import Any

import pytest

from yorozu.budget.demo import CODE, load_demo
from yorozu.budget.models import Municipality


@pytest.fixture
def demo(db: None) -> Municipality:
    """The fictional よろず区 with four published years, loaded through the real import."""
    load_demo()
    return Municipality.objects.get(code=CODE)


@pytest.fixture
def ward(db: None) -> Any:
    return Municipality.objects.create(code="139998", name="よろず区")

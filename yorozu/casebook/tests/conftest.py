from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def external(cast: Any) -> Any:
    from yorozu.accounts.models import User

    return User.objects.create_user(
        username="partner", password=cast.password, role=User.Role.EXTERNAL, display_name="partner"
    )

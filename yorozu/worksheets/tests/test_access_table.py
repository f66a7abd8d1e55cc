"""Every 業務分析 and 研修 URL pattern and API operation is declared in its app's access table."""

from __future__ import annotations

import pytest
from django.urls import get_resolver

from yorozu.api import api


@pytest.mark.parametrize("app", ["worksheets", "training"])
def test_every_url_and_operation_of_the_app_is_declared(app: str) -> None:
    from importlib import import_module

    declared = set(import_module(f"yorozu.{app}.access").ACCESS)
    names = {
        f"{app}:{name}"
        for name in get_resolver().namespace_dict[app][1].reverse_dict
        if isinstance(name, str)
    }
    operations = {
        f"api:{method.upper()} {path}"
        for path, ops in api.get_openapi_schema()["paths"].items()
        if path.startswith(f"/api/{app}/")
        for method in ops
    }
    assert declared == names | operations

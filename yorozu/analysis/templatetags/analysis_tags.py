from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """A table cell: integers with thousands separators, one decimal for percentages, — for nothing."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 0.1 or value == 0 else f"{value:.3g}"
    return str(value)


@register.filter
def is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or value == "*"


@register.simple_tag
def query_with(query: str, **changes: Any) -> str:
    from django.http import QueryDict

    params = QueryDict(query, mutable=True)
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def json_island(value: Any, index: Any) -> str:
    from django.utils.html import json_script

    return json_script(value, f"chart-data-{index}")

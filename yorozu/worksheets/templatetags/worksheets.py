from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def percent(fraction: Decimal | float | None) -> str:
    """0.792 → "79.2%"."""
    return "—" if fraction is None else f"{Decimal(fraction) * 100:.1f}%"

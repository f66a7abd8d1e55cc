from __future__ import annotations

from django import template

from yorozu_core.fiscal import fiscal_year_label
from yorozu_core.money import format_yen

register = template.Library()


@register.filter
def yen(amount: int | None) -> str:
    return "—" if amount is None else format_yen(int(amount))


@register.filter
def yen_man(amount: int | None) -> str:
    return "—" if amount is None else format_yen(int(amount), smallest="万")


@register.filter
def fy(fiscal_year: int | None) -> str:
    return "—" if fiscal_year is None else fiscal_year_label(int(fiscal_year))

from __future__ import annotations

from typing import Any

from django import template

from yorozu.accounts import twofactor
from yorozu.accounts.models import User

register = template.Library()


@register.simple_tag
def two_factor_status(user: User) -> dict[str, Any]:
    return {
        "enrolled": twofactor.has_device(user),
        "required_by_role": twofactor.required_by_role(user),
        "recovery_codes": twofactor.remaining_recovery_codes(user),
    }

"""Login throttling per address, beside django-axes' lockout per username (issue 10, item 8).

axes locks a username after ``AXES_FAILURE_LIMIT`` failures from any address. One password tried
across many usernames from one address is stopped here: the failures axes recorded for the address,
summed over every username within the cool-off time, against ``YOROZU_LOGIN_IP_FAILURE_LIMIT``
(higher than the per-username limit: LGWAN puts a whole department behind one address).
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def address_failures(request: HttpRequest) -> int:
    address = get_client_ip_address(request)
    if not address:
        return 0
    rows = AccessAttempt.objects.filter(ip_address=address)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        rows = rows.filter(attempt_time__gte=timezone.now() - cool_off)
    return int(rows.aggregate(total=Sum("failures_since_start"))["total"] or 0)


def address_locked(request: HttpRequest) -> bool:
    return bool(settings.AXES_ENABLED) and address_failures(request) >= settings.YOROZU_LOGIN_IP_FAILURE_LIMIT

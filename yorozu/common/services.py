from __future__ import annotations

from django.db import transaction

from yorozu.accounts.models import User
from yorozu.common.models import NotificationChannel


@transaction.atomic
def channel_create(*, user: User, channel: NotificationChannel, personal: bool) -> NotificationChannel:
    """Save a notification channel: a personal one belongs to ``user``; a department one needs desk staff."""
    if personal:
        channel.user = user
        channel.department = None
    channel.full_clean()
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, channel: NotificationChannel) -> None:
    channel.delete()

"""Notifications to e-mail and to the chat tools cities use, each in its own payload format.

A delivery never breaks the request that caused it: every failure is retried, then logged
(``NotificationDelivery``). Formats (checked against each vendor's incoming-webhook documentation):

- Slack: ``{"text": ...}`` (mrkdwn link ``<url|label>``)
- Microsoft Teams (Workflows webhook): a message with one Adaptive Card attachment
- LINE WORKS (Incoming Webhook app): ``{"title": ..., "body": {"text": ...}, "button": {...}}``
- LoGoチャット (Webhook受信): ``{"text": ...}``
- Chatwork: ``POST /v2/rooms/{room_id}/messages`` with ``X-ChatWorkToken`` and form field ``body``
  using ``[info][title]…[/title]…[/info]``
"""

from __future__ import annotations

import json
import logging
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q

from yorozu.common.links import absolute_url
from yorozu.common.models import NotificationChannel, NotificationDelivery
from yorozu.common.webhook_targets import OPENER, check_webhook_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    event: str
    subject: str
    body: str
    url: str = ""

    @property
    def absolute_url(self) -> str:
        return absolute_url(self.url)


def build_payload(kind: str, message: Message) -> tuple[bytes, dict[str, str]]:
    """The request body and headers one chat tool expects for ``message``."""
    link = message.absolute_url
    if kind == NotificationChannel.Kind.SLACK:
        text = f"*{message.subject}*\n{message.body}" + (f"\n<{link}|詳細を開く>" if link else "")
        return _json({"text": text})
    if kind == NotificationChannel.Kind.TEAMS:
        return _json(_teams_card(message, link))
    if kind == NotificationChannel.Kind.LINEWORKS:
        payload: dict[str, Any] = {"title": message.subject, "body": {"text": message.body}}
        if link:
            payload["button"] = {"label": "詳細を開く", "url": link}
        return _json(payload)
    if kind == NotificationChannel.Kind.LOGOCHAT:
        return _json({"text": f"【{message.subject}】\n{message.body}" + (f"\n{link}" if link else "")})
    if kind == NotificationChannel.Kind.CHATWORK:
        body = (
            f"[info][title]{message.subject}[/title]{message.body}"
            + (f"\n{link}" if link else "")
            + "[/info]"
        )
        data = urllib.parse.urlencode({"body": body}).encode()
        return data, {"Content-Type": "application/x-www-form-urlencoded"}
    raise ValueError(f"unknown webhook kind {kind!r}")


def _json(payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    return json.dumps(payload, ensure_ascii=False).encode(), {
        "Content-Type": "application/json; charset=utf-8"
    }


def _teams_card(message: Message, link: str) -> dict[str, Any]:
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": message.subject,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            {"type": "TextBlock", "text": message.body, "wrap": True},
        ],
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "詳細を開く", "url": link}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def _deliver_once(channel: NotificationChannel, message: Message) -> None:
    if channel.kind == NotificationChannel.Kind.EMAIL:
        text = message.body + (f"\n\n{message.absolute_url}" if message.url else "")
        send_mail(f"[{settings.YOROZU_SITE_NAME}] {message.subject}", text, None, [channel.target])
        return
    check_webhook_url(channel.target, channel.kind)  # again at send time: DNS may have changed
    data, headers = build_payload(channel.kind, message)
    if channel.kind == NotificationChannel.Kind.CHATWORK and channel.secret:
        headers["X-ChatWorkToken"] = channel.secret
    request = urllib.request.Request(channel.target, data=data, headers=headers, method="POST")  # noqa: S310
    with OPENER.open(request, timeout=settings.YOROZU_WEBHOOK_TIMEOUT) as response:
        if response.status >= 300:
            raise OSError(f"HTTP {response.status}")


def deliver(channel: NotificationChannel, message: Message) -> NotificationDelivery:
    """Send with retries (1 s, 2 s … back-off); log the outcome; never raise."""
    attempts, error = 0, ""
    for attempt in range(1, settings.YOROZU_WEBHOOK_RETRIES + 1):
        attempts = attempt
        try:
            _deliver_once(channel, message)
            error = ""
            break
        except Exception as exc:  # noqa: BLE001 - any failure of a third party is logged, not raised
            error = f"{type(exc).__name__}: {exc}"
            logger.warning("notification to %s failed (attempt %d): %s", channel, attempt, error)
            if attempt < settings.YOROZU_WEBHOOK_RETRIES:
                time.sleep(0 if settings.TESTING else attempt)
    status = NotificationDelivery.Status.FAILED if error else NotificationDelivery.Status.SENT
    return NotificationDelivery.objects.create(
        channel=channel,
        event=message.event,
        subject=message.subject[:200],
        status=status,
        attempts=attempts,
        error=error,
    )


def channels_for(
    *, department_ids: Iterable[int] = (), user_ids: Iterable[int] = ()
) -> list[NotificationChannel]:
    query = Q(department_id__in=list(department_ids)) | Q(user_id__in=list(user_ids))
    return list(NotificationChannel.objects.filter(query, is_active=True))


def notify(
    *,
    event: str,
    subject: str,
    body: str,
    url: str = "",
    department_ids: Iterable[int] = (),
    user_ids: Iterable[int] = (),
) -> list[NotificationDelivery]:
    """Send one message to every active channel of the given departments and users that wants ``event``.

    Call it after the change has been committed (``transaction.on_commit``) so that a slow chat
    service never holds a database transaction open.
    """
    message = Message(event=event, subject=subject, body=body, url=url)
    channels = [c for c in channels_for(department_ids=department_ids, user_ids=user_ids) if c.wants(event)]
    return [deliver(channel, message) for channel in channels]

"""Where outgoing notifications may go (issue 10, item 6: server-side request forgery).

A webhook URL is checked when it is saved and again before every delivery:
- http or https only;
- every address the host resolves to must be public: loopback, link-local (cloud metadata),
  multicast, unspecified and reserved addresses are refused, and private (RFC 1918, ULA) ones too;
- a chat tool with a known host only goes to that host (Slack → hooks.slack.com …);
- an administrator may vouch for hosts or networks in ``YOROZU_WEBHOOK_ALLOWED_TARGETS`` (an
  in-LGWAN LoGoチャット gateway, a relay): such a target skips the private-address and known-host
  rules, never the link-local one.
Redirects are never followed (``NoRedirects``), so a checked URL cannot hand the request elsewhere.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

KNOWN_HOSTS: dict[str, tuple[str, ...]] = {
    "slack": ("hooks.slack.com",),
    "teams": ("webhook.office.com", "logic.azure.com", "api.powerplatform.com"),
    "lineworks": ("webhook.worksmobile.com",),
    "chatwork": ("api.chatwork.com",),
}
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _resolve(host: str) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError(f"Webhook の宛先「{host}」の名前を解決できません。") from exc
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def _vouched(host: str, addresses: list[IPAddress]) -> bool:
    allowed = [entry.strip().lower() for entry in settings.YOROZU_WEBHOOK_ALLOWED_TARGETS if entry.strip()]
    networks = []
    for entry in allowed:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    if host.lower() in allowed:
        return True
    return bool(addresses) and all(any(a in n for n in networks) for a in addresses)


def _host_matches(host: str, known: tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == k or host.endswith("." + k) for k in known)


def check_webhook_url(url: str, kind: str) -> None:
    """Raise a Japanese ``ValidationError`` when ``url`` must not receive a notification of ``kind``."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise ValidationError("Webhook の宛先は http または https の URL にしてください。")
    addresses = _resolve(host)
    if any(a.is_link_local or a.is_multicast or a.is_unspecified for a in addresses):
        raise ValidationError(f"Webhook の宛先「{host}」はリンクローカル等の内部アドレスのため使えません。")
    if _vouched(host, addresses):
        return
    if any(a.is_loopback or a.is_private or a.is_reserved for a in addresses):
        raise ValidationError(
            f"Webhook の宛先「{host}」は内部アドレスのため使えません（管理者が許可した宛先を除く）。"
        )
    known = KNOWN_HOSTS.get(kind)
    if known and not _host_matches(host, known):
        raise ValidationError(
            f"この種類の Webhook の宛先は {'、'.join(known)} にしてください（「{host}」は使えません）。"
        )


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status: the delivery fails, logged


OPENER = urllib.request.build_opener(NoRedirects)

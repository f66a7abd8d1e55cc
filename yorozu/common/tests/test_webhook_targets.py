"""Issue 10 item 6: webhook targets may not point at internal addresses, when saved or when sent."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from yorozu.common.forms import NotificationChannelForm
from yorozu.common.models import NotificationChannel, NotificationDelivery
from yorozu.common.notifications import notify
from yorozu.common.webhook_targets import check_webhook_url

pytestmark = pytest.mark.django_db


def form_errors(cast, kind: str, target: str) -> str:
    form = NotificationChannelForm(data={"kind": kind, "target": target, "department": cast.department.pk})
    return "" if form.is_valid() else " ".join(form.errors.get("target", []))


def test_a_loopback_hook_is_refused_when_saved(cast, settings) -> None:
    settings.YOROZU_WEBHOOK_ALLOWED_TARGETS = []
    assert "内部アドレス" in form_errors(cast, "logochat", "http://127.0.0.1:9/hook")
    assert "内部アドレス" in form_errors(cast, "logochat", "http://[::1]:9/hook")
    assert "内部アドレス" in form_errors(cast, "logochat", "http://localhost:9/hook")


def test_private_addresses_are_refused_unless_an_administrator_allows_them(cast, settings) -> None:
    settings.YOROZU_WEBHOOK_ALLOWED_TARGETS = []
    assert "内部アドレス" in form_errors(cast, "logochat", "http://10.20.30.40/hook")
    settings.YOROZU_WEBHOOK_ALLOWED_TARGETS = ["10.20.0.0/16"]
    assert form_errors(cast, "logochat", "http://10.20.30.40/hook") == ""


def test_link_local_metadata_addresses_are_refused_even_when_allowed(settings) -> None:
    settings.YOROZU_WEBHOOK_ALLOWED_TARGETS = ["169.254.0.0/16"]
    with pytest.raises(ValidationError, match="リンクローカル"):
        check_webhook_url("http://169.254.169.254/latest/meta-data/", "logochat")


def test_a_chat_tool_with_a_known_host_only_goes_to_that_host(settings) -> None:
    settings.YOROZU_WEBHOOK_ALLOWED_TARGETS = []
    with pytest.raises(ValidationError, match="hooks.slack.com"):
        check_webhook_url("https://8.8.8.8/services/T000/B000/XXX", "slack")
    check_webhook_url("https://8.8.8.8/hook", "logochat")  # LoGoチャット has no single known host


def test_only_http_and_https_are_accepted(settings) -> None:
    for url in ("file:///etc/passwd", "ftp://8.8.8.8/x", "gopher://8.8.8.8/"):
        with pytest.raises(ValidationError, match="http または https"):
            check_webhook_url(url, "logochat")


def test_a_channel_written_around_the_form_is_refused_at_send_time(cast, http_server, settings) -> None:
    settings.YOROZU_WEBHOOK_ALLOWED_TARGETS = []
    NotificationChannel.objects.create(kind="logochat", department=cast.department, target=http_server.url)
    notify(event="x", subject="件名", body="本文", department_ids=[cast.department.pk])
    assert http_server.requests == []
    delivery = NotificationDelivery.objects.get()
    assert delivery.status == "failed" and "内部アドレス" in delivery.error


def test_redirects_are_not_followed(cast, http_server, settings) -> None:
    settings.YOROZU_WEBHOOK_RETRIES = 1
    http_server.responses = [(302, {"Location": f"{http_server.url}/elsewhere"}, b"")]
    NotificationChannel.objects.create(
        kind="logochat", department=cast.department, target=http_server.url + "/hook"
    )
    notify(event="x", subject="件名", body="本文", department_ids=[cast.department.pk])
    assert [r.path for r in http_server.requests] == ["/hook"]
    assert NotificationDelivery.objects.get().status == "failed"

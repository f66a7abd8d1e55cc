import urllib.parse

import pytest
from django.core import mail

from yorozu.common.models import NotificationChannel, NotificationDelivery
from yorozu.common.notifications import notify

pytestmark = pytest.mark.django_db


def channel(cast, kind, target, **extra):
    return NotificationChannel.objects.create(kind=kind, department=cast.department, target=target, **extra)


def send(cast):
    return notify(
        event="consultation.created",
        subject="新しい相談",
        body="契約事務のRPA化",
        url="/consultations/1/",
        department_ids=[cast.department.pk],
    )


def test_slack_gets_a_text_payload(cast, http_server):
    channel(cast, "slack", http_server.url + "/slack")
    send(cast)
    payload = http_server.requests[0].json()
    assert "新しい相談" in payload["text"] and "/consultations/1/" in payload["text"]


def test_teams_gets_an_adaptive_card(cast, http_server):
    channel(cast, "teams", http_server.url + "/teams")
    send(cast)
    attachment = http_server.requests[0].json()["attachments"][0]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert attachment["content"]["body"][0]["text"] == "新しい相談"
    assert attachment["content"]["actions"][0]["url"].endswith("/consultations/1/")


def test_line_works_gets_title_body_and_button(cast, http_server):
    channel(cast, "lineworks", http_server.url + "/lw")
    send(cast)
    payload = http_server.requests[0].json()
    assert payload["title"] == "新しい相談" and payload["body"]["text"] == "契約事務のRPA化"
    assert payload["button"]["label"] == "詳細を開く"


def test_logo_chat_gets_text(cast, http_server):
    channel(cast, "logochat", http_server.url + "/logo")
    send(cast)
    assert http_server.requests[0].json()["text"].startswith("【新しい相談】")


def test_chatwork_gets_a_form_body_and_its_token_header(cast, http_server):
    channel(cast, "chatwork", http_server.url + "/v2/rooms/1/messages", secret="cw-token")
    send(cast)
    request = http_server.requests[0]
    assert request.headers["x-chatworktoken"] == "cw-token"
    body = urllib.parse.parse_qs(request.body.decode())["body"][0]
    assert body.startswith("[info][title]新しい相談[/title]")


def test_email_goes_to_the_address(cast):
    channel(cast, "email", "kosekijumin@example.lg.jp")
    send(cast)
    assert mail.outbox[0].to == ["kosekijumin@example.lg.jp"]
    assert "新しい相談" in mail.outbox[0].subject


def test_a_failing_webhook_is_retried_then_logged_without_raising(cast, http_server, settings):
    settings.YOROZU_WEBHOOK_RETRIES = 3
    http_server.responses = [(500, {}, b"no"), (500, {}, b"no"), (500, {}, b"no")]
    channel(cast, "slack", http_server.url + "/slack")
    [delivery] = send(cast)
    assert delivery.status == NotificationDelivery.Status.FAILED
    assert delivery.attempts == 3 and "500" in delivery.error
    assert len(http_server.requests) == 3


def test_a_retry_that_succeeds_is_logged_as_sent(cast, http_server):
    http_server.responses = [(503, {}, b"busy")]
    channel(cast, "slack", http_server.url + "/slack")
    [delivery] = send(cast)
    assert delivery.status == NotificationDelivery.Status.SENT and delivery.attempts == 2


def test_an_unreachable_host_is_logged(cast):
    channel(cast, "teams", "http://127.0.0.1:9/nothing")
    [delivery] = send(cast)
    assert delivery.status == NotificationDelivery.Status.FAILED


def test_channels_only_get_the_events_they_want(cast, http_server):
    channel(cast, "slack", http_server.url + "/slack", events="consultation.stage_changed")
    assert send(cast) == []
    assert http_server.requests == []


def test_other_departments_channels_get_nothing(cast, http_server):
    NotificationChannel.objects.create(kind="slack", department=cast.other_department, target=http_server.url)
    send(cast)
    assert http_server.requests == []

import pytest

from yorozu.common.models import NotificationChannel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _public_dns(monkeypatch):
    """No DNS here: the chat tools' hosts resolve to a public address (webhook_targets checks it)."""
    import ipaddress

    from yorozu.common import webhook_targets

    monkeypatch.setattr(webhook_targets, "_resolve", lambda host: [ipaddress.ip_address("8.8.8.8")])


def test_a_requester_adds_a_personal_channel(cast, client_as):
    client = client_as(cast.requester)
    response = client.post(
        "/common/notifications/",
        {"scope": "personal", "kind": "slack", "target": "https://hooks.slack.com/services/x"},
    )
    assert response.status_code == 302
    assert NotificationChannel.objects.get().user == cast.requester


def test_a_requester_cannot_add_a_department_channel(cast, client_as):
    client_as(cast.requester).post(
        "/common/notifications/",
        {
            "scope": "department",
            "kind": "slack",
            "department": cast.other_department.pk,
            "target": "https://hooks.slack.com/services/x",
        },
    )
    channel = NotificationChannel.objects.get()
    assert channel.department is None and channel.user == cast.requester


def test_a_consultant_adds_a_department_channel(cast, client_as):
    client_as(cast.consultant).post(
        "/common/notifications/",
        {
            "scope": "department",
            "kind": "teams",
            "department": cast.department.pk,
            "target": "https://city.webhook.office.com/hook",
        },
    )
    assert NotificationChannel.objects.get().department == cast.department


def test_a_bad_address_is_explained_in_japanese(cast, client_as):
    page = client_as(cast.requester).post(
        "/common/notifications/", {"scope": "personal", "kind": "email", "target": "not-an-address"}
    )
    assert "メールアドレスを入力してください" in page.content.decode()
    assert not NotificationChannel.objects.exists()


def test_a_viewer_cannot_add_channels(cast, client_as):
    response = client_as(cast.viewer).post(
        "/common/notifications/",
        {"scope": "personal", "kind": "slack", "target": "https://hooks.slack.com/services/x"},
    )
    assert response.status_code == 403


def test_nobody_deletes_someone_elses_channel(cast, client_as):
    channel = NotificationChannel.objects.create(
        kind="slack", user=cast.colleague, target="https://x.example/1"
    )
    assert client_as(cast.requester).post(f"/common/notifications/{channel.pk}/delete/").status_code == 404
    assert client_as(cast.colleague).post(f"/common/notifications/{channel.pk}/delete/").status_code == 302
    assert not NotificationChannel.objects.exists()


def test_requesters_only_see_their_own_channels(cast, client_as):
    NotificationChannel.objects.create(
        kind="slack", department=cast.department, target="https://x.example/secret"
    )
    page = client_as(cast.requester).get("/common/notifications/").content.decode()
    assert "x.example/secret" not in page


def test_anonymous_is_sent_to_login(client):
    assert client.get("/common/notifications/").status_code == 302

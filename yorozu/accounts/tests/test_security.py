"""Issue 10: tokens that expire and can be revoked, throttling per username and per address,
idle sessions, log out everywhere, external users kept out, no-store caching."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from yorozu.accounts.models import ApiToken, User
from yorozu.accounts.services import token_create
from yorozu.common.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def external(cast):
    return User.objects.create_user(username="partner", password=cast.password, role=User.Role.EXTERNAL)


def post_login(client, username, password, ip="10.1.2.3"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def bearer(client, raw):
    return client.get("/api/consultations/", headers={"Authorization": f"Bearer {raw}"})


def test_a_token_expires_after_the_configured_days(client, cast, settings):
    settings.YOROZU_API_TOKEN_DAYS = 90
    raw = token_create(user=cast.requester)
    assert bearer(client, raw).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert bearer(client, raw).status_code == 401


def test_createtoken_takes_days_and_a_name(cast):
    out = io.StringIO()
    call_command("createtoken", "requester", "--days", "7", "--name", "kintone連携", stdout=out)
    token = ApiToken.objects.get(digest=ApiToken.digest_of(out.getvalue().strip().splitlines()[-1]))
    assert token.name == "kintone連携"
    assert timedelta(days=6, hours=23) < token.expires_at - timezone.now() <= timedelta(days=7)


def test_createtoken_refuses_external_users_with_a_clear_message(external):
    with pytest.raises(CommandError, match="関係機関の利用者には API トークンを発行できません"):
        call_command("createtoken", "partner", stdout=io.StringIO())
    assert not ApiToken.objects.filter(user=external).exists()


def test_an_external_users_token_is_refused_by_the_api(client, external):
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=external, digest=ApiToken.digest_of(raw))
    assert bearer(client, raw).status_code == 401


def test_the_owner_lists_and_revokes_a_token_and_the_revocation_is_audited(client_as, cast):
    raw = token_create(user=cast.requester, name="BI連携")
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    client = client_as(cast.requester)
    page = client.get("/accounts/me/").content.decode()
    assert "BI連携" in page and "失効させる" in page and "有効期限" in page
    assert client.post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert AuditEntry.objects.filter(
        model="accounts.apitoken", object_id=str(token.pk), action="delete"
    ).exists()
    assert bearer(client_as(None), raw).status_code == 401


def test_nobody_revokes_someone_elses_token_from_the_profile(client_as, cast):
    raw = token_create(user=cast.requester)
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    assert client_as(cast.consultant).post(f"/accounts/me/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_one_password_across_many_usernames_from_one_address_is_throttled(client, cast, settings):
    settings.YOROZU_LOGIN_IP_FAILURE_LIMIT = 6
    for index in range(6):
        post_login(client, f"nobody{index}", "Summer2026!")
    response = post_login(client, "requester", cast.password)
    assert response.status_code == 429
    assert "この端末（IPアドレス）" in response.content.decode()
    assert post_login(client, "requester", cast.password, ip="10.9.9.9").status_code == 302


def test_a_username_is_locked_from_every_address(client, cast, settings):
    for index in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "requester", "wrong", ip=f"10.0.0.{index + 1}")
    response = post_login(client, "requester", cast.password, ip="10.0.0.99")
    assert response.status_code == 429
    assert "このユーザー名" in response.content.decode()


@pytest.mark.parametrize(("role", "minutes_ok", "minutes_out"), [("requester", 29, 31), ("external", 14, 16)])
def test_an_idle_session_ends_after_the_roles_idle_time(
    client_as, cast, external, role, minutes_ok, minutes_out
):
    user = external if role == "external" else cast.requester
    client = client_as(user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get("/accounts/me/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=minutes_ok), tick=False):
        assert client.get("/accounts/me/").status_code == 200
    later = start + timedelta(minutes=minutes_ok + minutes_out)
    with time_machine.travel(later, tick=False):
        response = client.get("/accounts/me/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert client.get("/accounts/me/").status_code == 302


def test_log_out_everywhere_ends_the_other_browsers_sessions(client, cast, django_user_model):
    from django.test import Client

    other = Client()
    other.force_login(cast.requester, backend="django.contrib.auth.backends.ModelBackend")
    here = Client()
    here.force_login(cast.requester, backend="django.contrib.auth.backends.ModelBackend")
    assert other.get("/accounts/me/").status_code == 200
    assert here.post("/accounts/me/logout-everywhere/").status_code == 302
    assert other.get("/accounts/me/").status_code == 302
    assert here.get("/accounts/me/").status_code == 302


def test_external_users_are_refused_staff_pages_land_on_the_ledgers_and_see_their_profile(
    client_as, external
):
    client = client_as(external)
    assert client.get("/consultations/").status_code == 404
    assert client.get("/training/").status_code == 404
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/ledgers/"
    assert client.get("/accounts/me/").status_code == 200
    assert "APIトークン" not in client.get("/accounts/me/").content.decode()
    assert client.post("/accounts/me/tokens/", {"name": "x"}).status_code in (403, 404)


def test_signed_in_pages_and_downloads_are_not_stored(client_as, client, cast):
    signed_in = client_as(cast.requester)
    assert signed_in.get("/accounts/me/")["Cache-Control"] == "no-store"
    assert signed_in.get("/consultations/export/")["Cache-Control"] == "no-store"
    assert "no-store" not in client_as(None).get("/healthz").get("Cache-Control", "")


def test_api_documents_need_a_login_unless_configured_public(client_as, cast, settings):
    assert client_as(None).get("/api/openapi.json").status_code == 302
    assert client_as(None).get("/api/docs").status_code == 302
    assert client_as(cast.requester).get("/api/openapi.json").status_code == 200
    settings.YOROZU_API_DOCS_PUBLIC = True
    assert client_as(None).get("/api/openapi.json").status_code == 200

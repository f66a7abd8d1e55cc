"""The administrator lists and revokes others' API tokens and two-factor devices (issue 10)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from yorozu.accounts import twofactor
from yorozu.accounts.models import ApiToken
from yorozu.accounts.services import token_create

pytestmark = pytest.mark.django_db


def test_the_admin_lists_two_factor_devices_without_their_secret(client_as, cast):
    device = twofactor.enrol_totp(cast.consultant)
    page = client_as(cast.admin).get("/admin/otp_totp/totpdevice/").content.decode()
    assert "consultant" in page and device.key not in page
    detail = client_as(cast.admin).get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in detail


def test_the_admin_revokes_someones_second_factor_and_it_is_audited(client_as, cast):
    from yorozu.common.models import AuditEntry

    device = twofactor.enrol_totp(cast.consultant)
    twofactor.new_recovery_codes(cast.consultant)
    response = client_as(cast.admin).post(
        "/admin/otp_totp/totpdevice/", {"action": "revoke", "_selected_action": [device.pk]}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=cast.consultant).exists()
    assert not StaticDevice.objects.filter(user=cast.consultant).exists()
    assert AuditEntry.objects.filter(model="accounts.user", object_id=str(cast.consultant.pk)).exists()


def test_the_admin_revokes_someones_api_token(client_as, cast):
    raw = token_create(user=cast.requester, name="BI連携")
    token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
    client = client_as(cast.admin)
    assert "BI連携" in client.get("/admin/accounts/apitoken/").content.decode()
    client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_people_who_are_not_staff_do_not_reach_the_device_list(client_as, cast):
    twofactor.enrol_totp(cast.requester)
    response = client_as(cast.consultant).get("/admin/otp_totp/totpdevice/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

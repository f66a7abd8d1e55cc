"""Two-factor login: who must use it, enrolment, the second step, recovery codes, the CLI."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from yorozu.accounts import twofactor
from yorozu.common.models import AuditEntry

pytestmark = pytest.mark.django_db


def password_login(client, user, password):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def test_an_administrator_is_sent_to_enrolment_after_the_password(client, cast, two_factor_enforced):
    password_login(client, cast.admin, cast.password)
    response = client.get("/consultations/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/setup/")


def test_a_requester_without_a_device_logs_in_with_the_password_alone(client, cast, two_factor_enforced):
    password_login(client, cast.requester, cast.password)
    assert client.get("/consultations/").status_code == 200


def test_enrolment_confirms_with_a_code_shows_recovery_codes_and_opens_the_site(
    client, cast, two_factor_enforced, no_throttle
):
    password_login(client, cast.admin, cast.password)
    page = client.get("/accounts/2fa/setup/").content.decode()
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=cast.admin, confirmed=False)
    assert twofactor.base32_secret(device) == secret

    wrong = client.post(
        "/accounts/2fa/setup/", {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "正しくありません" in wrong.content.decode()

    done = client.post("/accounts/2fa/setup/", {"code": code_for(device), "next": "/consultations/"})
    codes = re.findall(r"<li><code>(\d{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/consultations/").status_code == 200
    assert AuditEntry.objects.filter(object_id=str(cast.admin.pk), changes__二要素認証="設定").exists()


@pytest.fixture
def no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_an_enrolled_user_is_asked_for_the_code_and_a_wrong_code_is_refused(
    client, cast, two_factor_enforced, no_throttle
):
    device = twofactor.enrol_totp(cast.requester)
    password_login(client, cast.requester, cast.password)
    response = client.get("/consultations/")
    assert response["Location"].startswith("/accounts/2fa/verify/")
    wrong = client.post("/accounts/2fa/verify/", {"code": code_for(device, offset=-20)})
    assert "正しくありません" in wrong.content.decode()
    assert client.get("/consultations/").status_code == 302
    ok = client.post("/accounts/2fa/verify/", {"code": code_for(device), "next": "/consultations/"})
    assert ok["Location"] == "/consultations/"
    assert client.get("/consultations/").status_code == 200


def test_wrong_codes_make_the_next_try_wait_even_with_the_right_code(client, cast, two_factor_enforced):
    device = twofactor.enrol_totp(cast.requester)
    password_login(client, cast.requester, cast.password)
    for _ in range(3):
        refused = client.post("/accounts/2fa/verify/", {"code": code_for(device, offset=-20)})
    assert "秒後" in refused.content.decode()
    assert client.post("/accounts/2fa/verify/", {"code": code_for(device)}).status_code == 200
    assert client.get("/consultations/").status_code == 302


def test_the_next_address_never_leaves_the_site(client, cast, two_factor_enforced):
    device = twofactor.enrol_totp(cast.requester)
    password_login(client, cast.requester, cast.password)
    ok = client.post("/accounts/2fa/verify/", {"code": code_for(device), "next": "https://evil.example/"})
    assert ok["Location"] == "/"


def test_a_recovery_code_works_once(client, cast, two_factor_enforced):
    twofactor.enrol_totp(cast.requester)
    codes = twofactor.new_recovery_codes(cast.requester)
    password_login(client, cast.requester, cast.password)
    assert client.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 302
    client.post("/accounts/logout/")
    password_login(client, cast.requester, cast.password)
    again = client.post("/accounts/2fa/verify/", {"code": codes[0]})
    assert again.status_code == 200 and "正しくありません" in again.content.decode()
    assert twofactor.remaining_recovery_codes(cast.requester) == 9


def test_an_app_can_require_two_factor_for_its_users(client, cast, two_factor_enforced):
    def needs_it(user):
        return user.pk == cast.viewer.pk

    twofactor.register_requirement(needs_it)
    try:
        assert twofactor.two_factor_required(cast.viewer)
        assert not twofactor.two_factor_required(cast.requester)
        password_login(client, cast.viewer, cast.password)
        assert client.get("/consultations/")["Location"].startswith("/accounts/2fa/setup/")
    finally:
        twofactor._REQUIREMENTS.remove(needs_it)


def test_consultants_need_it_only_when_the_city_says_so(cast, settings):
    assert not twofactor.two_factor_required(cast.consultant)
    settings.YOROZU_2FA_REQUIRE_CONSULTANTS = True
    assert twofactor.two_factor_required(cast.consultant)


def test_bearer_api_calls_are_not_held_at_the_second_step(cast, api_as, two_factor_enforced):
    assert api_as(cast.admin).get("/api/consultations/").status_code == 200


def test_an_administrator_cannot_switch_it_off(client, cast):
    device = twofactor.enrol_totp(cast.admin)
    client.force_login(cast.admin, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/accounts/2fa/verify/", {"code": code_for(device)})
    client.post("/accounts/2fa/disable/")
    assert twofactor.has_device(cast.admin)


def test_a_requester_can_switch_it_off_after_verifying(client, cast):
    device = twofactor.enrol_totp(cast.requester)
    client.force_login(cast.requester, backend="django.contrib.auth.backends.ModelBackend")
    client.post("/accounts/2fa/disable/")
    assert twofactor.has_device(cast.requester)  # not verified in this session yet
    client.post("/accounts/2fa/verify/", {"code": code_for(device)})
    client.post("/accounts/2fa/disable/")
    assert not twofactor.has_device(cast.requester)


def test_the_profile_page_shows_the_state(client_as, cast):
    assert "二要素認証を設定する" in client_as(cast.requester).get("/accounts/me/").content.decode()


def test_the_cli_prints_codes_only_for_demo_devices_and_resets(cast):
    twofactor.enrol_totp(cast.admin)
    with pytest.raises(CommandError):
        call_command("twofactor", "code", "admin")
    demo = twofactor.enrol_totp(cast.requester, name=twofactor.DEMO_DEVICE_NAME)
    out = StringIO()
    call_command("twofactor", "code", cast.requester.username, stdout=out)
    assert out.getvalue().strip() in {code_for(demo, -1), code_for(demo), code_for(demo, 1)}
    call_command("twofactor", "reset", "admin", stdout=StringIO())
    assert not twofactor.has_device(cast.admin)


@pytest.mark.browser
def test_enrolment_and_login_in_a_real_browser(page, live_server, cast, two_factor_enforced, browser_login):
    browser_login(page, cast.admin)
    assert "/accounts/2fa/setup/" in page.url
    secret = page.locator("#totp-secret").inner_text()
    device = TOTPDevice.objects.get(user=cast.admin, confirmed=False)
    assert twofactor.base32_secret(device) == secret
    page.get_by_label("確認コード（6桁）").fill(code_for(device))
    page.get_by_role("button", name="確認する").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)  # the answer to the POST, not the form
    page.get_by_role("link", name="続ける").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url)  # before the next navigation starts
    page.goto(f"{live_server.url}/consultations/")
    assert "/consultations/" in page.url and "2fa" not in page.url

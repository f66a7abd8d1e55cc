"""A partner enrols TOTP and logs in with a code in a real Chromium; codes are computed here from the
secret the page shows (RFC 6238 via django-otp's TOTP), never read from the server."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def totp_code(secret: str, steps_ahead: int = 0) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def test_a_partner_enrols_logs_in_with_a_code_and_sees_only_what_is_shared(
    page, live_server, world, two_factor_enforced, browser_login
):
    browser_login(page, world.school_user)
    assert "/accounts/2fa/setup/" in page.url
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("確認コード（6桁）").fill(totp_code(secret))
    page.get_by_role("button", name="確認する").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)  # the answer to the POST, not the form

    page.context.clear_cookies()
    browser_login(page, world.school_user)
    assert "/accounts/2fa/verify/" in page.url
    page.get_by_label("確認コード").fill(totp_code(secret, 1))  # the enrolment code may not be reused
    page.get_by_role("button", name="確認する").click()
    page.wait_for_url(f"{live_server.url}/ledgers/")

    page.get_by_role("link", name="関係機関連絡票").click()
    page.get_by_role("link", name="#1").click()
    page.wait_for_url("**/ledgers/*/records/*/")  # the record page, loaded
    values = page.locator("#record-values").inner_text()
    assert "児童1" in values and "小2" in values and "秘密の経過" not in values
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    response = page.goto(f"{live_server.url}/consultations/")
    assert response is not None and response.status in (403, 404)


def test_a_department_member_with_records_must_use_two_factor(
    page, live_server, world, two_factor_enforced, browser_login
):
    browser_login(page, world.member)
    assert "/accounts/2fa/setup/" in page.url

"""Issue 10: the security headers and cookie flags hold on every kind of page the product serves."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def assert_security_headers(response, what: str) -> None:
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, what
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, what
    assert response.get("X-Frame-Options") == "DENY", what
    assert response.get("X-Content-Type-Options") == "nosniff", what
    assert response.get("Referrer-Policy") == "same-origin", what


def test_every_kind_of_page_sends_the_security_headers(client_as, cast) -> None:
    from yorozu.budget.demo import CODE, load_demo
    from yorozu.consultations.tests.factories import make_case

    load_demo()
    case = make_case(cast.requester)
    anonymous = {
        "login page": "/accounts/login/",
        "public budget board": f"/budget/{CODE}/2025/",
        "public budget CSV": f"/budget/{CODE}/2025/csv/",
        "public budget API": f"/api/budget/{CODE}/2025/",
        "health check": "/healthz",
        "not found": "/no-such-page/",
        "login redirect": "/consultations/",
    }
    for what, url in anonymous.items():
        assert_security_headers(client_as(None).get(url), what)
    signed_in = {
        "home": "/",
        "case page": f"/consultations/{case.pk}/",
        "xlsx download": "/consultations/export/?format=xlsx",
        "forbidden": "/common/audit/",
        "other department's case (404)": f"/consultations/{case.pk + 1000}/",
        "API documents": "/api/docs",
    }
    client = client_as(cast.requester)
    for what, url in signed_in.items():
        response = client.get(url)
        assert_security_headers(response, what)
        assert response["Cache-Control"] == "no-store", what
    assert_security_headers(client_as(cast.admin).get("/admin/"), "admin")


def test_session_and_csrf_cookies_are_http_only_and_same_site(client, cast) -> None:
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "requester", "password": cast.password})
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"

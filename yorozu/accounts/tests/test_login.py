import pytest
from django.core.exceptions import ValidationError

from yorozu.accounts.models import City, Department, User

pytestmark = pytest.mark.django_db


def post_login(client, username, password, ip="10.1.2.3"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_login_page_is_in_japanese(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="ja">' in page and "ユーザー名" in page and "パスワード" in page


def test_a_right_password_logs_in(client, cast):
    response = post_login(client, "requester", cast.password)
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200


def test_a_wrong_password_says_so_in_japanese(client, cast):
    page = post_login(client, "requester", "wrong").content.decode()
    assert "正しくありません" in page


def test_five_failures_lock_that_username_from_that_address(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "requester", "wrong")
    response = post_login(client, "requester", cast.password)
    assert response.status_code == 429
    assert "一時停止" in response.content.decode()


def test_a_lockout_does_not_block_colleagues_behind_the_same_address(client, cast, settings):
    # LGWAN puts a whole department behind one address: lock username + IP, never the IP alone.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "requester", "wrong")
    assert post_login(client, "colleague", cast.password).status_code == 302


def test_logout_needs_a_post(client_as, cast):
    client = client_as(cast.requester)
    assert client.get("/accounts/logout/").status_code == 405
    client.post("/accounts/logout/")
    assert client.get("/accounts/me/").status_code == 302


def test_pages_send_a_content_security_policy(client):
    response = client.get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_home_page_needs_a_login(client):
    assert client.get("/").status_code == 302


def test_a_city_code_with_a_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError, match="検査数字"):
        City(name="板橋区", code="131190").full_clean()
    City(name="板橋区", code="131199").full_clean()


def test_a_section_must_hang_under_a_bureau(cast):
    with pytest.raises(ValidationError, match="部"):
        Department(name="係", kind=Department.Kind.SECTION, parent=cast.department).full_clean()


def test_a_requester_needs_a_department():
    with pytest.raises(ValidationError):
        User(username="x", role=User.Role.REQUESTER, password="x").full_clean()


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError):
        validate_password("12345678")


def test_the_login_page_points_residents_to_the_public_board(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/budget/"' in page
    assert "/impacts/public/" not in page


def test_the_login_page_links_the_dx_results_page_when_it_is_switched_on(client, settings):
    settings.YOROZU_PUBLIC_DX_RESULTS = True
    assert "/impacts/public/" in client.get("/accounts/login/").content.decode()


def test_favicon_ico_points_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")

"""403, 404 and 500 answer a Japanese page in the site's layout with a way back."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from yorozu.common import errors

pytestmark = pytest.mark.django_db


def _in_layout(body: str) -> None:
    assert 'class="site-header"' in body and 'lang="ja"' in body
    assert 'href="/">トップページへ</a>' in body


def test_a_view_raising_permission_denied_gets_the_japanese_403_page(cast, client_as) -> None:  # noqa: ANN001
    response = client_as(cast.requester).get(
        reverse("common:audit-list"), HTTP_REFERER="http://testserver/training/"
    )
    body = response.content.decode()
    assert response.status_code == 403
    _in_layout(body)
    assert "このページを表示する権限がありません" in body and "Forbidden" not in body
    assert "この操作を行う権限がありません。" in body  # the reason the view gave
    assert 'href="http://testserver/training/">前のページに戻る' in body
    assert "所管課職員" in body  # names the user's role


def test_an_unknown_address_gets_the_japanese_404_page(cast, client_as) -> None:  # noqa: ANN001
    response = client_as(cast.requester).get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    _in_layout(body)
    assert "ページが見つかりません" in body and "Not Found" not in body


def test_a_record_of_another_department_is_a_404_page_in_the_layout(cast, client_as) -> None:  # noqa: ANN001
    from yorozu.worksheets.tests.factories import consultation

    case = consultation(department=cast.department, requester=cast.requester)
    response = client_as(cast.outsider).get(reverse("worksheets:worksheet-detail", args=[case.pk]))
    assert response.status_code == 404 and "ページが見つかりません" in response.content.decode()


def test_a_foreign_referer_is_not_offered_as_the_way_back(cast, client_as) -> None:  # noqa: ANN001
    body = (
        client_as(cast.requester).get("/no-such-page/", HTTP_REFERER="https://evil.example/").content.decode()
    )
    assert "evil.example" not in body and "前のページに戻る" not in body


def test_an_anonymous_visitor_is_offered_the_login(client) -> None:  # noqa: ANN001
    body = client.get("/no-such-page/").content.decode()
    assert "ログインする" in body


def test_a_server_error_gets_the_japanese_500_page(cast, settings) -> None:  # noqa: ANN001
    request = RequestFactory().get("/consultations/")
    request.user = cast.requester
    response = errors.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    _in_layout(body)
    assert "エラーが発生しました" in body and "Server Error" not in body


def test_a_failed_csrf_check_is_explained_in_japanese(cast) -> None:  # noqa: ANN001
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.requester, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("consultations:case-create"), {"title": "x"})
    body = response.content.decode()
    assert response.status_code == 403 and "送信を受け付けられませんでした" in body
    _in_layout(body)

"""Every page walked against the permission matrix (anonymous, requester, colleague, outsider,
consultant, viewer, admin)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yorozu.regqa.models import Collection, Document, QuestionLog
from yorozu.regqa.services import question_ask

pytestmark = pytest.mark.django_db

ROLES = ["requester", "colleague", "outsider", "consultant", "viewer", "admin"]


def _status(client_as: Any, user: Any, url: str, method: str = "get", data: Any = None) -> int:
    client = client_as(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code


def _article_url(collection: Collection, article: str, source: str = "yorozu_fukuri_kyuka") -> str:
    return f"/regqa/article/{collection.pk}/{source}/{quote(article)}/"


def test_anonymous_users_are_sent_to_the_login_page(client_as: Any, welfare: Collection) -> None:
    for url in ["/regqa/ask/", _article_url(welfare, "第五条"), "/regqa/collections/", "/regqa/logs/"]:
        response = client_as(None).get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_everyone_signed_in_can_ask_and_sees_the_cited_article(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    for name in ROLES:
        response = client_as(cast.by_name[name]).post("/regqa/ask/", {"question": "年休って繰り越せる？"})
        html = response.content.decode()
        assert response.status_code == 200, name
        assert "職員の福利厚生・休暇に関する規則 第五条" in html and "原文" in html, name
        assert _article_url(welfare, "第五条") in html
    assert QuestionLog.objects.count() == len(ROLES)


def test_the_question_page_shows_examples_and_the_conversation(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    question_ask(user=cast.requester, question="子どもが熱を出したら休める？")
    html = client_as(cast.requester).get("/regqa/ask/").content.decode()
    assert "年休って繰り越せる？" in html and "子どもが熱を出したら休める？" in html
    other = client_as(cast.colleague).get("/regqa/ask/").content.decode()
    assert "子どもが熱を出したら休める？" in other  # as an example link …
    assert "regqa-past-answer" not in other  # … but not in the colleague's conversation


def test_an_example_link_asks_without_javascript(cast: Any, client_as: Any, welfare: Collection) -> None:
    html = (
        client_as(cast.requester)
        .get("/regqa/ask/", {"question": "親の介護で休みを取りたい"})
        .content.decode()
    )
    assert "第二十二条" in html or "第二十三条" in html


def test_the_hr_collection_is_hidden_from_other_departments(
    cast: Any, client_as: Any, welfare: Collection, hr_only: Collection
) -> None:
    url = _article_url(hr_only, "第一条", source="hr_rule")
    for name in ROLES:
        expected = 200 if name in ("outsider", "admin") else 404
        assert _status(client_as, cast.by_name[name], url) == expected, name
        html = client_as(cast.by_name[name]).post("/regqa/ask/", {"question": "評語Sの割合の上限"}).content
        assert ("人事評価の内部基準" in html.decode()) == (expected == 200), name


def test_the_article_viewer_shows_the_article_in_its_regulation(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    response = client_as(cast.requester).get(_article_url(welfare, "第十六条"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="true"' in html and "（子の看護休暇）" in html
    assert "（年次休暇の繰越し）" in html and "第4章　特別休暇" in html  # the rest of the regulation
    assert client_as(cast.requester).get(_article_url(welfare, "第九十九条")).status_code == 404
    assert client_as(cast.requester).get(_article_url(welfare, "-") + "?suppl=1").status_code == 200


def test_feedback_is_stored_for_ones_own_question_only(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    log = question_ask(user=cast.requester, question="年休って繰り越せる？").log
    assert log is not None
    url = f"/regqa/feedback/{log.pk}/"
    for name in ROLES:
        if name != "requester":
            assert _status(client_as, cast.by_name[name], url, "post", {"rating": "bad"}) == 404, name
    response = client_as(cast.requester).post(url, {"rating": "good"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "評価を記録しました" in response.content.decode()
    log.refresh_from_db()
    assert log.rating == "good"


def test_staff_pages_are_for_consultants_and_admins(cast: Any, client_as: Any, welfare: Collection) -> None:
    doc = Document.objects.get(collection=welfare)
    version = doc.current
    assert version is not None
    urls = [
        "/regqa/collections/",
        f"/regqa/collections/{welfare.pk}/",
        f"/regqa/documents/{doc.pk}/",
        f"/regqa/versions/{version.pk}/download/",
    ]
    for name in ROLES:
        expected = 200 if name in ("consultant", "admin") else 403
        for url in urls:
            assert _status(client_as, cast.by_name[name], url) == expected, (name, url)
    # the desk reviews the question log (ADR 0419): consultants too, scoped to what they may see
    for name in ROLES:
        expected = 200 if name in ("consultant", "admin") else 403
        assert _status(client_as, cast.by_name[name], "/regqa/logs/") == expected, name


def test_consultants_cannot_manage_a_collection_they_cannot_see(
    cast: Any, client_as: Any, hr_only: Collection
) -> None:
    assert _status(client_as, cast.consultant, f"/regqa/collections/{hr_only.pk}/") == 404
    assert _status(client_as, cast.admin, f"/regqa/collections/{hr_only.pk}/") == 200


def test_only_admins_create_collections_and_change_who_sees_them(
    cast: Any, client_as: Any, welfare: Collection
) -> None:
    data = {"name": "人事内部2", "departments": [cast.other_department.pk]}
    assert _status(client_as, cast.consultant, "/regqa/collections/", "post", data) == 403
    assert _status(client_as, cast.consultant, f"/regqa/collections/{welfare.pk}/edit/") == 403
    response = client_as(cast.admin).post("/regqa/collections/", data)
    created = Collection.objects.get(name="人事内部2")
    assert response.status_code == 302 and list(created.departments.all()) == [cast.other_department]
    edit = {"name": "福利厚生・服務", "roles": ["consultant"]}
    assert _status(client_as, cast.admin, f"/regqa/collections/{welfare.pk}/edit/", "post", edit) == 302
    welfare.refresh_from_db()
    assert welfare.roles == ["consultant"]


def test_an_upload_is_ingested_and_reported(cast: Any, client_as: Any, welfare: Collection) -> None:
    text = "○出張規程\n（旅費）\n第1条　出張旅費は、実費を支給する。\n2　日当は支給しない。\n"
    upload = SimpleUploadedFile("shutcho.txt", text.encode(), content_type="text/plain")
    response = client_as(cast.consultant).post(f"/regqa/collections/{welfare.pk}/", {"files": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "shutcho.txt: 出張規程（1条、検索単位1件）" in html
    assert welfare.documents.filter(source="shutcho").exists()


def test_a_broken_or_disguised_upload_changes_nothing(cast: Any, client_as: Any, welfare: Collection) -> None:
    before = Collection.objects.get(pk=welfare.pk).index_version
    for name, data in [("rule.pdf", b"%PDF-1.4 not really"), ("rule.docx", b"plain text pretending")]:
        upload = SimpleUploadedFile(name, data)
        response = client_as(cast.consultant).post(f"/regqa/collections/{welfare.pk}/", {"files": upload})
        assert "コレクションは変更していません" in response.content.decode(), name
    assert Collection.objects.get(pk=welfare.pk).index_version == before
    assert welfare.documents.count() == 1


def test_a_consultant_can_delete_a_document(cast: Any, client_as: Any, welfare: Collection) -> None:
    doc = welfare.documents.get()
    assert _status(client_as, cast.requester, f"/regqa/documents/{doc.pk}/delete/", "post") == 403
    assert _status(client_as, cast.consultant, f"/regqa/documents/{doc.pk}/delete/", "post") == 302
    assert not welfare.documents.exists()

"""Every page walked against the permission matrix (anonymous, requester, colleague, outsider,
consultant, viewer, admin), plus the flows the pages drive."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from yorozu.training import services
from yorozu.training.models import Kind, Registration, SkillAssessment, TrainingSession
from yorozu.training.tests.factories import make_session, make_skill, move_to_past

pytestmark = pytest.mark.django_db
EVERYONE = ["requester", "colleague", "outsider", "consultant", "viewer", "admin"]
DESK = {"consultant", "admin"}
READERS = {"consultant", "admin", "viewer"}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def status_for(client_as, user, method, url, data=None):
    client = client_as(user)
    response = client.get(url) if method == "get" else client.post(url, data or {})
    return response.status_code


def assert_anonymous_redirected(client_as, url, method="get"):
    assert status_for(client_as, None, method, url) == 302


@pytest.fixture
def world(cast):
    """An upcoming 全庁研修, a past one the requester attended, a study group and a material."""
    upcoming = make_session(cast.consultant, title="RPA入門")
    past = make_session(cast.consultant, title="AI-OCR研修", topic="ai_ocr")
    services.registration_create(user=cast.requester, session=past)
    move_to_past(past)
    services.attendance_record(user=cast.consultant, session=past, attended_user_ids={cast.requester.pk})
    study = make_session(cast.consultant, title="課内勉強会", kind=Kind.STUDY_GROUP, topic="documents")
    material = services.material_add(
        user=cast.consultant, session=upcoming, upload=SimpleUploadedFile("slides.pdf", PDF)
    )
    study_material = services.material_add(
        user=cast.consultant, session=study, upload=SimpleUploadedFile("memo.pdf", PDF)
    )
    return {
        "upcoming": upcoming,
        "past": past,
        "study": study,
        "material": material,
        "study_material": study_material,
    }


def test_session_list_shows_study_groups_only_to_the_desk_and_viewers(cast, client_as, world):
    url = reverse("training:session-list")
    assert_anonymous_redirected(client_as, url)
    for name in EVERYONE:
        response = client_as(cast.by_name[name]).get(url, {"when": "all"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "RPA入門" in body
        assert ("課内勉強会" in body.split("<table")[1]) == (name in READERS), name
        assert ("研修を登録する" in body) == (name in DESK)


def test_session_detail_matrix(cast, client_as, world):
    for key, visible in (("upcoming", set(EVERYONE)), ("study", READERS)):
        url = reverse("training:session-detail", args=[world[key].pk])
        assert_anonymous_redirected(client_as, url)
        for name in EVERYONE:
            response = client_as(cast.by_name[name]).get(url)
            assert response.status_code == (200 if name in visible else 404), (key, name)
            if response.status_code == 200:
                assert ("申込者（" in response.content.decode()) == (name in DESK)


def test_create_edit_cancel_are_for_the_desk(cast, client_as, world):
    form = {
        "kind": "all_staff",
        "topic": "generative_ai",
        "title": "生成AI研修",
        "starts_at": "2030-06-01T14:00",
        "ends_at": "2030-06-01T16:00",
        "place": "研修室",
        "online_url": "",
        "instructor": "講師",
        "capacity": "20",
        "description": "",
    }
    for name in EVERYONE:
        expected = 302 if name in DESK else 403
        assert (
            status_for(client_as, cast.by_name[name], "post", reverse("training:session-create"), form)
            == expected
        )
        edit = reverse("training:session-edit", args=[world["upcoming"].pk])
        assert status_for(client_as, cast.by_name[name], "get", edit) == (200 if name in DESK else 403)
    assert TrainingSession.objects.filter(title="生成AI研修").count() == 2
    assert_anonymous_redirected(client_as, reverse("training:session-create"))
    cancel = reverse("training:session-cancel", args=[world["upcoming"].pk])
    for name in ("requester", "viewer"):
        assert status_for(client_as, cast.by_name[name], "post", cancel) == 403
    assert status_for(client_as, cast.consultant, "post", cancel) == 302
    world["upcoming"].refresh_from_db()
    assert world["upcoming"].is_cancelled


def test_edit_changes_the_session_and_bumps_the_sequence(cast, client_as, world):
    session = world["upcoming"]
    form = {
        "kind": "all_staff",
        "topic": "rpa",
        "title": "RPA入門（会場変更）",
        "starts_at": "2030-07-01T14:00",
        "ends_at": "2030-07-01T16:00",
        "place": "別館 会議室",
        "online_url": "",
        "instructor": "講師",
        "capacity": "12",
        "description": "",
    }
    response = client_as(cast.consultant).post(reverse("training:session-edit", args=[session.pk]), form)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.place, session.sequence, session.fiscal_year) == (
        "RPA入門（会場変更）",
        "別館 会議室",
        1,
        2030,
    )


def test_register_and_cancel_through_the_page(cast, client_as, world):
    url = reverse("training:registration-create", args=[world["upcoming"].pk])
    assert_anonymous_redirected(client_as, url, "post")
    for name in EVERYONE:
        expected = 403 if name == "viewer" else 302
        assert status_for(client_as, cast.by_name[name], "post", url) == expected, name
    assert Registration.objects.filter(session=world["upcoming"], status="confirmed").count() == 5
    study = reverse("training:registration-create", args=[world["study"].pk])
    assert status_for(client_as, cast.requester, "post", study) == 404
    cancel = reverse("training:registration-cancel", args=[world["upcoming"].pk])
    assert status_for(client_as, cast.colleague, "post", cancel) == 302
    assert Registration.objects.get(session=world["upcoming"], user=cast.colleague).status == "cancelled"
    assert client_as(cast.colleague).get(url).status_code == 405


def test_attendance_page_is_for_the_desk(cast, client_as, world):
    url = reverse("training:attendance-edit", args=[world["past"].pk])
    assert_anonymous_redirected(client_as, url)
    for name in EVERYONE:
        assert status_for(client_as, cast.by_name[name], "get", url) == (200 if name in DESK else 403)
    response = client_as(cast.admin).post(url, {"attended": []})
    assert response.status_code == 302
    assert Registration.objects.get(session=world["past"], user=cast.requester).attended is False


def test_feedback_form_only_for_attendees_and_summary_only_for_the_desk(cast, client_as, world):
    url = reverse("training:feedback-create", args=[world["past"].pk])
    assert_anonymous_redirected(client_as, url)
    for name in EVERYONE:
        expected = 200 if name == "requester" else 403
        assert status_for(client_as, cast.by_name[name], "get", url) == expected, name
    answer = {"satisfaction": "5", "understanding": "4", "usefulness": "4", "comment": "業務で使えそう"}
    assert client_as(cast.requester).post(url, answer).status_code == 302
    assert status_for(client_as, cast.colleague, "post", url, answer) == 403
    summary = reverse("training:feedback-summary", args=[world["past"].pk])
    assert_anonymous_redirected(client_as, summary)
    for name in EVERYONE:
        response = client_as(cast.by_name[name]).get(summary)
        assert response.status_code == (200 if name in DESK else 403), name
    body = client_as(cast.consultant).get(summary).content.decode()
    assert "業務で使えそう" in body and "回答 1件／出席 1人" in body


def test_material_download_is_access_checked(cast, client_as, world):
    for key, visible in (("material", set(EVERYONE)), ("study_material", READERS)):
        url = reverse("training:material-download", args=[world[key].pk])
        assert_anonymous_redirected(client_as, url)
        for name in EVERYONE:
            response = client_as(cast.by_name[name]).get(url)
            assert response.status_code == (200 if name in visible else 404), (key, name)
            if response.status_code == 200:
                assert b"".join(response.streaming_content) == PDF


def test_material_upload_and_delete_are_for_the_desk(cast, client_as, world):
    url = reverse("training:material-create", args=[world["upcoming"].pk])
    for name in EVERYONE:
        upload = SimpleUploadedFile("handout.pdf", PDF)
        assert status_for(client_as, cast.by_name[name], "post", url, {"file": upload}) == (
            302 if name in DESK else 403
        )
    assert world["upcoming"].materials.count() == 3
    bad = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf")
    client_as(cast.consultant).post(url, {"file": bad})
    assert world["upcoming"].materials.count() == 3
    delete = reverse("training:material-delete", args=[world["material"].pk])
    assert status_for(client_as, cast.requester, "post", delete) == 403
    assert status_for(client_as, cast.consultant, "post", delete) == 302
    assert world["upcoming"].materials.count() == 2


def test_session_ics_needs_a_login_and_follows_visibility(cast, client_as, world):
    url = reverse("training:session-ics", args=[world["study"].pk])
    assert_anonymous_redirected(client_as, url)
    for name in EVERYONE:
        response = client_as(cast.by_name[name]).get(url)
        assert response.status_code == (200 if name in READERS else 404)
        if response.status_code == 200:
            assert response["Content-Type"].startswith("text/calendar")
            Calendar.from_ical(response.content)


def test_calendar_feed_works_without_a_session_and_dies_on_rotation(cast, client, client_as, world):
    settings_url = reverse("training:calendar-settings")
    assert_anonymous_redirected(client_as, settings_url)
    assert_anonymous_redirected(client_as, reverse("training:calendar-rotate"), "post")
    for name in EVERYONE:
        assert status_for(client_as, cast.by_name[name], "get", settings_url) == 200
        assert status_for(client_as, cast.by_name[name], "post", reverse("training:calendar-rotate")) == 302
    services.registration_create(user=cast.requester, session=world["upcoming"])
    token = cast.requester.training_feed.token
    client.logout()
    response = client.get(reverse("training:calendar-feed", args=[token]))
    assert response.status_code == 200
    summaries = sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT"))
    assert summaries == ["【全庁研修】AI-OCR研修", "【全庁研修】RPA入門"]
    services.calendar_feed_rotate(user=cast.requester)
    assert client.get(reverse("training:calendar-feed", args=[token])).status_code == 404
    assert client.get(reverse("training:calendar-feed", args=["guess"])).status_code == 404


def test_skill_pages_matrix(cast, client_as, world):
    skill = make_skill()
    services.skill_assess(user=cast.consultant, consultant=cast.consultant, skill=skill, kind="self", level=3)
    pages = [reverse("training:skill-matrix"), reverse("training:skill-history", args=[cast.consultant.pk])]
    for url in pages:
        assert_anonymous_redirected(client_as, url)
        for name in EVERYONE:
            assert status_for(client_as, cast.by_name[name], "get", url) == (
                200 if name in READERS else 403
            ), (url, name)
    body = client_as(cast.viewer).get(pages[0]).content.decode()
    assert "RPAシナリオ設計" in body and "レベル3以上 1人" in body
    assert (
        status_for(client_as, cast.viewer, "get", reverse("training:skill-history", args=[cast.requester.pk]))
        == 404
    )


def test_assessments_through_the_page(cast, client_as, world):
    skill = make_skill()
    own = reverse("training:skill-assess", args=[cast.consultant.pk])
    form = {
        "skill": skill.pk,
        "kind": "self",
        "level": "3",
        "assessed_on": "2026-10-01",
        "note": "研修講師を担当",
    }
    for name in ("requester", "viewer"):
        assert status_for(client_as, cast.by_name[name], "post", own, form) == 403
    assert client_as(cast.admin).post(own, form).status_code == 403  # not his own self-assessment
    assert client_as(cast.consultant).post(own, form).status_code == 302
    assert client_as(cast.admin).post(own, dict(form, kind="review", level="2")).status_code == 302
    rows = list(SkillAssessment.objects.values_list("kind", "level", "assessor__username"))
    assert rows == [("self", 3, "consultant"), ("review", 2, "admin")]
    reviewer = reverse("training:reviewer-set", args=[cast.consultant.pk])
    assert status_for(client_as, cast.consultant, "post", reviewer, {"on": "1"}) == 403
    assert status_for(client_as, cast.admin, "post", reviewer, {"on": "1"}) == 302
    assert hasattr(cast.consultant.__class__.objects.get(pk=cast.consultant.pk), "skill_reviewer")


def test_report_pages_are_for_readers(cast, client_as, world):
    fy = world["past"].fiscal_year
    for url in (reverse("training:report"), reverse("training:report-csv")):
        assert_anonymous_redirected(client_as, url)
        for name in EVERYONE:
            assert status_for(client_as, cast.by_name[name], "get", url + f"?fy={fy}") == (
                200 if name in READERS else 403
            )
    body = client_as(cast.viewer).get(reverse("training:report"), {"fy": fy}).content.decode()
    assert "延べ出席者" in body and "戸籍住民課" in body
    csv = client_as(cast.viewer).get(reverse("training:report-csv"), {"fy": fy}).content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "所属,AI-OCR,計"
    assert csv.splitlines()[1] == "区民文化部 戸籍住民課,1,1"


def test_each_feedback_question_has_answers_that_fit_it(cast, client_as, world):
    url = reverse("training:feedback-create", args=[world["past"].pk])
    body = client_as(cast.requester).get(url).content.decode()
    assert "とても良い" not in body  # one generic scale no longer answers 「理解度」
    for answer in ("5 満足", "1 不満", "5 よく理解できた", "1 理解できなかった", "5 すぐに活用できる"):
        assert answer in body
    assert "研修の内容をどの程度理解できましたか" in body


def test_the_report_reads_full_width_and_wareki_years_and_says_when_it_cannot(cast, client_as, world):
    client = client_as(cast.consultant)
    url = reverse("training:report")
    for text in ("２０２５", "令和７年度", "７", "R7"):
        body = client.get(url, {"fy": text}).content.decode()
        assert "人材育成 令和7年度 報告" in body and "fy-error" not in body, text
    body = client.get(url, {"fy": "来年"}).content.decode()
    assert 'id="fy-error"' in body and "「来年」は年度として読めません" in body
    csv = client.get(reverse("training:report-csv"), {"fy": "来年"})
    assert csv.status_code == 400 and "読めません" in csv.content.decode()

"""Every page walked against the permission matrix (CONVENTIONS.md: the ``cast`` fixture)."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from yorozu.consultations import services
from yorozu.consultations.models import Attachment, Consultation, EffortLog, TimelineEntry
from yorozu.consultations.tests.factories import make_case

pytestmark = pytest.mark.django_db
EVERYONE = ["requester", "colleague", "outsider", "consultant", "viewer", "admin"]
SEES_CASE = {"requester", "colleague", "consultant", "viewer", "admin"}  # a case of cast.department
CHANGES_CASE = {"requester", "colleague", "consultant", "admin"}
DESK = {"consultant", "admin"}


@pytest.fixture
def case(cast):
    return make_case(cast.requester, title="書かない窓口の導入", received_on=date(2026, 5, 1))


def _expected(who, allowed, *, ok=200, denied=403):
    if who not in SEES_CASE:
        return 404
    return ok if who in allowed else denied


def test_anonymous_users_are_sent_to_the_login_page(client_as, case):
    client = client_as(None)
    for name, args in [
        ("case-list", []),
        ("case-board", []),
        ("case-create", []),
        ("dashboard", []),
        ("case-export", []),
        ("case-detail", [case.pk]),
        ("case-edit", [case.pk]),
    ]:
        response = client.get(reverse(f"consultations:{name}", args=args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    for name in [
        "case-transition",
        "case-comment",
        "case-assign",
        "case-effort",
        "attachment-upload",
        "case-board-move",
    ]:
        response = client.post(
            reverse(f"consultations:{name}", args=[case.pk]), {"to": "analysis", "body": "x"}
        )
        assert response.status_code == 302, name
    assert Consultation.objects.get().stage == "received"


@pytest.mark.parametrize("who", EVERYONE)
def test_the_list_shows_only_the_cases_a_user_may_see(cast, client_as, case, who):
    make_case(cast.outsider, title="児童相談所と関係機関の情報共有")
    response = client_as(getattr(cast, who)).get(reverse("consultations:case-list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert ("書かない窓口の導入" in body) == (who in SEES_CASE)
    assert ("児童相談所と関係機関の情報共有" in body) == (who != "requester" and who != "colleague")


@pytest.mark.parametrize("who", EVERYONE)
def test_the_case_page_answers_404_to_those_who_may_not_see_it(cast, client_as, case, who):
    response = client_as(getattr(cast, who)).get(reverse("consultations:case-detail", args=[case.pk]))
    assert response.status_code == _expected(who, SEES_CASE)
    if response.status_code == 200:
        assert "書かない窓口の導入" in response.content.decode()


@pytest.mark.parametrize("who", EVERYONE)
def test_editing_a_case(cast, client_as, case, who):
    client = client_as(getattr(cast, who))
    url = reverse("consultations:case-edit", args=[case.pk])
    assert client.get(url).status_code == _expected(who, CHANGES_CASE)
    data = {
        "theme": "counter",
        "title": "書かない窓口（改題）",
        "current_issue": "待ち時間",
        "target_work": "住民異動届",
    }
    response = client.post(url, data)
    assert response.status_code == _expected(who, CHANGES_CASE, ok=302)
    case.refresh_from_db()
    assert (case.title == "書かない窓口（改題）") == (who in CHANGES_CASE)


@pytest.mark.parametrize("who", EVERYONE)
def test_filing_a_case_through_the_form(cast, client_as, who):
    user = getattr(cast, who)
    client = client_as(user)
    url = reverse("consultations:case-create")
    assert client.get(url).status_code == (403 if who == "viewer" else 200)
    data = {
        "theme": "rpa",
        "title": "保育料算定のRPA化",
        "current_issue": "手計算",
        "target_work": "保育料算定",
    }
    if user.sees_all_departments:
        data["department"] = cast.department.pk
    response = client.post(url, data)
    if who == "viewer":
        assert response.status_code == 403 and not Consultation.objects.exists()
        return
    case = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "consultations:case-detail", args=[case.pk]
    )
    assert case.department == (cast.department if user.sees_all_departments else user.department)


def test_the_form_prefills_the_theme_template(cast, client_as):
    body = (
        client_as(cast.requester).get(reverse("consultations:case-create"), {"theme": "rpa"}).content.decode()
    )
    assert "PCだけで完結するか" in body
    assert "ルール化できますか" in body


def test_the_form_swaps_its_template_for_htmx(cast, client_as):
    response = client_as(cast.requester).get(
        reverse("consultations:case-create"),
        {"theme": "ai_ocr", "title": "健診結果"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="intake">')
    assert "帳票の種類と年間枚数" in body and 'value="健診結果"' in body


def test_a_forged_attachment_on_the_form_is_refused_with_a_japanese_message(cast, client_as):
    forged = SimpleUploadedFile("様式.xlsx", b"just some text, not a workbook")
    data = {"theme": "rpa", "title": "t", "current_issue": "i", "target_work": "w", "attachment": forged}
    response = client_as(cast.requester).post(reverse("consultations:case-create"), data)
    assert response.status_code == 200
    assert "一致しません" in response.content.decode()
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_moving_a_case_to_the_next_stage(cast, client_as, case, who):
    response = client_as(getattr(cast, who)).post(
        reverse("consultations:case-transition", args=[case.pk]), {"to": "analysis", "comment": "着手します"}
    )
    assert response.status_code == _expected(who, DESK, ok=302)
    case.refresh_from_db()
    assert (case.stage == "analysis") == (who in DESK)


def test_an_invalid_move_on_the_page_is_refused_with_a_message(cast, client_as, case):
    client = client_as(cast.consultant)
    response = client.post(
        reverse("consultations:case-transition", args=[case.pk]), {"to": "done"}, follow=True
    )
    assert "この段階へは移せません" in response.content.decode()
    case.refresh_from_db()
    assert case.stage == "received"


def test_a_requester_withdraws_their_case_with_a_reason(cast, client_as, case):
    client = client_as(cast.colleague)
    url = reverse("consultations:case-transition", args=[case.pk])
    client.post(url, {"to": "withdrawn"})
    case.refresh_from_db()
    assert case.stage == "received"
    client.post(url, {"to": "withdrawn", "reason": "既存システムで対応"})
    case.refresh_from_db()
    assert case.stage == "withdrawn"


@pytest.mark.parametrize("who", EVERYONE)
def test_commenting(cast, client_as, case, who):
    response = client_as(getattr(cast, who)).post(
        reverse("consultations:case-comment", args=[case.pk]), {"body": "資料を送ります"}
    )
    assert response.status_code == _expected(who, CHANGES_CASE, ok=302)
    assert TimelineEntry.objects.filter(kind="comment").exists() == (who in CHANGES_CASE)


@pytest.mark.parametrize("who", EVERYONE)
def test_assigning_consultants(cast, client_as, case, who):
    response = client_as(getattr(cast, who)).post(
        reverse("consultations:case-assign", args=[case.pk]),
        {"consultants": [cast.consultant.pk, cast.admin.pk]},
    )
    assert response.status_code == _expected(who, DESK, ok=302)
    assert case.assignees.count() == (2 if who in DESK else 0)


@pytest.mark.parametrize("who", EVERYONE)
def test_logging_effort(cast, client_as, case, who):
    response = client_as(getattr(cast, who)).post(
        reverse("consultations:case-effort", args=[case.pk]),
        {"worked_on": "2026-05-02", "hours": "2.5", "note": "ヒアリング"},
    )
    assert response.status_code == _expected(who, DESK, ok=302)
    assert EffortLog.objects.exists() == (who in DESK)


@pytest.mark.parametrize("who", EVERYONE)
def test_attachments_upload_and_download_through_the_access_check(cast, client_as, case, who):
    client = client_as(getattr(cast, who))
    pdf = SimpleUploadedFile("様式.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(reverse("consultations:attachment-upload", args=[case.pk]), {"file": pdf})
    assert response.status_code == _expected(who, CHANGES_CASE, ok=302)
    assert Attachment.objects.exists() == (who in CHANGES_CASE)
    stored = services.attachment_add(
        user=cast.requester, consultation=case, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4\nbody\n%%EOF\n")
    )
    response = client.get(reverse("consultations:attachment-download", args=[case.pk, stored.pk]))
    assert response.status_code == _expected(who, SEES_CASE)
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-1.4\nbody")


def test_an_attachment_of_another_case_is_not_served_under_this_case(cast, client_as, case):
    other = make_case(cast.outsider)
    hidden = services.attachment_add(
        user=cast.outsider, consultation=other, upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")
    )
    response = client_as(cast.requester).get(
        reverse("consultations:attachment-download", args=[case.pk, hidden.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_the_export_holds_exactly_the_filtered_list(cast, client_as, case, who):
    make_case(cast.requester, title="契約事務のＲＰＡ化", received_on=date(2025, 6, 1))
    client = client_as(getattr(cast, who))
    response = client.get(reverse("consultations:case-export"), {"q": "rpa", "format": "csv"})
    assert response.status_code == 200
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    titles = [row[1] for row in rows[1:]]
    assert titles == (["契約事務のＲＰＡ化"] if who in SEES_CASE else [])


def test_the_export_in_cp932_and_xlsx(cast, client_as, case):
    client = client_as(cast.consultant)
    cp932 = client.get(reverse("consultations:case-export"), {"encoding": "cp932", "fiscal_year": "R8"})
    assert "書かない窓口の導入" in cp932.content.decode("cp932")
    xlsx = client.get(reverse("consultations:case-export"), {"format": "xlsx", "fiscal_year": "令和7年度"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1  # header only: the case is in 令和8年度


@pytest.mark.parametrize("who", EVERYONE)
def test_the_board(cast, client_as, case, who):
    response = client_as(getattr(cast, who)).get(reverse("consultations:case-board"))
    assert response.status_code == 200
    assert ("書かない窓口の導入" in response.content.decode()) == (who in SEES_CASE)


@pytest.mark.parametrize("who", EVERYONE)
def test_moving_a_card_on_the_board_with_htmx_returns_the_board(cast, client_as, case, who):
    response = client_as(getattr(cast, who)).post(
        reverse("consultations:case-board-move", args=[case.pk]),
        {"to": "analysis"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == _expected(who, DESK)
    if who in DESK:
        body = response.content.decode()
        assert body.lstrip().startswith('<div id="board"')
        column = body.split('data-stage="analysis"')[1].split("</section>")[0]
        assert "書かない窓口の導入" in column


def test_moving_a_card_without_javascript_redirects_to_the_board(cast, client_as, case):
    response = client_as(cast.consultant).post(
        reverse("consultations:case-board-move", args=[case.pk]), {"to": "analysis"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("consultations:case-board")


@pytest.mark.parametrize("who", EVERYONE)
def test_the_dashboard_counts_only_visible_cases(cast, client_as, case, who):
    make_case(cast.outsider, received_on=date(2026, 6, 1))
    response = client_as(getattr(cast, who)).get(reverse("consultations:dashboard"), {"fiscal_year": "2026"})
    assert response.status_code == 200
    current = response.context["current"]
    expected = {"requester": 1, "colleague": 1, "outsider": 1}.get(who, 2)
    assert current["count"] == expected


def test_the_list_filters_by_keyword_across_widths(cast, client_as):
    make_case(cast.requester, title="ｹｲﾔｸ事務の自動化")
    make_case(cast.requester, title="粗大ごみ受付")
    response = client_as(cast.consultant).get(reverse("consultations:case-list"), {"q": "ケイヤク"})
    assert [c.title for c in response.context["page"]] == ["ｹｲﾔｸ事務の自動化"]


def test_a_bad_fiscal_year_filter_says_so_in_japanese(cast, client_as):
    response = client_as(cast.consultant).get(reverse("consultations:case-list"), {"fiscal_year": "昔"})
    assert response.status_code == 200
    assert response.context["form"].errors["fiscal_year"]

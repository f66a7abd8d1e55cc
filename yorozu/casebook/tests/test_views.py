from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yorozu.casebook import services
from yorozu.casebook.models import CasebookSettings, CaseStudy, Level, Status
from yorozu.casebook.tests.factories import DEMO_DATA, finished_case, import_neighbours, own_city, published

pytestmark = pytest.mark.django_db
STAFF = ("requester", "colleague", "outsider", "consultant", "viewer", "admin")


def status_of(client_as: Any, user: Any, url: str, method: str = "get", **data: Any) -> int:
    return getattr(client_as(user), method)(url, data).status_code


def test_the_list_is_for_staff_only(cast: Any, client_as: Any, external: Any) -> None:
    url = reverse("casebook:case-study-list")
    assert status_of(client_as, None, url) == 302
    assert status_of(client_as, external, url) == 404
    for name in STAFF:
        assert status_of(client_as, cast.by_name[name], url) == 200


def test_a_draft_is_seen_by_its_department_and_the_desk_only(
    cast: Any, client_as: Any, external: Any
) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    url = reverse("casebook:case-study-detail", args=[draft.pk])
    expected = {
        "requester": 200,
        "colleague": 200,
        "outsider": 404,
        "consultant": 200,
        "viewer": 200,
        "admin": 200,
    }
    assert {n: status_of(client_as, cast.by_name[n], url) for n in STAFF} == expected
    assert status_of(client_as, external, url) == 404
    listing = client_as(cast.outsider).get(reverse("casebook:case-study-list")).content.decode()
    assert draft.title not in listing


@pytest.mark.parametrize("level", [Level.INTERNAL, Level.PUBLIC, Level.SHARED])
def test_a_published_case_study_is_seen_by_all_staff(
    cast: Any, client_as: Any, external: Any, level: str
) -> None:
    cs = published(cast, level=level)
    url = reverse("casebook:case-study-detail", args=[cs.pk])
    assert all(status_of(client_as, cast.by_name[n], url) == 200 for n in STAFF)
    assert status_of(client_as, external, url) == 404
    assert status_of(client_as, None, url) == 302


def test_the_public_page_shows_public_level_only_and_only_when_switched_on(cast: Any, client_as: Any) -> None:
    own_city()
    public = published(cast, level=Level.PUBLIC)
    internal = published(cast, level=Level.INTERNAL, case=finished_case(cast, title="保育料算定のRPA化"))
    shared = published(cast, level=Level.SHARED, case=finished_case(cast, title="粗大ごみ受付のオンライン化"))
    import_neighbours(cast.consultant)
    listing = reverse("casebook:public-list")
    assert status_of(client_as, None, listing) == 404
    assert status_of(client_as, None, reverse("casebook:public-detail", args=[public.uid])) == 404
    CasebookSettings.objects.create(pk=1, public_page=True)
    page = client_as(None).get(listing).content.decode()
    assert public.title in page and internal.title not in page and shared.title not in page
    assert "保育園の入所申込" not in page  # another city's 事例 is never on our public page
    assert status_of(client_as, None, reverse("casebook:public-detail", args=[public.uid])) == 200
    for hidden in (internal, shared, CaseStudy.objects.filter(municipality_code="139912").first()):
        assert status_of(client_as, None, reverse("casebook:public-detail", args=[hidden.uid])) == 404


def test_edit_page_follows_can_edit(cast: Any, client_as: Any) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    url = reverse("casebook:case-study-edit", args=[draft.pk])
    expected = {
        "requester": 200,
        "colleague": 200,
        "outsider": 404,
        "consultant": 200,
        "viewer": 403,
        "admin": 200,
    }
    assert {n: status_of(client_as, cast.by_name[n], url) for n in STAFF} == expected
    response = client_as(cast.requester).post(
        url, {"title": "契約事務のRPA化（確認済み）", "theme": "rpa", "tools_text": "WinActor、UiPath"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "契約事務のRPA化（確認済み）" and draft.tools == ["WinActor", "UiPath"]


def test_an_edit_with_a_bad_period_shows_a_japanese_error_and_saves_nothing(
    cast: Any, client_as: Any
) -> None:
    draft = services.case_study_draft(user=cast.consultant, consultation=finished_case(cast))
    data = {
        "title": "変更",
        "theme": "rpa",
        "effect_period_start": "2024-04-01",
        "effect_period_end": "2024-03-01",
    }
    response = client_as(cast.consultant).post(reverse("casebook:case-study-edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert "終了日は開始日以降" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title != "変更"


def test_imported_case_studies_cannot_be_edited_from_the_page(cast: Any, client_as: Any) -> None:
    import_neighbours(cast.consultant)
    cs = CaseStudy.objects.filter(municipality_code="139912").first()
    assert status_of(client_as, cast.admin, reverse("casebook:case-study-edit", args=[cs.pk])) == 403
    page = client_as(cast.admin).get(reverse("casebook:case-study-detail", args=[cs.pk])).content.decode()
    assert "他団体の事例" in page and "みどり市" in page and "編集する" not in page


def test_draft_submit_publish_flow_through_the_pages(cast: Any, client_as: Any) -> None:
    case = finished_case(cast)
    response = client_as(cast.consultant).post(reverse("casebook:case-study-draft", args=[case.pk]))
    cs = CaseStudy.objects.get(consultation=case)
    assert response.url == reverse("casebook:case-study-edit", args=[cs.pk])
    assert (
        client_as(cast.requester).post(reverse("casebook:case-study-draft", args=[case.pk])).status_code
        == 403
    )
    client_as(cast.consultant).post(reverse("casebook:case-study-submit", args=[cs.pk]))
    publish = reverse("casebook:case-study-publish", args=[cs.pk])
    assert client_as(cast.consultant).post(publish, {"level": "shared"}).status_code == 403
    assert client_as(cast.outsider).post(publish, {"level": "shared"}).status_code == 404
    client_as(cast.requester).post(publish, {"level": "shared"})
    cs.refresh_from_db()
    assert (cs.status, cs.level) == (Status.PUBLISHED, Level.SHARED)


def test_the_case_page_shows_the_panel_and_the_draft_button(cast: Any, client_as: Any) -> None:
    case = finished_case(cast)
    page = (
        client_as(cast.consultant).get(reverse("consultations:case-detail", args=[case.pk])).content.decode()
    )
    assert reverse("casebook:consultation-panel", args=[case.pk]) in page
    panel = client_as(cast.consultant).get(reverse("casebook:consultation-panel", args=[case.pk]))
    assert "事例にする" in panel.content.decode()
    requester_panel = client_as(cast.requester).get(reverse("casebook:consultation-panel", args=[case.pk]))
    assert "事例にする" not in requester_panel.content.decode()
    assert status_of(client_as, cast.outsider, reverse("casebook:consultation-panel", args=[case.pk])) == 404


def test_the_case_panel_lists_similar_case_studies_with_reasons_and_links_reuse(
    cast: Any, client_as: Any
) -> None:
    import_neighbours(cast.consultant)
    case = finished_case(cast, title="保育所の入所申込をオンラインにしたい")
    response = client_as(cast.consultant).get(
        reverse("casebook:consultation-panel", args=[case.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html  # the htmx fragment only
    assert "保育園の入所申込をオンライン化" in html and "似ている理由" in html and "みどり市" in html
    cs = CaseStudy.objects.get(title__startswith="保育園の入所申込")
    client_as(cast.consultant).post(
        reverse("casebook:case-study-reuse", args=[cs.pk]), {"consultation": case.pk}
    )
    detail = (
        client_as(cast.requester).get(reverse("casebook:case-study-detail", args=[cs.pk])).content.decode()
    )
    assert "この事例を参考にした相談: 1件" in detail


def test_the_intake_form_has_the_similar_panel_which_answers_as_the_requester_types(
    cast: Any, client_as: Any
) -> None:
    import_neighbours(cast.consultant)
    form = client_as(cast.requester).get(reverse("consultations:case-create")).content.decode()
    assert reverse("casebook:case-study-similar") in form
    response = client_as(cast.requester).get(
        reverse("casebook:case-study-similar"),
        {
            "title": "保育園の入所申込",
            "current_issue": "紙の申込書の不備確認が大変",
            "target_work": "",
            "theme": "",
        },
        headers={"HX-Request": "true"},
    )
    assert "保育園の入所申込をオンライン化" in response.content.decode()
    no_js = client_as(cast.requester).get(reverse("casebook:case-study-similar"), {"text": "水道の開始届"})
    assert "<html" in no_js.content.decode() and "水道の使用開始" in no_js.content.decode()


def test_search_filters_by_theme_tool_municipality_and_effect(cast: Any, client_as: Any) -> None:
    import_neighbours(cast.consultant)
    url = reverse("casebook:case-study-list")

    def titles(**params: Any) -> list[str]:
        page = client_as(cast.requester).get(url, params).content.decode()
        found = [cs.title for cs in CaseStudy.objects.all() if cs.title in page]
        return sorted(found, key=page.index)

    assert set(titles(theme="rpa")) == {
        "ふるさと納税の寄附データ取込のRPA化",
        "会計年度任用職員の勤務実績集計と報酬計算のRPA化",
    }
    assert set(titles(tool="kintone")) == {
        "道路・公園の損傷通報をスマートフォンとkintoneで受付",
        "固定資産税の家屋調査をタブレットとkintoneで電子化",
    }
    assert len(titles(municipality="139921")) == 6
    assert set(titles(min_hours="500")) == {
        "保育園の入所申込をオンライン化し、書類不備の確認を自動化",
        "小中学校の欠席連絡を保護者のスマートフォンから",
        "住民票の写しの郵送請求をオンライン申請とキャッシュレス決済に",
        "介護保険負担限度額認定申請書のAI-OCR読取",
    }
    assert titles(q="保育園 入所 オンライン")[0].startswith("保育園の入所申込")


def test_exchange_pages_are_for_the_desk(cast: Any, client_as: Any) -> None:
    own_city()
    published(cast, level=Level.SHARED)
    for name in STAFF:
        expected = 200 if name in ("consultant", "admin") else 403
        assert status_of(client_as, cast.by_name[name], reverse("casebook:exchange")) == expected
        assert status_of(client_as, cast.by_name[name], reverse("casebook:exchange-export")) == expected
    response = client_as(cast.consultant).get(reverse("casebook:exchange-export"), {"level": "shared"})
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["municipality"] == {"name": "よろず区", "code": "139998"} and len(data["items"]) == 1


def test_import_page_reports_counts_and_bad_files(cast: Any, client_as: Any) -> None:
    url = reverse("casebook:exchange-import")
    raw = (DEMO_DATA / "aoba.json").read_bytes()
    for _ in range(2):
        response = client_as(cast.consultant).post(
            url, {"file": SimpleUploadedFile("aoba.json", raw)}, follow=True
        )
    assert "追加 0件、更新 0件、変更なし 6件" in response.content.decode()
    assert CaseStudy.objects.count() == 6
    bad = client_as(cast.consultant).post(url, {"file": SimpleUploadedFile("x.json", b"{")}, follow=True)
    assert "x.json: JSONの書式が正しくありません" in bad.content.decode()
    assert (
        client_as(cast.requester).post(url, {"file": SimpleUploadedFile("aoba.json", raw)}).status_code == 403
    )


def test_only_admins_switch_the_public_page(cast: Any, client_as: Any) -> None:
    url = reverse("casebook:settings-update")
    assert client_as(cast.consultant).post(url, {"public_page": "on"}).status_code == 403
    client_as(cast.admin).post(url, {"public_page": "on"})
    assert CasebookSettings.objects.get(pk=1).public_page

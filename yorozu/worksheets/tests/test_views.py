"""Every page walked against the permission matrix, and the page flows (htmx and plain form posts)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from yorozu.worksheets import services
from yorozu.worksheets.models import HourlyRate
from yorozu.worksheets.tests.factories import ROW, consultation, item_data, items_of

pytestmark = pytest.mark.django_db

CAST = ["anonymous", "requester", "colleague", "outsider", "consultant", "viewer", "admin"]
READ = {
    "anonymous": 302,
    "requester": 200,
    "colleague": 200,
    "outsider": 404,
    "consultant": 200,
    "viewer": 200,
    "admin": 200,
}
WRITE_REDIRECT = {**READ, "requester": 302, "colleague": 302, "consultant": 302, "admin": 302, "viewer": 403}
WRITE_FORM = {**READ, "viewer": 403}
DESK = {
    "anonymous": 302,
    "requester": 403,
    "colleague": 403,
    "outsider": 403,
    "consultant": 200,
    "viewer": 403,
    "admin": 200,
}


@pytest.fixture
def case(cast):  # noqa: ANN001, ANN201
    return consultation(department=cast.department, requester=cast.requester)


@pytest.fixture
def item(cast, case):  # noqa: ANN001, ANN201
    return services.work_item_create(user=cast.requester, consultation=case, data=item_data())


def user_of(cast, name: str):  # noqa: ANN001, ANN201
    return None if name == "anonymous" else cast.by_name[name]


@pytest.mark.parametrize("who", CAST)
def test_worksheet_detail_follows_the_department(cast, client_as, case, item, who: str) -> None:  # noqa: ANN001
    response = client_as(user_of(cast, who)).get(reverse("worksheets:worksheet-detail", args=[case.pk]))
    assert response.status_code == READ[who]
    if READ[who] == 200:
        assert "契約台帳への転記" in response.content.decode()
        assert ("業務を追加" in response.content.decode()) == (who != "viewer")


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["worksheet-export", "plan-docx", "plan-xlsx", "plan-edit"])
def test_downloads_and_plan_page_follow_the_department(
    cast, client_as, case, item, who: str, name: str
) -> None:  # noqa: ANN001
    response = client_as(user_of(cast, who)).get(reverse(f"worksheets:{name}", args=[case.pk]))
    assert response.status_code == READ[who]


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["item-row", "item-fit"])
def test_item_row_and_fit_follow_the_department(cast, client_as, item, who: str, name: str) -> None:  # noqa: ANN001
    response = client_as(user_of(cast, who)).get(reverse(f"worksheets:{name}", args=[item.pk]))
    assert response.status_code == READ[who]
    if name == "item-fit" and READ[who] == 200:
        html = response.content.decode()
        assert html.count("<td>満たさない</td>") == 4  # AI-OCR, オンライン申請, BI, 生成AI fail their gates
        assert html.count("を満たさないため順位に入りません") == 4
        assert "入力が電子のため、AI-OCRは不要" in html


@pytest.mark.parametrize("who", CAST)
def test_adding_a_row_needs_write_access_to_the_department(cast, client_as, case, who: str) -> None:  # noqa: ANN001
    response = client_as(user_of(cast, who)).post(reverse("worksheets:item-create", args=[case.pk]), ROW)
    assert response.status_code == WRITE_REDIRECT[who]
    assert len(items_of(case)) == (1 if WRITE_REDIRECT[who] == 302 and who != "anonymous" else 0)


@pytest.mark.parametrize("who", CAST)
def test_editing_a_row_needs_write_access(cast, client_as, item, who: str) -> None:  # noqa: ANN001
    client = client_as(user_of(cast, who))
    url = reverse("worksheets:item-edit", args=[item.pk])
    assert client.get(url).status_code == WRITE_FORM[who]
    response = client.post(url, {**ROW, "minutes_per_case": "30"})
    assert response.status_code == WRITE_REDIRECT[who]
    item.refresh_from_db()
    assert item.minutes_per_case == (30 if WRITE_REDIRECT[who] == 302 and who != "anonymous" else 15)


@pytest.mark.parametrize("who", CAST)
def test_deleting_a_row_needs_write_access(cast, client_as, case, item, who: str) -> None:  # noqa: ANN001
    response = client_as(user_of(cast, who)).post(reverse("worksheets:item-delete", args=[item.pk]))
    assert response.status_code == WRITE_REDIRECT[who]
    assert len(items_of(case)) == (0 if WRITE_REDIRECT[who] == 302 and who != "anonymous" else 1)


@pytest.mark.parametrize("who", CAST)
def test_import_page_needs_write_access(cast, client_as, case, who: str) -> None:  # noqa: ANN001
    response = client_as(user_of(cast, who)).get(reverse("worksheets:worksheet-import", args=[case.pk]))
    assert response.status_code == WRITE_FORM[who]


@pytest.mark.parametrize("who", CAST)
def test_saving_the_plan_needs_write_access(cast, client_as, case, who: str) -> None:  # noqa: ANN001
    data = {
        "proposed_tool": "rpa",
        "initial_cost": "100",
        "build_cost": "0",
        "annual_licence": "0",
        "upkeep_hours": "0",
    }
    response = client_as(user_of(cast, who)).post(reverse("worksheets:plan-edit", args=[case.pk]), data)
    assert response.status_code == WRITE_REDIRECT[who]


@pytest.mark.parametrize("who", CAST)
def test_list_and_template_are_for_every_logged_in_user(cast, client_as, case, who: str) -> None:  # noqa: ANN001
    client = client_as(user_of(cast, who))
    listing = client.get(reverse("worksheets:worksheet-list"))
    template = client.get(reverse("worksheets:worksheet-template"))
    expected = 302 if who == "anonymous" else 200
    assert (listing.status_code, template.status_code) == (expected, expected)
    if expected == 200:
        assert (case.title in listing.content.decode()) == (who != "outsider")


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["rate-list", "settings-edit"])
def test_rates_and_settings_are_for_the_desk(cast, client_as, who: str, name: str) -> None:  # noqa: ANN001
    assert client_as(user_of(cast, who)).get(reverse(f"worksheets:{name}")).status_code == DESK[who]


@pytest.mark.parametrize("who", CAST)
def test_editing_and_deleting_a_rate_is_for_the_desk(cast, client_as, who: str) -> None:  # noqa: ANN001
    rate = HourlyRate.objects.create(grade="主事", yen_per_hour=4000)
    client = client_as(user_of(cast, who))
    edit = client.post(
        reverse("worksheets:rate-edit", args=[rate.pk]),
        {"grade": "主事", "yen_per_hour": "4100", "sort_order": "0"},
    )
    assert edit.status_code == {200: 302}.get(DESK[who], DESK[who])
    delete = client.post(reverse("worksheets:rate-delete", args=[rate.pk]))
    assert delete.status_code == {200: 302}.get(DESK[who], DESK[who])
    assert HourlyRate.objects.filter(pk=rate.pk).exists() == (DESK[who] != 200)


def test_htmx_edit_answers_the_row_and_the_totals(cast, client_as, item) -> None:  # noqa: ANN001
    client = client_as(cast.requester)
    url = reverse("worksheets:item-edit", args=[item.pk])
    form = client.get(url, headers={"HX-Request": "true"})
    assert (
        form.status_code == 200 and "<form" in form.content.decode() and "<html" not in form.content.decode()
    )
    response = client.post(url, {**ROW, "annual_cases": "2400"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert f'id="item-{item.pk}"' in html and 'id="ws-totals"' in html and 'hx-swap-oob="true"' in html
    assert "600.0" in html  # 2,400 × 15 / 60


def test_htmx_create_with_errors_retargets_the_form(cast, client_as, case) -> None:  # noqa: ANN001
    client = client_as(cast.requester)
    response = client.post(
        reverse("worksheets:item-create", args=[case.pk]),
        {**ROW, "minutes_per_case": "abc"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#item-create"
    assert "数値" in response.content.decode() or "数" in response.content.decode()
    assert items_of(case) == []


def test_plain_form_post_without_js_shows_errors_in_the_page(cast, client_as, case) -> None:  # noqa: ANN001
    response = client_as(cast.requester).post(
        reverse("worksheets:item-create", args=[case.pk]), {**ROW, "name": ""}
    )
    assert response.status_code == 422 and "このフィールドは必須です" in response.content.decode()


def test_export_is_a_workbook_with_the_rows_and_figures(cast, client_as, case, item) -> None:  # noqa: ANN001
    response = client_as(cast.viewer).get(reverse("worksheets:worksheet-export", args=[case.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["業務量調査"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (
        row["業務名"] == "契約台帳への転記" and row["年間時間（時間）"] == 300 and row["推奨ツール"] == "RPA"
    )


def test_plan_docx_download_opens_in_python_docx(cast, client_as, case, item) -> None:  # noqa: ANN001
    response = client_as(cast.requester).get(reverse("worksheets:plan-docx", args=[case.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "現状と課題" in text and "KPI" in text


def test_settings_page_saves_weights(cast, client_as) -> None:  # noqa: ANN001
    from yorozu_core.toolfit import FitWeights

    data = {
        "annual_working_hours": "1800",
        **{k: str(v) for k, v in FitWeights().as_dict().items()},
        "stable": "1.5",
    }
    response = client_as(cast.consultant).post(reverse("worksheets:settings-edit"), data)
    assert response.status_code == 302
    from yorozu.worksheets.models import AnalysisSettings

    assert AnalysisSettings.objects.get().fit_weights == {"stable": 1.5}
    bad = client_as(cast.consultant).post(
        reverse("worksheets:settings-edit"), {**data, "few_cases_factor": "3"}
    )
    assert bad.status_code == 422


def test_payback_says_no_cost_entered_instead_of_zero_years(cast, client_as, case, item) -> None:  # noqa: ANN001
    page = (
        client_as(cast.requester).get(reverse("worksheets:worksheet-detail", args=[case.pk])).content.decode()
    )
    assert "経費未入力" in page and "0.0年" not in page


def test_the_ranking_shows_why_online_application_precedes_a_higher_scoring_ai_ocr(
    cast, client_as, case
) -> None:  # noqa: ANN001
    data = item_data(medium="paper", resident_facing="True")
    paper = services.work_item_create(user=cast.requester, consultation=case, data=data)
    client = client_as(cast.requester)
    detail = client.get(reverse("worksheets:worksheet-detail", args=[case.pk])).content.decode()
    assert "オンライン申請" in detail and "を点数の高いAI-OCR" in detail
    fit_page = client.get(reverse("worksheets:item-fit", args=[paper.pk])).content.decode()
    assert "この順の理由" in fit_page and "紙をなくすオンライン申請" in fit_page
    assert "条件（ゲート）を満たさないため順位に入りません" in fit_page


def test_the_list_is_newest_first_as_its_caption_says(cast, client_as) -> None:  # noqa: ANN001
    from datetime import date

    titles = []
    for day, department in (
        (date(2024, 5, 1), cast.other_department),
        (date(2025, 6, 1), cast.department),
        (date(2023, 4, 1), cast.department),
    ):
        case = consultation(department=department, requester=cast.requester, title=f"相談{day:%Y%m%d}")
        case.received_on = day
        case.save()
        titles.append(case.title)
    body = client_as(cast.consultant).get(reverse("worksheets:worksheet-list")).content.decode()
    assert "新しい順" in body
    positions = [body.index(t) for t in ("相談20250601", "相談20240501", "相談20230401")]
    assert positions == sorted(positions)

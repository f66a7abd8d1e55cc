"""Every page walked by the cast: same department, another department (404), desk, viewer, anonymous."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from yorozu.analysis import services
from yorozu.analysis.models import Dataset, SavedView
from yorozu.common.audit import acting_as

from .conftest import HEADER, key_of, survey_rows

pytestmark = pytest.mark.django_db

SEES = {"requester": 200, "colleague": 200, "outsider": 404, "consultant": 200, "viewer": 200, "admin": 200}
CHANGES = {**SEES, "viewer": 403}


@pytest.fixture
def view(survey: Any, cast: Any) -> SavedView:
    with acting_as(cast.requester):
        saved = services.saved_view_add(user=cast.requester, dataset=survey, name="報告",
                                        analysis={"type": "crosstab", "row": key_of(survey, "年代"),
                                                  "column": key_of(survey, "満足度")})  # fmt: skip
        return services.saved_view_add(user=cast.requester, dataset=survey, name="", view=saved,
                                       analysis={"type": "text", "column": key_of(survey, "ご意見")})  # fmt: skip


def _pages(survey: Any, view: SavedView) -> list[tuple[str, dict[str, int]]]:
    d, age, sat, text, when = (survey.pk, key_of(survey, "年代"), key_of(survey, "満足度"), key_of(survey, "ご意見"),
                               key_of(survey, "回答日時"))  # fmt: skip
    return [
        (reverse("analysis:dataset-detail", args=[d]), SEES),
        (reverse("analysis:dataset-frequencies", args=[d]) + f"?column={sat}", SEES),
        (reverse("analysis:dataset-crosstab", args=[d]) + f"?row={age}&column={sat}", SEES),
        (
            reverse("analysis:dataset-crosstab", args=[d]) + f"?row={age}&column={sat}&format=csv&table=1",
            SEES,
        ),
        (reverse("analysis:dataset-timeseries", args=[d]) + f"?column={when}&compare=day", SEES),
        (reverse("analysis:dataset-text", args=[d]) + f"?column={text}&segment={sat}&word=絵本", SEES),
        (reverse("analysis:dataset-row", args=[d, 2]), SEES),
        (reverse("analysis:view-detail", args=[view.pk]), SEES),
        (reverse("analysis:view-report-xlsx", args=[view.pk]), SEES),
        (reverse("analysis:view-report-docx", args=[view.pk]), SEES),
        (reverse("analysis:view-table-csv", args=[view.pk, 0, 0]), SEES),
        (reverse("analysis:dataset-replace", args=[d]), CHANGES),
        (reverse("analysis:view-edit", args=[view.pk]), CHANGES),
    ]


def test_every_page_follows_the_department_rules(
    client_as: Any, cast: Any, survey: Any, view: SavedView
) -> None:
    for url, expected in _pages(survey, view):
        assert client_as(None).get(url).status_code == 302, url  # to the login page
        for name, status in expected.items():
            response = client_as(cast.by_name[name]).get(url)
            assert response.status_code == status, (url, name, response.status_code)


def test_a_shared_department_reads_but_does_not_change(client_as: Any, cast: Any, survey: Any) -> None:
    detail = reverse("analysis:dataset-detail", args=[survey.pk])
    services.dataset_share(user=cast.requester, dataset=survey, departments=[cast.other_department])
    assert client_as(cast.outsider).get(detail).status_code == 200
    assert (
        client_as(cast.outsider).get(reverse("analysis:dataset-replace", args=[survey.pk])).status_code == 403
    )
    response = client_as(cast.outsider).post(reverse("analysis:dataset-delete", args=[survey.pk]))
    assert response.status_code == 403 and Dataset.objects.filter(pk=survey.pk).exists()


def test_the_list_shows_only_visible_datasets(client_as: Any, cast: Any, survey: Any) -> None:
    url = reverse("analysis:dataset-list")
    assert "フェスタのアンケート" in client_as(cast.colleague).get(url).content.decode()
    assert "フェスタのアンケート" not in client_as(cast.outsider).get(url).content.decode()
    assert "フェスタのアンケート" in client_as(cast.viewer).get(url).content.decode()


def test_upload_page_imports_a_file_and_shows_the_profile(client_as: Any, cast: Any) -> None:
    client = client_as(cast.requester)
    body = (",".join(HEADER) + "\n" + "\n".join(",".join(f'"{v}"' for v in r) for r in survey_rows())).encode(
        "cp932"
    )
    upload = io.BytesIO(body)
    upload.name = "アンケート.csv"
    response = client.post(reverse("analysis:dataset-list"),
                           {"name": "窓口アンケート", "department": cast.department.pk, "file": upload})  # fmt: skip
    dataset = Dataset.objects.get(name="窓口アンケート")
    assert response.status_code == 302 and response["Location"] == reverse(
        "analysis:dataset-detail", args=[dataset.pk]
    )
    html = client.get(response["Location"]).content.decode()
    assert "順序尺度" in html and "複数選択" in html and "<svg" in html and 'style="' not in html


def test_upload_errors_are_japanese_and_store_nothing(client_as: Any, cast: Any) -> None:
    upload = io.BytesIO("回答ID,満足度,満足度\n1,満足,不満\n".encode())
    upload.name = "dup.csv"
    response = client_as(cast.requester).post(reverse("analysis:dataset-list"),
                                              {"name": "x", "department": cast.department.pk, "file": upload})  # fmt: skip
    assert response.status_code == 400
    assert "見出し「満足度」が2列目と3列目で重複しています" in response.content.decode()
    assert not Dataset.objects.exists()


def test_a_requester_cannot_upload_for_another_department(client_as: Any, cast: Any) -> None:
    upload = io.BytesIO(b"a,b\n1,2\n")
    upload.name = "a.csv"
    response = client_as(cast.requester).post(reverse("analysis:dataset-list"),
                                              {"name": "x", "department": cast.other_department.pk, "file": upload})  # fmt: skip
    assert response.status_code == 400 and not Dataset.objects.exists()


def test_viewers_and_external_users_cannot_upload(client_as: Any, cast: Any) -> None:
    upload = io.BytesIO(b"a,b\n1,2\n")
    upload.name = "a.csv"
    assert (
        client_as(cast.viewer)
        .post(reverse("analysis:dataset-list"), {"name": "x", "file": upload})
        .status_code
        == 403
    )


def test_crosstab_page_shows_counts_percentages_chi_square_and_saves_a_view(
    client_as: Any, cast: Any, survey: Any
) -> None:
    client = client_as(cast.requester)
    age, sat = key_of(survey, "年代"), key_of(survey, "満足度")
    html = client.get(
        reverse("analysis:dataset-crosstab", args=[survey.pk]) + f"?row={age}&column={sat}"
    ).content.decode()
    assert "（行％）" in html and "（列％）" in html and "カイ二乗" in html and "自由度 8" in html
    assert 'id="chart-data-1"' in html and "<script>" not in html
    response = client.post(reverse("analysis:view-add", args=[survey.pk]),
                           {"type": "crosstab", "row": age, "column": sat, "name": "年代別の満足度"})  # fmt: skip
    view = SavedView.objects.get(name="年代別の満足度")
    assert response["Location"] == reverse("analysis:view-detail", args=[view.pk])
    assert view.analyses == [{"type": "crosstab", "row": age, "column": sat}]


def test_kwic_links_every_context_to_its_answer(client_as: Any, cast: Any, survey: Any) -> None:
    text = key_of(survey, "ご意見")
    html = (
        client_as(cast.requester)
        .get(reverse("analysis:dataset-text", args=[survey.pk]) + f"?column={text}&word=絵本")
        .content.decode()
    )
    assert "「絵本」の使われ方" in html and reverse("analysis:dataset-row", args=[survey.pk, 2])[:-2] in html
    assert "<svg" in html and "共起" in html


def test_column_type_correction_by_form(client_as: Any, cast: Any, survey: Any) -> None:
    key = key_of(survey, "来場のきっかけ")
    response = client_as(cast.requester).post(reverse("analysis:dataset-columns", args=[survey.pk]),
                                              {"prefix": key, f"{key}-key": key, f"{key}-kind": "single"})  # fmt: skip
    survey.refresh_from_db()
    assert response.status_code == 302 and survey.spec(key).kind.value == "single"
    assert (
        client_as(cast.viewer).post(reverse("analysis:dataset-columns", args=[survey.pk])).status_code == 403
    )


def test_a_workbook_with_several_sheets_asks_which_one(client_as: Any, cast: Any) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "表紙"
    book.active.append(["来場者アンケート"])
    answers = book.create_sheet("回答")
    answers.append(["年代", "満足度"])
    for age, satisfaction in [("20代", "満足"), ("30代", "不満"), ("20代", "とても満足")]:
        answers.append([age, satisfaction])
    data = io.BytesIO()
    book.save(data)
    upload = io.BytesIO(data.getvalue())
    upload.name = "回答.xlsx"
    client = client_as(cast.requester)
    response = client.post(reverse("analysis:dataset-list"),
                           {"name": "紙の回答", "department": cast.department.pk, "file": upload})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "シートを選ぶ" in html and 'value="回答"' in html
    token = html.split('name="token" value="')[1].split('"')[0]
    response = client.post(reverse("analysis:dataset-list"), {"token": token, "file_name": "回答.xlsx", "name": "紙の回答",
                                                              "department": cast.department.pk, "sheet": "回答"})  # fmt: skip
    dataset = Dataset.objects.get(name="紙の回答")
    assert response.status_code == 302 and dataset.sheet == "回答" and dataset.row_count == 3
    assert {s.name: s.kind.value for s in dataset.specs} == {"年代": "age", "満足度": "ordinal"}


def test_the_choices_offer_only_columns_that_fit_the_analysis(client_as: Any, cast: Any, survey: Any) -> None:
    client = client_as(cast.requester)
    timeseries = client.get(reverse("analysis:dataset-timeseries", args=[survey.pk])).content.decode()
    column_select = timeseries.split('<select id="column" name="column">')[1].split("</select>")[0]
    assert f'value="{key_of(survey, "回答日時")}"' in column_select and "満足度" not in column_select
    crosstab = client.get(reverse("analysis:dataset-crosstab", args=[survey.pk])).content.decode()
    row_select = crosstab.split('<select id="row" name="row">')[1].split("</select>")[0]
    assert "満足度" in row_select and "ご意見" not in row_select and "回答ID" not in row_select

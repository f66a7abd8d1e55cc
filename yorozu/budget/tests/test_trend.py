"""「この項目の推移」: every line over every published year, renamed lines matched by number, breaks shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from yorozu.budget import services

pytestmark = pytest.mark.django_db


def _import(ward, year: int, text: str) -> None:
    services.budget_import(user=None, municipality=ward, data=text.encode(), source=f"{year}.csv", fiscal_year=year,
                           publish=True)  # fmt: skip


def test_the_demo_trend_shows_four_years_and_is_linked_from_the_node(client, demo) -> None:
    node = client.get("/budget/139998/2025/n/3-2/").content.decode()
    assert 'href="/budget/139998/2025/trend/n/3-2/">この項目の推移' in node
    html = client.get("/budget/139998/2025/trend/n/3-2/").content.decode()
    for label in ("令和5年度", "令和6年度", "令和7年度", "令和8年度"):
        assert label in html
    assert "保育所運営費" in html and 'id="budget-trend-data"' in html
    body = client.get("/budget/139998/2025/trend/n/3-2/csv/").content.decode("utf-8-sig")
    assert body.count("\n") >= 4 * 4 and "保育所運営費" in body


def test_a_renamed_line_is_matched_by_number_and_a_missing_one_is_a_break(client, ward) -> None:
    _import(
        ward,
        2024,
        "款,項,金額（千円）\n1 議会費,1 議会費,100\n2 総務費,1 総務管理費,200\n2 総務費,2 徴税費,50\n",
    )
    _import(
        ward,
        2025,
        "款,項,金額（千円）\n1 議会費,1 議会費,110\n2 総務費,1 総務管理費,210\n2 総務費,2 徴税費,55\n",
    )
    _import(ward, 2026, "款,項,金額（千円）\n1 議会費,1 議会費,120\n2 総務費,1 総務企画費,230\n")
    html = client.get(f"/budget/{ward.code}/2026/trend/n/2/").content.decode()
    assert "名称が違います（この年度は「総務管理費」" in html  # 総務企画費 ← 総務管理費 by number 2-1
    assert html.count("総務企画費") >= 1
    data = client.get(f"/api/budget/{ward.code}/2026/trend/", {"path": "2-1"}).json()
    assert [p["amount"] for p in data["points"]] == [200_000, 210_000, 230_000]
    assert [p["match"] for p in data["points"]] == ["code", "code", "name"]
    mid = client.get(f"/budget/{ward.code}/2025/trend/n/2/").content.decode()
    assert "対応する項目がありません" in mid  # 徴税費 has no line in 2026: a gap, not a zero


@pytest.mark.realdata
def test_fuji_four_years_from_two_books(client, ward, shared_data: Path) -> None:
    for name, year in (("r6-long.csv", 2024), ("r8-long.csv", 2026)):
        data = (shared_data / "fuji-r6-r8-expenditure" / name).read_bytes()
        services.budget_import(
            user=None, municipality=ward, data=data, source=name, fiscal_year=year, publish=True
        )
    data = client.get(f"/api/budget/{ward.code}/2026/trend/", {"path": "3"}).json()  # 民生費
    assert [p["year"] for p in data["points"]] == [2023, 2024, 2025, 2026]
    assert all(p["amount"] and p["amount"] > 10**10 for p in data["points"])
    html = client.get(f"/budget/{ward.code}/2026/trend/n/3/").content.decode()
    assert "前年度予算額" in html  # the derived years say where their figures come from

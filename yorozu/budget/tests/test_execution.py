"""予算 beside 決算: 予算現額 vs 支出済額 and 執行率 per line, each phase named, never added together."""

from __future__ import annotations

import pytest

from yorozu.budget import services

pytestmark = pytest.mark.django_db
BUDGET = "款,項,金額（千円）\n1 議会費,1 議会費,100\n2 総務費,1 総務管理費,200\n2 総務費,2 徴税費,50\n"
FINAL = BUDGET.replace(",200", ",220")
SETTLED = "款,項,金額（千円）\n1 議会費,1 議会費,95\n2 総務費,1 総務管理費,198\n2 総務費,2 徴税費,40\n"


def _import(ward, text: str, phase: str) -> None:
    services.budget_import(user=None, municipality=ward, data=text.encode(), source=f"{phase}.csv", fiscal_year=2025,
                           phase=phase, publish=True)  # fmt: skip


def test_settlement_beside_the_final_budget_with_execution_rates(client, ward) -> None:
    _import(ward, BUDGET, "initial")
    assert client.get(f"/budget/{ward.code}/2025/phases/").status_code == 404  # no 決算 yet
    _import(ward, FINAL, "final")
    _import(ward, SETTLED, "settled")
    overview = client.get(f"/budget/{ward.code}/2025/").content.decode()
    assert f'href="/budget/{ward.code}/2025/phases/">予算と決算を並べて見る' in overview
    html = client.get(f"/budget/{ward.code}/2025/phases/").content.decode()
    assert "予算現額（最終予算）" in html and "決算の支出済額" in html
    assert "88.1%" in html  # 総務費 (198 + 40) / (220 + 50)
    node = client.get(f"/budget/{ward.code}/2025/phases/n/2/").content.decode()
    assert "90.0%" in node and "80.0%" in node  # 総務管理費 198/220, 徴税費 40/50
    body = client.get(f"/budget/{ward.code}/2025/phases/n/2/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "総務管理費,220000,198000,90.0%" in body.replace("\r", "")


def test_the_demo_has_a_settlement_for_2024(client, demo) -> None:
    html = client.get("/budget/139998/2024/phases/").content.decode()
    assert "予算額（当初予算）" in html and "補正予算を含まない当初予算との比較です" in html
    assert "民生費" in html and "%" in html


def test_the_api_gives_budget_beside_settlement(client, ward) -> None:
    _import(ward, BUDGET, "initial")
    _import(ward, SETTLED, "settled")
    data = client.get(f"/api/budget/{ward.code}/2025/phases/", {"path": "2"}).json()
    assert data["budget_phase"] == "当初予算" and data["settled_phase"] == "決算"
    assert [(i["name"], i["budget"], i["settled"], i["execution_rate"]) for i in data["items"]] == [
        ("総務管理費", 200_000, 198_000, "99.0%"), ("徴税費", 50_000, 40_000, "80.0%")
    ]  # fmt: skip
    assert client.get(f"/api/budget/{ward.code}/2024/phases/").status_code == 404

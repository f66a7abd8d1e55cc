"""会計 and 歳入/歳出 selectors, phases shown one at a time, and the static export's links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from yorozu.budget import services
from yorozu.budget.models import Budget

pytestmark = pytest.mark.django_db

REVENUE = f"/budget/139998/2025/b/{quote('一般会計')}/{quote('歳入')}/initial/"
SPECIAL = f"/budget/139998/2025/b/{quote('国民健康保険事業会計')}/{quote('歳出')}/initial/"


def test_the_board_offers_revenue_and_special_accounts(client, demo) -> None:
    html = client.get("/budget/139998/2025/").content.decode()
    assert 'aria-label="会計と歳入・歳出の切り替え"' in html
    assert f'href="{REVENUE}"' in html and f'href="{SPECIAL}"' in html
    revenue = client.get(REVENUE).content.decode()
    assert "一般会計 歳入</h1>" in revenue and "特別区税" in revenue and "歳入全体" in revenue
    expenditure = Budget.objects.get(fiscal_year=2025, account="一般会計", side="歳出")
    assert Budget.objects.get(fiscal_year=2025, account="一般会計", side="歳入").total == expenditure.total
    special = client.get(SPECIAL).content.decode()
    assert "国民健康保険事業会計 歳出</h1>" in special and "保険給付費" in special


def test_a_view_keeps_itself_across_years_nodes_csv_search_and_api(client, demo) -> None:
    html = client.get(REVENUE).content.decode()
    assert f'href="{REVENUE.replace("2025", "2024")}"' in html  # the year links stay on 歳入
    assert f'href="{REVENUE}n/1/"' in html  # 特別区税 drills down within 歳入
    node = client.get(f"{REVENUE}n/1/").content.decode()
    assert "特別区民税" in node and 'aria-current="page">特別区税' in node
    body = client.get(f"{REVENUE}csv/").content.decode("utf-8-sig")
    assert "特別区税" in body and "民生費" not in body
    found = client.get(f"{REVENUE}search/", {"q": "繰入"}).content.decode()
    assert "財政調整基金繰入金" in found
    api = client.get("/api/budget/139998/2025/", {"side": "歳入"}).json()
    assert api["side"] == "歳入" and api["items"][0]["name"] == "特別区税"
    assert (
        client.get(f"/budget/139998/2025/b/{quote('水道会計')}/{quote('歳出')}/initial/").status_code == 404
    )


TEMPLATE = "款,項,目,金額（千円）\n1 議会費,議会費,議会費,100\n2 総務費,総務管理費,一般管理費,200\n"


def test_phases_are_shown_one_at_a_time_and_selectable(client, ward) -> None:
    services.budget_import(
        user=None, municipality=ward, data=TEMPLATE.encode(), source="a.csv", fiscal_year=2025, publish=True
    )
    services.budget_import(
        user=None, municipality=ward, data=TEMPLATE.replace("200", "260").encode(), source="h1.csv",
        fiscal_year=2025, phase=Budget.Phase.SUPPLEMENTARY, phase_number=1, publish=True,
    )  # fmt: skip
    html = client.get("/budget/139998/2025/").content.decode()
    assert 'aria-label="予算の段階の切り替え"' in html and "<strong>当初予算</strong>" in html
    assert "30万円" in html and "36万円" not in html and "66万円" not in html  # never added together
    url = f"/budget/139998/2025/b/{quote('一般会計')}/{quote('歳出')}/supplementary-1/"
    assert f'href="{url}"' in html
    supplementary = client.get(url).content.decode()
    assert "<strong>補正予算（第1号）後</strong>" in supplementary and "36万円" in supplementary
    api = client.get("/api/budget/139998/2025/", {"phase": "supplementary-1"}).json()
    assert api["total"] == 360_000 and api["phase"] == "補正予算（第1号）後"
    assert client.get("/api/budget/139998/2025/").json()["total"] == 300_000


def test_every_link_of_the_static_export_resolves(demo, tmp_path) -> None:
    from yorozu.budget.export import export_static

    export_static(tmp_path, municipality=demo)
    revenue = tmp_path / "139998" / "2025" / "b" / "一般会計" / "歳入" / "initial"
    assert (revenue / "index.html").exists() and (revenue / "n" / "1" / "index.html").exists()
    assert not (revenue / "tax").exists()  # the tax estimate spreads over 一般会計 歳出 only
    pages = list(tmp_path.rglob("index.html"))
    assert len(pages) > 300
    broken = []
    for page in pages:
        for href in re.findall(r'href="([^"#?]+)"', page.read_text(encoding="utf-8")):
            if not (page.parent / Path(unquote(href))).resolve().exists():
                broken.append((str(page.relative_to(tmp_path)), href))
    assert broken == []


def test_the_index_lists_published_years_in_one_query(client, demo, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(3):
        html = client.get("/budget/").content.decode()
    assert "よろず区" in html and html.count('href="/budget/139998/') == 4

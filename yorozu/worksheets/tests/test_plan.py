"""The 事業計画書 draft read back: sections and figures in the .docx and .xlsx."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from yorozu.worksheets import services
from yorozu.worksheets.tests.factories import consultation, item_data, rate

pytestmark = pytest.mark.django_db

SECTIONS = ["1. 現状と課題", "2. 解決策と選定理由", "3. 期待効果", "4. 経費", "5. スケジュール", "6. KPI"]


@pytest.fixture
def planned(cast):  # noqa: ANN001, ANN201
    rate(yen=4560)
    case = consultation(department=cast.department, requester=cast.requester)
    services.work_item_create(user=cast.requester, consultation=case, data=item_data())  # 300 h → 60 h
    services.worksheet_plan_update(
        user=cast.consultant,
        consultation=case,
        data={
            "proposed_tool": "rpa",
            "initial_cost": 500_000,
            "build_cost": 1_000_000,
            "annual_licence": 300_000,
            "upkeep_hours": 40,
            "go_live": date(2026, 10, 1),
            "resident_benefit": "契約情報の公表が早まる。",
            "kpi": "入力誤り件数 0件",
        },
    )
    return case


def docx_text(content: bytes) -> tuple[list[str], str]:
    document = Document(io.BytesIO(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return headings, "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_docx_has_every_section_and_the_figures(cast, client_as, planned) -> None:  # noqa: ANN001
    response = client_as(cast.requester).get(reverse("worksheets:plan-docx", args=[planned.pk]))
    headings, text = docx_text(response.content)
    assert headings == SECTIONS
    assert "事業計画書（案）契約事務のRPA化" in text
    # 300 h before; after 60 h + 40 h upkeep = 100 h; 200 h saved = 66.7 %; 200 × 4,560 = ¥912,000
    assert "200.0時間削減" in text and "66.7%" in text and "91万2,000円" in text
    assert "300.0" in text and "0.16" in text  # hours and FTE before (300 / 1,860)
    assert "導入するツール: RPA" in text
    # staff benefit and resident benefit kept apart
    assert (
        text.index("【職員への効果】")
        < text.index("【住民・事業者への効果】")
        < text.index("契約情報の公表が早まる。")
    )
    assert "5年間の総額" in text and "300万円" in text
    assert "2025-10-01" in text and "令和8年度" in text  # budget request in the fiscal year before go-live
    assert "入力誤り件数 0件" in text


def test_the_xlsx_carries_the_same_sections(cast, client_as, planned) -> None:  # noqa: ANN001
    response = client_as(cast.viewer).get(reverse("worksheets:plan-xlsx", args=[planned.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["事業計画書"]
    values = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    for heading in SECTIONS:
        assert heading in values
    assert "912,000円" not in values and "91万2,000円" in values


def test_payback_is_reported_in_the_cost_section(cast, client_as, planned) -> None:  # noqa: ANN001
    _, text = docx_text(
        client_as(cast.requester).get(reverse("worksheets:plan-docx", args=[planned.pk])).content
    )
    # saving 912,000 − licence 300,000 = 612,000 a year → 1,500,000 / 612,000 = 2.45 years
    assert "約2.5年で回収" in text


def test_an_empty_worksheet_still_gives_a_clean_draft(cast, client_as) -> None:  # noqa: ANN001
    case = consultation(department=cast.department, requester=cast.requester)
    headings, text = docx_text(
        client_as(cast.requester).get(reverse("worksheets:plan-docx", args=[case.pk])).content
    )
    assert headings == SECTIONS and "（未選定）" in text and "回収できません" in text


def test_staff_figures_sit_under_staff_benefit_and_residents_come_after(cast, client_as, planned) -> None:  # noqa: ANN001
    content = client_as(cast.requester).get(reverse("worksheets:plan-docx", args=[planned.pk])).content
    body = Document(io.BytesIO(content)).element.body
    order = ["".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")) for el in body.iterchildren()]
    staff = next(i for i, text in enumerate(order) if text == "【職員への効果】")
    figures = next(i for i, text in enumerate(order) if text.startswith("項目導入前導入後効果"))
    residents = next(i for i, text in enumerate(order) if text == "【住民・事業者への効果】")
    assert staff < figures < residents
    assert "適合点50点以上の業務が1件・年間300.0時間" in "".join(order)

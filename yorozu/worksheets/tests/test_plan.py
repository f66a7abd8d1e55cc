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
    assert (
        "令和7年10月1日" in text and "令和8年度" in text
    )  # budget request in the fiscal year before go-live
    assert "2025-10-01" not in text  # schedule dates are in 和暦
    assert "入力誤り件数 0件" in text


def test_the_xlsx_carries_the_same_sections(cast, client_as, planned) -> None:  # noqa: ANN001
    response = client_as(cast.viewer).get(reverse("worksheets:plan-xlsx", args=[planned.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["事業計画書"]
    values = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    for heading in SECTIONS:
        assert heading in values
    assert "912,000円" not in values and "91万2,000円" not in values  # a number, not a text


def test_the_xlsx_keeps_figures_as_numbers_with_units_as_formats(cast, client_as, planned) -> None:  # noqa: ANN001
    response = client_as(cast.viewer).get(reverse("worksheets:plan-xlsx", args=[planned.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["事業計画書"]
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row if c.value is not None}
    saved_yen = next(c for c in cells.values() if c.value == 912_000)
    assert saved_yen.data_type == "n" and "円" in saved_yen.number_format
    hours_row = next(r for r in sheet.iter_rows() if r[0].value == "年間時間")
    assert [c.value for c in hours_row[1:4]] == [300, 100, 200]
    assert "時間" in hours_row[3].number_format
    fte_row = next(r for r in sheet.iter_rows() if r[0].value == "人数換算（FTE）")
    assert isinstance(fte_row[1].value, float) and "人" in fte_row[3].number_format
    cost_cells = [r[1] for r in sheet.iter_rows() if r[0].value in ("初期費用", "構築費", "5年間の総額")]
    assert [c.value for c in cost_cells] == [500_000, 1_000_000, 3_000_000]
    assert sheet.parent.properties.creator != "openpyxl"


def test_the_docx_is_a4_with_japanese_margins_and_the_city_as_author(cast, client_as, planned) -> None:  # noqa: ANN001
    from yorozu.accounts.models import City

    City.objects.create(name="よろず区", code="131199")
    content = client_as(cast.requester).get(reverse("worksheets:plan-docx", args=[planned.pk])).content
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 35 and round(section.left_margin.mm) == 30
    props = document.core_properties
    assert props.author == "よろず区 IT推進課" and "python-docx" not in props.comments
    app = next(p for p in document.part.package.iter_parts() if p.partname == "/docProps/app.xml")
    assert "<Company>よろず区 IT推進課</Company>" in app.blob.decode()


def test_the_budget_year_defaults_to_the_next_fiscal_year_and_can_be_changed(
    cast, client_as, planned
) -> None:  # noqa: ANN001
    client = client_as(cast.consultant)
    url = reverse("worksheets:plan-edit", args=[planned.pk])
    page = client.get(url).content.decode()
    assert '<option value="2026" selected>令和8年度</option>' in page  # received in 令和7年度
    assert "予算年度 令和8年度" in page
    form = {"initial_cost": 0, "build_cost": 0, "annual_licence": 0, "upkeep_hours": 0, "budget_year": 2027}
    assert client.post(url, form).status_code == 302
    assert "予算年度 令和9年度" in client.get(url).content.decode()


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
    assert headings == SECTIONS and "（未選定）" in text and "経費が未入力" in text


def test_staff_figures_sit_under_staff_benefit_and_residents_come_after(cast, client_as, planned) -> None:  # noqa: ANN001
    content = client_as(cast.requester).get(reverse("worksheets:plan-docx", args=[planned.pk])).content
    body = Document(io.BytesIO(content)).element.body
    order = ["".join(t.text or "" for t in el.iter() if t.tag.endswith("}t")) for el in body.iterchildren()]
    staff = next(i for i, text in enumerate(order) if text == "【職員への効果】")
    figures = next(i for i, text in enumerate(order) if text.startswith("項目導入前導入後効果"))
    residents = next(i for i, text in enumerate(order) if text == "【住民・事業者への効果】")
    assert staff < figures < residents
    assert "適合点50点以上の業務が1件・年間300.0時間" in "".join(order)

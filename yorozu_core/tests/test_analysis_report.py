"""Report files: xlsx with numbers as numbers and native charts; docx on A4 with tables and images."""

from __future__ import annotations

import io

from yorozu_core.analysis.png import bar_chart_png
from yorozu_core.analysis.report import Report, ReportTable, frequency_table, report_docx, report_xlsx

REPORT = Report(
    title="フェスタ報告",
    subtitle="来場者アンケート",
    tables=(
        frequency_table("単純集計 満足度", "回答者数 90人", [("満足", 60, 66.7), ("不満", 30, 33.3)], 5),
        ReportTable(
            "クロス集計: 年代 × 満足度",
            ("年代", "満足", "不満"),
            (("20代", 10, 5), ("30代", 50, 25)),
            chart_column=0,
        ),
    ),
)


def test_xlsx_has_one_sheet_per_table_numbers_and_a_native_chart() -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(report_xlsx(REPORT)))
    assert book.sheetnames == ["単純集計 満足度", "クロス集計 年代 × 満足度"]
    sheet = book["単純集計 満足度"]
    assert [c.value for c in sheet[4]] == ["満足", 60, 66.7] and isinstance(sheet["B5"].value, int)
    assert sheet["A6"].value == "無回答"
    assert len(sheet._charts) == 1 and len(book["クロス集計 年代 × 満足度"]._charts) == 0


def test_docx_is_a4_with_tables_and_chart_images() -> None:
    from docx import Document

    document = Document(io.BytesIO(report_docx(REPORT)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert len(document.tables) == 2 and document.tables[0].cell(1, 0).text == "満足"
    assert len(document.inline_shapes) == 1


def test_the_chart_image_is_a_valid_png() -> None:
    data = bar_chart_png([3, 1, 2])
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in data[-12:]

"""Report files: .xlsx (one sheet per table, numbers as numbers, native Excel bar charts via openpyxl)
and .docx (A4, each table with a bar chart image, via python-docx)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from yorozu_core.analysis.png import bar_chart_png


@dataclass(frozen=True)
class ReportTable:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    note: str = ""
    chart_column: int = 1  # the column whose numbers the bar chart shows (0 = no chart)
    chart_rows: int = -1  # how many leading rows the chart covers (-1 = all)

    def chart_values(self) -> list[float]:
        rows = self.rows if self.chart_rows < 0 else self.rows[: self.chart_rows]
        values = [r[self.chart_column] for r in rows]
        return [float(v) if isinstance(v, (int, float)) else 0.0 for v in values]


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    tables: tuple[ReportTable, ...] = field(default=())


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "", title)[:28] or "表"
    name, number = base, 2
    while name in used:
        name, number = f"{base[:26]}_{number}", number + 1
    used.add(name)
    return name


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in report.tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([table.note])
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 28
        count = len(table.rows) if table.chart_rows < 0 else table.chart_rows
        if table.chart_column and count:
            chart = BarChart()
            chart.type = "bar"
            chart.title = table.title
            chart.y_axis.title = table.header[table.chart_column]
            chart.legend = None
            data = Reference(sheet, min_col=table.chart_column + 1, min_row=3, max_row=3 + count)
            labels = Reference(sheet, min_col=1, min_row=4, max_row=3 + count)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(labels)
            chart.x_axis.scaling.orientation = "maxMin"  # first answer on top, as in the table
            chart.height = max(6.0, 0.7 * count + 2)
            sheet.add_chart(chart, f"{chr(ord('A') + len(table.header) + 1)}3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    document.add_heading(report.title, level=0)
    if report.subtitle:
        document.add_paragraph(report.subtitle)
    for table in report.tables:
        document.add_heading(table.title, level=1)
        if table.note:
            document.add_paragraph(table.note)
        grid = document.add_table(rows=1, cols=len(table.header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
            cell.text = str(text)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = _cell_text(value)
        values = table.chart_values() if table.chart_column else []
        if values:
            document.add_paragraph()
            document.add_picture(io.BytesIO(bar_chart_png(values)), width=Mm(150))
            document.add_paragraph(
                f"図: {table.title}（{table.header[table.chart_column]}。棒の順は表の行の順）"
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def report_csv_rows(table: ReportTable) -> tuple[list[str], list[list[object]]]:
    return list(table.header), [list(r) for r in table.rows]


def frequency_table(
    title: str, note: str, items: Sequence[tuple[str, int, float]], no_answer: int
) -> ReportTable:
    rows: list[tuple[object, ...]] = [(v, n, p) for v, n, p in items]
    if no_answer:
        rows.append(("無回答", no_answer, None))
    return ReportTable(
        title=title, header=("回答", "件数", "％"), rows=tuple(rows), note=note, chart_rows=len(items)
    )

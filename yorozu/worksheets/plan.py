"""The 事業計画書 draft: one content model built from a consultation and its worksheet, two renderers
(.docx with python-docx, .xlsx with openpyxl) that walk it the same way."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from yorozu.common.exports import formulas_as_text
from yorozu.worksheets.selectors import Analysis, plan_author, plan_budget_year
from yorozu_core.fiscal import fiscal_year_label, fiscal_year_of, wareki_date
from yorozu_core.money import format_yen
from yorozu_core.toolfit import Tool
from yorozu_core.worksheet import first_year_share, hours_minutes, plan_schedule

TOP_TASKS = 15
GOOD_FIT = 50


@dataclass(frozen=True)
class Num:
    """A figure in a table: shown as ``text`` in the page and the .docx, written to the .xlsx as a
    number with an Excel number format so that 財政課 can add the column up."""

    value: Decimal | int
    number_format: str
    text: str

    def __str__(self) -> str:
        return self.text


def yen(amount: int) -> Num:
    return Num(amount, '#,##0"円"', format_yen(amount))


def hours(value: Decimal, suffix: str = "") -> Num:
    return Num(value, f'#,##0.0"時間{suffix}"', f"{value:,.1f}{'時間' + suffix if suffix else ''}")


def people(value: Decimal, suffix: str = "") -> Num:
    return Num(value, f'0.00"人{suffix}"', f"{value:.2f}{'人' + suffix if suffix else ''}")


def count(value: Decimal) -> Num:
    return Num(value, '#,##0"件"', f"{value:,.0f}")


def minutes(value: Decimal) -> Num:
    return Num(value, '#,##0.0"分"', f"{value:,.1f}")


def score(value: int) -> Num:
    return Num(value, '0"点"', str(value))


def percent(rate: Decimal) -> Num:
    return Num(rate, "0.0%", f"{rate * 100:.1f}%")


Cell = str | Num


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[Cell]]


@dataclass
class Section:
    """A heading and its blocks, in reading order: paragraphs (str) and tables."""

    heading: str
    blocks: list[str | Table] = field(default_factory=list)

    def add(self, *blocks: str | Table) -> None:
        self.blocks.extend(blocks)


@dataclass
class Plan:
    title: str
    subtitle: str
    sections: list[Section]
    author: str = ""  # the city and the desk: the .docx/.xlsx author and company


def _h(value: Decimal) -> str:
    return f"{value:,.1f}"


def chosen_tool(analysis: Analysis) -> Tool | None:
    """The tool the desk chose, or the one most often ranked first across the tasks (by hours)."""
    if analysis.worksheet and analysis.worksheet.proposed_tool:
        return Tool(analysis.worksheet.proposed_tool)
    votes: Counter[Tool] = Counter()
    for row in analysis.rows:
        if row.best:
            votes[row.best.tool] += int(row.figures.hours_before) + 1
    return votes.most_common(1)[0][0] if votes else None


def _current(analysis: Analysis) -> Section:
    t = analysis.totals
    section = Section("1. 現状と課題", [analysis.consultation.current_issue or "（現状の課題は未記入）"])
    section.add(
        f"業務量調査の対象は{t.tasks}業務、年間{t.cases:,.0f}件、年間{_h(t.hours_before)}時間"
        f"（{hours_minutes(t.hours_before)}、{t.fte_before:.2f}人分）で、人件費に換算すると"
        f"{format_yen(t.cost_before)}です。"
    )
    rows = sorted(analysis.rows, key=lambda r: -r.figures.hours_before)[:TOP_TASKS]
    section.add(
        Table(
            ["業務名", "年間件数", "分/件", "年間時間", "入力", "推奨ツール（適合点）"],
            [
                [
                    r.item.name,
                    count(r.item.annual_cases),
                    minutes(r.item.minutes_per_case),
                    hours(r.figures.hours_before),
                    r.item.get_medium_display(),
                    f"{r.best.label}（{r.best.score}）" if r.best else "—",
                ]
                for r in rows
            ],
        )
    )
    return section


def _solution(analysis: Analysis, tool: Tool | None) -> Section:
    ws = analysis.worksheet
    section = Section("2. 解決策と選定理由")
    section.add(f"導入するツール: {tool.label if tool else '（未選定）'}")
    if ws and ws.solution:
        section.add(ws.solution)
    reasons: Counter[str] = Counter()
    table, good_hours, good = [], Decimal(0), 0
    for row in analysis.rows:
        fit = next((f for f in row.fits if f.tool == tool), None)
        if fit and fit.passed:
            table.append([row.item.name, score(fit.score), "／".join(fit.reasons)])
        if fit and fit.score >= GOOD_FIT:  # the gate's reason is the positive one
            reasons[fit.reasons[0]] += 1
            good, good_hours = good + 1, good_hours + row.figures.hours_before
    if reasons:
        section.add(
            f"選定理由（業務量調査の評価から）: 適合点{GOOD_FIT}点以上の業務が{good}件・年間{_h(good_hours)}時間あり、"
            + "。".join(r for r, _ in reasons.most_common(3))
            + "。"
        )
    if ws and ws.selection_reason:
        section.add(ws.selection_reason)
    if table:
        section.add(Table(["業務名", "適合点", "理由"], table[:TOP_TASKS]))
    return section


def _effect(analysis: Analysis) -> Section:
    t, ws = analysis.totals, analysis.worksheet
    section = Section("3. 期待効果")
    section.add("【職員への効果】")
    section.add(
        Table(
            ["項目", "導入前", "導入後", "効果"],
            [
                ["年間時間", hours(t.hours_before), hours(t.hours_after), hours(t.hours_saved, "削減")],
                [
                    "人数換算（FTE）",
                    people(t.fte_before),
                    people(t.fte_before - t.fte_saved),
                    people(t.fte_saved, "分"),
                ],
                ["人件費換算", yen(t.cost_before), yen(t.cost_before - t.cost_saved), yen(t.cost_saved)],
                ["削減率", "", "", percent(t.reduction_rate)],
            ],
        )
    )
    section.add(
        f"年間{_h(t.hours_saved)}時間（{hours_minutes(t.hours_saved)}）、{t.fte_saved:.2f}人分、"
        f"人件費換算で{format_yen(t.cost_saved)}の削減を見込みます（時間単価 既定{analysis.default_rate:,}円、"
        f"年間勤務時間{analysis.annual_working_hours:,.0f}時間）。導入後の運用・保守時間"
        f"{_h(ws.upkeep_hours if ws else Decimal(0))}時間/年を差し引いています。"
    )
    if ws and ws.go_live:
        share = first_year_share(go_live=ws.go_live)
        section.add(
            f"初年度（{fiscal_year_label(fiscal_year_of(ws.go_live))}、{ws.go_live:%Y年%-m月}稼働）は"
            f"約{_h(t.hours_saved * share)}時間の見込みです。"
        )
    section.add("【住民・事業者への効果】")
    section.add(ws.resident_benefit if ws and ws.resident_benefit else "（未記入）")
    return section


def _cost(analysis: Analysis) -> Section:
    cost, t = analysis.cost, analysis.totals
    section = Section("4. 経費")
    section.add(
        Table(
            ["費目", "金額"],
            [
                ["初期費用", yen(cost.initial)],
                ["構築費", yen(cost.build)],
                ["年間ライセンス・保守費", yen(cost.annual_licence)],
                ["5年間の総額", yen(cost.total(5))],
            ],
        )
    )
    if not analysis.has_cost:
        section.add("経費が未入力のため、回収年数は計算していません。")
    elif analysis.payback is None:
        section.add("年間の削減額が年間経費を上回らないため、費用は回収できません。")
    else:
        where = f"（{fiscal_year_label(analysis.payback_fy)}）" if analysis.payback_fy else ""
        section.add(
            f"年間削減額{format_yen(t.cost_saved)}から年間経費を差し引くと、初期費用・構築費は"
            f"約{analysis.payback:.1f}年で回収できます{where}。"
        )
    return section


def _schedule(analysis: Analysis) -> Section:
    ws = analysis.worksheet
    section = Section("5. スケジュール")
    if not (ws and ws.go_live):
        section.add("稼働予定日を入れると、予算要求から効果測定までの日程を作成します。")
        return section
    rows = [
        [m.label, wareki_date(m.start), wareki_date(m.end), fiscal_year_label(fiscal_year_of(m.start))]
        for m in plan_schedule(go_live=ws.go_live)
    ]
    section.add(Table(["工程", "開始", "終了", "年度"], rows))
    return section


def _kpi(analysis: Analysis) -> Section:
    t, ws = analysis.totals, analysis.worksheet
    section = Section("6. KPI")
    section.add(f"削減時間: 年間{_h(t.hours_saved)}時間（削減率{t.reduction_rate * 100:.1f}%）")
    section.add(f"人件費換算の削減額: 年間{format_yen(t.cost_saved)}")
    if ws and ws.kpi:
        section.add(*[line for line in ws.kpi.splitlines() if line.strip()])
    return section


def plan_content(analysis: Analysis) -> Plan:
    c = analysis.consultation
    tool = chosen_tool(analysis)
    budget_year = fiscal_year_label(plan_budget_year(analysis))
    subtitle = f"{c.department.full_name}／予算年度 {budget_year}／相談#{c.pk}（{c.fiscal_year_label}受付）"
    sections = [
        _current(analysis),
        _solution(analysis, tool),
        _effect(analysis),
        _cost(analysis),
        _schedule(analysis),
        _kpi(analysis),
    ]
    return Plan(f"事業計画書（案）{c.title}", subtitle, sections, author=plan_author())


def _docx_table(document: Any, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
    for values in block.rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)


def _a4_japanese(document: Any) -> None:
    """A4 portrait with the margins of a Japanese Word document (上35 下30 左右30 mm)."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(35), Mm(30)
        section.left_margin = section.right_margin = Mm(30)


def _docx_metadata(document: Any, plan: Plan) -> None:
    """Author and company are the city and the desk, not the library (python-docx writes its own
    name into the template's properties)."""
    props = document.core_properties
    props.author = props.last_modified_by = plan.author
    props.title, props.comments, props.subject = plan.title, "", plan.subtitle
    app = next(p for p in document.part.package.iter_parts() if p.partname == "/docProps/app.xml")
    app._blob = app.blob.replace(b"<Company/>", f"<Company>{escape(plan.author)}</Company>".encode())


def docx_bytes(plan: Plan) -> bytes:
    document = Document()
    _a4_japanese(document)
    _docx_metadata(document, plan)
    style = document.styles["Normal"]
    style.font.name = "游明朝"
    style.font.size = Pt(10.5)
    document.add_heading(plan.title, level=0)
    document.add_paragraph(plan.subtitle)
    for section in plan.sections:
        document.add_heading(section.heading, level=1)
        for block in section.blocks:
            if isinstance(block, Table):
                _docx_table(document, block)
            else:
                document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _append_row(sheet: Any, values: list[Cell]) -> None:
    sheet.append([v.value if isinstance(v, Num) else v for v in values])
    for column, value in enumerate(values, start=1):
        if isinstance(value, Num):
            sheet.cell(row=sheet.max_row, column=column).number_format = value.number_format


def xlsx_bytes(plan: Plan) -> bytes:
    book = Workbook()
    book.properties.creator = book.properties.lastModifiedBy = plan.author
    book.properties.title = plan.title
    sheet = book.active
    sheet.title = "事業計画書"
    sheet.append([plan.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([plan.subtitle])
    for section in plan.sections:
        sheet.append([])
        sheet.append([section.heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        for block in section.blocks:
            if not isinstance(block, Table):
                sheet.append([block])
                continue
            sheet.append(block.header)
            for col in range(1, len(block.header) + 1):
                sheet.cell(row=sheet.max_row, column=col).font = Font(bold=True)
            for values in block.rows:
                _append_row(sheet, values)
    sheet.column_dimensions["A"].width = 40
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 18
    buffer = io.BytesIO()
    formulas_as_text(book).save(buffer)
    return buffer.getvalue()

"""The report as chart data (a json_script island) and as an xlsx workbook (one sheet per table)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from yorozu.common.exports import content_disposition, formulas_as_text
from yorozu.impacts.reports import KIND_LABELS, ImpactReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _n(value: Decimal) -> float:
    return float(value)


def chart_data(report: ImpactReport) -> dict[str, Any]:
    """What the two charts draw; the page shows the same figures in tables."""
    labels = [row.label for row in report.series]
    return {
        "labels": labels,
        "hours": [
            {"label": "見込み（年換算）", "data": [_n(r.hours.projected) for r in report.series]},
            {"label": "実績", "data": [_n(r.hours.realised) for r in report.series]},
            {
                "label": "実績の累計",
                "data": [_n(r.cumulative_realised) for r in report.series],
                "type": "line",
            },
        ],
        "live": [
            {"label": KIND_LABELS[kind], "data": [r.live[kind] for r in report.series]}
            for kind in KIND_LABELS
            if any(r.live[kind] for r in report.series)
        ],
    }


def series_table(report: ImpactReport) -> tuple[list[str], list[list[Any]]]:
    kinds = list(KIND_LABELS)
    header = [
        "年度",
        "相談件数",
        *[f"稼働中 {KIND_LABELS[k]}" for k in kinds],
        "稼働中 計",
        "見込み（時間）",
        "実績（時間）",
        "実績の年換算（時間）",
        "実績の累計（時間）",
    ]
    rows = [
        [
            r.label,
            r.consultations,
            *[r.live[k] for k in kinds],
            r.live_total,
            _n(r.hours.projected),
            _n(r.hours.realised),
            _n(r.hours.realised_annual),
            _n(r.cumulative_realised),
        ]
        for r in report.series
    ]
    return header, rows


def kind_table(report: ImpactReport) -> tuple[list[str], list[list[Any]]]:
    header = ["種類", "稼働中", "うち今年度稼働", "見込み（時間）", "実績（時間）", "実績の年換算（時間）"]
    rows = [
        [k.label, k.live, k.new, _n(k.hours.projected), _n(k.hours.realised), _n(k.hours.realised_annual)]
        for k in report.by_kind
    ]
    return header, rows


def department_table(report: ImpactReport) -> tuple[list[str], list[list[Any]]]:
    header = ["所管課", "稼働中", "見込み（時間）", "実績（時間）", "実績の累計（時間）"]
    rows = [
        [d.name, d.live, _n(d.hours.projected), _n(d.hours.realised), _n(d.cumulative_realised)]
        for d in report.by_department
    ]
    return header, rows


def summary_table(report: ImpactReport) -> tuple[list[str], list[list[Any]]]:
    return ["項目", "値"], [
        ["年度", report.label],
        ["集計の基準日", report.as_of.isoformat()],
        ["相談件数", report.consultations],
        ["稼働中の導入", report.live_total],
        ["見込み（年換算、時間）", _n(report.year.projected)],
        ["実績（時間）", _n(report.year.realised)],
        ["実績の累計（時間）", _n(report.cumulative.realised)],
        ["人件費換算の時間単価（円）", report.hourly_rate_yen],
        ["実績の人件費換算（円）", report.year_yen],
        ["累計の人件費換算（円）", report.cumulative_yen],
    ]


def _sheet(workbook: Workbook, title: str, table: tuple[Sequence[str], Sequence[Sequence[Any]]]) -> None:
    header, rows = table
    sheet = workbook.create_sheet(title)
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(name) * 2 + 4))
    sheet.freeze_panes = "A2"


def report_xlsx(report: ImpactReport) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "概要", summary_table(report))
    _sheet(workbook, "年度別推移", series_table(report))
    _sheet(workbook, "ツール別", kind_table(report))
    _sheet(workbook, "所管課別", department_table(report))
    buffer = io.BytesIO()
    formulas_as_text(workbook).save(buffer)
    return buffer.getvalue()


def report_xlsx_response(report: ImpactReport) -> HttpResponse:
    response = HttpResponse(report_xlsx(report), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        f"効果測定_{report.label}_{report.as_of:%Y%m%d}.xlsx"
    )
    return response

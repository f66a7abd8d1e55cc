"""The 業務量調査 workbook: the template yorozu hands out, its import, and the export of a filled sheet.

Columns are found by their header text, so a department may reorder or add columns; the import
validates every row through :class:`WorkItemForm` (one validation path for page, API and Excel) and
either takes all rows or none, naming each bad cell by sheet, row and column in Japanese.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet as Sheet

from yorozu.common.exports import formulas_as_text
from yorozu.worksheets.forms import ITEM_FIELDS, WorkItemForm
from yorozu.worksheets.models import HourlyRate, WorkItem
from yorozu.worksheets.selectors import Analysis

SHEET = "業務量調査"
GUIDE_SHEET = "記入方法"
REQUIRED = ("name", "minutes_per_case", "medium", "completes_on_pc", "rules_writable", "judgement")
COMPUTED_HEADERS = [
    "年間時間（時間）",
    "FTE（人）",
    "導入後の年間時間",
    "削減時間（時間/年）",
    "人件費換算（円）",
    "削減額（円）",
    "推奨ツール",
    "適合点",
    "理由",
]
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")

GUIDE: dict[str, str] = {
    "name": "必須。業務の名前（例: 契約書の起案と台帳入力）",
    "annual_cases": "年間の件数。月別の件数を入れた場合は空欄で構いません（自動計算）",
    "normal_monthly": "通常期の月あたり件数",
    "peak_months": "繁忙期の月（例: 3,4）",
    "off_months": "閑散期の月（例: 8）",
    "minutes_per_case": "必須。1件の処理にかかる時間（分）",
    "minutes_after": "ツール導入後の見込み（分）。空欄なら削減なしとして計算",
    "staff": "この業務を担当する人数（FTE）",
    "grade": "人件費単価の職位（空欄なら既定の単価）",
}


def _field(name: str) -> Any:
    return WorkItem._meta.get_field(name)


def header_of(name: str) -> str:
    return str(_field(name).verbose_name)


def choice_labels(name: str) -> dict[str, str]:
    """value → label for a choice column ('' when the column is free text or a number)."""
    if name == "grade":
        return {str(r.pk): r.grade for r in HourlyRate.objects.all()}
    choices = _field(name).choices or []
    return {str(value): str(label) for value, label in choices}


def _guide_rows() -> list[list[str]]:
    rows = []
    for name in ITEM_FIELDS:
        allowed = "、".join(choice_labels(name).values())
        rows.append([header_of(name), "必須" if name in REQUIRED else "", GUIDE.get(name, ""), allowed])
    return rows


def _style_header(sheet: Sheet, count: int) -> None:
    for col in range(1, count + 1):
        cell = sheet.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(col)].width = 18
    sheet.freeze_panes = "B2"


def _add_validations(sheet: Sheet, rows: int) -> None:
    for index, name in enumerate(ITEM_FIELDS, start=1):
        labels = list(choice_labels(name).values())
        if not labels or len(",".join(labels)) > 250:
            continue
        letter = get_column_letter(index)
        rule = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True)
        rule.error = "一覧から選んでください"
        rule.add(f"{letter}2:{letter}{rows + 1}")
        sheet.add_data_validation(rule)


def _cell_value(item: WorkItem, name: str) -> Any:
    value = getattr(item, "grade_id" if name == "grade" else name)
    labels = choice_labels(name) if _field(name).choices or name == "grade" else {}
    if labels:
        return labels.get(str(value), "") if value is not None else ""
    return float(value) if hasattr(value, "as_tuple") else value


def workbook_bytes(analysis: Analysis | None = None) -> bytes:
    """The template (``analysis`` None) or a filled sheet with its computed columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    headers = [header_of(n) for n in ITEM_FIELDS] + (COMPUTED_HEADERS if analysis else [])
    sheet.append(headers)
    for row in analysis.rows if analysis else []:
        best = row.best
        f = row.figures
        sheet.append(
            [_cell_value(row.item, n) for n in ITEM_FIELDS]
            + [
                round(float(f.hours_before), 1),
                round(float(f.fte_before), 3),
                round(float(f.hours_after), 1),
                round(float(f.hours_saved), 1),
                f.cost_before,
                f.cost_saved,
                best.label if best else "",
                best.score if best else 0,
                "／".join(best.reasons) if best else "",
            ]
        )
    _style_header(sheet, len(headers))
    _add_validations(sheet, max(500, len(analysis.rows) if analysis else 0))
    guide = book.create_sheet(GUIDE_SHEET)
    guide.append(["列", "必須", "説明", "選べる値"])
    for guide_row in _guide_rows():
        guide.append(guide_row)
    _style_header(guide, 4)
    guide.column_dimensions["C"].width = 60
    guide.column_dimensions["D"].width = 40
    buffer = io.BytesIO()
    formulas_as_text(book).save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str  # header text
    letter: str
    message: str

    def __str__(self) -> str:
        where = f"シート「{self.sheet}」{self.row}行目" + (
            f"「{self.column}」列（{self.letter}列）" if self.column else ""
        )
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    """The workbook was not imported; ``errors`` names each bad cell."""

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _to_form_value(name: str, raw: str, reverse: dict[str, dict[str, str]]) -> tuple[str, str | None]:
    """(form value, error) for one cell: choice labels become their stored values."""
    labels = reverse.get(name)
    if not labels or raw == "":
        return raw, None
    if raw in labels:
        return labels[raw], None
    if raw in labels.values():
        return raw, None
    return raw, f"「{raw}」は選べません（{'、'.join(labels)} のいずれか）"


def _header_map(sheet: Sheet) -> dict[str, int]:
    first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    by_header = {unicodedata.normalize("NFKC", header_of(n)): n for n in ITEM_FIELDS}
    found: dict[str, int] = {}
    for index, header in enumerate(first):
        name = by_header.get(_text(header))
        if name:
            found[name] = index
    return found


def _reverse_labels() -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for name in ITEM_FIELDS:
        labels = choice_labels(name)
        if labels:
            result[name] = {unicodedata.normalize("NFKC", label): value for value, label in labels.items()}
    return result


def _row_data(
    values: tuple[Any, ...], columns: dict[str, int], reverse: dict[str, dict[str, str]]
) -> tuple[dict[str, str], dict[str, str]]:
    data: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, index in columns.items():
        raw = _text(values[index]) if index < len(values) else ""
        data[name], error = _to_form_value(name, raw, reverse)
        if error:
            errors[name] = error
    return data, errors


def parse_workbook(stream: BinaryIO) -> list[dict[str, Any]]:
    """Validated rows ready for ``worksheet_import``; raises :class:`ImportRejected` with every bad cell."""
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
        return _parse_book(book)
    except ImportRejected:
        raise
    except Exception as error:  # openpyxl/lxml/zipfile raise many kinds for a broken file, some lazily
        raise ImportRejected(
            [CellError("", 0, "", "", f"Excelファイルとして読めません（{error.__class__.__name__}）")]
        ) from error


def _parse_book(book: Any) -> list[dict[str, Any]]:
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    columns = _header_map(sheet)
    missing = [header_of(n) for n in REQUIRED if n not in columns]
    if missing:
        raise ImportRejected(
            [CellError(sheet.title, 1, m, "", "この見出しの列がありません") for m in missing]
        )
    letters = {name: get_column_letter(index + 1) for name, index in columns.items()}
    reverse = _reverse_labels()
    rows: list[dict[str, Any]] = []
    errors: list[CellError] = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        if all(_text(v) == "" for v in values):
            continue
        data, cell_errors = _row_data(values, columns, reverse)
        form = WorkItemForm(data=data)
        valid = form.is_valid()
        for name in columns:
            message = cell_errors.get(name) or " ".join(form.errors.get(name, []))
            if message:
                errors.append(CellError(sheet.title, number, header_of(name), letters[name], message))
        for message in form.non_field_errors():
            errors.append(CellError(sheet.title, number, "", "", message))
        if valid and not cell_errors:
            rows.append(form.cleaned_data)
    book.close()
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([CellError(sheet.title, 2, "", "", "取り込む行がありません")])
    return rows

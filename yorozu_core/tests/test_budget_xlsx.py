"""The workbook reader (python-calamine): xlsx values, row numbers, gaps, inline strings; xls and ods."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from yorozu_core.budget.errors import BudgetImportError
from yorozu_core.budget.table import read_table


def _xlsx(rows: list[list[object]], *, skip_row: int | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, start=1):
        if number != skip_row:
            for column, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=number, column=column, value=value)
    workbook.create_sheet("二枚目")["A1"] = "無視される"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_the_first_sheet_as_openpyxl_would() -> None:
    data = _xlsx(
        [["款", "金額（千円）", "率"], ["1 議会費", 304000, 0.25], [None, None, None], ["総務費", -12, True]]
    )
    table = read_table(data, source="a.xlsx")
    assert table.kind == "xlsx"
    assert table.rows == (
        (1, ("款", "金額（千円）", "率")),
        (2, ("1 議会費", 304000, 0.25)),
        (3, ()),  # an empty row keeps the numbering a user sees in Excel
        (4, ("総務費", -12, "True")),
    )


def test_cells_left_out_are_none_and_rows_keep_their_numbers() -> None:
    data = _xlsx([["款", None, "金額"], ["議会費", None, 5]], skip_row=None)
    assert read_table(data, source="a.xlsx").rows == ((1, ("款", None, "金額")), (2, ("議会費", None, 5)))


def _hand_made(sheet_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="s" sheetId="1" r:id="rId7"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId7" Type="worksheet" Target="worksheets/data.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/data.xml", sheet_xml)
    return buffer.getvalue()


def test_inline_strings_prefixed_namespaces_and_formula_values() -> None:
    data = _hand_made(
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        '<x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>款</x:t></x:is></x:c>'
        '<x:c r="C2" t="str"><x:f>A1</x:f><x:v>計</x:v></x:c><x:c r="D2"><x:v>1.5E3</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    assert read_table(data, source="h.xlsx").rows == ((1, ()), (2, (None, "款", "計", 1500.0)))


def test_a_broken_xlsx_is_a_clear_error() -> None:
    with pytest.raises(BudgetImportError, match="xlsx ファイルとして開けません"):
        read_table(b"PK\x03\x04 not really a zip", source="b.xlsx")
    with pytest.raises(BudgetImportError, match="xlsx ファイルとして開けません"):
        read_table(_hand_made("<worksheet><sheetData><row"), source="c.xlsx")


def test_entity_declarations_are_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
    )
    with pytest.raises(BudgetImportError, match="xlsx ファイルとして開けません"):
        read_table(_hand_made(bomb), source="bomb.xlsx")


DATA = __import__("pathlib").Path(__file__).parent / "data"


def test_it_reads_an_excel_97_2003_xls_made_by_xlwt() -> None:
    from yorozu_core.budget import parse_budget_file

    table = read_table((DATA / "budget-template.xls").read_bytes(), source="t.xls")
    assert (
        table.kind == "xls"
        and table.rows[0] == (1, ("令和7年度 テスト市 歳出予算",))
        and table.rows[1] == (2, ())
    )
    (parsed,) = parse_budget_file(
        (DATA / "budget-template.xls").read_bytes(), source="t.xls", fiscal_year=2025
    )
    assert sum(line.amount for line in parsed.lines) == (300_000 + 1_500_000 - 2_000) * 1000


def _ods(rows: list[list[str | int]]) -> bytes:
    def cell(value: str | int) -> str:
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="予算">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_it_reads_an_opendocument_spreadsheet() -> None:
    table = read_table(_ods([["款", "金額（千円）"], ["1 議会費", 300000]]), source="t.ods")
    assert table.kind == "ods" and table.rows == ((1, ("款", "金額（千円）")), (2, ("1 議会費", 300000)))

"""Issue 10 item 2: every parser of uploaded files turns any broken input into its Japanese error.

Property-based (hypothesis): random bytes, and real containers (docx, xlsx) with broken parts, go
into each parser; the only exception allowed out is the parser's own error type.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yorozu_core.budget import BudgetImportError
from yorozu_core.regulations.dispatch import FORMATS, parse_document
from yorozu_core.regulations.model import RegulationParseError

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def docx_with(*, document: bytes = b"", content_types: bytes = CONTENT_TYPES) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def only_parse_errors(call, allowed: type[Exception]) -> None:
    try:
        call()
    except allowed as exc:
        assert str(exc), "the error must say something"


def test_a_billion_laughs_docx_is_a_clear_japanese_error() -> None:
    with pytest.raises(RegulationParseError, match="読み取れませんでした|条文がありません"):
        parse_document(docx_with(document=BILLION_LAUGHS), "規程.docx")


def test_a_docx_with_a_broken_content_types_part_is_a_clear_japanese_error() -> None:
    with pytest.raises(RegulationParseError, match="DOCXファイルとして読み取れませんでした"):
        parse_document(docx_with(document=b"<w:document/>", content_types=b"<Types><broken"), "規程.docx")


@FUZZ
@given(data=st.binary(max_size=2048), extension=st.sampled_from(sorted(FORMATS)))
def test_no_random_bytes_break_the_regulation_parsers(data: bytes, extension: str) -> None:
    only_parse_errors(lambda: parse_document(data, f"規程.{extension}"), RegulationParseError)


@FUZZ
@given(document=st.binary(max_size=1024) | st.text(max_size=300).map(str.encode))
def test_no_broken_document_part_breaks_the_docx_parser(document: bytes) -> None:
    only_parse_errors(lambda: parse_document(docx_with(document=document), "規程.docx"), RegulationParseError)


@FUZZ
@given(body=st.text(alphabet="<>/=\"'&;!?[]-abcdefLaw第条一", max_size=400))
def test_no_broken_xml_breaks_the_egov_xml_parser(body: str) -> None:
    data = ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode()
    only_parse_errors(lambda: parse_document(data, "法令.xml"), RegulationParseError)


def xlsx_with(sheet: bytes) -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = sheet if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            archive.writestr(item, content)
    return out.getvalue()


@FUZZ
@given(data=st.binary(max_size=2048) | st.binary(max_size=600).map(xlsx_with))
def test_no_broken_file_breaks_the_budget_parser(data: bytes) -> None:
    from yorozu.budget.services import budget_parse

    only_parse_errors(lambda: budget_parse(data=data, source="予算.csv", fiscal_year=2025), BudgetImportError)


@pytest.mark.django_db
@FUZZ
@given(data=st.binary(max_size=2048) | st.binary(max_size=600).map(xlsx_with))
def test_no_broken_file_breaks_the_worksheet_import(data: bytes) -> None:
    from yorozu.worksheets.excel import ImportRejected, parse_workbook

    only_parse_errors(lambda: parse_workbook(io.BytesIO(data)), ImportRejected)

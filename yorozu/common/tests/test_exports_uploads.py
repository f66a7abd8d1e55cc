import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from yorozu.common.exports import csv_bytes, csv_response, xlsx_bytes
from yorozu.common.uploads import validate_upload

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_csv_defaults_to_utf8_with_bom():
    data = csv_bytes(["件名"], [["書かない窓口"]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["件名", "書かない窓口"]


def test_csv_in_cp932_on_request():
    data = csv_bytes(["件名"], [["書かない窓口"]], encoding="cp932")
    assert data.decode("cp932").splitlines()[1] == "書かない窓口"


def test_csv_response_names_the_file_in_japanese():
    response = csv_response("相談一覧.csv", ["a"], [[1]])
    assert "filename*=UTF-8''%E7%9B%B8" in response["Content-Disposition"]


def test_xlsx_round_trips_through_openpyxl():
    workbook = load_workbook(io.BytesIO(xlsx_bytes(["件名", "件数"], [["RPA", 3]], sheet_title="相談")))
    assert [c.value for c in workbook["相談"][2]] == ["RPA", 3]


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_a_real_pdf_is_accepted():
    assert validate_upload(upload("資料.pdf", PDF)) == "pdf"


def test_an_executable_renamed_to_pdf_is_refused_in_japanese():
    with pytest.raises(ValidationError, match="中身が拡張子"):
        validate_upload(upload("資料.pdf", b"MZ\x90\x00" + b"\x00" * 200))


def test_a_png_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError, match="一致しません"):
        validate_upload(upload("資料.pdf", PNG))


def test_a_zip_pretending_to_be_docx_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.txt", "x")
    with pytest.raises(ValidationError):
        validate_upload(upload("申請書.docx", buffer.getvalue()))


def test_a_real_xlsx_is_accepted():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    assert validate_upload(upload("台帳.xlsx", buffer.getvalue())) == "xlsx"


def test_an_unknown_extension_is_refused():
    with pytest.raises(ValidationError, match="受け付けられない"):
        validate_upload(upload("script.exe", b"MZ"))


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ValidationError, match="大きすぎます"):
        validate_upload(upload("資料.pdf", PDF + b"0" * 2048), max_bytes=1024)


def test_a_cp932_csv_with_broken_bytes_is_told_it_is_an_encoding_problem_with_the_row():
    from django.core.files.uploadedfile import SimpleUploadedFile

    lines = ["款,項,金額", "総務費,総務管理費,1000", "民生費,社会福祉費,2000"]
    data = "\r\n".join(lines).encode("cp932") + b"\r\n\x82\xff\x81,broken,3\r\n"
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("予算.csv", data), allowed=frozenset({"csv"}))
    message = " ".join(caught.value.messages)
    assert "4行目" in message and "CP932" in message and "一致しません" not in message


def test_a_cp932_csv_cut_inside_a_character_at_the_sniffing_limit_is_accepted():
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = b"a" * 8191 + "予算".encode("cp932")
    assert validate_upload(SimpleUploadedFile("予算.csv", data), allowed=frozenset({"csv"})) == "csv"

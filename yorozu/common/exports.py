"""CSV (UTF-8 with BOM by default, CP932 on request) and xlsx downloads of any table."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

CSV_ENCODINGS = {
    "utf-8": "utf-8-sig",
    "utf8": "utf-8-sig",
    "cp932": "cp932",
    "sjis": "cp932",
    "shift_jis": "cp932",
}


def content_disposition(filename: str) -> str:
    # RFC 6266 / 5987: a plain ASCII fallback and the real (Japanese) name percent-encoded.
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, encoding: str = "utf-8") -> bytes:
    """The table as CSV. Characters CP932 cannot hold become "?" rather than failing the download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    codec = CSV_ENCODINGS.get(encoding.lower(), "utf-8-sig")
    return buffer.getvalue().encode(codec, errors="replace")


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, encoding: str = "utf-8"
) -> HttpResponse:
    codec = CSV_ENCODINGS.get(encoding.lower(), "utf-8-sig")
    charset = "shift_jis" if codec == "cp932" else "utf-8"
    response = HttpResponse(
        csv_bytes(header, rows, encoding=encoding), content_type=f"text/csv; charset={charset}"
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response


def xlsx_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet_title: str = "一覧") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(50, len(str(title)) * 2 + 4))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet_title: str = "一覧"
) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(header, rows, sheet_title=sheet_title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response

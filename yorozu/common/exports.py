"""CSV (UTF-8 with BOM by default, CP932 on request) and xlsx downloads of any table.

Every cell is written as data, never as a formula (issue 10, CWE-1236 "CSV injection"): in xlsx a
text that starts with ``=`` stays a string cell (``formulas_as_text``), in CSV such a text gets a
leading ``'`` (``csv_safe``), the OWASP recommendation. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_IN_FILENAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def csv_safe(value: Any) -> Any:
    """A text a spreadsheet would run as a formula gets a leading ``'``; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formulas_as_text(workbook: Workbook) -> Workbook:
    """Turn every cell openpyxl took for a formula (a text starting with ``=``) into a string cell.

    Call it on every workbook built from stored data, just before saving: no writer here writes a
    real formula, so every ``=`` text came from a user or an imported file.
    """
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook


def safe_filename(filename: str, *, fallback: str = "download") -> str:
    """A download name without control characters, quotes, path or header separators."""
    cleaned = _UNSAFE_IN_FILENAME.sub("_", filename).strip(" ._")
    return cleaned[:150] or fallback


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266 / 5987: an ASCII fallback and the real (Japanese) name percent-encoded, from any input."""
    name = safe_filename(filename)
    ascii_name = safe_filename(name.encode("ascii", "ignore").decode(), fallback="download")
    if "." in name and "." not in ascii_name:
        ascii_name += "." + name.rsplit(".", 1)[1].encode("ascii", "ignore").decode()
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]], *, encoding: str = "utf-8") -> bytes:
    """The table as CSV. Characters CP932 cannot hold become "?" rather than failing the download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(v) for v in header])
    writer.writerows(["" if v is None else csv_safe(v) for v in row] for row in rows)
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
    formulas_as_text(workbook).save(buffer)
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

"""The text layer of PDF (pypdf) and the paragraphs of DOCX (python-docx), read as 例規 text."""

from __future__ import annotations

import io
import zipfile

from yorozu_core.regulations.model import Regulation, RegulationParseError
from yorozu_core.regulations.plain_text import parse_plain_text


def parse_pdf(data: bytes) -> Regulation:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise RegulationParseError(f"PDFを読み込めません（{exc}）。") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise RegulationParseError(
            "PDFに文字情報（テキストレイヤー）がありません。スキャン画像のPDFはOCRしてから登録してください。"
        )
    reg = parse_plain_text(text)
    return reg


def parse_docx(data: bytes) -> Regulation:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RegulationParseError(f"Word（docx）ファイルを読み込めません（{exc}）。") from exc
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines.extend("　".join(cell.text.strip() for cell in row.cells) for row in table.rows)
    reg = parse_plain_text("\n".join(lines))
    if doc.tables:
        reg.skipped.append(f"表（{len(doc.tables)}個）は本文の末尾に行として取り込みました")
    return reg

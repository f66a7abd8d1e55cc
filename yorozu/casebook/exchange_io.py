"""Reading and writing exchange files (bytes ↔ documents), shared by the pages and the CLI."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError

from yorozu_core.casebook.exchange import CasebookDocument, ExchangeError, dump_document, parse_document

MAX_FILE_BYTES = 20 * 1024 * 1024


def document_bytes(document: CasebookDocument) -> bytes:
    return json.dumps(dump_document(document), ensure_ascii=False, indent=2).encode("utf-8")


def read_document(raw: bytes, *, filename: str) -> CasebookDocument:
    """Parse an uploaded or given file; ValidationError naming the file (and line/column) otherwise."""
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(
            f"{filename}: ファイルが大きすぎます（上限 {MAX_FILE_BYTES // 1024 // 1024}MB）。"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"{filename}: UTF-8 のJSONファイルではありません（{error.start}バイト目）。"
        ) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"{filename}: JSONの書式が正しくありません（{error.lineno}行 {error.colno}列目: {error.msg}）。"
        ) from error
    try:
        return parse_document(data)
    except ExchangeError as error:
        raise ValidationError(f"{filename}: {error}") from error

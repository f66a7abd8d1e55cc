"""Decoding CSV bytes: UTF-8 with BOM, UTF-8, or CP932 (Windows Shift_JIS, what Excel writes).

CP932, not ``shift_jis``: Excel's files contain NEC/IBM extensions (①, ㈱, 髙) that the
strict JIS codec rejects.
"""

from __future__ import annotations

import codecs

from .errors import BudgetImportError


def decode_text(data: bytes, *, source: str) -> tuple[str, str]:
    """Return (text, encoding name). Raises a Japanese error when no candidate fits."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data[len(codecs.BOM_UTF8) :], "utf-8", source), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", source), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BudgetImportError(
            "文字コードを判別できません（UTF-8 でも CP932(Shift_JIS) でもありません）",
            source=source,
            row=line,
        ) from exc


def _decode(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BudgetImportError(f"{encoding} として読めない文字があります", source=source, row=line) from exc

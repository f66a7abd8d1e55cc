"""Checks for uploaded files: the real type is sniffed from the bytes, not trusted from the name."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# extension → the kinds of content it may hold, as sniffed by ``filetype`` (or by our checks below)
ALLOWED = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "gif": {"gif"},
    "docx": {"docx", "zip"},
    "xlsx": {"xlsx", "zip"},
    "pptx": {"pptx", "zip"},
    "csv": {"text"},
    "txt": {"text"},
    "md": {"text"},
    "html": {"text"},
    "htm": {"text"},
    "xml": {"text"},
}
DOCUMENTS = frozenset({"pdf", "docx", "xlsx", "pptx", "png", "jpg", "jpeg", "gif", "csv", "txt"})
_OOXML_MARKERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _sniff(head: bytes) -> str:
    kind = filetype.guess(head)
    if kind is not None:
        return kind.extension
    try:
        head.decode("utf-8")
        return "text"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp932")
        return "text" if b"\x00" not in head else "binary"
    except UnicodeDecodeError:
        return "binary"


def _ooxml_matches(upload: UploadedFile, extension: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(name.startswith(_OOXML_MARKERS[extension]) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def validate_upload(
    upload: UploadedFile, *, allowed: frozenset[str] = DOCUMENTS, max_bytes: int | None = None
) -> str:
    """Return the file's extension when name, content and size agree; raise a Japanese error otherwise."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    name = upload.name or ""
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in allowed or extension not in ALLOWED:
        raise ValidationError(
            f"「{name}」は受け付けられない種類のファイルです。使える種類: {', '.join(sorted(allowed))}"
        )
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"「{name}」は大きすぎます（上限 {limit // (1024 * 1024)} MB）。")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    sniffed = _sniff(head)
    if sniffed not in ALLOWED[extension]:
        raise ValidationError(
            f"「{name}」の中身が拡張子（.{extension}）と一致しません。ファイルを確認してください。"
        )
    if extension in _OOXML_MARKERS and not _ooxml_matches(upload, extension):
        raise ValidationError(f"「{name}」は正しい{extension}ファイルではありません。")
    return extension

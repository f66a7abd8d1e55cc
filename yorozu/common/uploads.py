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
    if b"\x00" in head:
        return "binary"
    return "text" if undecodable_line(head) is None else "binary"


TEXT_EXTENSIONS = frozenset(e for e, kinds in ALLOWED.items() if kinds == {"text"})
_CUT_CHARACTER = 2  # the 8 KB head may end inside a multi-byte character


def undecodable_line(head: bytes) -> int | None:
    """The line where neither UTF-8 nor CP932 can read ``head`` (the later of the two), or None.

    A text file with a few broken bytes is an encoding problem, not a file of another type (issue 10).
    """
    if b"\x00" in head:
        return None
    failures = []
    for codec in ("utf-8-sig", "cp932"):
        try:
            head.decode(codec)
            return None
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - _CUT_CHARACTER:
                return None
            failures.append(exc.start)
    return head[: max(failures)].count(b"\n") + 1


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
    line = undecodable_line(head) if extension in TEXT_EXTENSIONS and sniffed == "binary" else None
    if line is not None:
        raise ValidationError(
            f"「{name}」の{line}行目に、UTF-8 としても CP932（Shift_JIS）としても読めない文字があります。"
            "文字コードを確認して保存し直してください。"
        )
    if sniffed not in ALLOWED[extension]:
        raise ValidationError(
            f"「{name}」の中身が拡張子（.{extension}）と一致しません。ファイルを確認してください。"
        )
    if extension in _OOXML_MARKERS and not _ooxml_matches(upload, extension):
        raise ValidationError(f"「{name}」は正しい{extension}ファイルではありません。")
    return extension

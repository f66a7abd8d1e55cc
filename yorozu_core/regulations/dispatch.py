"""One entry point for every format: ``parse_document(path_or_bytes, filename)``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from yorozu_core.regulations.egov_markdown import read_egov_markdown
from yorozu_core.regulations.egov_xml import parse_egov_xml
from yorozu_core.regulations.model import Regulation, RegulationParseError, to_chunks
from yorozu_core.regulations.office import parse_docx, parse_pdf
from yorozu_core.regulations.plain_text import parse_plain_text
from yorozu_core.regulations.reiki_html import parse_reiki_html
from yorozu_core.retrieval.types import Chunk

FORMATS = frozenset({"html", "htm", "xml", "md", "txt", "pdf", "docx"})


@dataclass(frozen=True)
class ParsedDocument:
    title: str
    number: str
    chunks: list[Chunk]
    skipped: list[str] = field(default_factory=list)

    @property
    def article_count(self) -> int:
        return len({(c.article, c.supplementary) for c in self.chunks if c.article and not c.supplementary})


def source_of(filename: str) -> str:
    """The chunk ``source``: the file name without extension (as in the eval file's gold)."""
    return PurePath(filename.replace("\\", "/")).stem


def parse_document(path_or_bytes: Path | str | bytes, filename: str | None = None) -> ParsedDocument:
    """Read a regulation in any supported format. Raises :class:`RegulationParseError` (Japanese)."""
    if isinstance(path_or_bytes, bytes):
        if not filename:
            raise RegulationParseError("ファイル名（拡張子）が分からないため形式を判定できません。")
        data = path_or_bytes
    else:
        path = Path(path_or_bytes)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise RegulationParseError(f"「{filename}」を開けません（{exc.strerror}）。") from exc
    extension = PurePath(filename).suffix.lower().lstrip(".")
    reader = _READERS.get(extension)
    if reader is None:
        raise RegulationParseError(
            f"「{filename}」は対応していない形式です。対応形式: {', '.join(sorted(FORMATS))}"
        )
    try:
        reg = reader(data)
        if not reg.title:
            reg.title = source_of(filename)
        return _parsed(reg, source_of(filename))
    except RegulationParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - lxml, zipfile, pypdf … each fail their own way on a broken file
        raise RegulationParseError(unreadable_message(filename, extension)) from exc


def unreadable_message(filename: str, extension: str) -> str:
    """The one message for any file a parser cannot read (issue 10: never a 500)."""
    return (
        f"「{filename}」を{extension.upper()}ファイルとして読み取れませんでした。"
        "ファイルが壊れているか、形式が正しくありません。元のアプリで保存し直してください。"
    )


def _parsed(reg: Regulation, source: str) -> ParsedDocument:
    chunks = to_chunks(reg, source)
    if not chunks:
        raise RegulationParseError("取り込める条文がありません。")
    return ParsedDocument(title=reg.title, number=reg.number, chunks=chunks, skipped=list(reg.skipped))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RegulationParseError("文字コードを判定できません（UTF-8 か Shift_JIS で保存してください）。")


def _markdown(data: bytes) -> Regulation:
    text = _decode(data)
    if '<a id="第' in text:  # the e-Gov-derived Markdown of egov-laws-md
        return read_egov_markdown(text)
    return parse_plain_text(text)


_READERS: dict[str, Callable[[bytes], Regulation]] = {
    "html": lambda d: parse_reiki_html(_decode(d)),
    "htm": lambda d: parse_reiki_html(_decode(d)),
    "xml": parse_egov_xml,
    "md": _markdown,
    "txt": lambda d: parse_plain_text(_decode(d)),
    "pdf": parse_pdf,
    "docx": parse_docx,
}

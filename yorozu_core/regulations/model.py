"""The structure every parser produces, and the one place where it becomes chunks.

A parser reads its format into a :class:`Regulation` (articles with 項 and 号); :func:`to_chunks`
turns that into :class:`~yorozu_core.retrieval.types.Chunk` objects the same way for every format:
one chunk per article, a long article split by 項 (never mid-sentence), 附則 labelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.normalize import int_to_kanji

# An article longer than this (characters) is split into one chunk per 項.
LONG_ARTICLE_CHARS = 900
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


class RegulationParseError(ValueError):
    """A document that cannot be read as a regulation. The message is Japanese, for the user."""


@dataclass
class Paragraph:
    """One 項: its number (1 for the first, unnumbered one) and its lines (sentence, then 号)."""

    number: int
    lines: list[str] = field(default_factory=list)

    def render(self, numbered: bool) -> str:
        body = "\n".join(line for line in self.lines if line)
        if not numbered:
            return body
        return f"{str(self.number).translate(_FULLWIDTH)}　{body}"


@dataclass
class Article:
    label: str  # 「第十七条」; "" for a 附則 without articles
    caption: str = ""  # 「（年次休暇）」
    chapter_path: tuple[str, ...] = ()
    supplementary: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)

    def add_line(self, line: str) -> None:
        if not self.paragraphs:
            self.paragraphs.append(Paragraph(1))
        self.paragraphs[-1].lines.append(line)

    def new_paragraph(self, number: int | None = None) -> Paragraph:
        p = Paragraph(number if number is not None else len(self.paragraphs) + 1)
        self.paragraphs.append(p)
        return p

    @property
    def text(self) -> str:
        numbered = len(self.paragraphs) > 1
        return "\n".join(p.render(numbered and p.number > 1) for p in self.paragraphs).strip()


@dataclass
class Regulation:
    title: str
    number: str = ""
    articles: list[Article] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def article_label(n: int, branches: tuple[int, ...] = ()) -> str:
    """(13, (2,)) → 「第十三条の二」."""
    return f"第{int_to_kanji(n)}条" + "".join(f"の{int_to_kanji(b)}" for b in branches)


def to_chunks(reg: Regulation, source: str, *, long_chars: int = LONG_ARTICLE_CHARS) -> list[Chunk]:
    """Chunks with ids ``<source>#[附則]<article>[-<項>]``; a repeated key (several 附則 blocks of
    amending acts) gets ``~2``, ``~3`` …"""
    seen: dict[str, int] = {}
    out: list[Chunk] = []
    for art in reg.articles:
        if not art.text:
            continue
        key = ("[附則]" if art.supplementary else "") + art.label
        seen[key] = seen.get(key, 0) + 1
        suffix = f"~{seen[key]}" if seen[key] > 1 else ""
        if len(art.text) > long_chars and len(art.paragraphs) > 1:
            out.extend(_paragraph_chunks(reg, art, source, key, suffix))
        else:
            out.append(_chunk(reg, art, source, f"{key}{suffix}", None, art.text))
    return out


def _paragraph_chunks(reg: Regulation, art: Article, source: str, key: str, suffix: str) -> list[Chunk]:
    return [
        _chunk(reg, art, source, f"{key}-{p.number}{suffix}", p.number, p.render(p.number > 1))
        for p in art.paragraphs
        if any(p.lines)
    ]


def _chunk(reg: Regulation, art: Article, source: str, key: str, paragraph: int | None, text: str) -> Chunk:
    return Chunk(
        chunk_id=f"{source}#{key}",
        source=source,
        regulation_title=reg.title,
        regulation_number=reg.number,
        article=art.label,
        article_caption=art.caption,
        paragraph=paragraph,
        chapter_path=art.chapter_path,
        supplementary=art.supplementary,
        text=text,
    )

"""Value types shared by the regulation parsers, the indexes and the answer builder.

A :class:`Chunk` is the unit that is indexed and cited. Citations are always built from a
chunk's metadata, never from generated text (see docs/adr on retrieval).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Chunk:
    """One retrievable passage: an article (条), or one 項 of a long article.

    ``chunk_id`` is stable across re-ingests of the same text: ``<source>#<article>[-<paragraph>]``
    with ``[附則]`` prefixed for supplementary provisions.
    """

    chunk_id: str
    source: str  # file name of the ingested document without extension, e.g. "406AC0000000033"
    regulation_title: str  # 一般職の職員の勤務時間、休暇等に関する法律
    regulation_number: str  # 平成六年法律第三十三号 ("" when unknown)
    article: str  # "第十七条", "第十三条の二" (kanji, as the law writes it); "" for a preamble
    article_caption: str  # "（年次休暇）" or ""
    paragraph: int | None  # 項 number when the chunk is a single 項, else None
    chapter_path: tuple[str, ...]  # ("第三章 休暇",) outer to inner
    supplementary: bool  # True for 附則
    text: str  # the passage itself, 項/号 numbers kept

    @property
    def citation(self) -> str:
        """Human citation: 規則名 第N条第M項 (附則 labelled)."""
        parts = [self.regulation_title]
        if self.supplementary:
            parts.append("附則")
        label = self.article
        if self.paragraph is not None and self.article:
            label += f"第{self.paragraph}項"
        if label:
            parts.append(label)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Hit:
    """A chunk with its score from one retriever (or from fusion)."""

    chunk_id: str
    score: float
    reasons: tuple[str, ...] = field(default=())


class SearchBackend(Protocol):
    """What an index must offer. The embedded backends implement it in-process; a deployment
    beyond one machine can implement it on OpenSearch/Elasticsearch with a Japanese analyzer."""

    def add(self, chunks: list[Chunk]) -> None: ...

    def remove(self, chunk_ids: list[str]) -> None: ...

    def search(self, query: str, *, k: int, allowed_sources: frozenset[str] | None = None) -> list[Hit]: ...

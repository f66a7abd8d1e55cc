"""A small state machine the line-oriented parsers (text, Markdown, PDF, DOCX, 例規集 HTML) feed.

Each parser recognises what a line *is* (chapter, caption, article, 項, 号, 附則, continuation);
the builder keeps track of where it belongs, so every format ends with the same structure.
"""

from __future__ import annotations

from yorozu_core.regulations.model import Article, Regulation
from yorozu_core.text.normalize import normalize_article_label

_SENTENCE_END = ("。", "：", ":", "）", ")")


class RegulationBuilder:
    def __init__(self, title: str = "", number: str = "") -> None:
        self.reg = Regulation(title=title, number=number)
        self._chapters: list[str] = []
        self._caption = ""
        self._supplementary = False
        self._preamble = 0

    @property
    def _current(self) -> Article | None:
        return self.reg.articles[-1] if self.reg.articles else None

    def chapter(self, heading: str) -> None:
        """「第二章　休暇」 replaces the chapter path; a 節 nests under the current 章."""
        heading = heading.strip()
        if "節" in heading.split("　")[0].split(" ")[0] and self._chapters:
            self._chapters = [self._chapters[0], heading]
        else:
            self._chapters = [heading]

    def caption(self, text: str) -> None:
        self._caption = text.strip()

    def article(self, label: str, text: str = "") -> None:
        art = Article(
            label=normalize_article_label(label),
            caption=self._caption,
            chapter_path=() if self._supplementary else tuple(self._chapters),
            supplementary=self._supplementary,
        )
        self._caption = ""
        self.reg.articles.append(art)
        art.new_paragraph(1)
        if text.strip():
            art.add_line(text.strip())

    def paragraph(self, number: int, text: str) -> None:
        art = self._current
        if art is None:
            self._preamble += 1
            return
        last = art.paragraphs[-1] if art.paragraphs else None
        p = last if last is not None and not last.lines else art.new_paragraph(number)
        p.number = number
        if text.strip():
            p.lines.append(text.strip())

    def item(self, marker: str, text: str) -> None:
        self.line(f"{marker}　{text.strip()}", new_line=True)

    def supplementary(self, heading: str = "附則") -> None:
        """A 附則 block: its own paragraphs until an article inside it begins."""
        self._supplementary = True
        self._chapters = []
        self._caption = ""
        rest = heading.strip().removeprefix("附").lstrip(" 　").removeprefix("則").strip(" 　")
        art = Article(label="", caption=rest, supplementary=True)
        art.new_paragraph(1)
        self.reg.articles.append(art)

    def line(self, text: str, *, new_line: bool = False) -> None:
        """Body text: a continuation of the last sentence (PDF wraps lines mid-sentence) or a new line."""
        text = text.strip()
        art = self._current
        if not text:
            return
        if art is None:
            self._preamble += 1
            return
        if not art.paragraphs:
            art.new_paragraph(1)
        lines = art.paragraphs[-1].lines
        if lines and not new_line and not lines[-1].endswith(_SENTENCE_END):
            lines[-1] += text
        else:
            lines.append(text)

    def finish(self) -> Regulation:
        if self._preamble:
            self.reg.skipped.append(f"条に属さない前文・目次などの行（{self._preamble}行）")
        self.reg.articles = [a for a in self.reg.articles if a.text]
        return self.reg

"""Plain text and Markdown in the usual 例規 form (also the text layer of PDF and DOCX).

    職員の福利厚生・休暇に関する規則
    令和6年3月29日規則第12号
    第1章　総則
    （目的）
    第1条　この規則は、…
    2　前項の…
    一　…
    附　則
    この規則は、令和6年4月1日から施行する。

Numbers may be kanji, full- or half-width; Markdown heading marks (#) and emphasis are dropped.
"""

from __future__ import annotations

import re

from yorozu_core.regulations.builder import RegulationBuilder
from yorozu_core.regulations.model import Regulation, RegulationParseError

_N = "0-9０-９〇一二三四五六七八九十百千"
_SP = r"[ \t　]"
_CHAPTER = re.compile(rf"^第[{_N}]+[章節](?:{_SP}|$)")
_CAPTION = re.compile(r"^[（(][^（()）]{1,40}[）)]$")
_ARTICLE = re.compile(rf"^(第[{_N}]+条(?:の[{_N}]+)*)(?:{_SP}+(.*)|$)")
_PARAGRAPH = re.compile(rf"^([2-9２-９]|[1-9１-９][0-9０-９]){_SP}+(.+)")
_ITEM = re.compile(rf"^([一二三四五六七八九十]+|[(（][0-9０-９]+[)）]|[イロハニホヘトチリヌルヲ]){_SP}+(.+)")
_SUPPL = re.compile(rf"^附{_SP}*則(?:{_SP}*[（(].*[）)])?$")
_NUMBER = re.compile(
    r"^[（(]?(?:(?:明治|大正|昭和|平成|令和).*)?(?:条例|規則|規程|訓令|要綱|要領|告示)第.+号[）)]?$"
)
_MARKUP = re.compile(r"^#+\s*|\*\*|__")
_TOC = re.compile(rf"^目{_SP}*次$")


def parse_plain_text(text: str) -> Regulation:
    lines = [_clean(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise RegulationParseError("本文が空です。")
    title = lines[0].lstrip("○◯")
    builder = RegulationBuilder(title=title)
    rest = lines[1:]
    if rest and _NUMBER.match(rest[0]):
        builder.reg.number = rest[0].strip("（）()")
        rest = rest[1:]
    for line in rest:
        feed_line(builder, line)
    reg = builder.finish()
    if not any(a.label for a in reg.articles):
        raise RegulationParseError(
            "「第1条」のような条の見出しが見つかりません。例規の形式の文書か確認してください。"
        )
    return reg


def feed_line(builder: RegulationBuilder, line: str) -> None:
    """Classify one line and hand it to the builder."""
    if _SUPPL.match(line):
        builder.supplementary(line)
    elif _TOC.match(line):
        builder.line(line)
    elif m := _ARTICLE.match(line):
        builder.article(m[1], m[2] or "")
    elif _CHAPTER.match(line):
        builder.chapter(line)
    elif _CAPTION.match(line):
        builder.caption(line)
    elif m := _PARAGRAPH.match(line):
        builder.paragraph(int(m[1].translate(_TO_ASCII)), m[2])
    elif m := _ITEM.match(line):
        builder.item(m[1], m[2])
    else:
        builder.line(line)


_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")


def _clean(line: str) -> str:
    line = _MARKUP.sub("", line.strip())
    return line.strip().lstrip("-*> ").strip() if line.startswith(("- ", "> ")) else line.strip()

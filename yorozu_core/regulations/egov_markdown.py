"""The e-Gov-derived Markdown of ../shared/data/egov-laws-md (see its SOURCE.md for the defects).

- A real article heading is an anchor line followed by a line that is exactly ``**第…条(の…)**``;
  an anchor whose bold line has text after the ``**`` is a cross-reference cut by the converter
  and is body text. Headings must also advance the article number (a 「第百条」 table cell inside
  第六条 is not a heading), except that a repeated 第一条 starts the 附則.
- The 附則 heading was lost: the first repeated 第一条, or a 「この法律は、…から施行する。」 line
  inside the main provision (a 附則 without articles glued to the last article), starts it.
- 項 numbers and 条見出し were lost: one chunk per article, 項 unknown (``paragraph=None``).
- Cross-reference links are unwrapped to their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from yorozu_core.regulations.model import Article, Regulation, RegulationParseError, to_chunks
from yorozu_core.retrieval.types import Chunk
from yorozu_core.text.normalize import article_ref_to_arabic

_ANCHOR = re.compile(r'^<a id="[^"]+"></a>$')
_HEADING = re.compile(r"^\*\*(第[^*]+条[^*]*)\*\*(.*)$")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NUMBER = re.compile(r"^\*（(.+)）\*$")
_BRANCH_TAIL = re.compile(r"^(?:の[〇一二三四五六七八九十百千]+)+$")
_ENACTMENT = re.compile(r"^この(?:法律|規則|政令|省令|命令|府令)は、.*(?:施行する|適用する)。")
_MAX_JUMP = 10


@dataclass(frozen=True)
class _Candidate:
    line: int
    label: str
    key: tuple[int, ...]


def parse_egov_markdown(text: str, source: str) -> list[Chunk]:
    """Chunks of one egov-laws-md file; ``source`` is its file name without extension."""
    return to_chunks(read_egov_markdown(text), source, long_chars=10**9)


def read_egov_markdown(text: str) -> Regulation:
    lines = text.splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), "")
    if not title:
        raise RegulationParseError("法令名の見出し（# で始まる行）が見つかりません。")
    number = next((m[1] for ln in lines[:12] if (m := _NUMBER.match(ln.strip()))), "")
    reg = Regulation(title=title, number=number, articles=_articles(lines))
    # the converter lost some bodies (国家公務員法 第百十一条, 地方公務員法 第六十二条): say so
    reg.skipped += [
        f"{'附則' if a.supplementary else ''}{a.label}: 本文が変換元のMarkdownにありません（原文を確認）"
        for a in reg.articles
        if a.label and not a.text
    ]
    if not reg.articles:
        raise RegulationParseError("条（**第一条** の見出し）が一つも見つかりません。")
    return reg


def _articles(lines: list[str]) -> list[Article]:
    real = _real_headings(lines)
    out: list[Article] = []
    supplementary = False
    i = 0
    while i < len(lines):
        if i in real:
            supplementary = supplementary or (real[i] == "第一条" and bool(out))
            out.append(Article(real[i], supplementary=supplementary))
            i += 2
            continue
        line = _body_line(lines[i])
        if line and out:
            if not supplementary and _ENACTMENT.match(line):
                supplementary = True
                out.append(Article("", supplementary=True))
            out[-1].add_line(line)
        i += 1
    return out


def _body_line(raw: str) -> str:
    line = raw.strip()
    if not line or _ANCHOR.match(line) or line.startswith("# ") or _NUMBER.match(line):
        return ""
    heading = _HEADING.match(line)
    if heading:  # a spurious anchor: 「**第六条**第二項若しくは…」 is text
        line = heading[1] + heading[2]
    return _LINK.sub(r"\1", line)


def _candidates(lines: list[str]) -> list[_Candidate]:
    out = []
    for i in range(len(lines) - 1):
        if not _ANCHOR.match(lines[i].strip()):
            continue
        heading = _HEADING.match(lines[i + 1].strip())
        tail = heading[2].strip() if heading else ""
        if heading and (not tail or _BRANCH_TAIL.match(tail)):
            label = heading[1] + tail
            out.append(_Candidate(i, label, _article_key(label)))
    return out


def _real_headings(lines: list[str]) -> dict[int, str]:
    """Line index → label. Numbers must increase (a repeated 第一条 restarts them for 附則); a jump
    of more than ``_MAX_JUMP`` is rejected when the sequence continues from the current article
    further down (労基法 第四十二条 → 第五十六条 after deleted articles is a real jump)."""
    cands = _candidates(lines)
    real: dict[int, str] = {}
    last: tuple[int, ...] = ()
    for n, c in enumerate(cands):
        if c.key == (1,):
            last = ()
        too_far = bool(last) and c.key[:1] > (last[0] + _MAX_JUMP,) and _continues(cands[n + 1 :], last)
        if not c.key or (last and c.key <= last) or too_far:
            continue
        real[c.line] = c.label
        last = c.key
    return real


def _continues(rest: list[_Candidate], last: tuple[int, ...]) -> bool:
    for c in rest:
        if c.key == (1,):
            return False
        if last < c.key and c.key[0] <= last[0] + _MAX_JUMP:
            return True
    return False


def _article_key(label: str) -> tuple[int, ...]:
    """「第二十七条の三十二の二」 → (27, 32, 2); () when unreadable."""
    try:
        arabic = article_ref_to_arabic(label).strip("第").replace("条", "")
        return tuple(int(x) for x in arabic.split("の"))
    except ValueError:
        return ()

"""例規集 HTML: the markup of the common 例規集 hosting systems (``div.eline`` blocks holding
``p.title-irregular``, ``p.date``, ``p.number``, ``div.article`` with ``p.title`` (条見出し) and
``p.num``, ``div.clause`` (項), ``div.item`` (号), ``p.s-head`` (附則)). Pages from other systems
without that markup are read as text lines in the usual 例規 form (:mod:`plain_text`).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from yorozu_core.regulations.builder import RegulationBuilder
from yorozu_core.regulations.model import Regulation, RegulationParseError
from yorozu_core.regulations.plain_text import feed_line, parse_plain_text

_CHAPTER = re.compile(r"^第[0-9０-９一二三四五六七八九十]+[章節]")
_TO_ASCII = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_reiki_html(html: str) -> Regulation:
    soup = BeautifulSoup(html, "lxml")
    for junk in soup(["script", "style", "noscript"]):
        junk.decompose()
    root = soup.find(id="primary") or soup.body or soup
    elines = root.select("div.eline") if isinstance(root, Tag) else []
    if not elines:
        return parse_plain_text(_fallback_text(soup))
    builder = RegulationBuilder()
    date = ""
    for eline in elines:
        date = _feed(builder, eline, date)
    reg = builder.finish()
    if not reg.title:
        reg.title = _page_title(soup)
    if not any(a.label for a in reg.articles):
        raise RegulationParseError("例規集のページに条（p.num の「第1条」）が見つかりません。")
    return reg


def _feed(builder: RegulationBuilder, eline: Tag, date: str) -> str:
    """One ``div.eline``; returns the 制定日 seen so far (it precedes the number)."""
    if p := eline.select_one("p.title-irregular"):
        builder.reg.title = _text(p).lstrip("○◯")
    elif p := eline.select_one("p.date"):
        return _text(p)
    elif p := eline.select_one("p.number"):
        builder.reg.number = f"{date} {_text(p)}".strip()
    elif p := eline.select_one("p.s-head"):
        builder.supplementary(_text(p))
    elif block := eline.select_one("div.article, div.clause, div.item"):
        _structured(builder, block)
    elif table := eline.find("table"):
        for row in table.find_all("tr"):
            cells = [_text(c) for c in row.find_all(["td", "th"])]
            if any(cells):
                builder.line("　".join(c for c in cells if c), new_line=True)
    elif eline.select_one("div.form_section, div.xref_frame, img"):
        builder.reg.skipped.append(f"様式・画像（{_text(eline) or '画像'}）は本文として取り込みません")
    elif text := _text(eline):
        feed_line(builder, text)
    return date


def _structured(builder: RegulationBuilder, block: Tag) -> None:
    for title in block.select("p.title"):
        text = _text(title)
        builder.chapter(text) if _CHAPTER.match(text) else builder.caption(text)
    num = block.select_one("p.num")
    if num is None:
        for p in block.select("p.p"):
            builder.line(_text(p), new_line=True)
        return
    marker_tag = num.select_one("span.num")
    marker = _text(marker_tag) if marker_tag else ""
    if marker_tag:
        marker_tag.extract()
    body = _text(num)
    classes: list[str] = list(block.get("class") or [])
    if "article" in classes:
        builder.article(marker, body)
    elif "clause" in classes:
        digits = marker.translate(_TO_ASCII)
        builder.paragraph(int(digits), body) if digits.isdigit() else builder.line(body)
    else:
        builder.item(marker, body)


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text("", strip=False).split())


def _page_title(soup: BeautifulSoup) -> str:
    head = soup.find("h2") or soup.find("title")
    return _text(head) if isinstance(head, Tag) else ""


def _fallback_text(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    return "\n".join(line.strip() for line in body.get_text("\n").splitlines() if line.strip())

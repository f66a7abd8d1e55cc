"""e-Gov law XML (法令標準XMLスキーマ): Law / LawNum / LawBody / LawTitle / MainProvision /
Part / Chapter / Section / Article (ArticleCaption, ArticleTitle) / Paragraph (ParagraphNum,
ParagraphSentence) / Item (ItemTitle, ItemSentence) / Subitem1… / SupplProvision.

Parsed with entity resolution and network access off (an uploaded file is untrusted).
"""

from __future__ import annotations

from lxml import etree

from yorozu_core.regulations.model import Article, Paragraph, Regulation, RegulationParseError
from yorozu_core.text.normalize import normalize_article_label

_GROUPS = {
    "Part": "PartTitle",
    "Chapter": "ChapterTitle",
    "Section": "SectionTitle",
    "Subsection": "SubsectionTitle",
}
_SUBITEMS = tuple(f"Subitem{i}" for i in range(1, 11))


def parse_egov_xml(data: bytes) -> Regulation:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, dtd_validation=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise RegulationParseError(f"XMLとして読めません（{exc.msg}）。") from exc
    law = root if root.tag == "Law" else root.find(".//Law")
    body = law.find("LawBody") if law is not None else None
    if law is None or body is None:
        raise RegulationParseError("e-Gov法令XMLの Law / LawBody 要素が見つかりません。")
    reg = Regulation(title=_text(body.find("LawTitle")), number=_text(law.find("LawNum")))
    main = body.find("MainProvision")
    if main is not None:
        _walk(main, reg, (), supplementary=False)
    for suppl in body.findall("SupplProvision"):
        _supplementary(suppl, reg)
    if not reg.articles:
        raise RegulationParseError("条（Article）も項（Paragraph）も見つかりません。")
    return reg


def _walk(node: etree._Element, reg: Regulation, path: tuple[str, ...], *, supplementary: bool) -> None:
    loose = Article(label="", supplementary=supplementary, chapter_path=path)
    for child in node:
        if child.tag in _GROUPS:
            _walk(child, reg, (*path, _text(child.find(_GROUPS[child.tag]))), supplementary=supplementary)
        elif child.tag == "Article":
            reg.articles.append(_article(child, path, supplementary))
        elif child.tag == "Paragraph":  # a law or 附則 without articles
            loose.paragraphs.append(_paragraph(child, len(loose.paragraphs) + 1))
    if loose.paragraphs:
        reg.articles.append(loose)


def _supplementary(suppl: etree._Element, reg: Regulation) -> None:
    start = len(reg.articles)
    _walk(suppl, reg, (), supplementary=True)
    amend = suppl.get("AmendLawNum", "")
    for art in reg.articles[start:]:
        art.caption = art.caption or (f"（{amend}）" if amend else "")


def _article(node: etree._Element, path: tuple[str, ...], supplementary: bool) -> Article:
    art = Article(
        label=normalize_article_label(_text(node.find("ArticleTitle"))),
        caption=_text(node.find("ArticleCaption")),
        chapter_path=path,
        supplementary=supplementary,
    )
    for i, para in enumerate(node.findall("Paragraph"), start=1):
        art.paragraphs.append(_paragraph(para, i))
    return art


def _paragraph(node: etree._Element, default: int) -> Paragraph:
    num = _text(node.find("ParagraphNum"))
    digits = num.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    p = Paragraph(int(digits) if digits.isdigit() else default)
    p.lines.append(_text(node.find("ParagraphSentence")))
    for item in node.iter("Item", *_SUBITEMS):
        title = _text(item.find(f"{item.tag}Title") if item.tag != "Item" else item.find("ItemTitle"))
        sentence = _text(
            item.find(f"{item.tag}Sentence") if item.tag != "Item" else item.find("ItemSentence")
        )
        p.lines.append(f"{title}　{sentence}".strip())
    return p


def _text(node: etree._Element | None) -> str:
    if node is None:
        return ""
    columns = node.findall(".//Column")
    if columns:
        return "　".join("".join(c.itertext()).strip() for c in columns)
    return "".join(node.itertext()).strip()

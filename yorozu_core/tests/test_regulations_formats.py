"""Every format is split by its own structure: 条 with 条見出し, 項, 号, chapter path, 附則 apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from yorozu_core.regulations.dispatch import parse_document, source_of
from yorozu_core.regulations.model import RegulationParseError
from yorozu_core.retrieval.types import Chunk
from yorozu_core.tests.regulations_support import docx_with_paragraphs, pdf_with_text

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"

REGULATION_LINES = [
    "○よろず区職員休暇規則",
    "令和6年3月29日規則第12号",
    "第1章　総則",
    "（目的）",
    "第1条　この規則は、職員の休暇に関し必要な事項を定めるものとする。",
    "第2章　休暇",
    "（年次休暇）",
    "第2条　年次休暇は、一の年ごとに20日とする。",
    "2　次に掲げる職員の年次休暇の日数は、別に定める。",
    "一　年の中途において採用された職員",
    "二　任期付職員",
    "第2条の2　病気休暇は、療養する場合の休暇とする。",
    "附　則",
    "この規則は、令和6年4月1日から施行する。",
]


def _by_article(chunks: list[Chunk]) -> dict[tuple[str, bool], Chunk]:
    return {(c.article, c.supplementary): c for c in chunks}


def _assert_structure(chunks: list[Chunk], title: str) -> None:
    arts = _by_article(chunks)
    assert {c.regulation_title for c in chunks} == {title}
    second = arts[("第二条", False)]
    assert second.article_caption == "（年次休暇）"
    assert second.chapter_path[0].startswith("第2章") or second.chapter_path[0].startswith("第二章")
    assert "２　" in second.text and "一　年の中途" in second.text and "二　任期付職員" in second.text
    assert arts[("第二条の二", False)].text.startswith("病気休暇は")
    suppl = [c for c in chunks if c.supplementary]
    assert suppl and "施行する" in suppl[0].text
    assert all("施行する" not in c.text for c in chunks if not c.supplementary)


def test_plain_text_keeps_title_number_captions_items_and_supplementary() -> None:
    doc = parse_document("\n".join(REGULATION_LINES).encode(), "kyuka.txt")
    assert doc.title == "よろず区職員休暇規則"
    assert doc.number == "令和6年3月29日規則第12号"
    assert doc.article_count == 3
    _assert_structure(doc.chunks, "よろず区職員休暇規則")
    assert doc.chunks[0].chunk_id == "kyuka#第一条"


def test_markdown_headings_and_emphasis_are_dropped() -> None:
    md = [
        "# " + REGULATION_LINES[0],
        *("**" + ln + "**" if ln.startswith("（") else ln for ln in REGULATION_LINES[1:]),
    ]
    md[2] = "## " + md[2]
    doc = parse_document("\n".join(md).encode(), "kyuka.md")
    _assert_structure(doc.chunks, "よろず区職員休暇規則")


def test_cp932_text_is_read() -> None:
    doc = parse_document("\n".join(REGULATION_LINES).encode("cp932"), "kyuka.txt")
    assert doc.title == "よろず区職員休暇規則"


def test_docx_paragraphs_are_read_as_regulation_text() -> None:
    doc = parse_document(docx_with_paragraphs(REGULATION_LINES), "kyuka.docx")
    _assert_structure(doc.chunks, "よろず区職員休暇規則")


def test_pdf_text_layer_is_read_and_wrapped_lines_are_joined() -> None:
    lines = [*REGULATION_LINES]
    lines[4:5] = ["第1条　この規則は、職員の休暇に関し必要な", "事項を定めるものとする。"]
    doc = parse_document(pdf_with_text(lines), "kyuka.pdf")
    _assert_structure(doc.chunks, "よろず区職員休暇規則")
    assert "必要な事項を定める" in _by_article(doc.chunks)[("第一条", False)].text


def test_egov_xml_reads_captions_chapters_sections_items_and_supplementary() -> None:
    doc = parse_document(FIXTURES / "kyuka_law.xml")
    assert (doc.title, doc.number) == ("サンプル職員休暇法", "令和六年法律第九十九号")
    _assert_structure(doc.chunks, "サンプル職員休暇法")
    second = _by_article(doc.chunks)[("第二条", False)]
    assert second.chapter_path == ("第二章　休暇", "第一節　年次休暇")
    assert "任期付職員　任期に応じた日数" in second.text
    amended = _by_article(doc.chunks)[("第一条", True)]
    assert amended.article_caption == "（施行期日）" and amended.citation == "サンプル職員休暇法 附則 第一条"


def test_a_long_article_is_split_by_paragraph_never_mid_sentence() -> None:
    long_sentence = "職員は、" + "所属長の承認を得て" * 60 + "休暇を使用することができる。"
    lines = ["長い規則", "第1条　" + long_sentence, "2　" + long_sentence, "3　前2項の規定は、別に定める。"]
    chunks = parse_document("\n".join(lines).encode(), "long.txt").chunks
    assert [c.paragraph for c in chunks] == [1, 2, 3]
    assert [c.chunk_id for c in chunks] == ["long#第一条-1", "long#第一条-2", "long#第一条-3"]
    assert all(c.text.endswith("。") for c in chunks)
    assert chunks[1].citation == "長い規則 第一条第2項"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x00\x01\x02garbage", "broken.pdf", "PDF"),
        (b"not a zip", "broken.docx", "docx"),
        (b"<Law><unclosed>", "broken.xml", "XML"),
        ("ただの文章です。\n条はありません。".encode(), "prose.txt", "条の見出し"),
        (b"", "empty.txt", "空"),
        (b"a,b", "table.csv", "対応していない形式"),
    ],
)
def test_a_broken_file_raises_a_japanese_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(RegulationParseError, match=message):
        parse_document(data, name)


def test_a_pdf_without_text_layer_says_so() -> None:
    with pytest.raises(RegulationParseError, match="テキストレイヤー"):
        parse_document(pdf_with_text([]), "scan.pdf")


def test_source_is_the_file_name_without_extension() -> None:
    assert source_of("misc/406RJNJ15014000.md") == "406RJNJ15014000"


@pytest.mark.realdata
def test_real_reiki_html_pages_keep_articles_captions_items_and_amendment_supplements() -> None:
    folder = SHARED / "reiki-html-katsuragi"
    if not folder.is_dir():
        pytest.skip("shared data absent")
    award = parse_document(folder / "k518RG00000012.html")
    assert (award.title, award.number) == ("かつらぎ町表彰規程", "昭和43年9月10日 規程第9号")
    assert award.article_count == 9
    assert "(13)　前各号に定めるもののほか" in _by_article(award.chunks)[("第二条", False)].text
    assert any("別記様式" in s for s in award.skipped)
    parking = parse_document(folder / "k518RG00000080.html")
    arts = _by_article(parking.chunks)
    assert arts[("第一条", False)].article_caption == "(目的)"
    assert "船岡山駐車場　かつらぎ町大字西渋田372番地の5" in arts[("第三条", False)].text
    assert "２　駐輪場に駐車できるもの" in arts[("第四条", False)].text
    suppl = [c for c in parking.chunks if c.supplementary]
    assert len(suppl) == 9 and suppl[1].article_caption.startswith("(平成10年3月30日")

"""The egov-laws-md chunker: real headings vs spurious anchors, 附則 without a heading, links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from yorozu_core.regulations.egov_markdown import parse_egov_markdown
from yorozu_core.regulations.model import RegulationParseError

SAMPLE = """# サンプル休暇法


*（令和六年法律第九十九号）*


<a id="第一条"></a>
**第一条**
この法律は、職員の休暇に関し必要な事項を定めるものとする。

<a id="第二条"></a>
**第二条**
職員の休暇は、[国家公務員法第六十条](./322AC0000000120.md#第六十条)の二に定めるところによる。
<a id="第三条第二項"></a>
**第三条**第二項の規定にかかわらず、人事院規則で定める。

<a id="第百条"></a>
**第百条**

<a id="第三条"></a>
**第三条**
年次休暇は、一の年ごとに二十日とする。

<a id="第三条の二"></a>
**第三条の二**
病気休暇は、負傷又は疾病のため療養する場合に与える。
この法律は、令和七年四月一日から施行する。

<a id="第一条"></a>
**第一条**
この法律は、公布の日から施行する。
"""


def _by_id(text: str) -> dict[str, object]:
    return {c.chunk_id: c for c in parse_egov_markdown(text, "999AC")}


def test_it_keeps_title_number_and_articles() -> None:
    chunks = parse_egov_markdown(SAMPLE, "999AC")
    assert chunks[0].regulation_title == "サンプル休暇法"
    assert chunks[0].regulation_number == "令和六年法律第九十九号"
    assert [c.article for c in chunks if not c.supplementary] == ["第一条", "第二条", "第三条", "第三条の二"]


def test_it_treats_an_anchor_with_text_after_the_bold_as_body_text() -> None:
    second = _by_id(SAMPLE)["999AC#第二条"]
    assert "第三条第二項の規定にかかわらず" in second.text  # type: ignore[attr-defined]


def test_it_unwraps_cross_reference_links() -> None:
    second = _by_id(SAMPLE)["999AC#第二条"]
    assert "国家公務員法第六十条の二に定める" in second.text  # type: ignore[attr-defined]
    assert "](" not in second.text  # type: ignore[attr-defined]


def test_it_ignores_a_heading_that_jumps_backwards_or_too_far() -> None:
    assert "999AC#第百条" not in _by_id(SAMPLE)


def test_it_labels_supplementary_provisions_from_the_enactment_line_and_repeated_first_article() -> None:
    chunks = _by_id(SAMPLE)
    glued = chunks["999AC#[附則]"]
    assert glued.supplementary and "令和七年四月一日" in glued.text  # type: ignore[attr-defined]
    assert "施行" not in chunks["999AC#第三条の二"].text  # type: ignore[attr-defined]
    assert chunks["999AC#[附則]第一条"].supplementary  # type: ignore[attr-defined]
    assert chunks["999AC#[附則]第一条"].citation == "サンプル休暇法 附則 第一条"  # type: ignore[attr-defined]


def test_it_rejects_a_file_without_a_title() -> None:
    with pytest.raises(RegulationParseError, match="法令名"):
        parse_egov_markdown("本文だけ", "x")


SHARED = Path(
    os.environ.get("YOROZU_SHARED_DATA", Path(__file__).resolve().parents[2].parent / "shared" / "data")
)


@pytest.mark.realdata
def test_it_finds_the_25_main_articles_of_the_work_hours_act() -> None:
    path = SHARED / "egov-laws-md" / "acts" / "406AC0000000033.md"
    if not path.exists():
        pytest.skip("shared data absent")
    chunks = parse_egov_markdown(path.read_text(encoding="utf-8"), path.stem)
    main = [c.article for c in chunks if not c.supplementary]
    assert len(main) == 25
    assert "第十三条の二" in main and "第二十条の二" in main
    assert len({c.chunk_id for c in chunks}) == len(chunks)


BRANCH_AND_EMPTY = """# 金融テスト法
*（令和六年法律第一号）*

<a id="第二十七条の三十二"></a>
**第二十七条の三十二**
発行者は、情報を公表する。

<a id="第二十七条の三十二"></a>
**第二十七条の三十二**の二
金融商品取引業者等は、外国証券情報を提供する。

<a id="第二十七条の三十三"></a>
**第二十七条の三十三**

<a id="第二十七条の三十四"></a>
**第二十七条の三十四**の二
<a id="第二十七条の三十二"></a>
**第二十七条の三十二**の二第一項の規定に違反した者は、損害を賠償する。
"""


def test_a_branch_written_after_the_bold_is_its_own_article_and_a_cut_reference_is_text() -> None:
    from yorozu_core.regulations.egov_markdown import read_egov_markdown

    chunks = parse_egov_markdown(BRANCH_AND_EMPTY, "fin")
    assert [c.article for c in chunks] == [
        "第二十七条の三十二",
        "第二十七条の三十二の二",
        "第二十七条の三十四の二",
    ]
    assert chunks[2].text.startswith("第二十七条の三十二の二第一項の規定に違反した者")
    reg = read_egov_markdown(BRANCH_AND_EMPTY)
    assert reg.skipped == ["第二十七条の三十三: 本文が変換元のMarkdownにありません（原文を確認）"]


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("name", "article"), [("322AC0000000120", "第百十一条"), ("325AC0000000261", "第六十二条")]
)
def test_articles_whose_body_the_converter_lost_are_reported(name: str, article: str) -> None:
    from yorozu_core.regulations.egov_markdown import read_egov_markdown

    file = SHARED / "egov-laws-md" / "acts" / f"{name}.md"
    if not file.exists():
        pytest.skip("../shared/data is not here")
    reg = read_egov_markdown(file.read_text(encoding="utf-8"))
    assert any(s.startswith(article + ":") for s in reg.skipped)

"""Which passages an answer quotes, and when it says 「見つかりませんでした」 (ADR 0420)."""

from __future__ import annotations

from yorozu.regqa.answering import Passage, quoted_passages
from yorozu_core.retrieval.types import Chunk


def chunk(article: str, text: str) -> Chunk:
    return Chunk(
        chunk_id=f"rule#{article}",
        source="rule",
        regulation_title="職員の勤務時間規則",
        regulation_number="",
        article=article,
        article_caption="",
        paragraph=None,
        chapter_path=(),
        text=text,
        supplementary=False,
    )


PASSAGES = [
    Passage(
        chunk("第四条", "週休日の振替は、勤務日の四週間前の日から八週間後の日までの期間内とする。"), 9.0, 1
    ),
    Passage(chunk("第二条", "週休日は、日曜日及び土曜日とする。"), 7.0, 1),
    Passage(chunk("第三条", "勤務時間は、一週間当たり三十八時間四十五分とする。"), 5.0, 1),
]
EVIDENCE = {"第四条": 0.45, "第二条": 0.6, "第三条": 0.1}


def evidence(question: str, passage: Passage) -> float:
    return EVIDENCE[passage.chunk.article]


def quoted(shift: float = 0.0) -> list[str]:
    found = quoted_passages(
        "土曜の出勤の振替は何週間前まで？", PASSAGES, {}, limit=3, relevance=evidence, shift=shift
    )
    return [p.chunk.article for p in found]


def test_the_article_ranked_first_is_quoted_once_something_was_found() -> None:
    # 第二条 decides that something was found (0.6); 第四条, ranked first, holds the answer at 0.45
    assert quoted() == ["第四条", "第二条"]


def test_a_calibrated_dense_model_moves_the_decision_both_ways() -> None:
    assert quoted(shift=-0.1) == []
    EVIDENCE["第二条"] = 0.5
    try:
        assert quoted() == []
        assert quoted(shift=0.1) == ["第四条", "第二条"]
    finally:
        EVIDENCE["第二条"] = 0.6


def test_a_weak_match_is_quoted_for_context_but_never_leads() -> None:
    # the demo's 「子どもが熱を出したときの休暇は何日？」: the 子の看護 article is ranked first with
    # strong evidence; the 災害 leave, ranked low with weak evidence, also states a number of days
    nursing = Passage(
        chunk(
            "第十六条",
            "子の看護のための休暇は、中学校就学の始期に達するまでの子について一の年において5日とする。",
        ),
        9.0,
        1,
    )
    disaster = Passage(
        chunk("第二十条", "災害により住居が滅失した場合には、7日の範囲内の期間の休暇を与える。"), 3.0, 1
    )
    strength = {"第十六条": 0.9, "第二十条": 0.25}
    found = quoted_passages(
        "子どもが熱を出したときの休暇は何日？",
        [nursing, disaster],
        {},
        limit=3,
        relevance=lambda q, p: strength[p.chunk.article],
    )
    assert [p.chunk.article for p in found] == ["第十六条", "第二十条"]

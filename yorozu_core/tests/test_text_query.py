"""Query analysis: boilerplate removal and colloquial expansion."""

from __future__ import annotations

import pytest

from yorozu_core.text.query import analyze_query, strip_boilerplate
from yorozu_core.text.synonyms import expand


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("年次休暇の繰越しについて教えてください。", "年次休暇の繰越し"),
        ("病気休暇は何日まで取れますか？", "病気休暇は何日まで取れ"),
        ("次のうち、正しいものを教えてください。", "次のうち、正しいものを教えてください。"),
    ],
)
def test_it_strips_question_boilerplate_but_never_everything(question: str, expected: str) -> None:
    assert strip_boilerplate(question) == expected


def test_it_expands_how_staff_ask_into_how_rules_are_written() -> None:
    analyzed = analyze_query("産休って何週間？")
    assert "産前産後" in analyzed.expansions


def test_the_domain_list_holds_no_associations_fitted_to_questions() -> None:
    # 熱を出した → 子の看護 was an association written for one benchmark question (ADR 0415)
    assert "子の看護" not in expand("子どもが熱を出したら休める")
    assert expand("何日休める") == ["休暇"]


def test_collection_words_are_added_after_the_domain_list() -> None:
    analyzed = analyze_query("年休は何日", related=lambda text: ["年次休暇", "休暇"])
    assert analyzed.expansions == ("年次休暇", "休暇")


@pytest.mark.parametrize(
    ("question", "numerals"),
    [
        ("1週間の勤務時間は？", ("一週間",)),
        ("6か月勤めたら年休は20日？", ("六箇月", "二十日")),
        ("第5条の3.5時間", ()),
    ],
)
def test_figures_are_also_searched_as_statutes_write_them(question: str, numerals: tuple[str, ...]) -> None:
    assert analyze_query(question).numerals == numerals


def test_it_does_not_repeat_terms_already_in_the_question() -> None:
    assert "年次休暇" not in expand("年次休暇の年休")


def test_a_city_can_add_its_own_terms() -> None:
    assert expand("リフレッシュ休暇", extra={"リフレッシュ": ("永年勤続",)}) == ["永年勤続"]


def test_statute_numerals_are_normalized_in_the_question() -> None:
    assert analyze_query("規則第17条第2項").text == "規則第十七条第二項"


def test_keys_do_not_fire_inside_unrelated_words() -> None:
    assert "配偶者" not in expand("家族に話しても大丈夫？")
    assert "争議行為" not in expand("ストレスチェックは受けるべき？")

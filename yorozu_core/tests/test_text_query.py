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
    analyzed = analyze_query("年休って繰り越せる？")
    assert "年次休暇" in analyzed.expansions
    assert analyzed.text == "年休って繰り越せる"


def test_it_maps_a_sick_child_to_nursing_leave() -> None:
    assert "子の看護" in expand("子どもが熱を出したら休める")


def test_it_does_not_repeat_terms_already_in_the_question() -> None:
    assert "年次休暇" not in expand("年次休暇の年休")


def test_a_city_can_add_its_own_terms() -> None:
    assert expand("リフレッシュ休暇", extra={"リフレッシュ": ("永年勤続",)}) == ["永年勤続"]


def test_statute_numerals_are_normalized_in_the_question() -> None:
    assert analyze_query("規則第17条第2項").text == "規則第十七条第二項"


def test_keys_do_not_fire_inside_unrelated_words() -> None:
    assert "配偶者" not in expand("家族に話しても大丈夫？")
    assert "争議行為" not in expand("ストレスチェックは受けるべき？")

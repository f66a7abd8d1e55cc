from __future__ import annotations

import pytest

from yorozu_core.analysis.columns import (
    Kind,
    TownList,
    ValueSample,
    age_label,
    find_option_groups,
    infer_spec,
    match_scale,
)


def _sample(values: list[str], *, numeric: float = 0.0, dates: float = 0.0) -> ValueSample:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return ValueSample(
        non_missing=len(values), distinct=len(counts), top=tuple(counts.items()),
        mean_length=sum(map(len, values)) / len(values), numeric_share=numeric, datetime_share=dates,
    )  # fmt: skip


@pytest.mark.parametrize("separator", [",", "、", ";", "／"])
def test_multi_select_separators_are_found(separator: str) -> None:
    values = [
        separator.join(p) for p in (["SNS", "チラシ"], ["区報"], ["SNS"], ["友人", "区報", "SNS"], ["チラシ"])
    ] * 4
    spec = infer_spec("c1", "来場のきっかけ", _sample(values))
    assert (spec.kind, spec.separator) == (Kind.MULTI, separator)


def test_sentences_with_commas_are_free_text_not_multi_select() -> None:
    values = [f"駐車場が狭く、停めにくかったです。来年も{i}回来たいです。" for i in range(30)]
    assert infer_spec("c1", "ご意見", _sample(values)).kind == Kind.TEXT


def test_ordinal_scales_keep_their_order_and_leave_no_answer_apart() -> None:
    spec = infer_spec("c1", "満足度", _sample(["満足", "不満", "無回答", "とても満足", "満足"]))
    assert spec.kind == Kind.ORDINAL
    assert spec.order == ("とても満足", "満足", "どちらともいえない", "不満", "とても不満")
    assert match_scale(["そう思う", "そう思わない"])[0] == "そう思う"
    assert match_scale(["はい"]) == ()


def test_names_and_values_decide_number_id_age_address_datetime() -> None:
    assert infer_spec("c0", "回答ID", _sample([str(i) for i in range(100)], numeric=1.0)).kind == Kind.ID
    assert infer_spec("c0", "同伴人数", _sample(["1", "2", "2", "3"], numeric=1.0)).kind == Kind.NUMBER
    assert infer_spec("c0", "年齢", _sample(["34", "41"], numeric=1.0)).kind == Kind.AGE
    assert infer_spec("c0", "お住まいの町丁目", _sample(["本町", "桜台"])).kind == Kind.ADDRESS
    assert infer_spec("c0", "入場", _sample(["2026/10/17 10:00"], dates=1.0)).kind == Kind.DATETIME


def test_one_column_per_option_becomes_one_multi_select_group() -> None:
    headers = [("c0", "年代"), ("c1", "きっかけ [SNS]"), ("c2", "きっかけ [チラシ]"), ("c3", "満足度"),
               ("c4", "Q5：駐車場"), ("c5", "Q5：トイレ")]  # fmt: skip
    groups = find_option_groups(headers)
    assert [(g.name, g.order, g.members) for g in groups] == [
        ("きっかけ", ("SNS", "チラシ"), ("c1", "c2")),
        ("Q5", ("駐車場", "トイレ"), ("c4", "c5")),
    ]


def test_ages_become_decades_and_labels_are_kept() -> None:
    assert [age_label(v) for v in ("34", "8", "95", "30歳代", "70代以上", "２０代")] == [
        "30代", "10歳未満", "90代", "30代", "70代以上", "20代",
    ]  # fmt: skip


def test_town_list_places_addresses() -> None:
    towns = TownList(city="よろず区", towns=("本町一丁目", "本町"), postal_codes=("1999001",))
    assert towns.place("よろず区本町一丁目3-4") == "本町一丁目"  # the longest town name wins
    assert towns.place("本町5-1") == "本町"
    assert towns.place("よろず区どこか") == "区内（町丁目不明）"
    assert towns.place("みらい市") == "区外"
    assert towns.place("199-9001") == "区内（郵便番号）"

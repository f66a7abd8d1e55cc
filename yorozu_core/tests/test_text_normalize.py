"""Normalization: NFKC, statute numerals, article labels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yorozu_core.text.normalize import (
    article_ref_to_arabic,
    int_to_kanji,
    kanji_to_int,
    normalize_article_label,
    normalize_article_ref,
    normalize_text,
)


@pytest.mark.parametrize(
    ("kanji", "value"),
    [
        ("〇", 0),
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十三", 23),
        ("百", 100),
        ("百五", 105),
        ("九百九十五", 995),
        ("千二十八", 1028),
        ("一万二千", 12000),
        ("二〇二四", 2024),
    ],
)
def test_it_reads_kanji_numerals(kanji: str, value: int) -> None:
    assert kanji_to_int(kanji) == value


def test_it_writes_numerals_the_way_statutes_do() -> None:
    assert [int_to_kanji(n) for n in (1, 10, 13, 100, 1028, 10000)] == [
        "一",
        "十",
        "十三",
        "百",
        "千二十八",
        "一万",
    ]


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_kanji_numerals_round_trip(n: int) -> None:
    assert kanji_to_int(int_to_kanji(n)) == n


@given(st.integers(min_value=1, max_value=9999), st.lists(st.integers(min_value=1, max_value=99), max_size=3))
def test_article_references_round_trip(article: int, branches: list[int]) -> None:
    arabic = f"第{article}条" + "".join(f"の{b}" for b in branches)
    assert article_ref_to_arabic(normalize_article_ref(arabic)) == arabic


def test_it_rejects_what_is_not_a_numeral() -> None:
    with pytest.raises(ValueError):
        kanji_to_int("第五")
    with pytest.raises(ValueError):
        int_to_kanji(-1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第5条", "第五条"),
        ("第５条", "第五条"),
        ("規則第17条第2項", "規則第十七条第二項"),
        ("第13条の2第1項第3号", "第十三条の二第一項第三号"),
        ("第27条の22の2", "第二十七条の二十二の二"),
        ("附則第2条", "附則第二条"),
        ("5日間", "5日間"),
    ],
)
def test_it_writes_article_references_in_statute_form(text: str, expected: str) -> None:
    assert normalize_article_ref(text) == expected


def test_it_reads_article_references_back_to_arabic() -> None:
    assert article_ref_to_arabic("第十三条の二第一項") == "第13条の2第1項"


@pytest.mark.parametrize("label", ["第5条", "第 5 条", "第５条", "第五条", "5"])
def test_article_labels_compare_equal_in_every_spelling(label: str) -> None:
    assert normalize_article_label(label) == "第五条"


def test_it_unifies_width_wave_dashes_and_spaces() -> None:
    assert normalize_text("ＡＢＣ　１日〜５日  ｶﾅ") == "ABC 1日~5日 カナ"

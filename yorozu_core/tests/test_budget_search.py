"""Search by name and 説明, in any width, in kana or kanji (yorozu_core.budget.search)."""

from __future__ import annotations

from yorozu_core.budget.search import fold, matches, query_words, reading, search_key


def test_fold_turns_half_width_katakana_into_hiragana() -> None:
    assert fold("ﾎｲｸ") == "ほいく"
    assert fold("ホイク　ショ") == "ほいくしょ"
    assert fold("ＡＢＣ") == "abc"


def test_reading_of_a_kanji_name_is_hiragana() -> None:
    assert reading("保育所運営費") == "ほいくしょうんえいひ"
    assert reading("") == ""


def test_hiragana_half_width_and_kanji_queries_find_the_same_line() -> None:
    key = search_key("保育所運営費", [])
    for query in ("保育", "ほいく", "ﾎｲｸ", "ホイク", "保育 運営"):
        assert matches(key, query_words(query)), query
    assert not matches(key, query_words("学校"))
    assert not matches(key, query_words("   "))


def test_a_line_is_found_by_its_explanation() -> None:
    key = search_key("児童福祉総務費", ["放課後児童クラブ運営事業"])
    assert matches(key, query_words("児童クラブ"))
    assert matches(key, query_words("ほうかご"))
    assert not matches(search_key("児童福祉総務費", []), query_words("児童クラブ"))

"""Expansion from SudachiDict synonym groups and readings, scoped to a collection's words."""

from __future__ import annotations

import json

from yorozu_core.text.expansion import CollectionLexicon

LEAVE = "職員の年次休暇は、一の年ごとにおける休暇とし、その日数は二十日とする。"
OVERTIME = "各省各庁の長は、職員に超過勤務を命ずることができる。"
CHILD = "子供の養育のため、職員は育児時間を請求することができる。"


def test_a_staff_word_is_expanded_to_the_collection_word_of_its_synonym_group() -> None:
    lexicon = CollectionLexicon.build([LEAVE, OVERTIME])
    assert "年次休暇" in lexicon.related("年休は何日？")
    assert "超過勤務" in lexicon.related("残業は何時間まで？")


def test_nothing_is_added_that_the_collection_does_not_use() -> None:
    lexicon = CollectionLexicon.build([OVERTIME])
    assert lexicon.related("年休は何日？") == []


def test_a_kanji_homophone_is_not_a_synonym() -> None:
    lexicon = CollectionLexicon.build([CHILD, "書類の整理をする。"])
    assert "整理" not in lexicon.related("生理休暇")  # both read セイリ


def test_removing_a_passage_uncounts_its_words() -> None:
    lexicon = CollectionLexicon.build([LEAVE, OVERTIME])
    lexicon.remove(OVERTIME)
    assert "超過勤務" not in lexicon.related("残業は何時間まで？")
    assert "年次休暇" in lexicon.related("年休は何日？")


def test_it_survives_a_round_trip_through_json() -> None:
    lexicon = CollectionLexicon.build([LEAVE, OVERTIME])
    again = CollectionLexicon.from_json(json.loads(json.dumps(lexicon.to_json())))
    assert again.related("残業は？") == lexicon.related("残業は？")
    assert again.words == lexicon.words

"""Content words matched through SudachiDict synonym groups, readings and the domain pairs."""

from __future__ import annotations

from yorozu_core.text.lexicon import coverage, terms

PARKING = "駐車場等を使用する者は、駐車場等の施設を毀損し、又は滅失したときは、損害を賠償しなければならない。"


def test_sudachi_synonym_groups_match_colloquial_and_statute_words() -> None:
    assert coverage("原付", "原動機付自転車を駐車する施設") == 1.0  # group 1092, mode C compound
    assert coverage("給料", "給与は月の初日から支給する") == 1.0
    assert coverage("辞めたい", "職員は退職することができる") == 1.0


def test_the_documented_domain_pairs_cover_what_sudachi_lacks() -> None:
    assert coverage("弁償", PARKING) == 1.0
    assert coverage("弁償", PARKING, extra_synonyms={}) == 1.0


def test_a_collection_synonym_is_used() -> None:
    assert coverage("車庫", "駐車場の位置") == 0.0
    assert coverage("車庫", "駐車場の位置", extra_synonyms={"車庫": ("駐車場",)}) == 1.0


def test_an_unrelated_question_covers_nothing() -> None:
    assert coverage("出張の旅費はいくら？", "年次休暇は一の年ごとにおける休暇とする") == 0.0


def test_question_words_are_content_words_only() -> None:
    words = {t.normalized for t in terms("年休は何日もらえるんですか？")}
    assert "年休" in words and "何" not in words and "です" not in words


def test_an_adverbial_noun_weighs_less_than_the_topic_it_qualifies() -> None:
    text = "表彰は、隔年七月一日に行う。"
    # 毎年 (名詞-普通名詞-副詞可能) is missing from the article, 表彰 is there: it counts as a verb
    # would, so the topic decides; a missing topical noun still weighs as a rare word
    with_adverb = coverage("表彰って毎年やってるんですか", text)
    with_topic = coverage("表彰って会場でやってるんですか", text)
    assert with_adverb > 0.5 > with_topic
    assert next(t for t in terms("毎年") if t.normalized == "毎年").adverbial

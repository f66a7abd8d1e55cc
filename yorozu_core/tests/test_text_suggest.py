"""Synonym pairs from a question and the article marked as its answer (ADR 0419)."""

from __future__ import annotations

import math

import pytest

from yorozu_core.text.suggest import idf, shared_kanji, suggest_pairs

# Written for these tests, in the style of a town's 駐車場条例.
PARKING = (
    "（駐車対象）\n第4条　駐輪場に駐車できるものは、原動機付自転車及び自転車とする。\n"
    "2　前項の規定にかかわらず、町長が認めるものは、この限りでない。"
)
CARRY_OVER = (
    "一の年における年次休暇の日数のうち、その年に使用しなかった日数（20日を限度とする。）は、"
    "翌年に限り繰り越すことができる。"
)
DF = {"原動機付自転車": 0.02, "駐輪場": 0.05, "町長": 0.6, "自転車": 0.05}


def _df(word: str) -> float:
    return DF.get(word, 0.1)


def test_a_question_word_is_paired_first_with_the_article_word_of_the_same_synonym_group() -> None:
    pairs = suggest_pairs("駐輪場に原付は止められる？", PARKING, df=_df)
    assert (pairs[0].term, pairs[0].word) == ("原付", "原動機付自転車")
    assert "同義語辞書で同じグループ・同じ読み" in pairs[0].reasons


def test_a_word_the_article_holds_is_never_a_term() -> None:
    pairs = suggest_pairs("駐輪場に原付は止められる？", PARKING, df=_df)
    assert "駐輪場" not in {p.term for p in pairs}
    assert "駐輪場" not in {p.word for p in pairs}  # nor offered back: the question already says it
    assert "四条" not in {p.word for p in pairs}  # nor an article number


def test_a_stored_pair_is_never_suggested_again() -> None:
    known = {"原付": ("原動機付自転車",)}
    pairs = suggest_pairs("駐輪場に原付は止められる？", PARKING, df=_df, known=known)
    assert ("原付", "原動機付自転車") not in {(p.term, p.word) for p in pairs}
    # the question word is covered by the stored pair: no other word is offered for it either
    assert "原付" not in {p.term for p in pairs}


def test_the_domain_pairs_count_as_stored() -> None:
    article = "駐車場等の施設を毀損したときは、それによって生じた損害を賠償しなければならない。"
    pairs = suggest_pairs("壊したら弁償しないといけない？", article, df=_df)
    assert "弁償" not in {p.term for p in pairs}


def test_the_caption_is_searched_and_ranks_its_words_higher() -> None:
    pairs = suggest_pairs("有休の持ち越しはできる？", CARRY_OVER, caption="（年次休暇の繰越し）", df=_df)
    by_term = {p.term: p.word for p in reversed(pairs)}
    assert by_term["持ち越し"] == "繰越し"
    assert by_term["有休"] == "年次休暇"


def test_a_noun_is_paired_with_nouns_only_and_hiragana_words_are_not_offered() -> None:
    pairs = suggest_pairs("有休の持ち越しはできる？", CARRY_OVER, caption="（年次休暇の繰越し）", df=_df)
    words = {p.word for p in pairs}
    assert "繰り越す" not in words and "うち" not in words


def test_nothing_is_suggested_when_the_article_holds_every_question_word() -> None:
    assert suggest_pairs("原動機付自転車は駐輪場に駐車できる？", PARKING, df=_df) == []


def test_pairs_are_ranked_by_score_and_limited() -> None:
    pairs = suggest_pairs("使い残した休みは次の年に回せる？", CARRY_OVER, limit=3)
    assert len(pairs) == 3
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)


def test_shared_kanji_is_the_dice_coefficient_of_the_kanji() -> None:
    assert shared_kanji("弁償", "賠償") == 0.5
    assert shared_kanji("原付", "原動機付自転車") == 4 / 9
    assert shared_kanji("休む", "病気休暇") == 0.4
    assert shared_kanji("リフレッシュ", "休暇") == 0.0


def test_idf_counts_a_compound_as_common_as_its_rarest_part() -> None:
    df = {"人事院": 0.5, "規則": 0.9}
    assert idf("人事院規則", lambda w: df.get(w, 0.001)) == pytest.approx(-math.log(0.5))
    assert idf("原付", None) == pytest.approx(-math.log(0.1))


def test_a_hiragana_verb_of_the_question_is_not_a_term() -> None:
    article = "総務課長は、表彰原簿を備えておかなければならない。"
    pairs = suggest_pairs("表彰の記録は誰が持っておくの？", article, df=_df)
    assert "おく" not in {p.term for p in pairs} and "記録" in {p.term for p in pairs}
